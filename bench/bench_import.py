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
runs are not timed). Goal (issue 15): the import of a ~15 MB document under 10 s.
"""

import argparse
import json
import os
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


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--input", help="A document file (default: generate one).")
    parser.add_argument("--seed", type=int, default=1, help="Generator seed.")
    parser.add_argument(
        "--tracemalloc", action="store_true", help="Also trace Python allocations."
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
        doc = measure(
            "load_document (parse + validate bytes)",
            lambda: load_document(data),
            trace=trace,
            results=results,
        )
        print(f"  holds {describe_document(doc)}")
        measure(
            "validate_document (the dict, again)",
            lambda: validate_document(doc),
            trace=trace,
            results=results,
        )
        negotiation = measure(
            "import_negotiation (validate + write)",
            lambda: import_negotiation(doc),
            trace=False,
            results=results,
        )
        measure(
            "import_negotiation replace=True",
            lambda: import_negotiation(doc, replace=True),
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
        + results["import_negotiation (validate + write)"]
    )
    verdict = "within" if command <= GOAL_SECONDS else "OVER"
    print(
        f"import_negotiation command total (load_document + import): {command:.2f} s, "
        f"{verdict} the {GOAL_SECONDS} s goal"
    )


if __name__ == "__main__":
    main()
