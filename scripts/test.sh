#!/usr/bin/env bash
# make test: lint, migration and system checks, and the whole suite on a real PostgreSQL.
# Without DATABASE_URL it runs inside a throwaway local cluster that is deleted afterwards.
set -euo pipefail
cd "$(dirname "$0")/.."
PY=.venv/bin/python
export ZRK_ENV=test
if [ -z "${DATABASE_URL:-}" ]; then
  exec $PY -m zrk.localdb with-temp -- bash scripts/test.sh "$@"
fi
echo "== ruff"
$PY -m ruff check .
echo "== migrations up to date"
$PY manage.py makemigrations --check --dry-run
echo "== system checks"
$PY manage.py check --fail-level WARNING
echo "== tests"
$PY -m pytest "$@"
