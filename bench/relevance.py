"""Search relevance on the judged set (search/relevance/, issue 7), on both backends, through the search API.

    DATABASE_URL=postgres://…/gachi_relevance ELASTICSEARCH_URL=http://127.0.0.1:9200 python bench/relevance.py

(or `bash bench/relevance.sh`). Recreates the database named in DATABASE_URL (its name must contain
'relevance'), migrates it, loads search/relevance/catalogue.json through the project's services, rebuilds both
search indexes (Elasticsearch under the index prefix `relevance`), then runs every judged query once through
`GET /api/v1/search/products` with the database backend and once with Elasticsearch, and prints:

  1. nDCG@10, MRR, zero-result rate (answerable queries) and no-answer hits per backend and split, with the
     issue's targets (validation half);
  2. the same by query class;
  3. the worst queries per backend with their top three titles and grades (for tuning: read the tuning half);
  4. a cross-check of the Elasticsearch nDCG@10 with Elasticsearch's own `_rank_eval` (metric dcg, normalize,
     k=10) over the same query bodies the backend sends; a node without the rank-eval module gets the same
     metric computed from `_search` over those bodies instead, and the output says so.

`--json out.json` writes every row and summary. The `relevance` indices are dropped at the end; the database
is kept for inspection.
"""

import argparse
import inspect
import json
import os
import re
import sys
import time
from pathlib import Path
from urllib.parse import urlsplit

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

TARGETS = {"ndcg": 0.90, "mrr": 0.90, "ndcg_gain": 0.15}


from columns import pad, verdict  # noqa: E402  (bench/ is on sys.path: scripts run as files)

# --- output helpers ------------------------------------------------------------------------------------------


def fmt(value, digits: int = 3) -> str:
    return "-" if value is None else f"{value:.{digits}f}"


def section(title: str) -> None:
    print(f"\n== {title} " + "=" * max(0, 100 - len(title)))


# --- database ------------------------------------------------------------------------------------------------
def database_name(url: str) -> str:
    name = url.rsplit("/", 1)[-1].split("?", 1)[0]
    if "relevance" not in name or not re.fullmatch(r"[a-z0-9_]+", name):
        sys.exit(
            f"Refusing to use database {name!r}: its name must contain 'relevance' ([a-z0-9_]); see bench/README.md."
        )
    return name


