"""What a deploy's start costs the search index: `search_ensure_index` (what the web container runs at start) on
a current index against `search_rebuild` (what it ran before), each a fresh process like a container start, in
interleaved rounds, with `manage.py check` (Django's start alone) as the floor.

    eval "$(bash scripts/services.sh env)"
    python bench/deploy_start.py [--products 20000] [--rounds 3] [--keep]

It uses the database gachi_deploy_bench on DATABASE_URL's server (the name must contain 'bench'), filled once by
generate_products.py, and the Elasticsearch index prefix bench-deploy (dropped at the end unless --keep). The
first `search_ensure_index` finds no index and builds both backends' (timed apart). The script fails if a
`search_ensure_index` on a current index changed the Elasticsearch index (its uuid) or said anything but
'current'.
"""

import argparse
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parents[1]
BENCH_DB = "gachi_deploy_bench"
PREFIX = "bench-deploy"
DROP_INDEXES = "import django; django.setup(); from search.services import elasticsearch_backend as e; e().drop()"


def log(message: str) -> None:
    print(message, flush=True)


def run(env: dict, *args: str) -> tuple[float, str]:
    started = time.perf_counter()
    done = subprocess.run(
        [sys.executable, *args], cwd=ROOT, env=env, check=True, capture_output=True, text=True, timeout=1800
    )
    return time.perf_counter() - started, done.stdout


def live_uuid(url: str) -> str:
    from elasticsearch import Elasticsearch

    client = Elasticsearch(url)
    [info] = client.indices.get_settings(index=f"{PREFIX}-products").values()
    return info["settings"]["index"]["uuid"]


def load() -> str:
    return f"{os.getloadavg()[0]:.1f}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--products", type=int, default=20_000)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--keep", action="store_true", help="keep the bench-deploy indexes")
    options = parser.parse_args()
    url, es_url = os.environ.get("DATABASE_URL", ""), os.environ.get("ELASTICSEARCH_URL", "")
    if not url.startswith("postgres") or not es_url:
        sys.exit('needs DATABASE_URL (PostgreSQL) and ELASTICSEARCH_URL: eval "$(bash scripts/services.sh env)"')
    parts = urlsplit(url)
    env = dict(
        os.environ,
        DATABASE_URL=urlunsplit((parts.scheme, parts.netloc, "/" + BENCH_DB, parts.query, parts.fragment)),
        DJANGO_SETTINGS_MODULE="market.settings.base",
        SEARCH_INDEX_PREFIX=PREFIX,
    )
    assert "bench" in BENCH_DB
    seconds, out = run(env, "bench/generate_products.py", "--products", str(options.products))
    log(out.strip().splitlines()[-1] if out.strip() else f"catalogue ready ({seconds:.1f} s)")

    # A clean start: no Elasticsearch index under the prefix, no database-backend entries.
    run(env, "-c", DROP_INDEXES)
    run(env, "manage.py", "shell", "-c", "from search.models import ProductSearchEntry as E; E.objects.all().delete()")
    seconds, out = run(env, "manage.py", "search_ensure_index")
    log(f"first start, no index: search_ensure_index {seconds:.1f} s ({' '.join(out.split())})")

    times = {"check": [], "ensure": [], "rebuild": []}
    for number in range(options.rounds):
        order = ["check", "ensure", "rebuild"] if number % 2 == 0 else ["rebuild", "ensure", "check"]
        for side in order:
            before = live_uuid(es_url)
            log_load = load()
            if side == "check":
                seconds, out = run(env, "manage.py", "check")
            elif side == "ensure":
                seconds, out = run(env, "manage.py", "search_ensure_index")
                if out.split() != ["database:", "current", "elasticsearch:", "current"] or live_uuid(es_url) != before:
                    sys.exit(f"search_ensure_index rebuilt a current index: {out!r}")
            else:
                seconds, out = run(env, "manage.py", "search_rebuild")
            times[side].append(seconds)
            log(f"round {number + 1} {side:<8} {seconds:7.2f} s  (load {log_load})")

    medians = {side: statistics.median(values) for side, values in times.items()}
    log("")
    log(f"medians over {options.rounds} rounds, {options.products:,} products (a fresh process each):")
    log(f"  manage.py check (Django's start)       {medians['check']:7.2f} s")
    log(f"  search_ensure_index, index current     {medians['ensure']:7.2f} s")
    log(f"  search_rebuild (both backends)         {medians['rebuild']:7.2f} s")
    log(f"  a start's index work: ensure - check   {medians['ensure'] - medians['check']:7.2f} s")
    log(f"  rebuild / ensure                       {medians['rebuild'] / medians['ensure']:7.1f}x")
    if not options.keep:
        run(env, "-c", DROP_INDEXES)


if __name__ == "__main__":
    main()
