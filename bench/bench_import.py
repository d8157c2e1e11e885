"""Time and measure the import and export of a large negotiation.

Run from the project root; DATABASE_URL names the server to use (PostgreSQL for
figures worth quoting). The benchmark never touches that database's data: it
creates a throwaway database next to it (bench_import_<name>), migrates it, and
drops it at the end.

    DATABASE_URL=postgres://127.0.0.1/tracker .venv/bin/python bench/bench_import.py
    ... bench/bench_import.py --input bench/out/large-negotiation.json --tracemalloc

The document is bench/make_large_negotiation.py's (seeded) unless --input names
a file. Each phase prints its wall time and the process's peak resident memory
so far (getrusage maxrss); with --tracemalloc each phase runs once more under
tracemalloc to print the peak of Python allocations during it (slower, so those
runs are not timed).

Issue 15's goals, each printed against its figure at the end: the import as the
command runs it (load_document, then import_negotiation with checked=True) of a
~15 MB document under 10 s on PostgreSQL; the document checked once on that
path (check_document calls counted); ANALYZE run only on tables the import
filled (the statements recorded, the tables' row counts compared before and
after); and the search indexes usable right after, their GIN pending lists
empty (read with the pgstattuple extension, created in the throwaway database).
"""

import argparse
import json
import os
import re
import resource
import sys
import time
import tracemalloc
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tracker.settings.test")

import django

django.setup()

from django.apps import apps
from django.conf import settings
from django.db import connection
from django.test.utils import setup_databases, teardown_databases

from bench.make_large_negotiation import make_large_negotiation
from negotiations.interchange import (
    describe_document,
    dump_document,
    equivalent,
    export_negotiation,
    import_negotiation,
    load_document,
    validate_document,
    validation,
)
from negotiations.models import Negotiation

GOAL_SECONDS = 10


def peak_rss_mib():
    """Return the process's peak resident memory so far, in MiB (Linux: KiB units)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def measure(name, action, *, trace, results):
    """Run action, print and record its time and memory; return its result."""
    started, cpu_started = time.perf_counter(), time.process_time()
    result = action()
    seconds = time.perf_counter() - started
    cpu = time.process_time() - cpu_started
    line = (
        f"{name:<40} {seconds:6.2f} s wall {cpu:6.2f} s CPU   "
        f"peak RSS {peak_rss_mib():5.0f} MiB"
    )
    if trace:
        tracemalloc.start()
        action()
        _, peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
        line += f"   tracemalloc peak {peak / 2**20:7.0f} MiB"
    print(line, flush=True)
    results[name] = seconds
    return result


class CheckCounter:
    """Count the whole-document checks (validation.check_document) while active."""

    def __init__(self):
        self.calls = 0
        self.original = validation.check_document

    def __enter__(self):
        def counted(*args, **kwargs):
            self.calls += 1
            return self.original(*args, **kwargs)

        validation.check_document = counted
        return self

    def __exit__(self, *exc):
        validation.check_document = self.original


class StatementRecorder:
    """Record each statement's time, and the tables ANALYZE names, while active."""

    def __init__(self):
        self.analyzed = set()
        self.timings = []

    def __call__(self, execute, sql, params, many, context):
        started = time.perf_counter()
        try:
            return execute(sql, params, many, context)
        finally:
            self.timings.append((time.perf_counter() - started, sql))
            if sql.lstrip().upper().startswith("ANALYZE"):
                # "ANALYZE a, b (x, y)": the tables, without their column lists.
                targets = re.sub(r"\([^)]*\)", "", sql.strip()[len("ANALYZE") :])
                self.analyzed.update(
                    name.strip().strip('"') for name in targets.split(",")
                )

    def slowest(self, count):
        """Return the `count` slowest statements as (seconds, first words)."""
        ranked = sorted(self.timings, key=lambda timing: timing[0], reverse=True)
        return [
            (seconds, " ".join(sql.split())[:110]) for seconds, sql in ranked[:count]
        ]


def row_counts():
    """Return {table: rows} for every table of the project's models."""
    tables = sorted(
        {model._meta.db_table for model in apps.get_models(include_auto_created=True)}
    )
    counts = {}
    with connection.cursor() as cursor:
        for table in tables:
            cursor.execute(f"SELECT count(*) FROM {connection.ops.quote_name(table)}")
            counts[table] = cursor.fetchone()[0]
    return counts


def gin_pending(tables):
    """Return {index: pending tuples} of the GIN indexes on the tables, or None.

    None where the pgstattuple extension cannot be created (not PostgreSQL, or
    the server lacks it).
    """
    if connection.vendor != "postgresql":
        return None
    with connection.cursor() as cursor:
        try:
            cursor.execute("CREATE EXTENSION IF NOT EXISTS pgstattuple")
        except Exception:  # noqa: BLE001 - the check is optional; say so instead
            return None
        cursor.execute(
            "SELECT relation.relname, (pgstatginindex(index.indexrelid)).pending_tuples "
            "FROM pg_index index "
            "JOIN pg_class relation ON relation.oid = index.indexrelid "
            "JOIN pg_am method ON method.oid = relation.relam "
            "WHERE method.amname = 'gin' AND index.indrelid = ANY(%s::regclass[]) "
            "ORDER BY relation.relname",
            [sorted(tables)],
        )
        return dict(cursor.fetchall())


