#!/usr/bin/env bash
# make test: lint, migration and system checks, and the whole suite on a real PostgreSQL.
# Without DATABASE_URL it runs inside a throwaway local cluster that is deleted afterwards.
set -euo pipefail
cd "$(dirname "$0")/.."
PY=.venv/bin/python
export ZRK_ENV=test
# The browser tests (tests/browser) drive Debian's Chromium; they fail without it, never skip.
if [ ! -x /usr/bin/chromium ]; then
  if [ "$(id -u)" = 0 ]; then
    echo "Installing Debian's chromium for the browser tests..."
    export DEBIAN_FRONTEND=noninteractive
    apt-get install -y chromium || { apt-get update && apt-get install -y chromium; }
  else
    echo "The browser tests need Chromium at /usr/bin/chromium: sudo apt-get install chromium" >&2
  fi
fi
if [ -z "${DATABASE_URL:-}" ]; then
  exec $PY -m zrk.localdb with-temp -- bash scripts/test.sh "$@"
fi
echo "== ruff"
$PY -m ruff check .
echo "== ruff format"
$PY -m ruff format --check .
echo "== migrations up to date"
$PY manage.py makemigrations --check --dry-run
echo "== system checks"
$PY manage.py check --fail-level WARNING
echo "== tests"
# The whole suite on every core: pytest-xdist workers, each with its own test database (test_zrk_gw0,
# ...), its own demo register and its own browser. A run of named tests (ARGS="tests/...") stays in
# one process unless it asks for workers itself (-n 2); PYTEST_WORKERS=N sets the number (0: one process).
parallel=(-n "${PYTEST_WORKERS:-auto}")
for arg in "$@"; do
  case "$arg" in
    -n | -n* | --numprocesses* | --dist* | no:xdist) parallel=() ;;
    tests | tests/*) [ -n "${PYTEST_WORKERS:-}" ] || parallel=() ;;
  esac
done
$PY -m pytest "${parallel[@]}" "$@"
