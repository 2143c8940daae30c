#!/usr/bin/env bash
# Start/stop the real services the test suite needs, on 127.0.0.1 only.
#
#   scripts/services.sh start [service...]   install if absent, start, wait until ready
#   scripts/services.sh stop  [service...]   stop only what this script started
#   scripts/services.sh env                  print export lines for the app/tests
#
# Services: postgres, redis, elasticsearch (default: all). Each service has start_<name> and
# stop_<name> functions; add a new one by writing both and listing it in SERVICES.
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

SERVICES=(postgres redis elasticsearch)

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
    [ -f "$REDIS_PIDFILE" ] || return 1
    local pid
    pid="$(tr -dc '0-9' <"$REDIS_PIDFILE")"
    [ -n "$pid" ] && [ -r "/proc/$pid/cmdline" ] || return 1
    local cmdline
    cmdline="$(tr '\0' ' ' <"/proc/$pid/cmdline" 2>/dev/null)" || return 1
    [[ "$cmdline" == *redis-server* ]] || return 1
    echo "$pid"
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
    local pid
    if ! pid="$(redis_our_pid)"; then
        rm -f "$REDIS_PIDFILE"
        log "Redis was not started by this script (or is gone); leaving it alone"
        return 0
    fi
    log "stopping Redis (pid $pid)"
    kill -TERM "$pid" 2>/dev/null || true
    local deadline=$((SECONDS + 20))
    while kill -0 "$pid" 2>/dev/null; do
        if [ "$SECONDS" -ge "$deadline" ]; then
            log "Redis pid $pid did not exit; sending KILL"
            kill -KILL "$pid" 2>/dev/null || true
            break
        fi
        sleep 0.2
    done
    rm -f "$REDIS_PIDFILE"
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

# --- env -----------------------------------------------------------------

print_env() {
    echo "export DATABASE_URL=postgres://$PG_USER:$PG_PASSWORD@$PG_HOST:$PG_PORT/$PG_DB"
    echo "export REDIS_URL=redis://$REDIS_HOST:$REDIS_PORT/0"
    echo "export ELASTICSEARCH_URL=$ES_URL"
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
