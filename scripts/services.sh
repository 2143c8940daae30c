#!/usr/bin/env bash
# Start/stop the real services the test suite needs, on 127.0.0.1 only.
#
#   scripts/services.sh start [service...]   install if absent, start, wait until ready
#   scripts/services.sh stop  [service...]   stop only what this script started
#   scripts/services.sh env                  print export lines for the app/tests
#
# Services: postgres, redis, elasticsearch, localstripe, stripe_mock (default: all). Each service has
# start_<name> and stop_<name> functions; add a new one by writing both and listing it in SERVICES.
#
# What this script started is recorded under var/run/ (pid files / marker
# files); `stop` only touches those, by process id or by the exact cluster,
# never by process name.
#
# If SERVICES_STARTED_LOG is set to a file path, `start` appends the name of
# every service it actually started (not ones that were already running), so
# a caller can later stop exactly those: scripts/services.sh stop $(cat FILE)
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
RUN_DIR="$ROOT/var/run"
LOG_DIR="$ROOT/var/log"

SERVICES=(postgres redis elasticsearch localstripe stripe_mock)

PG_HOST=127.0.0.1
PG_PORT=5432
PG_USER=gachi
PG_PASSWORD=gachi
PG_DB=gachi
PG_CLUSTER=main
PG_MARKER="$RUN_DIR/postgres.started"

REDIS_HOST=127.0.0.1
REDIS_PORT=6379
REDIS_PIDFILE="$RUN_DIR/redis.pid"

ES_URL=http://127.0.0.1:9200
ES_PIDFILE="$RUN_DIR/elasticsearch.pid"

# localstripe: a stateful fake Stripe API (PyPI), in a virtualenv of its own so that its aiohttp stays
# out of the project's environment; run by scripts/localstripe_server.py, fresh state at every start.
LOCALSTRIPE_VERSION=1.15.10
LOCALSTRIPE_AIOHTTP_VERSION=3.14.5
LOCALSTRIPE_HOST=127.0.0.1
LOCALSTRIPE_PORT=8420
LOCALSTRIPE_URL="http://$LOCALSTRIPE_HOST:$LOCALSTRIPE_PORT"
LOCALSTRIPE_VENV="$ROOT/var/localstripe-venv"
LOCALSTRIPE_PIDFILE="$RUN_DIR/localstripe.pid"

# stripe-mock: Stripe's own request-shape checker (Go module), for what localstripe lacks (Connect
# transfers). Built into var/go/bin. Its OpenAPI spec is API version 2025-09-30.clover, which
# market/payments/stripe_gateway.py pins; -strict-version-check refuses any other version.
STRIPE_MOCK_VERSION=v0.197.0
STRIPE_MOCK_HOST=127.0.0.1
STRIPE_MOCK_PORT=12111
STRIPE_MOCK_HTTPS_PORT=12112
STRIPE_MOCK_URL="http://$STRIPE_MOCK_HOST:$STRIPE_MOCK_PORT"
STRIPE_MOCK_BIN="$ROOT/var/go/bin/stripe-mock"
STRIPE_MOCK_PIDFILE="$RUN_DIR/stripe-mock.pid"

WAIT_TIMEOUT="${SERVICES_WAIT_TIMEOUT:-60}"

log() { echo "[services] $*" >&2; }
die() { echo "[services] ERROR: $*" >&2; exit 1; }

as_root() {
    if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi
}

as_postgres() {
    # cd / so the postgres user never trips over an unreadable cwd.
    if [ "$(id -u)" -eq 0 ]; then
        (cd / && runuser -u postgres -- "$@")
    else
        (cd / && sudo -u postgres -- "$@")
    fi
}

record_started() {
    if [ -n "${SERVICES_STARTED_LOG:-}" ]; then
        echo "$1" >>"$SERVICES_STARTED_LOG"
    fi
}

# --- package installation -------------------------------------------------

