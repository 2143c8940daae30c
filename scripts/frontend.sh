#!/usr/bin/env bash
# The web UI's toolchain (frontend/): Node check, install, build, CI checks, the browser for e2e.
#
#   scripts/frontend.sh check      install if needed, then api:check, lint, typecheck, unit tests, build
#   scripts/frontend.sh build      install if needed, then `npm run build` (Django serves frontend/dist)
#   scripts/frontend.sh install    `npm ci` when node_modules is missing or package-lock.json changed since
#   scripts/frontend.sh chromium   install Debian's Chromium when CHROMIUM_PATH (default /usr/bin/chromium)
#                                  is missing (Playwright's own browser download cannot work here), and a
#                                  Korean font when there is none
#
# Needs Node >= 20.19 (Vite 8) and npm; fails with a clear message otherwise.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
FRONTEND="$ROOT/frontend"
NODE_MIN_MAJOR=20
NODE_MIN_MINOR=19

log() { echo "[frontend] $*" >&2; }
die() { echo "[frontend] ERROR: $*" >&2; exit 1; }

as_root() {
    if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi
}

node_check() {
    command -v node >/dev/null || die "Node.js >= $NODE_MIN_MAJOR.$NODE_MIN_MINOR is required (none on PATH)"
    command -v npm >/dev/null || die "npm is required (none on PATH)"
    local version major minor
    version="$(node -p 'process.versions.node')"
    IFS=. read -r major minor _ <<<"$version"
    if [ "$major" -lt "$NODE_MIN_MAJOR" ] || { [ "$major" -eq "$NODE_MIN_MAJOR" ] && [ "$minor" -lt "$NODE_MIN_MINOR" ]; }; then
        die "Node.js >= $NODE_MIN_MAJOR.$NODE_MIN_MINOR is required (Vite 8); this is $version"
    fi
}

lock_hash() { sha256sum "$FRONTEND/package-lock.json" | cut -d' ' -f1; }

# Installs only when node_modules is missing or package-lock.json changed since the last install (the hash
# stamped into node_modules records it). A fresh clone gets `npm ci`. An existing node_modules gets
# `npm install`, which installs the same locked versions without wiping the folder first (others may be
# building from it). `npm ci` also refuses a lock file that lacks a platform-only optional package the registry
# cannot serve (vite 8 lists a Windows-only one); then `npm install` from the same lock, which must not change.
install() {
    node_check
    local stamp="$FRONTEND/node_modules/.gachi-package-lock.sha256" want
    want="$(lock_hash)"
    if [ -d "$FRONTEND/node_modules" ] && [ "$(cat "$stamp" 2>/dev/null)" = "$want" ]; then
        return 0
    fi
    if [ ! -d "$FRONTEND/node_modules" ]; then
        log "npm ci"
        if (cd "$FRONTEND" && npm ci --no-audit --no-fund --loglevel=error); then
            echo "$want" >"$stamp"
            return 0
        fi
        log "npm ci refused the lock file; installing the locked versions with npm install"
    fi
    log "npm install (locked versions)"
    (cd "$FRONTEND" && npm install --no-audit --no-fund --loglevel=error)
    [ "$(lock_hash)" = "$want" ] \
        || die "package-lock.json did not match package.json; npm install updated it: review and commit it"
    echo "$want" >"$stamp"
}

build() {
    install
    log "npm run build"
    (cd "$FRONTEND" && npm run build --silent)
}

# stage <name> <command...>: run one check and print how long it took.
stage() {
    local name="$1" started=$SECONDS
    shift
    log "$name"
    (cd "$FRONTEND" && "$@")
    log "$name: $((SECONDS - started))s"
}

check() {
    install
    stage "api:check (committed schema types match /api/schema/)" npm run --silent api:check
    stage "lint" npm run --silent lint
    stage "typecheck" npm run --silent typecheck
    stage "unit tests (Vitest)" npm test --silent
    stage "build" npm run --silent build
}

# The browser, and a Korean font for it (without one, Hangul renders as boxes in the screenshots).
chromium() {
    local browser="${CHROMIUM_PATH:-/usr/bin/chromium}" packages=()
    if [ ! -x "$browser" ]; then
        [ -z "${CHROMIUM_PATH:-}" ] || die "CHROMIUM_PATH=$CHROMIUM_PATH is not an executable"
        packages+=(chromium)
    fi
    if ! command -v fc-list >/dev/null || [ -z "$(fc-list :lang=ko family 2>/dev/null | head -n 1)" ]; then
        packages+=(fonts-nanum)
    fi
    [ "${#packages[@]}" -gt 0 ] || return 0
    # As scripts/services.sh installs its Debian packages: quiet, no recommends.
    log "installing ${packages[*]} (Debian)"
    export DEBIAN_FRONTEND=noninteractive
    as_root apt-get update -qq
    as_root apt-get install -y -qq --no-install-recommends "${packages[@]}" >/dev/null \
        || die "apt-get install ${packages[*]} failed"
    [ -x "$browser" ] || die "chromium installed but $browser is missing"
}

case "${1:-}" in
    check) check ;;
    build) build ;;
    install) install ;;
    chromium) chromium ;;
    node-check) node_check ;;
    *) echo "usage: $0 {check|build|install|chromium|node-check}" >&2; exit 2 ;;
esac
