#!/usr/bin/env bash
# Bounded load test (browse + search + cart + checkout over HTTP on 127.0.0.1), then a consistency audit:
# see bench/load.py. Figures and checks go to stdout and var/load/summary.json.
#
#   bash bench/load.sh                         LOAD_SECONDS=120 LOAD_USERS=10 LOAD_WORKERS=3 by default
#
# Uses PostgreSQL and Elasticsearch from scripts/services.sh (started if needed, stopped again if this run
# started them) and a localstripe of its own on a free port, so the shared one keeps its state.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
PYTHON="$ROOT/.venv/bin/python"

STARTED_LOG="$(mktemp "${TMPDIR:-/tmp}/gachi-services.XXXXXX")"
LOCALSTRIPE_PID=""
cleanup() {
    if [ -n "$LOCALSTRIPE_PID" ]; then kill "$LOCALSTRIPE_PID" 2>/dev/null || true; fi
    # shellcheck disable=SC2046
    if [ -s "$STARTED_LOG" ]; then bash scripts/services.sh stop $(sort -u "$STARTED_LOG"); fi
    rm -f "$STARTED_LOG"
}
trap cleanup EXIT
# localstripe too: services.sh installs it into var/localstripe-venv, which the own instance below runs from.
SERVICES_STARTED_LOG="$STARTED_LOG" bash scripts/services.sh start postgres elasticsearch localstripe
eval "$(bash scripts/services.sh env)"

mkdir -p var/load
PORT="$("$PYTHON" -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')"
"$ROOT/var/localstripe-venv/bin/python" scripts/localstripe_server.py --host 127.0.0.1 --port "$PORT" \
    >var/load/localstripe.log 2>&1 &
LOCALSTRIPE_PID=$!
export STRIPE_API_BASE="http://127.0.0.1:$PORT"
for _ in $(seq 50); do
    curl -fs -o /dev/null --max-time 2 "$STRIPE_API_BASE/js.stripe.com/v3/" && break
    sleep 0.2
done

"$PYTHON" bench/load.py
