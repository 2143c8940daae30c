#!/usr/bin/env bash
# Run Gachi Market locally with demo data and no external services.
#
#   scripts/demo.sh
#
# Creates/reuses .venv, installs the project (pinned by constraints.txt), builds the
# web UI in frontend/ when it is not built or its sources are newer than the build
# (needs Node.js >= 20.19 and npm: scripts/frontend.sh build), migrates the embedded
# SQLite database under var/, loads the demo data once (see
# `python manage.py seed_demo --help`; pass options through SEED_DEMO_ARGS, e.g.
# SEED_DEMO_ARGS="--images 100" for a quicker first run) and serves the site on
# 127.0.0.1:8000 until you press Ctrl-C: the storefront at /, the seller portal at
# /seller, the API under /api/.
#
# DATABASE_URL and REDIS_URL are ignored on purpose: the demo always uses the
# embedded defaults (SQLite, Celery tasks run in-process, media under var/media).
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"

VENV="$ROOT/.venv"
HOST=127.0.0.1
PORT="${PORT:-8000}"

log() { echo "[demo] $*" >&2; }

# --- Python environment -------------------------------------------------------
if [ ! -x "$VENV/bin/python" ]; then
    log "creating virtualenv in .venv"
    python3 -m venv "$VENV"
fi
log "installing the project"
"$VENV/bin/python" -m pip install -q --disable-pip-version-check -c constraints.txt -e .
bash "$ROOT/scripts/pdf.sh"  # WeasyPrint's libraries and the Korean font documents embed (Debian's packages)

# --- the web UI -------------------------------------------------------------------
# Built when Vite's manifest is missing or older than anything the build reads (sources, lock file, config).
MANIFEST="$ROOT/frontend/dist/.vite/manifest.json"
ui_stale() {
    [ -f "$MANIFEST" ] || return 0
    [ -n "$(find "$ROOT/frontend/src" "$ROOT/frontend/public" "$ROOT/frontend/index.html" \
        "$ROOT/frontend/package.json" "$ROOT/frontend/package-lock.json" "$ROOT/frontend/vite.config.ts" \
        "$ROOT/frontend"/tsconfig*.json -newer "$MANIFEST" -print -quit 2>/dev/null)" ]
}
if ui_stale; then
    log "building the web UI (frontend/: npm ci when needed, then npm run build)"
    bash "$ROOT/scripts/frontend.sh" build
else
    log "the web UI is built and up to date (frontend/dist)"
fi

# --- embedded defaults only -------------------------------------------------------
unset DATABASE_URL REDIS_URL ELASTICSEARCH_URL STRIPE_SECRET_KEY STRIPE_API_BASE CELERY_TASK_ALWAYS_EAGER DJANGO_DEBUG
export DJANGO_SETTINGS_MODULE=market.settings.base
# localstripe (the demo's Stripe) has no send_invoice: agencies' invoices stay the marketplace's own.
export AGENCY_INVOICES_THROUGH_GATEWAY=false
PY="$VENV/bin/python"

log "migrating the database"
"$PY" manage.py migrate --noinput -v0

# As in production: WhiteNoise serves the collected files, with their gzip and brotli copies (with DEBUG on it
# would otherwise take the build's own, uncompressed, through the staticfiles finders).
"$PY" manage.py collectstatic --noinput -v0
export WHITENOISE_USE_FINDERS=false

log "loading demo data (once; about 3 minutes the first time, most of it drawing product images)"
# shellcheck disable=SC2086
"$PY" manage.py seed_demo ${SEED_DEMO_ARGS:-}
# Fills the search index only if it is empty (say, a database from before it existed); a rerun leaves it alone.
"$PY" manage.py search_ensure_index -v0

# Card payments go to localstripe, a Stripe-API server on 127.0.0.1, so test cards work offline.
STARTED_LOG="$(mktemp "${TMPDIR:-/tmp}/gachi-demo-services.XXXXXX")"
SERVICES_STARTED_LOG="$STARTED_LOG" bash "$ROOT/scripts/services.sh" start localstripe
stop_started() {
    # shellcheck disable=SC2046
    [ -s "$STARTED_LOG" ] && bash "$ROOT/scripts/services.sh" stop $(sort -u "$STARTED_LOG")
    rm -f "$STARTED_LOG"
}
trap stop_started EXIT

cat <<EOF

  Gachi Market demo is starting on http://$HOST:$PORT/
    Storefront http://$HOST:$PORT/
    Seller     http://$HOST:$PORT/seller  (log in as a seller below)
    API docs   http://$HOST:$PORT/api/docs/
    Admin      http://$HOST:$PORT/admin/

  Operator  admin@demo.gachi.kr / gachi-admin-1234
  Buyer     buyer@demo.gachi.kr / gachi-demo-1234
  Sellers   seller1@demo.gachi.kr ... / gachi-demo-1234
  Test card pm_card_visa (pays), pm_card_chargeCustomerFail (declined) on localstripe at 127.0.0.1:8420

  Press Ctrl-C to stop.

EOF
"$PY" manage.py runserver "$HOST:$PORT" --noreload
