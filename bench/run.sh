#!/usr/bin/env bash
# `make bench`: every benchmark, printing figures (bench/README.md records them).
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

echo "== Machine: $(nproc) cores, $(free -g | awk '/^Mem:/ {print $2}') GiB RAM," \
  "$(lscpu | sed -n 's/^Model name: *//p' | head -1); $(date -u +%Y-%m-%d)"

if ! command -v wrk >/dev/null; then
  echo "== Installing wrk (Debian package)"
  apt-get update -qq && apt-get install -y -qq wrk
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
if [ ! -s "$LARGE_FILE" ]; then
  echo "== Generating the large negotiation"
  $PY bench/make_large_negotiation.py "$LARGE_FILE"
fi
slug_of() { $PY -c 'import json, sys; print(json.load(open(sys.argv[1]))["negotiation"]["slug"])' "$1"; }
DEMO_SLUG=$(slug_of negotiations/data/gaza-2024.json)
LARGE_SLUG=$(slug_of "$LARGE_FILE")
echo "== Importing the large negotiation ($(du -h "$LARGE_FILE" | cut -f1))"
$PY manage.py import_negotiation "$LARGE_FILE" --replace
# Fresh planner statistics, as autovacuum would soon give a production database.
$PY -c 'import os, psycopg; psycopg.connect(os.environ["DATABASE_URL"], autocommit=True).execute("ANALYZE")'

echo
echo "== Pages in-process: server time and queries, demo vs large"
$PY bench/bench_pages.py --runs "${BENCH_RUNS:-15}" \
  --negotiation "demo=$DEMO_SLUG" --negotiation "large=$LARGE_SLUG"

echo
echo "== Throughput under load (wrk against gunicorn)"
$PY bench/bench_load.py --seconds "${BENCH_SECONDS:-30}" \
  --path "/negotiations/$LARGE_SLUG/" --path "/negotiations/$DEMO_SLUG/"

echo
echo "== Diff engine against difflib"
$PY bench/bench_diffs.py

echo
echo "== Import and export of the large negotiation"
$PY bench/bench_import.py --input "$LARGE_FILE"