APT_UPDATED=0
apt_install() {
    export DEBIAN_FRONTEND=noninteractive
    # Keep package post-install scripts from starting daemons themselves:
    # we start them our own way (127.0.0.1 only, pids recorded).
    local policy=/usr/sbin/policy-rc.d added_policy=0
    if [ ! -e "$policy" ]; then
        printf '#!/bin/sh\nexit 101\n' | as_root tee "$policy" >/dev/null
        as_root chmod 755 "$policy"
        added_policy=1
    fi
    local rc=0
    {
        if [ "$APT_UPDATED" -eq 0 ]; then
            log "apt-get update"
            as_root apt-get update -qq
            APT_UPDATED=1
        fi
        log "apt-get install -y $*"
        as_root apt-get install -y -qq --no-install-recommends "$@" >/dev/null
    } || rc=$?
    if [ "$added_policy" -eq 1 ]; then as_root rm -f "$policy"; fi
    [ "$rc" -eq 0 ] || die "apt-get install $* failed (exit $rc)"
}

# --- generic waiting -------------------------------------------------------

# wait_until <what> <timeout-seconds> <command...>
wait_until() {
    local what="$1" timeout="$2"
    shift 2
    local deadline=$((SECONDS + timeout))
    until "$@" >/dev/null 2>&1; do
        if [ "$SECONDS" -ge "$deadline" ]; then
            return 1
        fi
        sleep 0.5
    done
    log "$what is ready"
}

# --- PostgreSQL ------------------------------------------------------------

pg_version() {
    # Highest installed server version, e.g. "15".
    local bin
    bin="$(ls -d /usr/lib/postgresql/*/bin/postgres 2>/dev/null | sort -V | tail -n 1 || true)"
    [ -n "$bin" ] || return 1
    basename "$(dirname "$(dirname "$bin")")"
}

pg_ready() { pg_isready -q -h "$PG_HOST" -p "$PG_PORT"; }

pg_cluster_exists() { pg_lsclusters -h 2>/dev/null | awk -v v="$1" -v c="$PG_CLUSTER" '$1==v && $2==c {f=1} END {exit !f}'; }

pg_cluster_online() { pg_lsclusters -h 2>/dev/null | awk -v v="$1" -v c="$PG_CLUSTER" '$1==v && $2==c && $4 ~ /^online/ {f=1} END {exit !f}'; }

pg_cluster_port() { pg_lsclusters -h 2>/dev/null | awk -v v="$1" -v c="$PG_CLUSTER" '$1==v && $2==c {print $3}'; }

pg_psql_super() {
    as_postgres psql -X -q -v ON_ERROR_STOP=1 -p "$PG_PORT" -d postgres "$@"
}

pg_ensure_role_and_db() {
    local has_role has_db
    has_role="$(pg_psql_super -tAc "SELECT 1 FROM pg_roles WHERE rolname = '$PG_USER'")"
    if [ "$has_role" = "1" ]; then
        pg_psql_super -c "ALTER ROLE $PG_USER WITH LOGIN CREATEDB PASSWORD '$PG_PASSWORD'"
    else
        log "creating role $PG_USER"
        pg_psql_super -c "CREATE ROLE $PG_USER WITH LOGIN CREATEDB PASSWORD '$PG_PASSWORD'"
    fi
    has_db="$(pg_psql_super -tAc "SELECT 1 FROM pg_database WHERE datname = '$PG_DB'")"
    if [ "$has_db" != "1" ]; then
        log "creating database $PG_DB"
        pg_psql_super -c "CREATE DATABASE $PG_DB OWNER $PG_USER"
    fi
}

