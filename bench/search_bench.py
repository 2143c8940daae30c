"""Search benchmarks on the bench database (see bench/README.md), all in one run:

  (a) rebuild the Elasticsearch index (prefix `bench`) and the database backend's entries;
  (b) reindex throughput: ElasticsearchBackend.rebuild(iter_public_documents()) against raw helpers.bulk of the
      same documents prebuilt in memory, into a fresh index with the same mappings and settings;
  (c) ~30 fixed queries under concurrent clients: the search API (gunicorn, Elasticsearch backend) against raw
      `_search` calls with the exact bodies the backend sends;
  (d) the same API queries on the database backend (a second gunicorn without ELASTICSEARCH_URL), and
      /api/v1/search/suggest on Elasticsearch.

    DATABASE_URL=postgres://…/gachi_bench ELASTICSEARCH_URL=http://127.0.0.1:9200 python bench/search_bench.py

Gunicorn processes started here are stopped by pid, and the `bench` indices are dropped, at the end.
"""

import argparse
import itertools
import json
import os
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from urllib.parse import urlencode, urlsplit

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

# (label, API query parameters). Korean words, compounds, particles, 초성, English, typos, synonyms; with and
# without filters, sorts and facets; several pages. Labels are ASCII so tables stay aligned.
QUERIES = [
    ("cookie", {"q": "쿠키"}),
    ("handmade cookie", {"q": "수제 쿠키"}),
    ("compound, no space", {"q": "수제쿠키"}),
    ("particle (soap+obj)", {"q": "비누를"}),
    ("particle (coffee+in)", {"q": "원두 커피에서"}),
    ("eco bag, in stock", {"q": "에코백", "in_stock": "true"}),
    ("synonym (shopping bag)", {"q": "장바구니"}),
    ("chosung (coffee)", {"q": "ㅋㅍ"}),
    ("chosung (lunch box)", {"q": "ㄷㅅㄹ"}),
    ("english: coffee", {"q": "coffee"}),
    ("english: vegan", {"q": "vegan"}),
    ("english synonym: tumbler", {"q": "tumbler"}),
    ("brown rice in food", {"q": "유기농 현미", "category": "food"}),
    ("lunch box, Mapo, price", {"q": "도시락", "district": "11440", "sort": "price"}),
    ("eco detergent, in stock", {"q": "친환경 세제", "in_stock": "true"}),
    ("scarf, 20k-40k won", {"q": "천연염색 스카프", "price_min": "20000", "price_max": "40000"}),
    ("mug, page 2", {"q": "머그컵", "page": "2"}),
    ("gift set, page 3", {"q": "선물세트", "page": "3"}),
    ("browse bakery, newest", {"category": "bakery", "sort": "newest"}),
    ("browse coop + handmade", {"firm_kind": "cooperative", "tags": "handmade"}),
    ("browse all, -price, p10", {"sort": "-price", "page": "10"}),
    ("cleaning, social ent.", {"q": "청소", "firm_kind": "social_enterprise"}),
    ("care, -price", {"q": "돌봄", "sort": "-price"}),
    ("upcycle, 2 facets", {"q": "업사이클", "facets": "category,price"}),
    ("typo (cookie)", {"q": "쿠기"}),
    ("place name (Mangwon)", {"q": "망원"}),
    ("fair trade coffee, no hl", {"q": "공정무역 커피", "highlight": "false"}),
    ("catering, page_size 50", {"q": "케이터링", "page_size": "50"}),
    ("rare: cypress board", {"q": "편백 도마"}),
    ("madeleine, SVI grade", {"q": "우리밀 마들렌", "svi_grade": "excellent,outstanding"}),
    ("bamboo toothbrush, p5", {"q": "대나무 칫솔", "page": "5"}),
    ("no hits (tteokbokki)", {"q": "떡볶이"}),
    ("t-shirt + eco tag", {"q": "티셔츠", "tags": "eco-friendly"}),
]
SUGGEST_PREFIXES = ["수", "수제", "쿠키", "ㅋㅍ", "에코", "tum", "원두", "도시"]


from columns import pad, verdict  # noqa: E402  (bench/ is on sys.path: scripts run as files)

# --- output helpers -------------------------------------------------------------------------------------------


def section(title: str) -> None:
    load = f"load avg {os.getloadavg()[0]:.1f}"
    print(f"\n== {title} " + "=" * max(0, 100 - len(title) - len(load) - 2) + f" {load}")


