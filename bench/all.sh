#!/usr/bin/env bash
# Every benchmark once, at a size that fits about 15 minutes on 2 cores (16 at a load average of 6-12 from other
# work), then one table of targets:
#
#   bash bench/all.sh                       search, checkout, list and page, renditions, relevance, reports,
#                                           the agency's report, the web UI's entry size
#   ALL_ONLY="search pages" bash bench/all.sh     some of them only
#
# Each bench writes its figures as JSON (its --json option) into var/bench/<stamp>/; bench/all_report.py merges
# them with the load average before each into var/bench/<stamp>.json (and var/bench/latest.json) and prints
# benchmark, figure, ratio, target, met/missed. Sizes are the ALL_* variables below (smaller than each bench's
# own default; bench/README.md gives the full-size figures). Every database here is the suite's own
# (gachi_all_*bench*, or gachi_all_relevance), so a bench another person runs at the same time is not touched; the
# two generated catalogues are kept for the next run (one database per size), the others dropped or recreated.
# The services are started when they are not running (scripts/services.sh start is idempotent) and never
# stopped here. Exit status: 0 when every bench ran, 1 when one failed (a missed target is not a failure).
set -uo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"

SEARCH_PRODUCTS="${ALL_SEARCH_PRODUCTS:-20000}"
PAGES_PRODUCTS="${ALL_PAGES_PRODUCTS:-5000}"
REPORT_LINES="${ALL_REPORT_LINES:-100000}"
REPORT_AGENCY_LINES="${ALL_REPORT_AGENCY_LINES:-10000}"
AGENCY_LINES="${ALL_AGENCY_LINES:-100000}"
RENDITION_IMAGES="${ALL_RENDITION_IMAGES:-9}"
ONLY="${ALL_ONLY:-search checkout pages renditions relevance reports agency web}"

if [ -x "$ROOT/.venv/bin/python" ]; then PYTHON="$ROOT/.venv/bin/python"; else PYTHON=python3; fi

bash scripts/services.sh start || { echo "bench/all.sh: the services did not start" >&2; exit 1; }
eval "$(bash scripts/services.sh env)"
SERVER_URL="${DATABASE_URL%/*}"
export DJANGO_DEBUG=0 LOG_LEVEL=WARNING

STAMP="$(date -u +%Y%m%dT%H%M%SZ)"
OUT="$ROOT/var/bench/$STAMP"
mkdir -p "$OUT"
cut -d' ' -f1-3 /proc/loadavg >"$OUT/start.load"
START=$SECONDS
FAILED=0

# bench NAME COMMAND...: runs it with the 1-minute load average noted before and after; output to the screen and
# to $OUT/NAME.log; the exit status and the seconds it took to $OUT/NAME.status.
bench() {
    local name="$1" started=$SECONDS status
    shift
    case " $ONLY " in *" $name "*) ;; *) return 0 ;; esac
    echo
    echo "######## $name ($(date -u +%H:%M:%S) UTC, load average $(cut -d' ' -f1-3 /proc/loadavg)) ########"
    cut -d' ' -f1 /proc/loadavg >"$OUT/$name.load"
    "$@" 2>&1 | tee "$OUT/$name.log"
    status=${PIPESTATUS[0]}
    cut -d' ' -f1 /proc/loadavg >>"$OUT/$name.load"
    echo "$status $((SECONDS - started))" >"$OUT/$name.status"
    if [ ! -s "$OUT/$name.json" ]; then
        echo "bench/all.sh: $name wrote no figures (exit status $status)" >&2
        FAILED=1
    fi
}

search() {
    # A database per size: generate_products.py fills an empty one and leaves a filled one as it is.
    export DATABASE_URL="$SERVER_URL/gachi_all_bench_$SEARCH_PRODUCTS" DJANGO_SETTINGS_MODULE=market.settings.base
    "$PYTHON" bench/generate_products.py --products "$SEARCH_PRODUCTS" &&
        "$PYTHON" bench/search_bench.py --prefix bench-all --requests 132 --rounds 3 --reindex-rounds 3 \
            --time-limit 90 --suggest-requests 100 --json "$OUT/search.json"
}

checkout() {
    CHECKOUT_BENCH_DATABASE_URL="$SERVER_URL/gachi_all_checkout_bench" PGBENCH_DATABASE_NAME=gachi_all_pgbench \
        "$PYTHON" bench/checkout_bench.py --variants direct,api --seconds 15 --pgbench-seconds 15 \
        --json "$OUT/checkout.json"
}

pages() {
    export DATABASE_URL="$SERVER_URL/gachi_all_pages_bench_$PAGES_PRODUCTS" DJANGO_SETTINGS_MODULE=market.settings.base
    "$PYTHON" bench/generate_products.py --products "$PAGES_PRODUCTS" &&
        "$PYTHON" bench/pages.py --rounds 3 --seconds 4 --json "$OUT/pages.json"
}

renditions() {
    RENDITIONS_BENCH_DATABASE_NAME=gachi_all_renditions_bench \
        "$PYTHON" bench/renditions.py --images "$RENDITION_IMAGES" --rounds 3 --json "$OUT/renditions.json"
}

relevance() {
    RELEVANCE_DATABASE_URL="$SERVER_URL/gachi_all_relevance" \
        bash bench/relevance.sh --prefix relevance-all --worst 3 --json "$OUT/relevance.json"
}

reports() {
    REPORTS_BENCH_DATABASE_NAME=gachi_all_reports_bench \
        "$PYTHON" bench/reports.py --lines "$REPORT_LINES" --agency-lines "$REPORT_AGENCY_LINES" --rounds 5 \
        --json "$OUT/reports.json"
}

agency() {
    AGENCY_BENCH_DATABASE_NAME=gachi_all_agency_bench \
        "$PYTHON" bench/agency_report.py --lines "$AGENCY_LINES" --rounds 5 --json "$OUT/agency.json"
}

web() {
    # The entry's size from the built bundle (frontend/dist, not rebuilt here); the product page's LCP needs a
    # server with pictures and Chromium, so it is left to `node bench/web_budget.mjs` (bench/README.md).
    if [ ! -f frontend/dist/.vite/manifest.json ]; then
        echo "no frontend/dist: run scripts/frontend.sh build first"
        return 1
    fi
    BENCH_SKIP_LCP=1 BENCH_JSON="$OUT/web.json" node bench/web_budget.mjs
}

# Each runs in the pipeline's subshell (see bench()), so one bench's exports do not reach the next.
for name in search checkout pages renditions relevance reports agency web; do
    bench "$name" "$name"
done

echo
"$PYTHON" bench/all_report.py "$OUT" --seconds $((SECONDS - START)) \
    --sizes "search=$SEARCH_PRODUCTS products, pages=$PAGES_PRODUCTS products, reports=$REPORT_LINES order lines + $REPORT_AGENCY_LINES delivery lines, agency=$AGENCY_LINES delivery lines, renditions=$RENDITION_IMAGES uploads" ||
    FAILED=1
exit $FAILED