start_postgres() {
    if ! pg_version >/dev/null || ! command -v pg_ctlcluster >/dev/null || ! command -v pg_isready >/dev/null; then
        apt_install postgresql
    fi
    local ver
    ver="$(pg_version)" || die "PostgreSQL server binaries not found after install"
    mkdir -p "$RUN_DIR"

    if pg_ready; then
        log "PostgreSQL already answering on $PG_HOST:$PG_PORT"
    else
        if ! pg_cluster_exists "$ver"; then
            log "creating cluster $ver/$PG_CLUSTER on port $PG_PORT"
            as_root pg_createcluster --port "$PG_PORT" --start-conf manual "$ver" "$PG_CLUSTER" >/dev/null
        fi
        local port
        port="$(pg_cluster_port "$ver")"
        [ "$port" = "$PG_PORT" ] || die "cluster $ver/$PG_CLUSTER is configured for port $port, expected $PG_PORT"
        if pg_cluster_online "$ver"; then
            die "cluster $ver/$PG_CLUSTER is running but not answering on $PG_HOST:$PG_PORT (check its listen_addresses)"
        fi
        log "starting PostgreSQL $ver/$PG_CLUSTER on $PG_HOST:$PG_PORT"
        local rc=0
        as_root pg_ctlcluster -o "-c listen_addresses=$PG_HOST" "$ver" "$PG_CLUSTER" start || rc=$?
        case "$rc" in
            0) echo "$ver $PG_CLUSTER" >"$PG_MARKER"
               record_started postgres ;;
            2) log "cluster $ver/$PG_CLUSTER was already running" ;;
            *) die "pg_ctlcluster $ver $PG_CLUSTER start failed (exit $rc); see /var/log/postgresql/postgresql-$ver-$PG_CLUSTER.log" ;;
        esac
    fi

    if ! wait_until "PostgreSQL" "$WAIT_TIMEOUT" pg_ready; then
        die "PostgreSQL did not answer on $PG_HOST:$PG_PORT within ${WAIT_TIMEOUT}s; see /var/log/postgresql/postgresql-$ver-$PG_CLUSTER.log"
    fi
    pg_ensure_role_and_db
    PGPASSWORD="$PG_PASSWORD" psql -X -q -h "$PG_HOST" -p "$PG_PORT" -U "$PG_USER" -d "$PG_DB" -tAc 'SELECT 1' >/dev/null \
        || die "cannot log in as $PG_USER to $PG_DB on $PG_HOST:$PG_PORT (check pg_hba.conf allows password auth from 127.0.0.1)"
}

stop_postgres() {
    if [ ! -f "$PG_MARKER" ]; then
        log "PostgreSQL was not started by this script; leaving it alone"
        return 0
    fi
    local ver cluster
    read -r ver cluster <"$PG_MARKER"
    log "stopping PostgreSQL $ver/$cluster"
    local rc=0
    as_root pg_ctlcluster "$ver" "$cluster" stop || rc=$?
    # 2 = was not running
    [ "$rc" -eq 0 ] || [ "$rc" -eq 2 ] || die "pg_ctlcluster $ver $cluster stop failed (exit $rc)"
    rm -f "$PG_MARKER"
}

# --- Redis -----------------------------------------------------------------

redis_ready() { [ "$(redis-cli -h "$REDIS_HOST" -p "$REDIS_PORT" ping 2>/dev/null)" = "PONG" ]; }

# Prints the pid from our pid file if that process is alive and is redis-server.
redis_our_pid() {
    pid_of_ours "$REDIS_PIDFILE" redis-server
}

start_redis() {
    if ! command -v redis-server >/dev/null || ! command -v redis-cli >/dev/null; then
        apt_install redis-server
    fi
    mkdir -p "$RUN_DIR" "$LOG_DIR"

    if redis_ready; then
        if redis_our_pid >/dev/null; then
            log "Redis (started by this script) already running"
        else
            log "Redis already answering on $REDIS_HOST:$REDIS_PORT (not ours)"
        fi
    else
        rm -f "$REDIS_PIDFILE"
        log "starting Redis on $REDIS_HOST:$REDIS_PORT"
        redis-server --daemonize yes --bind "$REDIS_HOST" --port "$REDIS_PORT" \
            --save "" --appendonly no \
            --dir "$RUN_DIR" \
            --pidfile "$REDIS_PIDFILE" \
            --logfile "$LOG_DIR/redis.log"
        record_started redis
    fi

    if ! wait_until "Redis" "$WAIT_TIMEOUT" redis_ready; then
        die "Redis did not answer on $REDIS_HOST:$REDIS_PORT within ${WAIT_TIMEOUT}s; see $LOG_DIR/redis.log"
    fi
}

stop_redis() {
    stop_pidfile Redis "$REDIS_PIDFILE" redis-server
}

# --- Elasticsearch ---------------------------------------------------------
# All the work (Maven fetch, plugin build, system user, pid file) is in
# scripts/elasticsearch.sh; it records the node's pid in var/run/elasticsearch.pid.

