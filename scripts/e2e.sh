#!/usr/bin/env bash
# End-to-end journeys (Playwright, frontend/e2e/) in Debian's Chromium against the real Django server with
# PostgreSQL, Elasticsearch, localstripe and stripe-mock (agencies' invoices), all on 127.0.0.1.
#
#   scripts/e2e.sh [playwright args...]      e.g. scripts/e2e.sh e2e/00-smoke.spec.ts --project desktop
#
# Starts the services it needs (scripts/services.sh start, idempotent; stops again only what it started),
# builds the UI (scripts/frontend.sh build; npm ci only when node_modules is missing or the lock file changed),
# loads a fresh database gachi_e2e (dropped and created, migrated, demo data with few images, search index
# rebuilt), serves the app with gunicorn (static files through WhiteNoise, media by Django, Celery tasks in the
# request) on 127.0.0.1:$E2E_PORT, runs `npx playwright test "$@"` against it with BASE_URL set, and always
# stops the server. The server also runs a localstripe of its own (this checkout's
# scripts/localstripe_server.py, fresh state), so payments never meet another run's objects.
#
# Environment:
#   E2E_PORT=8765          the server's port (another free port when it is taken)
#   E2E_NAME=e2e           names the database (gachi_e2e, else gachi_e2e_<name>), the index prefix and
#                          var/e2e/<name>/; two runs at once need different names (a lock refuses a second
#                          run with the same one)
#   E2E_FIRMS=30 E2E_PRODUCTS=360 E2E_IMAGES=60   demo data size (seed_demo; images are the slow part)
#   E2E_REUSE_DATA=1       keep the database and index of the last run (faster reruns while writing specs;
#                          journeys that build on each other may then meet their earlier selves)
#   E2E_KEEP_SERVER=1      after the tests, keep serving until Ctrl-C (look around at BASE_URL)
#   CHROMIUM_PATH          the browser (default /usr/bin/chromium; installed from Debian when missing)
#
# Output in var/e2e/<name>/: server.log, results/ (traces and screenshots of failures), report/ (HTML report);
# var/screenshots/<project>/*.png: every main page (CI artifacts; emptied first when running the whole list).
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"

NAME="${E2E_NAME:-e2e}"
[[ "$NAME" =~ ^[a-z0-9_]+$ ]] || { echo "[e2e] ERROR: E2E_NAME must be lower-case letters, digits, _" >&2; exit 2; }
# Always under gachi_e2e…, so that no name can reach another tool's database (gachi_bench, gachi_load_bench…).
DB_NAME="gachi_e2e"
[ "$NAME" = "e2e" ] || DB_NAME="gachi_e2e_$NAME"
OUT="$ROOT/var/e2e/$NAME"
PY="$ROOT/.venv/bin/python"
START_TIME=$SECONDS
STEP_TIME=$SECONDS

log() { echo "[e2e] $*" >&2; }
die() { echo "[e2e] ERROR: $*" >&2; exit 1; }
step_done() {
    log "$1: $((SECONDS - STEP_TIME))s"
    STEP_TIME=$SECONDS
}

mkdir -p "$OUT"
exec 9>"$OUT/lock"
flock -n 9 || die "another scripts/e2e.sh run is using $DB_NAME; wait for it or set E2E_NAME"

STARTED_LOG="$(mktemp "${TMPDIR:-/tmp}/gachi-e2e-services.XXXXXX")"
SERVER_PID=""
LOCALSTRIPE_PID=""