class Stats:
    def __init__(self, latencies: list[float], wall: float, errors: int, per_query: dict[int, list[float]]):
        self.latencies, self.wall, self.errors, self.per_query = latencies, wall, errors, per_query

    @staticmethod
    def merge(parts: list["Stats"]) -> "Stats":
        per_query: dict[int, list[float]] = {}
        for part in parts:
            for key, values in part.per_query.items():
                per_query.setdefault(key, []).extend(values)
        return Stats(
            [x for p in parts for x in p.latencies], sum(p.wall for p in parts), sum(p.errors for p in parts), per_query
        )

    @property
    def n(self) -> int:
        return len(self.latencies)

    def pct(self, p: int) -> float:
        if len(self.latencies) < 2:
            return self.latencies[0] if self.latencies else float("nan")
        return statistics.quantiles(self.latencies, n=100, method="inclusive")[p - 1]

    @property
    def p50(self) -> float:
        return self.pct(50)

    @property
    def p95(self) -> float:
        return self.pct(95)

    @property
    def mean(self) -> float:
        return statistics.fmean(self.latencies) if self.latencies else float("nan")

    def row(self, label: str) -> str:
        ms = 1000
        return (
            f"  {pad(label, 30)}{self.n:>6}{self.errors:>7}{self.p50 * ms:>9.1f}{self.p95 * ms:>9.1f}"
            f"{self.mean * ms:>9.1f}{max(self.latencies, default=0) * ms:>9.1f}{self.n / self.wall:>9.1f}"
        )


STATS_HEADER = f"  {pad('', 30)}{'n':>6}{'errors':>7}{'p50 ms':>9}{'p95 ms':>9}{'mean ms':>9}{'max ms':>9}{'req/s':>9}"


# --- load generation -----------------------------------------------------------------------------------------
def run_load(call, count: int, *, clients: int, time_limit: float, start_at: int = 0) -> Stats:
    """`clients` threads issue calls 0..count-1 (call k runs item k mod len), until done or out of time."""
    counter = itertools.count(start_at)
    lock = threading.Lock()
    latencies, per_query, errors = [], {}, [0]
    deadline = time.perf_counter() + time_limit
    stop_at = start_at + count

    def worker():
        while True:
            with lock:
                k = next(counter)
            if k >= stop_at or time.perf_counter() > deadline:
                return
            t0 = time.perf_counter()
            index, ok = call(k)
            elapsed = time.perf_counter() - t0
            with lock:
                if ok:
                    latencies.append(elapsed)
                    per_query.setdefault(index, []).append(elapsed)
                else:
                    errors[0] += 1

    started = time.perf_counter()
    threads = [threading.Thread(target=worker, daemon=True) for _ in range(clients)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return Stats(latencies, time.perf_counter() - started, errors[0], per_query)


# --- gunicorn ------------------------------------------------------------------------------------------------
def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class Server:
    """One gunicorn serving the app on 127.0.0.1 (stopped by its pid)."""

    def __init__(self, name: str, *, workers: int, threads: int, env: dict):
        import urllib3

        self.name, self.port = name, free_port()
        self.log = tempfile.NamedTemporaryFile(prefix=f"bench-gunicorn-{name}-", suffix=".log", delete=False)
        cmd = [
            sys.executable,
            "-m",
            "gunicorn",
            "market.wsgi:application",
            "--bind",
            f"127.0.0.1:{self.port}",
            "--workers",
            str(workers),
            "--timeout",
            "120",
            "--log-level",
            "warning",
        ]
        if threads > 1:
            cmd += ["--worker-class", "gthread", "--threads", str(threads)]
        self.process = subprocess.Popen(cmd, cwd=ROOT, env=env, stdout=self.log, stderr=subprocess.STDOUT)
        self.pool = urllib3.HTTPConnectionPool(
            "127.0.0.1", self.port, maxsize=16, block=True, retries=False, timeout=urllib3.Timeout(total=120)
        )

    def wait_ready(self, timeout: float = 90) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"gunicorn {self.name} exited: {self.log_tail()}")
            try:
                if self.pool.request("GET", "/api/v1/search/suggest?q=ready").status == 200:
                    return
            except Exception:
                pass
            time.sleep(0.3)
        raise RuntimeError(f"gunicorn {self.name} not ready after {timeout}s: {self.log_tail()}")

    def log_tail(self) -> str:
        return Path(self.log.name).read_text(errors="replace")[-3000:]

    def get(self, path: str):
        return self.pool.request("GET", path)

    def cpu_seconds(self) -> float:
        """CPU time (user + system) the master and its workers have used so far (Linux /proc; NaN elsewhere)."""
        try:
            pid = self.process.pid
            children = Path(f"/proc/{pid}/task/{pid}/children").read_text().split()
            total = 0
            for child in [pid, *map(int, children)]:
                fields = Path(f"/proc/{child}/stat").read_text().rsplit(")", 1)[1].split()
                total += int(fields[11]) + int(fields[12])  # utime, stime in clock ticks
            return total / os.sysconf("SC_CLK_TCK")
        except (OSError, ValueError):
            return float("nan")

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)  # the master stops its workers
            try:
                self.process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        self.pool.close()
        self.log.close()
        Path(self.log.name).unlink(missing_ok=True)


