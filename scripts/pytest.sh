#!/usr/bin/env bash
# The pytest run of `make test`. Browser tests need Debian's Chromium; without it they
# are skipped and this says so plainly.
set -uo pipefail
PY=$1
shift
ARGS=(-q -p no:cacheprovider -n "${PYTEST_WORKERS:-2}")
if [[ "${DATABASE_URL:-}" == postgres* ]]; then
  echo "== pytest on PostgreSQL (${DATABASE_URL})"
  ARGS+=(--create-db)
else
  echo "== pytest on SQLite"
fi
if [[ ! -x /usr/bin/chromium ]]; then
  echo "NOTE: /usr/bin/chromium is missing: the browser tests are SKIPPED (apt-get install chromium)."
fi
"$PY" -m pytest "${ARGS[@]}" "$@"
