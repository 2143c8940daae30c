"""bench/all.sh's last step: merge each bench's JSON into one file and print every target met or missed.

    python bench/all_report.py var/bench/<stamp> [--seconds N] [--sizes TEXT]

Reads <dir>/<bench>.json (the bench's --json output), <bench>.load (the 1-minute load average before and after)
and <bench>.status (exit status, seconds); writes <dir>.json and var/bench/latest.json. The targets are the
issues' (bench/README.md), in TARGETS below: the one place bench/all.sh takes them from.
"""

import argparse
import datetime
import json
import math
import os
import subprocess
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from columns import pad  # noqa: E402  (bench/ is on sys.path: scripts run as files)

ROOT = Path(__file__).resolve().parents[1]
BENCHES = ["search", "checkout", "pages", "renditions", "relevance", "reports", "agency", "web"]


def relevance_es_validation(r):
    return r["summaries"]["elasticsearch"]["by_split"]["validation"]


def relevance_gain(r):
    return relevance_es_validation(r)["ndcg"] - r["summaries"]["database"]["by_split"]["validation"]["ndcg"]


def report_case(words):
    def pick(r):
        return next(c["ratio"] for c in r["cases"] if words in c["name"])

    return pick


# (bench, figure, how to read it from the bench's JSON, comparison, target, how to show the figures behind it)
TARGETS = [
    (
        "search",
        "reindex: rebuild / raw bulk, docs/s (median of rounds)",
        lambda r: r["reindex_ratio"],
        ">=",
        0.60,
        lambda r: f"{r['rebuild_dps']:,.0f} / {r['raw_dps']:,.0f}",
    ),
    (
        "search",
        "API / raw _search, p50, 8 clients",
        lambda r: r["api_raw_p50"],
        "<=",
        1.3,
        lambda r: f"{r['api']['p50_ms']:.0f} / {r['raw']['p50_ms']:.0f} ms",
    ),
    (
        "search",
        "API / raw _search, p95, 8 clients",
        lambda r: r["api_raw_p95"],
        "<=",
        1.3,
        lambda r: f"{r['api']['p95_ms']:.0f} / {r['raw']['p95_ms']:.0f} ms",
    ),
    (
        "search",
        "database / Elasticsearch, p50 (median of rounds)",
        lambda r: r["db_es_p50"],
        ">=",
        10,
        lambda r: f"{r['db']['p50_ms']:.0f} / {r['api_d']['p50_ms']:.0f} ms pooled",
    ),
    (
        "search",
        "database / Elasticsearch, p95 (median of rounds)",
        lambda r: r["db_es_p95"],
        ">=",
        10,
        lambda r: f"{r['db']['p95_ms']:.0f} / {r['api_d']['p95_ms']:.0f} ms pooled",
    ),
    (
        "search",
        "suggest API / raw _search, p95, 8 clients (median of rounds)",
        lambda r: r["suggest_api_raw_p95"],
        "<=",
        1.3,
        lambda r: f"{r['suggest']['p95_ms']:.0f} / {r['suggest_raw']['p95_ms']:.0f} ms pooled",
    ),
    (
        "checkout",
        "direct orders/s / pgbench tps",
        lambda r: r["direct"]["ratio"],
        ">=",
        0.20,
        lambda r: f"{r['direct']['rate']:.1f} / {r['pgbench_tps']:.0f}, p95 {r['direct']['p95_ms']:.0f} ms",
    ),
    (
        "checkout",
        "api orders/s / pgbench tps",
        lambda r: r["api"]["ratio"],
        ">=",
        0.10,
        lambda r: f"{r['api']['rate']:.1f} / {r['pgbench_tps']:.0f}, p95 {r['api']['p95_ms']:.0f} ms",
    ),
    ("checkout", "oversold units", lambda r: r["oversell"], "==", 0, None),
    (
        "checkout",
        "SQL statements of order_place, one checkout alone",
        lambda r: r["one_checkout"]["queued"]["order_place_queries"],
        "<=",
        8,
        lambda r: f"{r['one_checkout']['queued']['queries']} with the cart",
    ),
    (
        "pages",
        "product list / raw-SQL floor, req/s",
        lambda r: r["list_ratio"],
        ">=",
        0.50,
        lambda r: f"{r['list_API_rps']:.1f} / {r['list_floor_rps']:.1f}",
    ),
    (
        "pages",
        "product page / raw-SQL floor, req/s",
        lambda r: r["detail_ratio"],
        ">=",
        0.50,
        lambda r: f"{r['detail_API_rps']:.1f} / {r['detail_floor_rps']:.1f}",
    ),
    ("pages", "SQL queries per list page", lambda r: r["list_queries"], "<=", 5, None),
    ("pages", "SQL queries per product page", lambda r: r["detail_queries"], "<=", 5, None),
    (
        "renditions",
        "ours / bare Pillow loop, renditions/s",
        lambda r: r["ratio"],
        ">=",
        0.80,
        lambda r: f"{r['ours_renditions_per_s']:.2f} / {r['bare_renditions_per_s']:.2f}, CPU {r['cpu_ratio']:.2f}",
    ),
    (
        "relevance",
        "Elasticsearch nDCG@10, validation half",
        lambda r: relevance_es_validation(r)["ndcg"],
        ">=",
        0.90,
        None,
    ),
    ("relevance", "Elasticsearch MRR, validation half", lambda r: relevance_es_validation(r)["mrr"], ">=", 0.90, None),
    ("relevance", "nDCG@10 gain over the database, validation", relevance_gain, ">=", 0.15, None),
    (
        "relevance",
        "no-answer queries returning anything",
        lambda r: relevance_es_validation(r)["no_answer_hits"],
        "==",
        0,
        None,
    ),
    (
        "relevance",
        "answerable queries with an empty page",
        lambda r: relevance_es_validation(r)["zero_results"],
        "==",
        0,
        None,
    ),
    ("reports", "busiest firm's report / hand SQL", report_case("the busiest firm"), "<=", 1.5, None),
    ("reports", "median firm's report / hand SQL", report_case("the median firm"), "<=", 1.5, None),
    ("reports", "city report / hand SQL", report_case("city ("), "<=", 1.5, None),
    ("reports", "citizen's value consumption / hand SQL", report_case("value consumption"), "<=", 1.5, None),
    ("reports", "figures equal to the hand SQL's", lambda r: all(c["equal"] for c in r["cases"]), "==", True, None),
    (
        "agency",
        "agency_performance / hand SQL (medians)",
        lambda r: r["ratio"],
        "<=",
        1.5,
        lambda r: f"{r['selector_ms']:.0f} / {r['hand_ms']:.0f} ms",
    ),
    (
        "web",
        "storefront entry JS gzipped, KB",
        lambda r: r["entry_gzip_bytes"] / 1000,
        "<=",
        150,
        None,
    ),
]
COMPARE = {">=": lambda a, b: a >= b, "<=": lambda a, b: a <= b, "==": lambda a, b: a == b}


