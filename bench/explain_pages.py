"""Show how PostgreSQL runs each query of each public page (EXPLAIN ANALYZE).

Run from the project root against the bench database (bench/run.sh fills it):

    DATABASE_URL=postgres://.../tracker_bench .venv/bin/python bench/explain_pages.py \
        large-negotiation

For every page of the negotiation (the same pages as bench_pages.py) it runs the
page once with the page cache off, then EXPLAIN (ANALYZE, BUFFERS) on each query
it ran, and prints per query: the execution time, the rows it returned, and
every scan node of the plan (sequential scans on large tables are what an
index would fix).
"""

import os
import re
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tracker.settings.dev")
os.environ.setdefault("DEBUG", "0")

import django  # noqa: E402

django.setup()

from django.db import connection  # noqa: E402
from django.test import Client, override_settings  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

from bench.bench_pages import page_urls  # noqa: E402
from negotiations.models import Negotiation  # noqa: E402

SCAN = re.compile(
    r"(Seq Scan|Index Scan|Index Only Scan|Bitmap Heap Scan|Bitmap Index Scan)"
)


def explain(sql):
    with connection.cursor() as cursor:
        cursor.execute(f"EXPLAIN (ANALYZE, BUFFERS) {sql}")
        return [row[0] for row in cursor.fetchall()]


def summary(plan):
    """Return the execution time, the top node's rows and the scan lines."""
    execution = next((line for line in plan if line.startswith("Execution Time")), "")
    rows = re.search(r"actual time=\S+ rows=(\d+)", plan[0])
    scans = [line.strip().removeprefix("-> ") for line in plan if SCAN.search(line)]
    return execution.removeprefix("Execution Time: "), rows and rows.group(1), scans


def main():
    if connection.vendor != "postgresql":
        raise SystemExit("EXPLAIN ANALYZE here needs PostgreSQL (DATABASE_URL).")
    slug = sys.argv[1] if len(sys.argv) > 1 else "large-negotiation"
    negotiation = Negotiation.objects.select_related("side_a").get(slug=slug)
    client = Client()
    with override_settings(ALLOWED_HOSTS=["testserver"], PAGE_CACHE_SECONDS=0):
        for page, url in page_urls(negotiation):
            with CaptureQueriesContext(connection) as queries:
                status = client.get(url).status_code
            captured = list(queries.captured_queries)
            print(f"\n=== {page}: {url} ({status}, {len(captured)} queries)")
            for number, query in enumerate(captured, 1):
                sql = query["sql"]
                took, rows, scans = summary(explain(sql))
                table = re.search(r'FROM "(\w+)"', sql)
                name = table.group(1) if table else "?"
                print(f"  {number}. {name}: {took}, {rows} rows")
                for scan in scans:
                    print(f"       {scan[:150]}")


if __name__ == "__main__":
    main()
