#!/usr/bin/env bash
# Mutation testing of the money, stock and designation rules (not part of scripts/test.sh: it takes minutes).
#
#   bash scripts/mutation.sh              fresh run; survivors listed at the end and in var/mutation/survivors.txt
#   MUTATION_RESUME=1 bash scripts/mutation.sh   continue a run kept in mutants/
#   MUTATION_RESUME=1 bash scripts/mutation.sh NAME...   run those mutants again (after adding tests)
#
# What is mutated and which tests run are configured in pyproject.toml [tool.mutmut]. mutmut copies the code to
# mutants/, makes each one-token change in turn and runs the tests that reach the changed function; a mutant
# that no test notices "survives". The tests run against the real services (scripts/services.sh), on a database
# of their own and on a localstripe of their own (they empty it between tests), one mutant at a time because
# they share that database.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
PYTHON="$ROOT/.venv/bin/python"
OUT="$ROOT/var/mutation"
mkdir -p "$OUT"

STARTED_LOG="$(mktemp "${TMPDIR:-/tmp}/gachi-services.XXXXXX")"
SERVICES_STARTED_LOG="$STARTED_LOG" bash scripts/services.sh start postgres redis localstripe stripe_mock
eval "$(bash scripts/services.sh env)"
export DATABASE_URL="${DATABASE_URL%/*}/gachi_mutation" DJANGO_SETTINGS_MODULE=market.settings.test
unset ELASTICSEARCH_URL  # the selected tests do not search
# Each mutant's test session copies its test database from this migrated template (tests/mutation_plugin.py).
export MUTATION_DB_TEMPLATE=gachi_mutation_template
"$PYTHON" - <<'PY'
import os
from urllib.parse import urlsplit, urlunsplit

import psycopg

parts = urlsplit(os.environ["DATABASE_URL"])
with psycopg.connect(urlunsplit(parts._replace(path="/postgres")), autocommit=True) as conn:
    conn.execute(f'DROP DATABASE IF EXISTS "{os.environ["MUTATION_DB_TEMPLATE"]}" WITH (FORCE)')
    conn.execute(f'CREATE DATABASE "{os.environ["MUTATION_DB_TEMPLATE"]}"')
PY
DATABASE_URL="${DATABASE_URL%/*}/$MUTATION_DB_TEMPLATE" "$PYTHON" manage.py migrate --noinput -v0

LOCALSTRIPE_PID=""
cleanup() {
    if [ -n "$LOCALSTRIPE_PID" ]; then kill "$LOCALSTRIPE_PID" 2>/dev/null || true; fi
    # Only the services this run started; services already running are left alone.
    # shellcheck disable=SC2046
    if [ -s "$STARTED_LOG" ]; then bash scripts/services.sh stop $(sort -u "$STARTED_LOG"); fi
    rm -f "$STARTED_LOG"
}
trap cleanup EXIT
PORT="$("$PYTHON" -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')"
"$ROOT/var/localstripe-venv/bin/python" scripts/localstripe_server.py --host 127.0.0.1 --port "$PORT" \
    >"$OUT/localstripe.log" 2>&1 &
LOCALSTRIPE_PID=$!
export STRIPE_API_BASE="http://127.0.0.1:$PORT"
for _ in $(seq 50); do
    curl -fs -o /dev/null --max-time 2 "$STRIPE_API_BASE/js.stripe.com/v3/" && break
    sleep 0.2
done

if [ "${MUTATION_RESUME:-0}" != "1" ]; then rm -rf mutants; fi
START=$SECONDS
"$ROOT/.venv/bin/mutmut" run --max-children 1 "$@" || true
"$ROOT/.venv/bin/mutmut" results >"$OUT/survivors.txt" || true
echo "[mutation] took $((SECONDS - START))s; not killed (survived / no tests / timeout):" >&2
cat "$OUT/survivors.txt"
