#!/usr/bin/env bash
# Checkout benchmark end to end: start the services, then bench/checkout_bench.py (checkout orders/s under
# concurrent buyers on hot products, through the API and through the service functions, beside pgbench's tps
# on the same PostgreSQL server, with the oversell check).
#
#   bash bench/checkout_run.sh [checkout_bench options...]     e.g. --seconds 30 --buyers 16 --variants api,direct
#
# Everything runs on 127.0.0.1. The bench uses its own databases (gachi_checkout_bench, gachi_pgbench on the
# app's server, with the app's role), recreated at the start and dropped at the end (--keep-databases keeps them).
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"

if [ -x "$ROOT/.venv/bin/python" ]; then PYTHON="$ROOT/.venv/bin/python"; else PYTHON=python3; fi

# PostgreSQL and localstripe are what the bench uses; the others are started too so the environment is the
# usual one (checkout_bench.py itself empties ELASTICSEARCH_URL and REDIS_URL for its processes).
bash scripts/services.sh start
eval "$(bash scripts/services.sh env)"

START=$SECONDS
"$PYTHON" bench/checkout_bench.py "$@"
echo "bench/checkout_run.sh took $((SECONDS - START))s"
