#!/usr/bin/env bash
# A real Elasticsearch node on 127.0.0.1:9200 for tests/CI, with Korean (nori)
# analysis from our own plugin (search/es-plugin/).
#
#   scripts/elasticsearch.sh fetch           get the integration-test distribution (Maven) and unpack it
#   scripts/elasticsearch.sh build-plugin    build search/es-plugin (skipped if the zip is up to date)
#   scripts/elasticsearch.sh install-plugin  install the plugin into the node (skipped if already installed)
#   scripts/elasticsearch.sh start           all of the above, then start the node and wait until it answers
#   scripts/elasticsearch.sh stop            stop the node this script started (by the pid in its pid file)
#   scripts/elasticsearch.sh status          say whether it runs and answers
#   scripts/elasticsearch.sh url             print the URL
#
# Elastic's download site is not reachable from here; Maven Central has the
# integration-test distribution zip (server + transport-netty4 + x-pack-core/
# security, no analysis-common, no JDK). It runs on a JDK >= 21 found on the
# machine, as an unprivileged system user (Elasticsearch refuses to run as
# root), with everything it writes under var/.
#
# Environment overrides: ES_START_TIMEOUT (seconds, default 180), ES_HEAP (default 512m).
set -euo pipefail

# Pinned. 9.5.0 ships Lucene 10.5.0, the newest Lucene whose lucene-analysis-nori
# is on Maven Central (10.5.1, used by 9.5.2+, is not there).
ES_VERSION=9.5.0

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
ES_HOST=127.0.0.1
ES_PORT=9200
ES_URL="http://$ES_HOST:$ES_PORT"
ES_USER=gachi-es
ES_HEAP="${ES_HEAP:-512m}"
START_TIMEOUT="${ES_START_TIMEOUT:-180}"

log() { echo "[elasticsearch] $*" >&2; }
die() { echo "[elasticsearch] ERROR: $*" >&2; exit 1; }

is_root() { [ "$(id -u)" -eq 0 ]; }

# True if every folder from / down to $1 lets "others" search it (so $ES_USER can reach it).
world_searchable() {
    local d="$1" mode
    while [ -n "$d" ] && [ "$d" != "/" ]; do
        mode="$(stat -c %a "$d")" || return 1
        [ $(( ${mode: -1} & 1 )) -eq 1 ] || return 1
        d="$(dirname "$d")"
    done
}

mkdir -p "$ROOT/var/run" "$ROOT/var/log"
ES_BASE="$ROOT/var/elasticsearch"        # unpacked versions, data, tmp
ES_LOG_DIR="$ROOT/var/log/elasticsearch" # the node's own logs (path.logs)
if is_root && ! world_searchable "$ROOT/var"; then
    # The node runs as $ES_USER, which cannot reach a project inside a private folder:
    # keep the node's files in a folder of its own, one per project checkout.
    ES_BASE="/var/lib/$ES_USER/$(printf '%s' "$ROOT" | sha256sum | cut -c1-12)"
    ES_LOG_DIR="$ES_BASE/log"
fi
ES_HOME="$ES_BASE/$ES_VERSION"
ES_DATA="$ES_BASE/data/$ES_VERSION"
ES_TMP="$ES_BASE/tmp"
ES_OWN_RUN="$ES_BASE/run"                # pid file written by the node itself (as $ES_USER)
ES_CLI_LOG="$ROOT/var/log/elasticsearch.log"
RUN_DIR="$ROOT/var/run"
PIDFILE="$RUN_DIR/elasticsearch.pid"

PLUGIN_SRC="$ROOT/search/es-plugin"
PLUGIN_NAME=gachi-analysis
PLUGIN_ZIP="$PLUGIN_SRC/target/$PLUGIN_NAME-$ES_VERSION-plugin.zip"
PLUGIN_STAMP="$ES_BASE/.plugin-$ES_VERSION.sha256"

MAVEN_DEPENDENCY_PLUGIN=org.apache.maven.plugins:maven-dependency-plugin:3.8.1

# --- Java --------------------------------------------------------------------

java_major() {
    # Prints the major version of the java binary $1 (e.g. 17, 21, 25).
    "$1" -XshowSettings:properties -version 2>&1 \
        | awk -F'= ' '/java\.specification\.version/ {print $2; exit}' \
        | sed 's/^1\.//; s/\..*//'
}