def recreate_database(name: str) -> None:
    """A fresh database each run, so product ids and timestamps do not carry over (the app's role may CREATEDB)."""
    import psycopg

    with psycopg.connect(os.environ["DATABASE_URL"], dbname="postgres", autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{name}"')


def clear_search_caches() -> None:
    """search.services caches its backends by settings; switching backends in one process needs a clean slate."""
    import search.services

    for value in vars(search.services).values():
        if callable(getattr(value, "cache_clear", None)):
            value.cache_clear()


def retry_degraded(result: dict, client, queries, judgments, key_by_id, attempts: int = 3) -> dict:
    """Run again the queries the database answered while Elasticsearch was busy (a shared test node)."""
    from search.relevance.evaluate import run
    from search.relevance.metrics import summarize

    rows = {row["id"]: row for row in result["rows"]}
    for attempt in range(attempts):
        again = [q for q in queries if rows[q["id"]].get("degraded")]
        if not again:
            break
        print(f"  {len(again)} queries fell back to the database (Elasticsearch busy); again in {2**attempt}s")
        time.sleep(2**attempt)
        rows.update({row["id"]: row for row in run(client, again, judgments, key_by_id)["rows"]})
    ordered = [rows[q["id"]] for q in queries]
    return {"rows": ordered, "summary": summarize(ordered)}


# --- the Elasticsearch cross-check ---------------------------------------------------------------------------
def es_request_body(backend, text: str) -> tuple[dict, str]:
    """The body the backend sends for this query as the API asks it (query understood, relaxation level used
    when the selectors offer that), reduced to what a rated request may hold (query and sort)."""
    from api.v1.search import SearchParams

    params = SearchParams(data={"q": text, "page_size": 10, "facets": "in_stock", "highlight": "false"})
    params.is_valid(raise_exception=True)
    request, level, source = params.to_request(), None, "raw text query"
    try:
        from search.selectors import search_products_understood
    except ImportError:
        search_products_understood = None
    if search_products_understood is not None:
        searched = search_products_understood(request)
        request, level = searched.request, getattr(searched.result, "relaxation", None)
        source = "the API's understood request at the relaxation level it used"
    if hasattr(backend, "search_body"):
        takes_level = "level" in inspect.signature(backend.search_body).parameters
        body = backend.search_body(request, level) if takes_level and level else backend.search_body(request)
    else:
        body = backend._search(request).to_dict()
        source += " (ElasticsearchBackend._search)"
    return {key: body[key] for key in ("query", "sort") if key in body}, source


def rank_eval_crosscheck(backend, queries, judgments, key_to_id, api_rows) -> dict:
    from elasticsearch import ApiError

    from search.relevance.metrics import ndcg

    client = backend.client
    index = next(iter(client.indices.get_alias(name=backend.alias)))
    answerable = [q for q in queries if not q["intent"].get("no_answer")]
    requests, source = [], ""
    for query in answerable:
        body, source = es_request_body(backend, query["query"])
        ratings = [
            {"_index": index, "_id": str(key_to_id[key]), "rating": grade}
            for key, grade in sorted(judgments[query["id"]].items())
        ]
        requests.append({"id": query["id"], "request": body, "ratings": ratings})
    method = "_rank_eval (dcg, normalize, k=10)"
    try:
        response = client.rank_eval(
            index=backend.alias, requests=requests, metric={"dcg": {"k": 10, "normalize": True}}
        )
        per_query = {qid: detail["metric_score"] for qid, detail in response["details"].items()}
        failures = response.get("failures") or {}
    except ApiError as exc:
        # The integration-test node has no rank-eval module; compute the same metric from _search.
        method = (
            f"emulated: this node has no _rank_eval ({exc.meta.status}); the same dcg/normalize/k=10 "
            "computed from _search over the same bodies"
        )
        per_query, failures = {}, {}
        key_by_id = {v: k for k, v in key_to_id.items()}
        for item in requests:
            hits = client.search(index=backend.alias, size=10, source=False, **item["request"])["hits"]["hits"]
            grades = [judgments[item["id"]].get(key_by_id.get(int(hit["_id"])), 0) for hit in hits]
            per_query[item["id"]] = ndcg(grades, judgments[item["id"]].values())
    api = {row["id"]: row["ndcg"] for row in api_rows if not row["no_answer"]}
    by_split = {}
    for split in ("tuning", "validation", "all"):
        ids = [q["id"] for q in answerable if split == "all" or q["split"] == split]
        by_split[split] = (sum(api[i] for i in ids) / len(ids), sum(per_query.get(i, 0.0) for i in ids) / len(ids))
    differing = [
        (q, api[q["id"]], per_query.get(q["id"], 0.0))
        for q in answerable
        if abs(api[q["id"]] - per_query.get(q["id"], 0.0)) > 1e-3
    ]
    return {
        "method": method,
        "body": source,
        "by_split": by_split,
        "per_query": per_query,
        "differing": differing,
        "failures": failures,
    }


# --- printing ------------------------------------------------------------------------------------------------
def print_overview(summaries: dict) -> None:
    section("nDCG@10, MRR, zero results (answerable queries) and no-answer hits")
    print(
        f"  {pad('backend', 15)}{pad('split', 12)}{'queries':>8}{'nDCG@10':>9}{'MRR':>8}{'zero-result':>13}"
        f"{'no-answer hits':>16}"
    )
    for backend, summary in summaries.items():
        for split in ("tuning", "validation", "all"):
            s = summary["all"] if split == "all" else summary["by_split"][split]
            zero = f"{s['zero_result_rate'] * 100:.1f}% ({s['zero_results']})"
            print(
                f"  {pad(backend if split == 'tuning' else '', 15)}{pad(split, 12)}{s['answerable']:>8}"
                f"{fmt(s['ndcg']):>9}{fmt(s['mrr']):>8}{zero:>13}{s['no_answer_hits']:>10} of {s['no_answer']:<3}"
            )
    if {"database", "elasticsearch"} <= set(summaries):
        es, db = summaries["elasticsearch"], summaries["database"]
        gains = {split: es["by_split"][split]["ndcg"] - db["by_split"][split]["ndcg"] for split in es["by_split"]}
        print(
            "  Elasticsearch − database, nDCG@10: "
            + ", ".join(f"{split} {gain:+.3f}" for split, gain in gains.items())
            + f", all {es['all']['ndcg'] - db['all']['ndcg']:+.3f}"
        )
        v = es["by_split"]["validation"]
        print("\n  targets (validation half, Elasticsearch):")
        print(f"    nDCG@10 {fmt(v['ndcg'])} >= {TARGETS['ndcg']}: {verdict(v['ndcg'] >= TARGETS['ndcg'])}")
        print(f"    MRR {fmt(v['mrr'])} >= {TARGETS['mrr']}: {verdict(v['mrr'] >= TARGETS['mrr'])}")
        print(
            f"    nDCG@10 gain over the database {gains['validation']:+.3f} >= +{TARGETS['ndcg_gain']}: "
            f"{verdict(gains['validation'] >= TARGETS['ndcg_gain'])}"
        )
        print(
            f"    no-answer queries returning anything: {v['no_answer_hits']} (target 0: "
            f"{verdict(v['no_answer_hits'] == 0)})"
        )
        print(
            f"    answerable queries with an empty page: {v['zero_results']} (target 0: "
            f"{verdict(v['zero_results'] == 0)})"
        )


def print_by_class(summaries: dict) -> None:
    section("by class (nDCG@10 tuning / validation; MRR all; zero results; no-answer hits)")
    backends = list(summaries)
    header = "".join(f"{pad(b[:13], 36)}" for b in backends)
    print(f"  {pad('class', 17)}{'n':>4}  {header}")
    print(
        f"  {pad('', 23)}"
        + "".join(f"{'nDCG tun':>9}{'nDCG val':>9}{'MRR':>7}{'zero':>5}{'hits':>5} " for _ in backends)
    )
    first = summaries[backends[0]]["by_class"]
    for klass in first:
        line = f"  {pad(klass, 17)}{first[klass]['all']['queries']:>4}  "
        for backend in backends:
            c = summaries[backend]["by_class"][klass]
            line += (
                f"{fmt(c['tuning']['ndcg']):>9}{fmt(c['validation']['ndcg']):>9}{fmt(c['all']['mrr'], 2):>7}"
                f"{c['all']['zero_results']:>5}{c['all']['no_answer_hits']:>5} "
            )
        print(line)


def print_worst(backend: str, rows: list[dict], count: int) -> None:
    section(f"{backend}: the {count} worst answerable queries (nDCG@10, then MRR), with their top 3")
    answerable = sorted((r for r in rows if not r["no_answer"]), key=lambda r: (r["ndcg"], r["rr"], r["id"]))
    for row in answerable[:count]:
        top = (
            " | ".join(f"{title} [{g}]" for title, g in zip(row["titles"][:3], row["grades"][:3], strict=True))
            or "(nothing)"
        )
        print(
            f"  {row['id']} {pad(row['split'][:3], 4)}{pad(row['class'], 16)}{pad(row['query'], 24)}"
            f"nDCG {row['ndcg']:.2f} RR {row['rr']:.2f} total {row['total']}: {top}"
        )
    hits = [r for r in rows if r["no_answer_hit"]]
    if hits:
        print(f"  no-answer queries that returned something ({len(hits)}):")
        for row in hits:
            print(
                f"  {row['id']} {pad(row['split'][:3], 4)}{pad(row['query'], 24)}total {row['total']}: "
                + " | ".join(row["titles"][:3])
            )


def print_crosscheck(check: dict) -> None:
    section("Elasticsearch nDCG@10: through the API vs Elasticsearch's own metric")
    print(f"  method: {check['method']}")
    print(f"  query bodies: {check['body']}")
    print(f"  {pad('split', 12)}{'API':>8}{'Elasticsearch':>15}")
    for split, (api, es) in check["by_split"].items():
        print(f"  {pad(split, 12)}{api:>8.3f}{es:>15.3f}")
    print(f"  queries differing by more than 0.001: {len(check['differing'])}")
    for query, api, es in check["differing"][:10]:
        print(f"    {query['id']} {pad(query['query'], 24)} API {api:.3f}  Elasticsearch {es:.3f}")
    if check["failures"]:
        print(f"  failures: {json.dumps(check['failures'], ensure_ascii=False)[:500]}")


# --- main ----------------------------------------------------------------------------------------------------
def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description="Search relevance on the judged set, on both backends.")
    parser.add_argument("--json", metavar="PATH", help="write every row and summary as JSON")
    parser.add_argument("--worst", type=int, default=15, help="how many worst queries to show per backend")
    parser.add_argument("--prefix", default="relevance", help="Elasticsearch index prefix")
    parser.add_argument("--skip-es", action="store_true", help="the database backend only")
    args = parser.parse_args(argv)

    db_url, es_url = os.environ.get("DATABASE_URL", ""), os.environ.get("ELASTICSEARCH_URL", "")
    name = database_name(db_url)
    if not args.skip_es:
        if not es_url:
            sys.exit("Set ELASTICSEARCH_URL (bash scripts/services.sh env), or pass --skip-es.")
        if urlsplit(es_url).hostname not in ("127.0.0.1", "localhost"):
            sys.exit("This benchmark only talks to 127.0.0.1.")
    os.environ.update(DJANGO_SETTINGS_MODULE="market.settings.base", SEARCH_INDEX_PREFIX=args.prefix, DJANGO_DEBUG="0")
    os.environ.setdefault("LOG_LEVEL", "WARNING")
    os.environ.pop("REDIS_URL", None)  # Celery runs in-process: the index flush after loading happens here

    started = time.perf_counter()
    recreate_database(name)
    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command
    from django.test import Client
    from django.test.utils import override_settings

    from search.relevance.evaluate import read_judgments, read_queries, run
    from search.relevance.loader import load_catalogue, settle_database
    from search.services import elasticsearch_backend, index_rebuild

    call_command("migrate", interactive=False, verbosity=0)
    queries, judgments = read_queries(), read_judgments()
    print(
        f"Gachi Market search relevance — {time.strftime('%Y-%m-%d %H:%M')}, database {name}, "
        f"{len(queries)} queries ({sum(q['split'] == 'validation' for q in queries)} validation)"
    )

    settings.ELASTICSEARCH_URL = "" if args.skip_es else es_url
    clear_search_caches()
    t0 = time.perf_counter()
    key_to_id = load_catalogue()
    load_s = time.perf_counter() - t0
    t0 = time.perf_counter()
    counts = index_rebuild()
    settle_database()
    es = elasticsearch_backend()
    if es is not None:
        es.refresh()
    print(
        f"loaded {len(key_to_id):,} products through the services in {load_s:.1f}s (with the index flush after "
        f"commit); rebuilt {counts} and settled the database in {time.perf_counter() - t0:.1f}s"
    )
    key_by_id = {pk: key for key, pk in key_to_id.items()}

    results, summaries, client = {}, {}, Client()
    backends = [("database", "")] + ([] if args.skip_es else [("elasticsearch", es_url)])
    check = None
    try:
        for backend, url in backends:
            with override_settings(ELASTICSEARCH_URL=url):
                clear_search_caches()
                t0 = time.perf_counter()
                result = run(client, queries, judgments, key_by_id)
                result = retry_degraded(result, client, queries, judgments, key_by_id)
                took = time.perf_counter() - t0
                answered = {row.get("backend") for row in result["rows"]} - {None}
                degraded = sum(bool(row.get("degraded")) for row in result["rows"])
                if answered - {backend} or degraded:
                    sys.exit(f"the {backend} run was answered by {answered} ({degraded} degraded)")
                print(f"{backend}: {len(queries)} queries through the API in {took:.1f}s")
                results[backend], summaries[backend] = result, result["summary"]
                if backend == "elasticsearch":
                    check = rank_eval_crosscheck(elasticsearch_backend(), queries, judgments, key_to_id, result["rows"])
        print_overview(summaries)
        print_by_class(summaries)
        for backend, result in results.items():
            print_worst(backend, result["rows"], args.worst)
        if check is not None:
            print_crosscheck(check)
    finally:
        if not args.skip_es:
            with override_settings(ELASTICSEARCH_URL=es_url):
                clear_search_caches()
                try:
                    elasticsearch_backend().drop()
                except Exception as exc:  # never hide the real error behind a cleanup failure
                    print(f"cleanup: could not drop the '{args.prefix}' indices: {exc}", file=sys.stderr)
            clear_search_caches()
    if args.json:
        out = {
            "queries": len(queries),
            "load_seconds": load_s,
            "summaries": summaries,
            "rows": {backend: result["rows"] for backend, result in results.items()},
        }
        if check is not None:
            out["rank_eval"] = {
                "method": check["method"],
                "body": check["body"],
                "by_split": check["by_split"],
                "per_query": check["per_query"],
            }
        Path(args.json).write_text(json.dumps(out, ensure_ascii=False, indent=1, default=str) + "\n", encoding="utf-8")
        print(f"\nwrote {args.json}")
    print(
        f"\nrelevance bench took {time.perf_counter() - started:.0f}s; '{args.prefix}' indices dropped, "
        f"database {name} kept."
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
