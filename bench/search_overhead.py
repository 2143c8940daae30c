"""What the search API adds to Elasticsearch, one request at a time, in this process (no HTTP, no gunicorn): for each
of search_bench.py's queries, the raw `_search` of the exact bodies the backend sends, then the same query through
the API (Django's test client), alternating, for several rounds. Prints the medians and the median per-request
overhead (API minus raw), which under 8 clients decides the API / raw ratio of search_bench.py.

    eval "$(bash scripts/services.sh env)"
    export DATABASE_URL="${DATABASE_URL%/*}/gachi_bench" DJANGO_SETTINGS_MODULE=market.settings.base
    SEARCH_INDEX_PREFIX=bench python bench/search_overhead.py --rounds 3    # an index built: search_rebuild

The database must be a bench database (its name contains `bench`) with its index built under SEARCH_INDEX_PREFIX.
"""

import argparse
import json
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args(argv)
    if "bench" not in os.environ.get("DATABASE_URL", "").rsplit("/", 1)[-1]:
        sys.exit("DATABASE_URL must name a bench database (its name contains 'bench')")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "market.settings.base")
    import django

    django.setup()
    import urllib3
    from django.test import Client
    from search_bench import QUERIES

    from api.v1.search import SearchParams
    from search.backends.elasticsearch import ElasticsearchBackend
    from search.selectors import search_products_understood
    from search.services import primary_backend

    backend = primary_backend()
    if not isinstance(backend, ElasticsearchBackend):
        sys.exit("set ELASTICSEARCH_URL: the primary backend is not Elasticsearch")
    sent, original = [], backend._execute

    def recording(search):
        sent.append(search.to_dict())
        return original(search)

    backend._execute = recording
    bodies = []
    for _, params in QUERIES:
        parsed = SearchParams(data=params)
        parsed.is_valid(raise_exception=True)
        sent.clear()
        search_products_understood(parsed.to_request())
        bodies.append([json.dumps(body).encode() for body in sent])
    backend._execute = original

    url = urllib3.util.parse_url(os.environ["ELASTICSEARCH_URL"])
    pool = urllib3.HTTPConnectionPool(url.host, url.port or 9200, maxsize=2)
    path, headers = f"/{backend.alias}/_search", {"Content-Type": "application/json"}
    client = Client()
    for _, params in QUERIES:  # warm-up: this process's caches, both sides
        client.get("/api/v1/search/products", params)
    raw, api = [], []
    for _ in range(args.rounds):
        for i, (_, params) in enumerate(QUERIES):
            started = time.perf_counter()
            for body in bodies[i]:
                json.loads(pool.request("POST", path, body=body, headers=headers).data)
            raw.append(time.perf_counter() - started)
            started = time.perf_counter()
            response = client.get("/api/v1/search/products", params)
            api.append(time.perf_counter() - started)
            if response.status_code != 200:
                sys.exit(f"API failed on {params}: {response.status_code}")
    overhead = [a - r for a, r in zip(api, raw, strict=True)]
    ms = 1000
    print(
        f"load avg {os.getloadavg()[0]:.1f}; {len(raw)} requests a side: raw p50 {statistics.median(raw) * ms:.1f} ms, "
        f"API p50 {statistics.median(api) * ms:.1f} ms; API - raw per request: median "
        f"{statistics.median(overhead) * ms:.1f} ms, mean {statistics.fmean(overhead) * ms:.1f} ms"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
