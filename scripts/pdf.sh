#!/usr/bin/env bash
# What the server needs to render documents as PDF (market/documents, WeasyPrint): Pango and HarfBuzz from
# Debian, and a Korean font that WeasyPrint embeds (fonts-nanum: NanumGothic, which documents.css names first).
# Installs only what is missing, as scripts/frontend.sh installs Chromium.
#
#   scripts/pdf.sh          install what is missing (needs root or sudo, and Debian's apt)
#   scripts/pdf.sh check    exit 1, naming what is missing, without installing
set -euo pipefail

log() { echo "[pdf] $*" >&2; }
die() { echo "[pdf] ERROR: $*" >&2; exit 1; }

as_root() {
    if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi
}

# The linker's cache, read once (grep -q on a pipe would end ldconfig early, which pipefail counts as failure).
library_cache() { { command -v ldconfig >/dev/null && ldconfig -p; } || /sbin/ldconfig -p || true; }
has_library() { grep -q "$1" <<<"$LIBRARIES"; }

# Debian package -> what shows it is there. WeasyPrint loads Pango (with its FreeType backend), HarfBuzz and its
# subsetter (fonts are embedded as subsets), fontconfig and GObject through cffi at import time.
missing() {
    LIBRARIES="$(library_cache 2>/dev/null)"
    has_library 'libpango-1\.0\.so\.0' || echo libpango-1.0-0
    has_library 'libpangoft2-1\.0\.so\.0' || echo libpangoft2-1.0-0
    has_library 'libharfbuzz-subset\.so\.0' || echo libharfbuzz-subset0
    has_library 'libfontconfig\.so\.1' || echo libfontconfig1
    if ! command -v fc-list >/dev/null || [ -z "$(fc-list 'NanumGothic' family 2>/dev/null | head -n 1)" ]; then
        echo fonts-nanum
        command -v fc-list >/dev/null || echo fontconfig
    fi
}

packages=()
while read -r package; do
    [ -n "$package" ] && packages+=("$package")
done < <(missing)

case "${1:-install}" in
    check)
        [ "${#packages[@]}" -eq 0 ] || die "missing Debian packages: ${packages[*]} (run scripts/pdf.sh)"
        ;;
    install)
        [ "${#packages[@]}" -gt 0 ] || exit 0
        # As scripts/services.sh installs its Debian packages: quiet, no recommends.
        log "installing ${packages[*]} (Debian)"
        export DEBIAN_FRONTEND=noninteractive
        as_root apt-get update -qq
        as_root apt-get install -y -qq --no-install-recommends "${packages[@]}" >/dev/null \
            || die "apt-get install ${packages[*]} failed"
        [ -z "$(missing)" ] || die "still missing after the install: $(missing | tr '\n' ' ')"
        ;;
    *) echo "usage: $0 [install|check]" >&2; exit 2 ;;
esac
