#!/usr/bin/env bash
# Search benchmarks end to end: start the services, generate the bench catalogue (once), run the benchmarks.
#
#   bash bench/run.sh [--products N] [--reset] [-- search_bench options...]
#
# Everything runs on 127.0.0.1. The catalogue goes to a separate database, gachi_bench (override with
# BENCH_DATABASE_URL); the Elasticsearch indices use the prefix `bench` and are dropped at the end.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"

PRODUCTS=100000
GENERATE_ARGS=()
while [ $# -gt 0 ]; do
    case "$1" in
        --products) PRODUCTS="$2"; shift 2 ;;
        --reset) GENERATE_ARGS+=(--reset); shift ;;
        --) shift; break ;;
        *) echo "usage: bash bench/run.sh [--products N] [--reset] [-- search_bench options...]" >&2; exit 2 ;;
    esac
done

if [ -x "$ROOT/.venv/bin/python" ]; then PYTHON="$ROOT/.venv/bin/python"; else PYTHON=python3; fi

bash scripts/services.sh start
eval "$(bash scripts/services.sh env)"
# The same server and role as the app, another database.
export DATABASE_URL="${BENCH_DATABASE_URL:-${DATABASE_URL%/*}/gachi_bench}"
export DJANGO_SETTINGS_MODULE=market.settings.base
export DJANGO_DEBUG=0
export LOG_LEVEL=WARNING
export SEARCH_INDEX_PREFIX=bench

START=$SECONDS
echo "== generate ($PRODUCTS products) =="
"$PYTHON" bench/generate_products.py --products "$PRODUCTS" "${GENERATE_ARGS[@]}"
echo
"$PYTHON" bench/search_bench.py "$@"
echo "bench/run.sh took $((SECONDS - START))s"