def read(path: Path):
    try:
        return json.loads(path.read_text())
    except (OSError, ValueError):
        return None


def read_numbers(path: Path) -> list[float] | None:
    return [float(x) for x in path.read_text().split()] if path.exists() else None


def shown(value) -> str:
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, float):
        if math.isnan(value):
            return "nan"
        # Enough digits to tell a figure from its target (1.503 is not 1.5).
        return f"{value:.3g}" if abs(value) < 1 else f"{value:.3f}" if abs(value) < 100 else f"{value:,.0f}"
    return str(value)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("dir", type=Path, help="the run's folder, var/bench/<stamp>")
    parser.add_argument("--seconds", type=int, help="how long the whole run took")
    parser.add_argument("--sizes", default="", help="the sizes the benches ran at, as text")
    args = parser.parse_args()

    commit = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True, text=True)
    dirty = subprocess.run(["git", "status", "--porcelain", "--untracked-files=no"], cwd=ROOT, capture_output=True)
    out = {
        "stamp": args.dir.name,
        "finished": datetime.datetime.now(datetime.UTC).isoformat(timespec="seconds"),
        "commit": commit.stdout.strip(),
        "tree_modified": bool(dirty.stdout.strip()),
        "cpus": os.cpu_count(),
        "load_average_start": read_numbers(args.dir / "start.load"),
        "load_average_end": os.getloadavg(),
        "seconds": args.seconds,
        "sizes": args.sizes,
        "benches": {},
        "targets": [],
    }
    for name in BENCHES:
        status = (args.dir / f"{name}.status").read_text().split() if (args.dir / f"{name}.status").exists() else None
        if status is None:
            continue  # not run (ALL_ONLY)
        loads = read_numbers(args.dir / f"{name}.load")
        out["benches"][name] = {
            "exit_status": int(status[0]),
            "seconds": int(status[1]),
            "load_average": loads,
            "figures": read(args.dir / f"{name}.json"),
        }

    print(f"{pad('benchmark', 11)}{pad('figure', 56)}{pad('figures', 34)}{'value':>10}  {pad('target', 10)}result")
    for bench, label, get, op, target, detail in TARGETS:
        entry = out["benches"].get(bench)
        if entry is None:
            continue
        figures = entry["figures"]
        try:
            value = get(figures)
            behind = detail(figures) if detail else ""
            met = COMPARE[op](value, target) if not (isinstance(value, float) and math.isnan(value)) else False
            result = "met" if met else "MISSED"
        except (TypeError, KeyError, StopIteration, ZeroDivisionError):
            value, behind, met, result = None, "", False, "no figure"
        out["targets"].append(
            {"bench": bench, "figure": label, "value": value, "op": op, "target": target, "met": met, "detail": behind}
        )
        target_text = f"{op} {target:g}" if type(target) in (int, float) else f"{op} {shown(target)}"
        print(f"{pad(bench, 11)}{pad(label, 56)}{pad(behind, 34)}{shown(value):>10}  {pad(target_text, 10)}{result}")
    print()
    for name, entry in out["benches"].items():
        loads = " → ".join(f"{x:.1f}" for x in entry["load_average"])
        print(f"  {pad(name, 11)} {entry['seconds']:>4} s, exit {entry['exit_status']}, load average {loads}")
    met = sum(t["met"] for t in out["targets"])
    start_load = out["load_average_start"]
    print(
        f"{met} of {len(out['targets'])} targets met; {out['cpus']} CPUs; commit {out['commit']}"
        + (" (tree modified)" if out["tree_modified"] else "")
        + (f"; load average at the start {' '.join(f'{x:.1f}' for x in start_load)}" if start_load else "")
        + (f"; {args.seconds} s in all" if args.seconds else "")
        + (f"; sizes: {args.sizes}" if args.sizes else "")
    )
    text = json.dumps(out, indent=1, ensure_ascii=False, default=str) + "\n"
    target = args.dir.with_suffix(".json")
    target.write_text(text)
    (args.dir.parent / "latest.json").write_text(text)
    print(f"wrote {target.relative_to(ROOT) if target.is_relative_to(ROOT) else target} and latest.json")
    return 0 if all(e["figures"] is not None for e in out["benches"].values()) else 1


if __name__ == "__main__":
    sys.exit(main())