stop_pid() {
    local pid="$1" what="$2"
    [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null || return 0
    log "stopping $what (pid $pid)"
    kill -TERM "$pid" 2>/dev/null || true
    local deadline=$((SECONDS + 20))
    while kill -0 "$pid" 2>/dev/null; do
        if [ "$SECONDS" -ge "$deadline" ]; then
            kill -KILL "$pid" 2>/dev/null || true
            break
        fi
        sleep 0.2
    done
    wait "$pid" 2>/dev/null || true
}

cleanup() {
    local rc=$?
    set +e
    stop_pid "$SERVER_PID" "the Django server"
    stop_pid "$LOCALSTRIPE_PID" "localstripe"
    # shellcheck disable=SC2046
    [ -s "$STARTED_LOG" ] && bash scripts/services.sh stop $(sort -u "$STARTED_LOG")
    rm -f "$STARTED_LOG"
    log "elapsed: $((SECONDS - START_TIME))s (exit $rc)"
    exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

free_port() {
    "$PY" -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}

port_taken() {
    "$PY" -c 'import socket, sys; s = socket.socket(); sys.exit(s.connect_ex(("127.0.0.1", int(sys.argv[1]))) != 0)' "$1"
}

# --- Python, the UI, the browser ------------------------------------------------------------------------------
if [ ! -x "$PY" ]; then
    log "creating virtualenv in .venv"
    python3 -m venv "$ROOT/.venv"
fi
if [ "${GACHI_PIP_DONE:-0}" != "1" ]; then  # scripts/test.sh has just done it
    log "installing the project"
    "$PY" -m pip install -q --disable-pip-version-check -c constraints.txt -e '.[dev]'
fi
bash scripts/frontend.sh chromium
bash scripts/pdf.sh  # the server renders documents (PDF) with WeasyPrint and a Korean font
if [ "${GACHI_UI_BUILT:-0}" = "1" ]; then  # scripts/test.sh has built it in its UI checks
    log "using the UI built by scripts/frontend.sh check"
else
    bash scripts/frontend.sh build
fi
step_done "build"

# --- services ---------------------------------------------------------------------------------------------------
SERVICES_STARTED_LOG="$STARTED_LOG" bash scripts/services.sh start postgres redis elasticsearch localstripe stripe_mock
eval "$(bash scripts/services.sh env)"

# A localstripe of our own: fresh state, and the stand-in code of this checkout (scripts/localstripe_server.py).
LOCALSTRIPE_PORT="$(free_port)"
"$ROOT/var/localstripe-venv/bin/python" scripts/localstripe_server.py --host 127.0.0.1 --port "$LOCALSTRIPE_PORT" \
    >"$OUT/localstripe.log" 2>&1 </dev/null &
LOCALSTRIPE_PID=$!
step_done "services"

# --- the server's environment -----------------------------------------------------------------------------------
export DATABASE_URL="${DATABASE_URL%/*}/$DB_NAME"
export DJANGO_SETTINGS_MODULE=market.settings.base
# Django serves uploaded media (product images) only with DEBUG on (api/urls.py; in production the web server in
# front does), as the demo does; E2E_DEBUG=0 runs without, images then missing.
export DJANGO_DEBUG="${E2E_DEBUG:-1}"
export GACHI_VAR_DIR="$OUT/server"              # its own static and media files
# The server serves a copy of the build, so a rebuild of frontend/dist during the run changes nothing. The copy
# gets WhiteNoise's compressed files beside its own: with DEBUG on WhiteNoise finds static files where they are
# built (the finders) before the collected, compressed ones, and would send the JavaScript uncompressed.
export FRONTEND_DIST_DIR="$OUT/dist"
rm -rf "$FRONTEND_DIST_DIR"
cp -r frontend/dist "$FRONTEND_DIST_DIR"
"$PY" -m whitenoise.compress -q "$FRONTEND_DIST_DIR"
export LOG_LEVEL="${LOG_LEVEL:-WARNING}"
export ELASTICSEARCH_URL
export SEARCH_INDEX_PREFIX="${DB_NAME//_/-}"
# Celery tasks run in the request (as in the embedded default); the cache (throttle counters) is Redis, shared
# by the server's workers, in a database of its own so nothing mixes with other users of the shared Redis.
export CACHE_URL="${REDIS_URL%/*}/3"
export CELERY_TASK_ALWAYS_EAGER=1
unset REDIS_URL
# Card payments to our localstripe; STRIPE_JS_URL (its Stripe.js stand-in) and the keys derive from it.
export STRIPE_API_BASE="http://127.0.0.1:$LOCALSTRIPE_PORT"
unset STRIPE_SECRET_KEY STRIPE_PUBLISHABLE_KEY STRIPE_JS_URL STRIPE_CONNECT_API_BASE
# Agencies' invoices (send_invoice, which localstripe lacks) go to stripe-mock: STRIPE_INVOICE_API_BASE from
# services.sh env, kept. Stateless, so shared by every run.
export STRIPE_INVOICE_API_BASE
# Journeys sign in and register many times a minute from one address, at two screen sizes.
export THROTTLE_AUTH_PER_ADDRESS=1000/min THROTTLE_AUTH_PER_ACCOUNT=1000/min THROTTLE_REGISTER_PER_ADDRESS=1000/hour

for _ in $(seq 100); do
    curl -fs -o /dev/null --max-time 2 "$STRIPE_API_BASE/js.stripe.com/v3/" && break
    kill -0 "$LOCALSTRIPE_PID" 2>/dev/null || die "localstripe exited; see $OUT/localstripe.log"
    sleep 0.2
done

# --- data -------------------------------------------------------------------------------------------------------
ADMIN_URL="${DATABASE_URL%/*}/postgres"
if [ "${E2E_REUSE_DATA:-0}" = "1" ] && psql -X -q "$ADMIN_URL" -tAc "SELECT 1 FROM pg_database WHERE datname = '$DB_NAME'" | grep -q 1; then
    log "reusing database $DB_NAME (E2E_REUSE_DATA=1)"
    "$PY" manage.py migrate --noinput -v0
    "$PY" manage.py search_ensure_index  # kept unless missing or built with another mapping
else
    log "fresh database $DB_NAME"
    psql -X -q -v ON_ERROR_STOP=1 "$ADMIN_URL" -c "DROP DATABASE IF EXISTS $DB_NAME WITH (FORCE)" \
        -c "CREATE DATABASE $DB_NAME"
    rm -rf "$GACHI_VAR_DIR/media"
    "$PY" manage.py migrate --noinput -v0
    "$PY" manage.py seed_demo -v0 --firms "${E2E_FIRMS:-30}" --products "${E2E_PRODUCTS:-360}" \
        --images "${E2E_IMAGES:-60}"
    "$PY" manage.py search_rebuild  # a fresh index too: one left by an earlier run holds other products
fi
"$PY" manage.py collectstatic --noinput -v0
step_done "data"

# --- server -----------------------------------------------------------------------------------------------------
PORT="${E2E_PORT:-8765}"
if port_taken "$PORT"; then
    PORT="$(free_port)"
    log "port ${E2E_PORT:-8765} is taken; using $PORT"
fi
BASE_URL="http://127.0.0.1:$PORT"
log "starting the server at $BASE_URL (log: $OUT/server.log)"
"$PY" -m gunicorn market.wsgi:application --bind "127.0.0.1:$PORT" --workers "${E2E_WORKERS:-2}" \
    --timeout 120 --access-logfile - --log-level warning >"$OUT/server.log" 2>&1 </dev/null &
SERVER_PID=$!
deadline=$((SECONDS + 60))
until curl -fs -o /dev/null --max-time 5 "$BASE_URL/api/v1/categories/"; do
    kill -0 "$SERVER_PID" 2>/dev/null || die "the server exited; see $OUT/server.log"
    [ "$SECONDS" -lt "$deadline" ] || die "the server did not answer within 60 s; see $OUT/server.log"
    sleep 0.5
done
step_done "server"

# --- the journeys -----------------------------------------------------------------------------------------------
[ "$#" -gt 0 ] || rm -rf "$ROOT/var/screenshots"
rc=0
(cd frontend && BASE_URL="$BASE_URL" E2E_OUT="$OUT" npx playwright test "$@") || rc=$?
step_done "playwright"
log "report: var/e2e/$NAME/report/index.html; screenshots: var/screenshots/"

if [ "${E2E_KEEP_SERVER:-0}" = "1" ]; then
    log "E2E_KEEP_SERVER=1: serving $BASE_URL until Ctrl-C"
    wait "$SERVER_PID" || true
fi
exit "$rc"