start_elasticsearch() {
    local before after
    before="$(cat "$ES_PIDFILE" 2>/dev/null || true)"
    bash "$ROOT/scripts/elasticsearch.sh" start >/dev/null
    after="$(cat "$ES_PIDFILE" 2>/dev/null || true)"
    if [ -n "$after" ] && [ "$after" != "$before" ]; then
        record_started elasticsearch
    fi
}

stop_elasticsearch() {
    bash "$ROOT/scripts/elasticsearch.sh" stop
}

# --- processes we start ourselves (pid file + command-line check) ---------

# pid_of_ours <pidfile> <text>: prints the pid from the pid file if that process is alive and its
# command line contains <text>.
pid_of_ours() {
    local pidfile="$1" text="$2" pid cmdline
    [ -f "$pidfile" ] || return 1
    pid="$(tr -dc '0-9' <"$pidfile")"
    [ -n "$pid" ] && [ -r "/proc/$pid/cmdline" ] || return 1
    cmdline="$(tr '\0' ' ' <"/proc/$pid/cmdline" 2>/dev/null)" || return 1
    [[ "$cmdline" == *"$text"* ]] || return 1
    echo "$pid"
}

# stop_pidfile <name> <pidfile> <text>: TERM (then KILL) the process recorded in the pid file.
stop_pidfile() {
    local name="$1" pidfile="$2" text="$3" pid
    if ! pid="$(pid_of_ours "$pidfile" "$text")"; then
        rm -f "$pidfile"
        log "$name was not started by this script (or is gone); leaving it alone"
        return 0
    fi
    log "stopping $name (pid $pid)"
    kill -TERM "$pid" 2>/dev/null || true
    local deadline=$((SECONDS + 20))
    while kill -0 "$pid" 2>/dev/null; do
        if [ "$SECONDS" -ge "$deadline" ]; then
            log "$name pid $pid did not exit; sending KILL"
            kill -KILL "$pid" 2>/dev/null || true
            break
        fi
        sleep 0.2
    done
    rm -f "$pidfile"
}

# --- localstripe -------------------------------------------------------------

localstripe_ready() { curl -fs -o /dev/null --max-time 2 "$LOCALSTRIPE_URL/js.stripe.com/v3/"; }

localstripe_installed() {
    [ -x "$LOCALSTRIPE_VENV/bin/python" ] || return 1
    [ "$("$LOCALSTRIPE_VENV/bin/python" -c 'import localstripe; print(localstripe.__version__)' 2>/dev/null)" \
        = "$LOCALSTRIPE_VERSION" ]
}

start_localstripe() {
    mkdir -p "$RUN_DIR" "$LOG_DIR"
    if ! localstripe_installed; then
        log "installing localstripe $LOCALSTRIPE_VERSION into var/localstripe-venv"
        [ -x "$LOCALSTRIPE_VENV/bin/python" ] || python3 -m venv "$LOCALSTRIPE_VENV"
        "$LOCALSTRIPE_VENV/bin/python" -m pip install -q --disable-pip-version-check \
            "localstripe==$LOCALSTRIPE_VERSION" "aiohttp==$LOCALSTRIPE_AIOHTTP_VERSION" \
            || die "pip install localstripe failed"
    fi

    if localstripe_ready; then
        if pid_of_ours "$LOCALSTRIPE_PIDFILE" localstripe_server.py >/dev/null; then
            log "localstripe (started by this script) already running"
        else
            log "localstripe already answering on $LOCALSTRIPE_URL (not ours)"
        fi
        return 0
    fi

    rm -f "$LOCALSTRIPE_PIDFILE"
    log "starting localstripe on $LOCALSTRIPE_URL"
    nohup "$LOCALSTRIPE_VENV/bin/python" "$ROOT/scripts/localstripe_server.py" \
        --host "$LOCALSTRIPE_HOST" --port "$LOCALSTRIPE_PORT" \
        >>"$LOG_DIR/localstripe.log" 2>&1 </dev/null &
    echo $! >"$LOCALSTRIPE_PIDFILE"
    record_started localstripe

    if ! wait_until "localstripe" "$WAIT_TIMEOUT" localstripe_ready; then
        die "localstripe did not answer on $LOCALSTRIPE_URL within ${WAIT_TIMEOUT}s; see $LOG_DIR/localstripe.log"
    fi
}

