#!/usr/bin/env bash
# Product list and product page against a raw-SQL JSON floor: start the services, generate the catalogue (once),
# run bench/pages.py.
#
#   bash bench/pages.sh [--products N] [--reset] [-- pages.py options...]
#
# Everything runs on 127.0.0.1. The catalogue goes to a separate database, gachi_pages_bench (override with
# PAGES_DATABASE_URL; the name must contain "bench").
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"

PRODUCTS=20000
GENERATE_ARGS=()
while [ $# -gt 0 ]; do
    case "$1" in
        --products) PRODUCTS="$2"; shift 2 ;;
        --reset) GENERATE_ARGS+=(--reset); shift ;;
        --) shift; break ;;
        *) echo "usage: bash bench/pages.sh [--products N] [--reset] [-- pages.py options...]" >&2; exit 2 ;;
    esac
done

if [ -x "$ROOT/.venv/bin/python" ]; then PYTHON="$ROOT/.venv/bin/python"; else PYTHON=python3; fi

bash scripts/services.sh start
eval "$(bash scripts/services.sh env)"
export DATABASE_URL="${PAGES_DATABASE_URL:-${DATABASE_URL%/*}/gachi_pages_bench}"
export DJANGO_SETTINGS_MODULE=market.settings.base
export DJANGO_DEBUG=0
export LOG_LEVEL=WARNING

START=$SECONDS
echo "== generate ($PRODUCTS products) =="
"$PYTHON" bench/generate_products.py --products "$PRODUCTS" "${GENERATE_ARGS[@]}"
echo
"$PYTHON" bench/pages.py "$@"
echo "bench/pages.sh took $((SECONDS - START))s"
