#!/usr/bin/env bash
# make run: local PostgreSQL (unless DATABASE_URL is set), migrations, demo register, dev server.
set -euo pipefail
cd "$(dirname "$0")/.."
PY=.venv/bin/python
export ZRK_DEMO=1
# Absolute links (canonical, feeds, sitemaps, exports) name the address the dev server listens on.
export SITE_URL="${SITE_URL:-http://127.0.0.1:${PORT:-8000}}"
if [ -z "${DATABASE_URL:-}" ]; then
  $PY -m zrk.localdb start
  trap '$PY -m zrk.localdb stop' EXIT
fi
$PY manage.py migrate --noinput
$PY manage.py load_demo --users
echo
echo "ZRK is served at http://127.0.0.1:${PORT:-8000}/ (Polish) and http://127.0.0.1:${PORT:-8000}/en/ (English)."
admin_path="${ADMIN_URL:-admin/}"; admin_path="${admin_path#/}"  # ADMIN_URL, as zrk/settings.py reads it
echo "Back-office: http://127.0.0.1:${PORT:-8000}/${admin_path%/}/ with the demo accounts above."
echo "Applicant portal: http://127.0.0.1:${PORT:-8000}/wnioski/ with the demo applicant above. Ctrl-C stops."
$PY manage.py runserver "127.0.0.1:${PORT:-8000}"
