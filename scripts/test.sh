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
$PY -m pytest "$@"
