#!/usr/bin/env bash
# Start the web server and the Huey worker together; stop both on Ctrl-C.
set -euo pipefail
PY=$1 HOST=$2 PORT=$3 WORKERS=$4
BIN=$(dirname "$PY")

"$PY" manage.py run_huey --quiet &
WORKER=$!
trap 'kill $WORKER 2>/dev/null || true' EXIT INT TERM

echo "aftersales: web on http://$HOST:$PORT/ (console), /admin/, /api/v1/docs; worker pid $WORKER"
"$BIN/gunicorn" config.wsgi:application --bind "$HOST:$PORT" --workers "$WORKERS" \
  --max-requests 2000 --max-requests-jitter 200 \
  --access-logfile - --log-level warning
