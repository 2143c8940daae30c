#!/usr/bin/env bash
# Python lint for CI and before a commit: ruff (lint, then format check) and the import-linter contract for the
# layers (api -> search -> market, nothing upward), all configured in pyproject.toml.
#
#   scripts/lint.sh        check only (exit 1 on any finding)
#   scripts/lint.sh fix    ruff format and ruff check --fix first, then check
#
# Uses .venv's tools (scripts/test.sh installs the dev extras, which pin ruff and import-linter).
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
BIN="$ROOT/.venv/bin"
for tool in ruff lint-imports; do
    [ -x "$BIN/$tool" ] || { echo "[lint] ERROR: $BIN/$tool is missing: pip install -c constraints.txt -e '.[dev]'" >&2; exit 1; }
done

if [ "${1:-}" = "fix" ]; then
    "$BIN/ruff" format .
    "$BIN/ruff" check --fix .
fi
echo "[lint] ruff check" >&2
"$BIN/ruff" check .
echo "[lint] ruff format --check" >&2
"$BIN/ruff" format --check .
echo "[lint] lint-imports" >&2
# lint-imports finds the packages on sys.path: run it from the repository root (cwd is on the path).
"$BIN/lint-imports" --no-cache