stop_localstripe() { stop_pidfile localstripe "$LOCALSTRIPE_PIDFILE" localstripe_server.py; }

# --- stripe-mock -------------------------------------------------------------

stripe_mock_ready() {
    curl -fs -o /dev/null --max-time 2 -H "Authorization: Bearer sk_test_123" "$STRIPE_MOCK_URL/v1/balance"
}

start_stripe_mock() {
    mkdir -p "$RUN_DIR" "$LOG_DIR"
    if [ ! -x "$STRIPE_MOCK_BIN" ]; then
        command -v go >/dev/null || die "stripe-mock is built with Go (1.22 or later); put 'go' on PATH"
        log "building stripe-mock $STRIPE_MOCK_VERSION into var/go/bin"
        GOBIN="$(dirname "$STRIPE_MOCK_BIN")" go install "github.com/stripe/stripe-mock@$STRIPE_MOCK_VERSION" \
            || die "go install stripe-mock failed"
    fi

    if stripe_mock_ready; then
        if pid_of_ours "$STRIPE_MOCK_PIDFILE" stripe-mock >/dev/null; then
            log "stripe-mock (started by this script) already running"
        else
            log "stripe-mock already answering on $STRIPE_MOCK_URL (not ours)"
        fi
        return 0
    fi

    rm -f "$STRIPE_MOCK_PIDFILE"
    log "starting stripe-mock on $STRIPE_MOCK_URL"
    # Both listeners on loopback: given only -http-addr, stripe-mock still opens HTTPS on every interface.
    nohup "$STRIPE_MOCK_BIN" -strict-version-check \
        -http-addr "$STRIPE_MOCK_HOST:$STRIPE_MOCK_PORT" \
        -https-addr "$STRIPE_MOCK_HOST:$STRIPE_MOCK_HTTPS_PORT" \
        >>"$LOG_DIR/stripe-mock.log" 2>&1 </dev/null &
    echo $! >"$STRIPE_MOCK_PIDFILE"
    record_started stripe_mock

    if ! wait_until "stripe-mock" "$WAIT_TIMEOUT" stripe_mock_ready; then
        die "stripe-mock did not answer on $STRIPE_MOCK_URL within ${WAIT_TIMEOUT}s; see $LOG_DIR/stripe-mock.log"
    fi
}

stop_stripe_mock() { stop_pidfile stripe-mock "$STRIPE_MOCK_PIDFILE" stripe-mock; }

# --- env -----------------------------------------------------------------

print_env() {
    echo "export DATABASE_URL=postgres://$PG_USER:$PG_PASSWORD@$PG_HOST:$PG_PORT/$PG_DB"
    echo "export REDIS_URL=redis://$REDIS_HOST:$REDIS_PORT/0"
    echo "export ELASTICSEARCH_URL=$ES_URL"
    echo "export STRIPE_API_BASE=$LOCALSTRIPE_URL"
    echo "export STRIPE_CONNECT_API_BASE=$STRIPE_MOCK_URL"
    echo "export STRIPE_INVOICE_API_BASE=$STRIPE_MOCK_URL"
}

# --- main --------------------------------------------------------------------

usage() {
    echo "usage: $0 {start|stop|env} [service...]   (services: ${SERVICES[*]})" >&2
    exit 2
}

check_services() {
    local s known
    for s in "$@"; do
        known=0
        for k in "${SERVICES[@]}"; do [ "$s" = "$k" ] && known=1; done
        [ "$known" -eq 1 ] || die "unknown service '$s' (known: ${SERVICES[*]})"
    done
}

main() {
    [ $# -ge 1 ] || usage
    local cmd="$1"
    shift
    local selected=("$@")
    [ ${#selected[@]} -gt 0 ] || selected=("${SERVICES[@]}")
    case "$cmd" in
        start)
            check_services "${selected[@]}"
            for s in "${selected[@]}"; do "start_$s"; done
            ;;
        stop)
            check_services "${selected[@]}"
            # Stop in reverse order of start.
            local i
            for ((i = ${#selected[@]} - 1; i >= 0; i--)); do "stop_${selected[$i]}"; done
            ;;
        env) print_env ;;
        *) usage ;;
    esac
}

main "$@"