def verdict(met):
    return "met" if met else "MISSED"


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--input", help="A document file (default: generate one).")
    parser.add_argument("--seed", type=int, default=1, help="Generator seed.")
    parser.add_argument(
        "--tracemalloc", action="store_true", help="Also trace Python allocations."
    )
    parser.add_argument(
        "--statements",
        type=int,
        default=8,
        metavar="N",
        help="Print the import's N slowest SQL statements (default 8).",
    )
    args = parser.parse_args(argv)
    # Query logging under DEBUG would hold every INSERT in memory.
    settings.DEBUG = False

    if args.input:
        data = Path(args.input).read_bytes()
        source = args.input
    else:
        doc = make_large_negotiation(seed=args.seed)
        data = json.dumps(doc, ensure_ascii=False).encode("utf-8")
        del doc
        source = f"make_large_negotiation(seed={args.seed})"

    database = settings.DATABASES["default"]
    database.setdefault("TEST", {})["NAME"] = (
        f"bench_import_{database['NAME']}".replace("/", "_")
    )
    print(f"Document: {source}, {len(data):,} bytes")
    print(
        f"Database: {connection.vendor}, throwaway database "
        f"{database['TEST']['NAME']} (created now, dropped at the end)"
    )
    load = ", ".join(f"{figure:.1f}" for figure in os.getloadavg())
    # Wall times on a shared machine follow its load; CPU times much less.
    print(f"Python {sys.version.split()[0]}, {os.cpu_count()} CPUs, load {load}")
    old_config = setup_databases(verbosity=0, interactive=False)
    results = {}
    trace = args.tracemalloc
    try:
        before = row_counts()
        recorder = StatementRecorder()
        # The command's path: the bytes checked once by load_document, then
        # written without a second check (checked=True).
        with CheckCounter() as checks:
            doc = measure(
                "load_document (parse + validate bytes)",
                lambda: load_document(data),
                trace=trace,
                results=results,
            )
            print(f"  holds {describe_document(doc)}")
            with connection.execute_wrapper(recorder):
                negotiation = measure(
                    "import_negotiation (write, checked=True)",
                    lambda: import_negotiation(doc, checked=True),
                    trace=False,
                    results=results,
                )
        print(f"  its {len(recorder.timings)} statements, slowest first:")
        for seconds, sql in recorder.slowest(args.statements):
            print(f"    {seconds:6.2f} s  {sql}")
        after = row_counts()
        filled = {table for table, count in after.items() if count > before[table]}
        pending = gin_pending(filled)
        measure(
            "validate_document (a second check: spared)",
            lambda: validate_document(doc),
            trace=trace,
            results=results,
        )
        measure(
            "import_negotiation replace=True",
            lambda: import_negotiation(doc, replace=True, checked=True),
            trace=trace,
            results=results,
        )
        # The replacement deleted the first import; export the one in its place.
        negotiation = Negotiation.objects.get(slug=negotiation.slug)
        exported = measure(
            "export_negotiation (drafts included)",
            lambda: export_negotiation(negotiation, include_drafts=True),
            trace=trace,
            results=results,
        )
        written = measure(
            "dump_document (JSON bytes)",
            lambda: dump_document(exported),
            trace=trace,
            results=results,
        )
        print(f"  wrote {len(written):,} bytes")
        print(f"Round trip gives an equivalent document: {equivalent(doc, exported)}")
    finally:
        teardown_databases(old_config, verbosity=0)

    command = (
        results["load_document (parse + validate bytes)"]
        + results["import_negotiation (write, checked=True)"]
    )
    print("\nIssue 15's import goals:")
    print(
        f"- import as the command runs it (load_document + import): {command:.2f} s "
        f"against < {GOAL_SECONDS} s: {verdict(command < GOAL_SECONDS)}"
    )
    print(
        f"- the document checked {checks.calls} time(s) on that path, "
        f"against once: {verdict(checks.calls == 1)}"
    )
    strays = sorted(recorder.analyzed - filled)
    print(
        f"- ANALYZE ran on {len(recorder.analyzed)} table(s), all among the "
        f"{len(filled)} the import filled: {verdict(not strays)}"
        + (f" (also analyzed: {', '.join(strays)})" if strays else "")
    )
    print(f"  analyzed: {', '.join(sorted(recorder.analyzed)) or 'none'}")
    if connection.vendor != "postgresql":
        print("- search indexes' pending lists: not checked (PostgreSQL only)")
    elif pending is None:
        print("- search indexes' pending lists: not checked (no pgstattuple)")
    else:
        waiting = {index: rows for index, rows in pending.items() if rows}
        print(
            f"- search indexes usable right after: {len(pending)} GIN index(es) on "
            f"filled tables, {sum(waiting.values())} row(s) left in pending lists: "
            f"{verdict(not waiting)}"
            + (f" ({', '.join(sorted(waiting))})" if waiting else "")
        )


if __name__ == "__main__":
    main()