# find_jdk [need_javac]: prints a Java home of version >= 21.
# JAVA_HOME / ES_JAVA_HOME win when they are >= 21; otherwise the newest JDK under /usr/lib/jvm.
find_jdk() {
    local need_javac="${1:-0}" d v best="" best_v=0
    local -a candidates=()
    [ -n "${ES_JAVA_HOME:-}" ] && candidates+=("$ES_JAVA_HOME")
    [ -n "${JAVA_HOME:-}" ] && candidates+=("$JAVA_HOME")
    for d in "${candidates[@]}"; do
        [ -x "$d/bin/java" ] || continue
        [ "$need_javac" = 1 ] && [ ! -x "$d/bin/javac" ] && continue
        v="$(java_major "$d/bin/java")"
        if [ -n "$v" ] && [ "$v" -ge 21 ]; then echo "$d"; return 0; fi
    done
    for d in /usr/lib/jvm/*; do
        [ -d "$d" ] && [ -x "$d/bin/java" ] || continue
        [ "$need_javac" = 1 ] && [ ! -x "$d/bin/javac" ] && continue
        v="$(java_major "$d/bin/java")"
        [ -n "$v" ] || continue
        if [ "$v" -ge 21 ] && [ "$v" -gt "$best_v" ]; then best="$(readlink -f "$d")"; best_v="$v"; fi
    done
    [ -n "$best" ] || return 1
    echo "$best"
}

require_jdk() {
    local jdk
    jdk="$(find_jdk "${1:-0}")" \
        || die "no JDK >= 21 found (set JAVA_HOME to one, or install one under /usr/lib/jvm); Elasticsearch $ES_VERSION needs Java 21+"
    echo "$jdk"
}

# --- HTTP --------------------------------------------------------------------

http_get() {
    # http_get URL: prints the body; fails if no answer.
    if command -v curl >/dev/null; then
        curl -fsS --max-time 5 "$1"
    else
        python3 - "$1" <<'PY'
import sys, urllib.request
with urllib.request.urlopen(sys.argv[1], timeout=5) as r:
    sys.stdout.write(r.read().decode())
PY
    fi
}

# Readiness: /_cluster/health is in the server itself. (GET / comes from the rest-root module,
# which the integ-test distribution lacks; our plugin adds it back, see search/es-plugin.)
es_ready() { http_get "$ES_URL/_cluster/health" >/dev/null 2>&1; }

strip_colors() { sed 's/\x1b\[[0-9;]*m//g'; }

# --- fetch -------------------------------------------------------------------

cmd_fetch() {
    if [ -x "$ES_HOME/bin/elasticsearch" ] && [ -d "$ES_HOME/lib" ]; then
        log "Elasticsearch $ES_VERSION already unpacked in ${ES_HOME#"$ROOT"/}"
        return 0
    fi
    command -v mvn >/dev/null || die "mvn (Maven) is needed to fetch Elasticsearch from Maven Central"
    if ! command -v unzip >/dev/null; then
        is_root || die "unzip is missing"
        log "installing unzip"
        DEBIAN_FRONTEND=noninteractive apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq unzip >/dev/null
    fi
    mkdir -p "$ES_BASE"
    local tmp started=$SECONDS
    tmp="$(mktemp -d "$ES_BASE/.fetch.XXXXXX")"
    # shellcheck disable=SC2064
    trap "rm -rf '$tmp'" EXIT
    log "fetching org.elasticsearch.distribution.integ-test-zip:elasticsearch:$ES_VERSION:zip with Maven"
    (cd "$tmp" && mvn -B -q -Dstyle.color=never "$MAVEN_DEPENDENCY_PLUGIN:copy" \
        -Dartifact="org.elasticsearch.distribution.integ-test-zip:elasticsearch:$ES_VERSION:zip" \
        -DoutputDirectory="$tmp") 2>&1 | strip_colors >&2 \
        || die "Maven could not fetch the Elasticsearch $ES_VERSION integ-test zip"
    unzip -q "$tmp/elasticsearch-$ES_VERSION.zip" -d "$tmp/x"
    [ -x "$tmp/x/elasticsearch-$ES_VERSION/bin/elasticsearch" ] || die "unexpected zip layout (no elasticsearch-$ES_VERSION/bin/elasticsearch)"
    rm -rf "$ES_HOME"
    mv "$tmp/x/elasticsearch-$ES_VERSION" "$ES_HOME"
    rm -rf "$tmp"
    trap - EXIT
    log "unpacked into ${ES_HOME#"$ROOT"/} in $((SECONDS - started))s"
}

lucene_version() {
    local jar
    jar="$(ls "$ES_HOME"/lib/lucene-core-*.jar 2>/dev/null | head -n 1)"
    [ -n "$jar" ] || die "no lucene-core jar in $ES_HOME/lib"
    basename "$jar" | sed 's/^lucene-core-//; s/\.jar$//'
}

# --- plugin ------------------------------------------------------------------

plugin_zip_fresh() {
    [ -f "$PLUGIN_ZIP" ] || return 1
    [ -z "$(find "$PLUGIN_SRC/pom.xml" "$PLUGIN_SRC/src" -newer "$PLUGIN_ZIP" -print -quit)" ]
}

cmd_build_plugin() {
    cmd_fetch
    if plugin_zip_fresh; then
        log "plugin zip is up to date: search/es-plugin/target/$(basename "$PLUGIN_ZIP")"
        return 0
    fi
    command -v mvn >/dev/null || die "mvn (Maven) is needed to build the plugin"
    local jdk lucene started=$SECONDS
    jdk="$(require_jdk 1)"
    lucene="$(lucene_version)"
    log "building the $PLUGIN_NAME plugin (Elasticsearch $ES_VERSION, Lucene $lucene) with $(basename "$jdk")"
    JAVA_HOME="$jdk" mvn -B -q -Dstyle.color=never -f "$PLUGIN_SRC/pom.xml" \
        -Des.home="$ES_HOME" -Des.version="$ES_VERSION" -Dlucene.version="$lucene" \
        clean package 2>&1 | strip_colors >&2 \
        || die "plugin build failed (is org.apache.lucene:lucene-analysis-nori:$lucene on Maven Central?)"
    [ -f "$PLUGIN_ZIP" ] || die "build finished but $PLUGIN_ZIP is missing"
    log "built search/es-plugin/target/$(basename "$PLUGIN_ZIP") in $((SECONDS - started))s"
}

cmd_install_plugin() {
    cmd_build_plugin
    local sum
    sum="$(sha256sum "$PLUGIN_ZIP" | awk '{print $1}')"
    if [ -d "$ES_HOME/plugins/$PLUGIN_NAME" ] && [ -f "$PLUGIN_STAMP" ] && [ "$(cat "$PLUGIN_STAMP")" = "$sum" ]; then
        log "plugin $PLUGIN_NAME already installed"
        return 0
    fi
    local jdk
    jdk="$(require_jdk)"
    if [ -d "$ES_HOME/plugins/$PLUGIN_NAME" ]; then
        log "removing the previous $PLUGIN_NAME plugin"
        ES_JAVA_HOME="$jdk" "$ES_HOME/bin/elasticsearch-plugin" remove --purge "$PLUGIN_NAME" >&2 \
            || rm -rf "${ES_HOME:?}/plugins/$PLUGIN_NAME"
    fi
    log "installing plugin $PLUGIN_NAME"
    ES_JAVA_HOME="$jdk" "$ES_HOME/bin/elasticsearch-plugin" install --batch "file://$PLUGIN_ZIP" >&2 \
        || die "elasticsearch-plugin install failed"
    echo "$sum" >"$PLUGIN_STAMP"
    if our_pid >/dev/null; then
        log "note: the running node loads the new plugin only after: $0 stop && $0 start"
    fi
}

# --- user, config ------------------------------------------------------------

ensure_user() {
    is_root || return 0 # not root: the node runs as the current user
    if ! id -u "$ES_USER" >/dev/null 2>&1; then
        log "creating system user $ES_USER"
        useradd --system --user-group --no-create-home --home-dir /nonexistent \
            --shell /usr/sbin/nologin "$ES_USER"
    fi
}

as_es_user() {
    if is_root; then
        (cd / && runuser -u "$ES_USER" -- "$@")
    else
        "$@"
    fi
}

write_config() {
    cat >"$ES_HOME/config/elasticsearch.yml" <<EOF
# Written by scripts/elasticsearch.sh on every start; edits here are lost.
cluster.name: gachi-test
node.name: gachi-es-1
path.data: $ES_DATA
path.logs: $ES_LOG_DIR
network.host: $ES_HOST
http.port: $ES_PORT
transport.port: 9300-9399
discovery.type: single-node
xpack.security.enabled: false
cluster.routing.allocation.disk.threshold_enabled: false
EOF
}

prepare_dirs() {
    mkdir -p "$ES_DATA" "$ES_TMP" "$ES_OWN_RUN" "$ES_LOG_DIR" "$RUN_DIR"
    if is_root; then
        chown -R "$ES_USER:$ES_USER" "$ES_HOME" "$ES_BASE/data" "$ES_TMP" "$ES_OWN_RUN" "$ES_LOG_DIR"
        if ! runuser -u "$ES_USER" -- test -x "$ES_HOME/bin" -a -w "$ES_DATA"; then
            die "user $ES_USER cannot reach $ES_HOME or write $ES_DATA"
        fi
    fi
}

# --- process -----------------------------------------------------------------

# Prints the pid from our pid file if that process is alive and is an Elasticsearch node.
our_pid() {
    [ -f "$PIDFILE" ] || return 1
    local pid cmdline
    pid="$(tr -dc '0-9' <"$PIDFILE")"
    [ -n "$pid" ] && [ -r "/proc/$pid/cmdline" ] || return 1
    cmdline="$(tr '\0' ' ' <"/proc/$pid/cmdline" 2>/dev/null)" || return 1
    [[ "$cmdline" == *org.elasticsearch* ]] || return 1
    echo "$pid"
}

# Shows what this start attempt logged: the launcher's output since our "=== start" marker,
# and the node's own log if it was written since then.
log_tail() {
    if [ -s "$ES_CLI_LOG" ]; then
        echo "----- ${ES_CLI_LOG#"$ROOT"/} (this start) -----" >&2
        awk '/^=== .* start$/ {n = 0; delete buf} {buf[n++] = $0} END {s = n > 40 ? n - 40 : 0; for (i = s; i < n; i++) print buf[i]}' \
            "$ES_CLI_LOG" >&2
    fi
    local node_log="$ES_LOG_DIR/gachi-test.log"
    if [ -s "$node_log" ] && [ "$node_log" -nt "$ES_OWN_RUN/.start" ]; then
        echo "----- last lines of ${node_log#"$ROOT"/} -----" >&2
        tail -n 20 "$node_log" >&2
    fi
}

cmd_start() {
    local pid
    if pid="$(our_pid)"; then
        if es_ready; then
            log "already running (pid $pid): $ES_URL"
            echo "$ES_URL"
            return 0
        fi
        log "our node (pid $pid) is starting; waiting for it"
    elif es_ready; then
        log "something else already answers on $ES_URL (not started by this script); leaving it alone"
        echo "$ES_URL"
        return 0
    else
        rm -f "$PIDFILE"
        cmd_install_plugin
        ensure_user
        write_config
        prepare_dirs
        local jdk
        jdk="$(require_jdk)"
        rm -f "$ES_OWN_RUN/elasticsearch.pid"
        log "starting Elasticsearch $ES_VERSION on $ES_URL (heap $ES_HEAP, Java $(java_major "$jdk/bin/java"), user $(is_root && echo "$ES_USER" || id -un))"
        echo "=== $(date -u +%FT%TZ) start" >>"$ES_CLI_LOG"
        touch "$ES_OWN_RUN/.start"
        # -d: the launcher starts the server JVM, waits until it is up, then exits; -p: pid file.
        as_es_user env ES_JAVA_HOME="$jdk" ES_PATH_CONF="$ES_HOME/config" ES_TMPDIR="$ES_TMP" \
            ES_JAVA_OPTS="-Xms$ES_HEAP -Xmx$ES_HEAP" \
            "$ES_HOME/bin/elasticsearch" -d -p "$ES_OWN_RUN/elasticsearch.pid" \
            </dev/null >>"$ES_CLI_LOG" 2>&1 &
        local launcher=$!
        local started=$SECONDS deadline=$((SECONDS + START_TIMEOUT)) launcher_rc=""
        while :; do
            if [ -z "$pid" ] && [ -s "$ES_OWN_RUN/elasticsearch.pid" ]; then
                pid="$(tr -dc '0-9' <"$ES_OWN_RUN/elasticsearch.pid")"
                [ -n "$pid" ] && echo "$pid" >"$PIDFILE"
            fi
            if es_ready; then break; fi
            if [ -z "$launcher_rc" ] && ! kill -0 "$launcher" 2>/dev/null; then
                launcher_rc=0
                wait "$launcher" || launcher_rc=$?
                if [ "$launcher_rc" -ne 0 ]; then
                    log_tail
                    die "Elasticsearch failed to start (launcher exit $launcher_rc); see ${ES_CLI_LOG#"$ROOT"/} and ${ES_LOG_DIR#"$ROOT"/}/"
                fi
            fi
            if [ "$SECONDS" -ge "$deadline" ]; then
                log_tail
                die "Elasticsearch did not answer on $ES_URL within ${START_TIMEOUT}s (it may still be starting: pid ${pid:-unknown}; '$0 stop' ends it)"
            fi
            sleep 1
        done
        [ -n "$launcher_rc" ] || wait "$launcher" || true
        if [ -s "$ES_OWN_RUN/elasticsearch.pid" ]; then
            tr -dc '0-9' <"$ES_OWN_RUN/elasticsearch.pid" >"$PIDFILE"
        fi
        pid="$(our_pid)" || die "Elasticsearch answers but its pid file is missing"
        log "Elasticsearch $ES_VERSION is up after $((SECONDS - started))s (pid $pid): $ES_URL"
        echo "$ES_URL"
        return 0
    fi
    # Our node was already starting: wait for it.
    local deadline=$((SECONDS + START_TIMEOUT))
    until es_ready; do
        if ! kill -0 "$pid" 2>/dev/null; then log_tail; die "Elasticsearch (pid $pid) exited while starting"; fi
        [ "$SECONDS" -lt "$deadline" ] || { log_tail; die "Elasticsearch did not answer on $ES_URL within ${START_TIMEOUT}s"; }
        sleep 1
    done
    log "Elasticsearch is up (pid $pid): $ES_URL"
    echo "$ES_URL"
}

cmd_stop() {
    local pid
    if ! pid="$(our_pid)"; then
        rm -f "$PIDFILE"
        log "Elasticsearch was not started by this script (or is gone); leaving it alone"
        return 0
    fi
    log "stopping Elasticsearch (pid $pid)"
    kill -TERM "$pid" 2>/dev/null || true
    local deadline=$((SECONDS + 60))
    while kill -0 "$pid" 2>/dev/null; do
        if [ "$SECONDS" -ge "$deadline" ]; then
            log "pid $pid did not exit within 60s; sending KILL"
            kill -KILL "$pid" 2>/dev/null || true
            break
        fi
        sleep 0.5
    done
    rm -f "$PIDFILE" "$ES_OWN_RUN/elasticsearch.pid"
    log "stopped"
}

cmd_status() {
    local pid rc=0
    if pid="$(our_pid)"; then
        echo "running (pid $pid, started by this script)"
    else
        echo "not running (no live pid in ${PIDFILE#"$ROOT"/})"
        rc=3
    fi
    if es_ready; then
        local version
        version="$(http_get "$ES_URL/_nodes/_local?filter_path=nodes.*.version" \
            | python3 -c 'import json,sys; print(*[n["version"] for n in json.load(sys.stdin)["nodes"].values()])' 2>/dev/null || echo '?')"
        echo "answering on $ES_URL (version $version)"
        rc=0
    else
        echo "nothing answers on $ES_URL"
    fi
    return "$rc"
}

usage() {
    echo "usage: $0 {fetch|build-plugin|install-plugin|start|stop|status|url}   (Elasticsearch $ES_VERSION, $ES_URL)" >&2
    exit 2
}

main() {
    [ $# -eq 1 ] || usage
    case "$1" in
        fetch) cmd_fetch ;;
        build-plugin) cmd_build_plugin ;;
        install-plugin) cmd_install_plugin ;;
        start) cmd_start ;;
        stop) cmd_stop ;;
        status) cmd_status ;;
        url) echo "$ES_URL" ;;
        *) usage ;;
    esac
}

main "$@"
