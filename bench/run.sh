#!/usr/bin/env bash
# `make bench`: every benchmark, printing figures (bench/README.md records them), then
# every goal of issue 15 against its figure in one summary block.
# BENCH_DATABASE_URL  the PostgreSQL database to fill (created when missing;
#                     default postgres://postgres@127.0.0.1:5432/tracker_bench)
# BENCH_SECONDS       wrk's duration per target (30)
# BENCH_RUNS          requests per page for the in-process medians (15)
set -euo pipefail
cd "$(dirname "$0")/.."

PY=.venv/bin/python
export DATABASE_URL="${BENCH_DATABASE_URL:-postgres://postgres@127.0.0.1:5432/tracker_bench}"
export DJANGO_SETTINGS_MODULE=tracker.settings.dev DEBUG=0
OUT=bench/out
mkdir -p "$OUT"
# Each script's output is kept here too, for the summary at the end.
LOGS="$OUT/logs"
rm -rf "$LOGS"
mkdir -p "$LOGS"

echo "== Machine: $(nproc) cores, $(free -g | awk '/^Mem:/ {print $2}') GiB RAM," \
  "$(lscpu | sed -n 's/^Model name: *//p' | head -1); $(date -u +%Y-%m-%d)"

if ! command -v wrk >/dev/null; then
  echo "== Installing wrk (Debian package)"
  SUDO=
  [ "$(id -u)" = 0 ] || SUDO=sudo
  $SUDO apt-get update -qq && $SUDO apt-get install -y -qq wrk
fi

echo "== Bench database ${DATABASE_URL##*/}"
$PY - <<'EOF'
import os
import psycopg
from psycopg import sql

url = os.environ["DATABASE_URL"]
server, name = url.rsplit("/", 1)
with psycopg.connect(f"{server}/postgres", autocommit=True) as conn:
    if not conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone():
        conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
EOF
$PY manage.py migrate --no-input -v 0
$PY manage.py load_demo

LARGE_FILE="$OUT/large-negotiation.json"
# Always written afresh (a few seconds): a file left by an older generator would
# measure an older document. The same seed gives the same document.
echo "== Generating the large negotiation"
$PY bench/make_large_negotiation.py "$LARGE_FILE"
slug_of() { $PY -c 'import json, sys; print(json.load(open(sys.argv[1]))["negotiation"]["slug"])' "$1"; }
DEMO_SLUG=$(slug_of negotiations/data/gaza-2024.json)
LARGE_SLUG=$(slug_of "$LARGE_FILE")
echo "== Importing the large negotiation ($(du -h "$LARGE_FILE" | cut -f1))"
$PY manage.py import_negotiation "$LARGE_FILE" --replace
# Fresh planner statistics, as autovacuum would soon give a production database.
$PY -c 'import os, psycopg; psycopg.connect(os.environ["DATABASE_URL"], autocommit=True).execute("ANALYZE")'

# step NAME TITLE COMMAND...: run one benchmark, showing its output and keeping it.
step() {
  local name=$1 title=$2
  shift 2
  echo
  echo "== $title"
  echo "$title" >"$LOGS/$name.title"
  "$@" 2>&1 | tee "$LOGS/$name.log"
}

step 1-pages "Pages in-process: server time and queries, demo vs large" \
  $PY bench/bench_pages.py --runs "${BENCH_RUNS:-15}" \
  --negotiation "demo=$DEMO_SLUG" --negotiation "large=$LARGE_SLUG"
step 2-load "Throughput under load (wrk against gunicorn, as make serve starts it)" \
  $PY bench/bench_load.py --seconds "${BENCH_SECONDS:-30}" \
  --path "/negotiations/$LARGE_SLUG/" --path "/negotiations/$DEMO_SLUG/"
step 3-diffs "Diff engine against difflib" $PY bench/bench_diffs.py
step 4-import "Import and export of the large negotiation" \
  $PY bench/bench_import.py --input "$LARGE_FILE"

# Every line that states a goal, grouped by script: the figures above, in one place.
echo
echo "== Summary: issue 15's goals against this run's figures" \
  "(load average $(cut -d' ' -f1-3 /proc/loadavg))"
for log in "$LOGS"/*.log; do
  echo "-- $(cat "${log%.log}.title")"
  grep -i "goal" "$log" | grep -v "^Goals" || echo "  (no goal printed)"
done