# --- main ----------------------------------------------------------------------------------------------------
def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description="Search benchmarks on the bench database.")
    parser.add_argument("--clients", type=int, default=8)
    parser.add_argument(
        "--requests", type=int, default=14 * len(QUERIES), help="requests per side (default: every query 14 times)"
    )
    parser.add_argument(
        "--rounds",
        type=int,
        default=2,
        help="the raw and API sides alternate in this many rounds (noise hits both alike)",
    )
    parser.add_argument("--time-limit", type=float, default=180, help="seconds per side at most")
    parser.add_argument("--workers", type=int, default=4, help="gunicorn workers")
    parser.add_argument("--threads", type=int, default=1, help="threads per gunicorn worker (>1: gthread)")
    parser.add_argument("--prefix", default="bench", help="Elasticsearch index prefix")
    parser.add_argument("--suggest-requests", type=int, default=200)
    parser.add_argument("--reindex-rounds", type=int, default=3, help="rebuild and raw bulk alternate this often")
    parser.add_argument("--skip-db", action="store_true", help="skip the database backend (rebuild and load)")
    parser.add_argument("--json", metavar="PATH", help="write the figures and ratios to this file as JSON")
    args = parser.parse_args(argv)

    db_url, es_url = os.environ.get("DATABASE_URL", ""), os.environ.get("ELASTICSEARCH_URL", "")
    db_name = db_url.rsplit("/", 1)[-1].split("?", 1)[0]
    if "bench" not in db_name:
        sys.exit("Set DATABASE_URL to the bench database (its name contains 'bench'); see bench/README.md.")
    if not es_url:
        sys.exit("Set ELASTICSEARCH_URL (bash scripts/services.sh env).")
    if urlsplit(es_url).hostname not in ("127.0.0.1", "localhost"):
        sys.exit("This benchmark only talks to 127.0.0.1.")
    os.environ["DJANGO_SETTINGS_MODULE"] = "market.settings.base"
    os.environ["SEARCH_INDEX_PREFIX"] = args.prefix
    os.environ["DJANGO_DEBUG"] = "0"
    os.environ.setdefault("LOG_LEVEL", "WARNING")

    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", interactive=False, verbosity=0)  # the tree may have moved on since generation
    import urllib3
    from django.db import connection
    from elasticsearch import helpers

    from api.v1.search import SearchParams, SuggestParams
    from market.catalog.models import Product
    from search.backends.database import DatabaseBackend
    from search.backends.elasticsearch import ElasticsearchBackend
    from search.documents import iter_public_documents
    from search.selectors import search_products_understood, suggest_products
    from search.services import primary_backend

    bench_started = time.perf_counter()
    backend = ElasticsearchBackend(url=es_url, index_prefix=args.prefix, timeout=300)
    es_info = backend.client.info()
    total_products, public = Product.objects.count(), Product.objects.public().count()
    print(f"Gachi Market search benchmark — {time.strftime('%Y-%m-%d %H:%M')}, {os.cpu_count()} CPUs")
    print(
        f"database {db_name}: {total_products:,} products, {public:,} public; "
        f"Elasticsearch {es_info['version']['number']} (index prefix '{args.prefix}')"
    )
    if not public:
        sys.exit("No public products: run bench/generate_products.py first.")

    raw_index = f"{backend.alias}-rawbulk"
    servers: list[Server] = []
    results = {}
    try:
        # --- (a) + (b) reindex ---------------------------------------------------------------------------
        section("(a, b) full reindex")
        # The documents, prebuilt once for the raw side (timed: what building them costs without ES).
        t0 = time.perf_counter()
        documents = [doc for batch in iter_public_documents() for doc in batch]
        build_s = time.perf_counter() - t0
        actions = [
            {"_op_type": "index", "_index": raw_index, "_id": doc["id"], "_source": backend._source(doc)}
            for doc in documents
        ]
        del documents
        client = backend.client

        def raw_bulk() -> tuple[int, float]:
            client.indices.delete(index=raw_index, ignore_unavailable=True)
            client.indices.create(index=raw_index, **backend._index_definition(raw_index).to_dict())
            client.indices.put_settings(index=raw_index, settings={"index": {"refresh_interval": "-1"}})
            t0 = time.perf_counter()
            indexed, _ = helpers.bulk(client, actions, chunk_size=1000)  # as rebuild() does
            client.indices.put_settings(index=raw_index, settings={"index": {"refresh_interval": "1s"}})
            client.indices.refresh(index=raw_index)
            took = time.perf_counter() - t0
            client.indices.delete(index=raw_index, ignore_unavailable=True)
            return indexed, took

        def rebuild() -> tuple[int, float]:
            t0 = time.perf_counter()
            indexed = backend.rebuild(iter_public_documents())
            return indexed, time.perf_counter() - t0

        # The sides alternate, so background load (a shared machine) and ES warming hit both alike.
        print(f"  {pad('', 46)}{'docs':>9}{'seconds':>10}{'docs/s':>10}{'load avg':>10}")
        rebuild_runs, raw_runs = [], []
        for r in range(args.reindex_rounds):
            for label, run, runs in (
                ("ES rebuild (docs built from the DB + bulk)", rebuild, rebuild_runs),
                ("raw helpers.bulk of prebuilt documents", raw_bulk, raw_runs),
            ):
                time.sleep(5)  # let the previous phase's merges settle
                load = os.getloadavg()[0]
                count, took = run()
                runs.append((count, took))
                print(f"  {pad(f'{r + 1}. {label}', 46)}{count:>9,}{took:>10.1f}{count / took:>10,.0f}{load:>10.1f}")
        actions.clear()  # free the prebuilt documents (raw_bulk, which reads the list, has run its rounds)
        print(
            f"  {pad('building the documents alone (no ES)', 46)}{count:>9,}{build_s:>10.1f}{count / build_s:>10,.0f}"
        )
        best_rebuild = max(c / t for c, t in rebuild_runs)
        best_raw = max(c / t for c, t in raw_runs)
        # The medians decide (one noisy round does not); the best runs are shown beside them.
        median_rebuild = statistics.median(c / t for c, t in rebuild_runs)
        median_raw = statistics.median(c / t for c, t in raw_runs)
        ratio = median_rebuild / median_raw
        print(
            f"  median of {args.reindex_rounds}: rebuild {median_rebuild:,.0f} docs/s, raw {median_raw:,.0f} docs/s; "
            f"rebuild / raw = {ratio:.2f}  (target >= 0.60: {verdict(ratio >= 0.60)}); "
            f"best of each: {best_rebuild:,.0f} / {best_raw:,.0f} = {best_rebuild / best_raw:.2f}"
        )
        results.update(
            rebuild_dps=median_rebuild,
            raw_dps=median_raw,
            reindex_ratio=ratio,
            reindex_best_ratio=best_rebuild / best_raw,
            reindex_rounds=args.reindex_rounds,
            documents=count,
        )

        if not args.skip_db:
            t0 = time.perf_counter()
            db_count = DatabaseBackend().rebuild(iter_public_documents())
            with connection.cursor() as cursor:
                cursor.execute("ANALYZE")
            db_s = time.perf_counter() - t0
            print(
                f"  {pad('database backend rebuild (+ ANALYZE)', 44)}{db_count:>9,}{db_s:>10.1f}"
                f"{db_count / db_s:>10,.0f}"
            )

        # --- queries: the API's parameters, and the exact bodies the backend sends ------------------------
        # The API understands the query first (price/district phrases, dropped words, category boost) and may
        # send several bodies (relaxation steps: all, typos, most, any). Run each query once in-process as the
        # API does and record every body the backend sends; the raw side sends the same bodies in turn.
        es_primary = primary_backend()
        if not isinstance(es_primary, ElasticsearchBackend):
            sys.exit("the primary backend is not Elasticsearch in this process")
        sent = []
        original_execute = es_primary._execute

        def recording_execute(search):
            # A DSL search (product search) or a body of plain dicts (suggest): recorded as the JSON body it sends.
            sent.append(dict(search) if isinstance(search, dict) else search.to_dict())
            return original_execute(search)

        es_primary._execute = recording_execute
        api_paths, bodies, bodies_no_hl, levels = [], [], [], []
        for label, params in QUERIES:
            parsed = SearchParams(data=params)
            if not parsed.is_valid():
                sys.exit(f"bad query {label!r}: {parsed.errors}")
            sent.clear()
            searched = search_products_understood(parsed.to_request())
            if searched.result.backend != "elasticsearch" or searched.result.degraded:
                sys.exit(f"query {label!r} was not answered by Elasticsearch in-process")
            bodies.append([json.dumps(body).encode() for body in sent])
            for body in sent:
                body.pop("highlight", None)
            bodies_no_hl.append([json.dumps(body).encode() for body in sent])
            levels.append(f"{len(sent)}:{searched.result.relaxation}")
            api_paths.append("/api/v1/search/products?" + urlencode(params))
        es_primary._execute = original_execute
        es_pool = urllib3.HTTPConnectionPool(
            urlsplit(es_url).hostname,
            urlsplit(es_url).port or 9200,
            maxsize=16,
            block=True,
            retries=False,
            timeout=urllib3.Timeout(total=120),
        )
        search_path = f"/{backend.alias}/_search"
        json_headers = {"Content-Type": "application/json"}

        def raw_sequence(sequence):
            """Send the bodies in turn, as the backend does; the total is the largest (the level it keeps)."""
            ok, total = True, 0
            for body in sequence:
                response = es_pool.request("POST", search_path, body=body, headers=json_headers)
                ok = ok and response.status == 200
                if response.status == 200:
                    total = max(total, json.loads(response.data)["hits"]["total"]["value"])
            return ok, total

        def raw_call(k):
            i = k % len(bodies)
            return i, raw_sequence(bodies[i])[0]

        def raw_nohl_call(k):
            i = k % len(bodies_no_hl)
            return i, raw_sequence(bodies_no_hl[i])[0]

        base_env = {key: value for key, value in os.environ.items()}
        base_env.update(
            DJANGO_SETTINGS_MODULE="market.settings.base",
            DJANGO_DEBUG="0",
            SEARCH_INDEX_PREFIX=args.prefix,
            LOG_LEVEL="WARNING",
            PYTHONUNBUFFERED="1",
        )
        es_server = Server(
            "es", workers=args.workers, threads=args.threads, env={**base_env, "ELASTICSEARCH_URL": es_url}
        )
        servers.append(es_server)
        db_server = None
        if not args.skip_db:
            db_server = Server(
                "db", workers=args.workers, threads=args.threads, env={**base_env, "ELASTICSEARCH_URL": ""}
            )
            servers.append(db_server)
        for server in servers:
            server.wait_ready()

        def api_call(server):
            def call(k):
                i = k % len(api_paths)
                response = server.get(api_paths[i])
                return i, response.status == 200

            return call

        # --- warm-up: every query once on each side (twice on the API, so each worker has run a few),
        # checking the answers; then one client alone, to see the overhead without queueing ---------------
        hits = {"raw": [], "es": [], "db": []}
        for i, (label, _) in enumerate(QUERIES):
            hits["raw"].append(raw_sequence(bodies[i])[1])
            for key, server, times in (("es", es_server, 2), ("db", db_server, 1)):
                if server is None:
                    hits[key].append(None)
                    continue
                for _ in range(times):
                    response = server.get(api_paths[i])
                data = json.loads(response.data)
                if response.status != 200:
                    sys.exit(f"API {key} failed on {label!r}: {response.status} {data}")
                hits[key].append(data["count"])
                if key == "es" and data["backend"] != "elasticsearch":
                    sys.exit(f"the ES gunicorn answered from {data['backend']} (degraded={data['degraded']})")
        for i in range(len(bodies)):  # the reference side without highlighting, warmed up too
            raw_sequence(bodies_no_hl[i])

        section("(c) queries, one client alone (median of 2 runs each after a warm-up)")
        passes = 2
        one = {
            "raw": run_load(raw_call, passes * len(QUERIES), clients=1, time_limit=args.time_limit),
            "raw_nohl": run_load(raw_nohl_call, passes * len(QUERIES), clients=1, time_limit=args.time_limit),
            "es": run_load(api_call(es_server), passes * len(QUERIES), clients=1, time_limit=args.time_limit),
        }
        if db_server is not None:
            one["db"] = run_load(api_call(db_server), len(QUERIES), clients=1, time_limit=args.time_limit)

        def median_ms(stats, i):
            values = stats.per_query.get(i) if stats else None
            return statistics.median(values) * 1000 if values else float("nan")

        print(
            f"  {'#':>2}  {pad('query', 26)}{pad('q', 18)}{'hits ES':>9}{'hits DB':>9}"
            f"{'raw ms':>9}{'no-hl ms':>9}{'API ms':>9}{'DB ms':>9}  ES calls:level"
        )
        for i, (label, params) in enumerate(QUERIES):
            db_hits = "-" if hits["db"][i] is None else format(hits["db"][i], ",")
            print(
                f"  {i + 1:>2}  {pad(label, 26)}{pad(params.get('q', '—'), 18)}{hits['es'][i]:>9,}"
                f"{pad(db_hits, 9, right=True)}{median_ms(one['raw'], i):>9.1f}{median_ms(one['raw_nohl'], i):>9.1f}"
                f"{median_ms(one['es'], i):>9.1f}{median_ms(one.get('db'), i):>9.1f}  {levels[i]}"
            )
        mismatches = [QUERIES[i][0] for i in range(len(QUERIES)) if hits["raw"][i] != hits["es"][i]]
        if mismatches:
            print(f"  WARNING: API and raw totals differ for: {', '.join(mismatches)}")
        else:
            print("  API (ES) totals equal the raw _search totals for every query.")
        print(
            "  (raw: the bodies the backend sent for the understood query, in turn; no-hl: the same without their"
            " highlight part, for reference)"
        )
        print(STATS_HEADER)
        print(one["raw"].row("raw ES _search, 1 client"))
        print(one["raw_nohl"].row("raw, no highlight, 1 client"))
        print(one["es"].row("API, Elasticsearch, 1 client"))
        if "db" in one:
            print(one["db"].row("API, database, 1 client"))
        print(
            f"  one client: API / raw p50 {one['es'].p50 / one['raw'].p50:.2f}x, "
            f"p95 {one['es'].p95 / one['raw'].p95:.2f}x;"
            f" API overhead p50 {(one['es'].p50 - one['raw'].p50) * 1000:.1f} ms"
        )
        results.update(one=one)

        # --- (c) concurrent: raw vs API, alternating rounds ---------------------------------------------
        section(f"(c) search: {args.clients} concurrent clients, raw ES _search vs API (Elasticsearch backend)")
        print(
            f"  gunicorn: {args.workers} workers x {args.threads} thread(s); {args.requests} requests per side "
            f"in {args.rounds} alternating rounds; {len(QUERIES)} queries in turn"
        )
        raw_parts, api_parts = [], []
        per_round = -(-args.requests // args.rounds)
        for r in range(args.rounds):
            n = min(per_round, args.requests - r * per_round)
            limit = args.time_limit / args.rounds
            raw_parts.append(run_load(raw_call, n, clients=args.clients, time_limit=limit, start_at=r * per_round))
            api_parts.append(
                run_load(api_call(es_server), n, clients=args.clients, time_limit=limit, start_at=r * per_round)
            )
        raw, api = Stats.merge(raw_parts), Stats.merge(api_parts)
        api_raw_rounds = [(a.p50 / w.p50, a.p95 / w.p95) for a, w in zip(api_parts, raw_parts, strict=True)]
        raw_nohl = run_load(raw_nohl_call, args.requests, clients=args.clients, time_limit=args.time_limit)
        print(STATS_HEADER)
        print(raw.row("raw ES _search"))
        print(api.row("API, Elasticsearch"))
        print(raw_nohl.row("(raw, no highlight)"))
        r50, r95 = api.p50 / raw.p50, api.p95 / raw.p95
        print(
            f"  API / raw: p50 {r50:.2f}x, p95 {r95:.2f}x  (target <= 1.3x: "
            f"{verdict(max(r50, r95) <= 1.3)}); API overhead p50 {(api.p50 - raw.p50) * 1000:.1f} ms"
        )
        print(
            "  API / raw by round (p50, p95): "
            + ", ".join(f"{a:.2f}x {b:.2f}x" for a, b in api_raw_rounds)
            + f"; medians {statistics.median(a for a, _ in api_raw_rounds):.2f}x, "
            f"{statistics.median(b for _, b in api_raw_rounds):.2f}x"
        )
        results.update(raw=raw, api=api, api_raw_p50=r50, api_raw_p95=r95, api_raw_rounds=api_raw_rounds)

        # --- (d) database backend -------------------------------------------------------------------------
        if db_server is not None:
            section(
                f"(d) search: {args.clients} concurrent clients, API on the database backend vs Elasticsearch, "
                f"{args.rounds} alternating rounds"
            )
            # The same requests on both backends, in rounds that alternate which goes first, so background load
            # hits both alike; the ratio is the median of the rounds' ratios (pooled figures shown beside it).
            es_parts, db_parts, round_ratios = [], [], []
            for r in range(args.rounds):
                n = min(per_round, args.requests - r * per_round)
                limit = args.time_limit / args.rounds
                sides = [("es", es_server, es_parts), ("db", db_server, db_parts)]
                if r % 2:
                    sides.reverse()
                for _, server, parts in sides:
                    parts.append(
                        run_load(api_call(server), n, clients=args.clients, time_limit=limit, start_at=r * per_round)
                    )
                round_ratios.append((db_parts[-1].p50 / es_parts[-1].p50, db_parts[-1].p95 / es_parts[-1].p95))
                print(
                    f"  round {r + 1}: database / Elasticsearch p50 {round_ratios[-1][0]:.1f}x, "
                    f"p95 {round_ratios[-1][1]:.1f}x  (load avg {os.getloadavg()[0]:.1f})"
                )
            es_d, db = Stats.merge(es_parts), Stats.merge(db_parts)
            print(STATS_HEADER)
            print(es_d.row("API, Elasticsearch"))
            print(db.row("API, database (PostgreSQL)"))
            s50 = statistics.median(x[0] for x in round_ratios)
            s95 = statistics.median(x[1] for x in round_ratios)
            print(
                f"  database / Elasticsearch, median of {args.rounds} rounds: p50 {s50:.1f}x, p95 {s95:.1f}x slower  "
                f"(target >= 10x: {verdict(min(s50, s95) >= 10)}); pooled p50 {db.p50 / es_d.p50:.1f}x, "
                f"p95 {db.p95 / es_d.p95:.1f}x"
            )
            if db.n < args.requests:
                print(f"  (time limit: {db.n} of {args.requests} requests done)")
            results.update(db=db, api_d=es_d, db_es_p50=s50, db_es_p95=s95)

            print(f"\n  per query under load, p50 ms:  {'raw':>8}{'API ES':>8}{'API DB':>9}{'DB/ES':>7}")
            for i, (label, _) in enumerate(QUERIES):
                values = [
                    statistics.median(s.per_query[i]) * 1000 if s.per_query.get(i) else float("nan")
                    for s in (raw, api, db)
                ]
                print(
                    f"  {i + 1:>2}  {pad(label, 26)}{values[0]:>8.1f}{values[1]:>8.1f}{values[2]:>9.1f}"
                    f"{values[2] / values[1]:>7.1f}"
                )

        # --- suggest: the API against raw _search with the bodies its backend sends ------------------------
        section(
            f"suggest: {args.clients} concurrent clients, /api/v1/search/suggest (Elasticsearch) vs raw _search, "
            f"{args.rounds} alternating rounds"
        )
        # Each prefix once in-process as the view runs it (its default limit), recording what the backend sends.
        suggest_limit = SuggestParams().fields["limit"].default
        suggest_bodies, suggest_ids = [], []
        es_primary._execute = recording_execute
        try:
            for prefix in SUGGEST_PREFIXES:
                sent.clear()
                suggestions, degraded = suggest_products(prefix, limit=suggest_limit)
                if degraded:
                    sys.exit(f"suggest {prefix!r} was not answered by Elasticsearch in-process")
                suggest_bodies.append([json.dumps(body).encode() for body in sent])
                suggest_ids.append([s.product_id for s in suggestions])
        finally:
            es_primary._execute = original_execute
        suggest_paths = ["/api/v1/search/suggest?" + urlencode({"q": p}) for p in SUGGEST_PREFIXES]

        def suggest_call(k):
            i = k % len(suggest_paths)
            return i, es_server.get(suggest_paths[i]).status == 200

        def suggest_raw_hits(i):
            """The raw answers' hit ids, body after body (ok, ids)."""
            ok, ids = True, []
            for body in suggest_bodies[i]:
                response = es_pool.request("POST", search_path, body=body, headers=json_headers)
                ok = ok and response.status == 200
                if response.status == 200:
                    ids += [int(hit["_id"]) for hit in json.loads(response.data)["hits"]["hits"]]
            return ok, ids

        def suggest_raw_call(k):
            i = k % len(suggest_bodies)
            ok = True
            for body in suggest_bodies[i]:
                ok = es_pool.request("POST", search_path, body=body, headers=json_headers).status == 200 and ok
            return i, ok

        # Warm-up, checking both sides: the API's suggestions are hits of the raw answer (titles deduplicated).
        suggest_mismatch = []
        for i, path in enumerate(suggest_paths):
            response = es_server.get(path)
            data = json.loads(response.data)
            if response.status != 200 or data["degraded"]:
                sys.exit(f"suggest API failed on {SUGGEST_PREFIXES[i]!r}: {response.status} {data}")
            api_ids = [s["product_id"] for s in data["suggestions"]]
            raw_ok, raw_ids = suggest_raw_hits(i)
            if not raw_ok or not set(api_ids) <= set(raw_ids) or api_ids != suggest_ids[i]:
                suggest_mismatch.append(SUGGEST_PREFIXES[i])
        suggest_raw_parts, suggest_parts, suggest_cpu = [], [], {}
        suggest_per_round = -(-args.suggest_requests // args.rounds)
        for r in range(args.rounds):
            n = min(suggest_per_round, args.suggest_requests - r * suggest_per_round)
            limit, start = 60 / args.rounds, r * suggest_per_round
            sides = [(suggest_raw_call, suggest_raw_parts), (suggest_call, suggest_parts)]
            if r % 2:  # alternate which side goes first
                sides.reverse()
            for call, parts in sides:
                # Where the CPU goes (the two cores are shared by everything here): gunicorn's, and this process's
                # (the clients'), per request of each side.
                gunicorn_before, client_before = es_server.cpu_seconds(), sum(os.times()[:2])
                parts.append(run_load(call, n, clients=args.clients, time_limit=limit, start_at=start))
                cpu = suggest_cpu.setdefault(call.__name__, [0.0, 0.0, 0])
                cpu[0] += es_server.cpu_seconds() - gunicorn_before
                cpu[1] += sum(os.times()[:2]) - client_before
                cpu[2] += parts[-1].n
        suggest_raw, suggest = Stats.merge(suggest_raw_parts), Stats.merge(suggest_parts)
        suggest_rounds = [(a.p50 / w.p50, a.p95 / w.p95) for a, w in zip(suggest_parts, suggest_raw_parts, strict=True)]
        sug50 = statistics.median(a for a, _ in suggest_rounds)
        sug95 = statistics.median(b for _, b in suggest_rounds)
        print(
            f"  prefixes: {' '.join(SUGGEST_PREFIXES)} (limit {suggest_limit}; ES bodies per prefix: "
            f"{', '.join(str(len(b)) for b in suggest_bodies)})"
        )
        if suggest_mismatch:
            print(f"  WARNING: the API's suggestions are not the raw answer's hits for: {', '.join(suggest_mismatch)}")
        else:
            print("  the API's suggestions are the raw answers' hits (titles deduplicated) for every prefix.")
        print(STATS_HEADER)
        print(suggest_raw.row("raw ES _search (suggest)"))
        print(suggest.row("suggest, Elasticsearch"))
        print(
            "  API / raw by round (p50, p95): "
            + ", ".join(f"{a:.2f}x {b:.2f}x" for a, b in suggest_rounds)
            + f"; median of {args.rounds} rounds: p50 {sug50:.2f}x, p95 {sug95:.2f}x  (target p95 <= 1.3x: "
            f"{verdict(sug95 <= 1.3)}); pooled p50 {suggest.p50 / suggest_raw.p50:.2f}x, "
            f"p95 {suggest.p95 / suggest_raw.p95:.2f}x; API overhead p50 "
            f"{(suggest.p50 - suggest_raw.p50) * 1000:.1f} ms"
        )
        api_cpu, raw_cpu = suggest_cpu["suggest_call"], suggest_cpu["suggest_raw_call"]
        gunicorn_ms = 1000 * api_cpu[0] / max(api_cpu[2], 1)
        print(
            f"  CPU a request: gunicorn (Django, HTTP) {gunicorn_ms:.2f} ms per API request; these clients "
            f"{1000 * api_cpu[1] / max(api_cpu[2], 1):.2f} ms (API), "
            f"{1000 * raw_cpu[1] / max(raw_cpu[2], 1):.2f} ms (raw)"
        )
        results.update(
            suggest=suggest,
            suggest_raw=suggest_raw,
            suggest_gunicorn_cpu_ms=gunicorn_ms,
            suggest_api_raw_p50=sug50,
            suggest_api_raw_p95=sug95,
            suggest_api_raw_rounds=suggest_rounds,
        )
    finally:
        for server in servers:
            server.stop()
        try:
            backend.drop()
            backend.client.indices.delete(index=raw_index, ignore_unavailable=True)
        except Exception as exc:  # never hide the real error behind a cleanup failure
            print(f"cleanup: could not drop the '{args.prefix}' indices: {exc}", file=sys.stderr)
    print(
        f"\nbenchmark took {time.perf_counter() - bench_started:.0f}s; gunicorn stopped, "
        f"'{args.prefix}' indices dropped."
    )
    if args.json:
        write_json(args, results, products=total_products, public=public, seconds=time.perf_counter() - bench_started)
    return 0


def write_json(args, results: dict, **extra) -> None:
    """The figures bench/all.sh merges: latencies in ms, ratios as measured (see the printed tables)."""

    def stats(s: Stats) -> dict:
        return {"n": s.n, "errors": s.errors, "p50_ms": s.p50 * 1000, "p95_ms": s.p95 * 1000, "rps": s.n / s.wall}

    out = {**extra, "clients": args.clients, "requests": args.requests, "rounds": args.rounds}
    for key, value in results.items():
        if isinstance(value, Stats):
            out[key] = stats(value)
        elif key == "one":
            out[key] = {side: stats(s) for side, s in value.items()}
        else:
            out[key] = value
    Path(args.json).parent.mkdir(parents=True, exist_ok=True)
    Path(args.json).write_text(json.dumps(out, indent=1) + "\n")
    print(f"wrote {args.json}")


if __name__ == "__main__":
    sys.exit(main())
