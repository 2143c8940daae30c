#!/usr/bin/env bash
# Search relevance on the judged set (search/relevance/): both backends through the API, with _rank_eval.
#
#   bash bench/relevance.sh [--json out.json] [--worst N] [--skip-es]
#
# Everything runs on 127.0.0.1. The catalogue goes to a separate database, gachi_relevance (recreated each run;
# override with RELEVANCE_DATABASE_URL); the Elasticsearch indices use the prefix `relevance` and are dropped at
# the end. Celery runs in-process (REDIS_URL is unset for the bench).
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"

if [ -x "$ROOT/.venv/bin/python" ]; then PYTHON="$ROOT/.venv/bin/python"; else PYTHON=python3; fi

# Start PostgreSQL and Elasticsearch only when they do not answer (a running node is left as it is).
if ! pg_isready -q -h 127.0.0.1 -p 5432 2>/dev/null || ! curl -sf -m 5 http://127.0.0.1:9200 >/dev/null; then
    bash scripts/services.sh start postgres elasticsearch
fi
eval "$(bash scripts/services.sh env)"
# The same server and role as the app, another database.
export DATABASE_URL="${RELEVANCE_DATABASE_URL:-${DATABASE_URL%/*}/gachi_relevance}"
export DJANGO_SETTINGS_MODULE=market.settings.base
export DJANGO_DEBUG=0
export LOG_LEVEL=WARNING
export SEARCH_INDEX_PREFIX=relevance
unset REDIS_URL

"$PYTHON" bench/relevance.py "$@"
