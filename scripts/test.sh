#!/usr/bin/env bash
# Run the whole test suite against real services.
#
#   scripts/test.sh [pytest args...]
#
# Creates/reuses .venv, installs the project with its dev extras (pinned by
# constraints.txt), starts the services (scripts/services.sh), runs pytest and
# stops, on exit, the services this run started (set KEEP_SERVICES=1 to keep
# them running).
#
# With no pytest args (CI), every stage runs, each timed, stopping at the first that fails: Python lint
# (scripts/lint.sh), the web UI's checks (scripts/frontend.sh check: schema types, lint, typecheck, Vitest,
# build), pytest, the database search backend on SQLite, the browser journeys (scripts/e2e.sh), the load test.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"

START_TIME=$SECONDS
VENV="$ROOT/.venv"
SERVICES_SH="$ROOT/scripts/services.sh"
STARTED_LOG="$(mktemp "${TMPDIR:-/tmp}/gachi-services.XXXXXX")"

cleanup() {
    local rc=$?
    set +e
    if [ "${KEEP_SERVICES:-0}" = "1" ]; then
        echo "[test] KEEP_SERVICES=1: leaving services running" >&2
    elif [ -s "$STARTED_LOG" ]; then
        # Only what this run started; services already running are left alone.
        # shellcheck disable=SC2046
        bash "$SERVICES_SH" stop $(sort -u "$STARTED_LOG")
    fi
    rm -f "$STARTED_LOG"
    echo "[test] elapsed: $((SECONDS - START_TIME))s (exit $rc)" >&2
    exit "$rc"
}
trap cleanup EXIT

# --- Python environment -------------------------------------------------------
if [ ! -x "$VENV/bin/python" ]; then
    echo "[test] creating virtualenv in .venv" >&2
    python3 -m venv "$VENV"
fi
echo "[test] installing project and dev dependencies" >&2
"$VENV/bin/python" -m pip install -q --disable-pip-version-check -c constraints.txt -e '.[dev]'
# WeasyPrint's system libraries and the Korean font the documents embed (Debian's packages, when missing).
bash scripts/pdf.sh

# --- services -------------------------------------------------------------------
SERVICES_STARTED_LOG="$STARTED_LOG" bash "$SERVICES_SH" start
eval "$(bash "$SERVICES_SH" env)"
export DJANGO_SETTINGS_MODULE=market.settings.test
# A test that needs a service which is missing fails here instead of skipping (tests/service_check.py).
export GACHI_REQUIRE_SERVICES=1

# stage <name> <command...>: run one stage unless an earlier one failed, and print how long it took.
rc=0
stage() {
    local name="$1" started=$SECONDS
    shift
    [ "$rc" -eq 0 ] || return 0
    echo "[test] stage: $name" >&2
    "$@" || rc=$?
    echo "[test] stage: $name: $((SECONDS - started))s (exit $rc)" >&2
}

# --- lint and the web UI's checks (whole runs only; they fail fast) -------------------------------------------
if [ "$#" -eq 0 ]; then
    [ ! -f scripts/lint.sh ] || stage "Python lint (ruff, import-linter)" bash scripts/lint.sh
    stage "web UI checks" bash scripts/frontend.sh check
    # e2e.sh below serves the build just made, and the project is installed already.
    export GACHI_UI_BUILT=1 GACHI_PIP_DONE=1
fi

# --- tests ----------------------------------------------------------------------
stage pytest "$VENV/bin/python" -m pytest "$@"

# The embedded default runs search on SQLite FTS5, which the PostgreSQL run above does not reach: run the
# database search backend's own tests, its half of the contract and query-understanding suites and its
# relevance floor once more on SQLite; and the reports, whose aggregates (dates truncated in Seoul time, the
# pre-aggregation's INSERT … SELECT) the embedded default must compute the same.
if [ "$#" -eq 0 ]; then
    stage "database search backend on SQLite" env -u DATABASE_URL "$VENV/bin/python" -m pytest -q -p no:cacheprovider \
        tests/search/test_database_backend.py tests/search/test_contract.py tests/search/test_understanding.py \
        tests/search/test_query_understanding_api.py tests/search/test_relevance_floor.py \
        -k "database or test_understanding"
    stage "reports on SQLite" env -u DATABASE_URL "$VENV/bin/python" -m pytest -q -p no:cacheprovider tests/reports
    # Checkout places orders through the ORM route there (the one-statement CTE is PostgreSQL's), and the product
    # list and page run their compiled statements on SQLite too.
    stage "checkout and product pages on SQLite" env -u DATABASE_URL "$VENV/bin/python" -m pytest -q -p no:cacheprovider \
        tests/orders/test_placement_routes.py tests/orders/test_cart_set_item.py \
        tests/api/test_product_rows.py tests/api/test_product_page_queries.py
fi

# The web UI's journeys in Debian's Chromium against the real server (frontend/e2e/; screenshots in var/screenshots/).
if [ "$#" -eq 0 ]; then
    stage "browser journeys (Playwright)" bash scripts/e2e.sh
fi

# A bounded load test (browse, search, cart, checkout over HTTP) and the consistency audit after it (bench/load.py).
if [ "$#" -eq 0 ]; then
    stage "load test, ${LOAD_SECONDS:-180}s" env LOAD_SECONDS="${LOAD_SECONDS:-180}" bash bench/load.sh
fi

if [ "$rc" -eq 5 ]; then
    echo "[test] ERROR: pytest collected no tests (exit 5); treating as failure" >&2
    rc=1
fi
exit "$rc"
