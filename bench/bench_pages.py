"""Time each public page in-process and count its queries, on several negotiations.

Run from the project root against a database that holds the negotiations
(bench/run.sh prepares one):

    DATABASE_URL=postgres://.../tracker_bench .venv/bin/python bench/bench_pages.py \
        --negotiation demo=gaza-2024 --negotiation large=large-negotiation

For every page (state of play, state of play as of a past date, sticking point,
actor, timeline, version diff, search for the negotiation's commonest word, the
two downloads positions.csv and export.json, and the home page) it prints the
median server time over --runs requests through Django's test Client with the
page cache off, the number of queries, and the median with the page cache on
and warm (local memory). Side by side per negotiation, then issue 15's goals,
each figure against its goal: equal query counts at every size; the state of
play and the sticking point page within 2x of the first negotiation's CPU time
and within 60 ms of CPU; every other page within 3x; search under 100 ms;
positions.csv and export.json under 1 s, the CSV streamed with its peak Python
memory a small fraction of its size. A trivial view (/healthz) is timed in the
same run, so a figure can be read against what the machine gives right then.
`--profile PAGE` prints where the time goes on that page of the last negotiation.
"""

import argparse
import cProfile
import os
import pstats
import statistics
import sys
import time
import tracemalloc
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tracker.settings.dev")
os.environ.setdefault("DEBUG", "0")

import django  # noqa: E402

django.setup()

from django.core.cache import cache  # noqa: E402
from django.db import connection  # noqa: E402
from django.db.models import Count, Max, Min  # noqa: E402
from django.test import Client, override_settings  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from django.urls import reverse  # noqa: E402

from negotiations.models import (  # noqa: E402
    Issue,
    Negotiation,
    Position,
    Proposal,
    Version,
)

# Issue 15's goals. CPU time is this process's own: on a shared machine it
# moves less than wall time when other work competes.
HEAVY_PAGES = ("state of play", "sticking point")
HEAVY_LIMIT_CPU_MS = 60
HEAVY_RATIO = 2
OTHER_RATIO = 3
SEARCH_LIMIT_MS = 100
DOWNLOAD_LIMIT_MS = 1000
DOWNLOADS = ("positions.csv", "export.json")
# A streamed CSV never holds itself: its peak Python memory stays a small share.
STREAM_MEMORY_SHARE = 0.1


@dataclass(frozen=True)
class Timing:
    wall_ms: float
    cpu_ms: float
    queries: int
    status: int
    size: int
    peak: int | None = None


def commonest_word(negotiation):
    """Return the word in most of its positions and versions, or None.

    Read from the stored search documents (PostgreSQL only).
    """
    if connection.vendor != "postgresql":
        return None
    documents = (
        f"SELECT search_document FROM {Position._meta.db_table}"
        f" WHERE negotiation_id = {int(negotiation.pk)}"
        f" UNION ALL SELECT v.search_document FROM {Version._meta.db_table} v"
        f" JOIN {Proposal._meta.db_table} p ON p.id = v.proposal_id"
        f" WHERE p.negotiation_id = {int(negotiation.pk)}"
    )
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT word FROM ts_stat(%s) ORDER BY ndoc DESC, word LIMIT 1",
            [documents],
        )
        row = cursor.fetchone()
    return row[0] if row else None


def page_urls(negotiation):
    """Return (page name, URL) for each page of the negotiation worth timing."""
    slug = negotiation.slug
    positions = Position.objects.published().filter(negotiation=negotiation)
    span = positions.aggregate(first=Min("as_of"), last=Max("as_of"))
    issue = (
        Issue.objects.filter(negotiation=negotiation)
        .annotate(claims=Count("positions"))
        .order_by("-claims", "rank")
        .first()
    )
    versions = (
        Version.objects.published()
        .filter(proposal__negotiation=negotiation)
        .exclude(pk=negotiation.baseline_id)
        .select_related("proposal")
        .order_by("-date", "-id")
    )
    # The latest version with a full text to redline, else the latest one.
    version = versions.exclude(text="").first() or versions.first()
    urls = [("state of play", reverse("negotiations:state_of_play", args=[slug]))]
    if span["first"]:
        middle = span["first"] + (span["last"] - span["first"]) / 2
        urls.append(("state of play as of", f"{urls[0][1]}?as_of={middle}"))
    if issue:
        urls.append(
            ("sticking point", reverse("negotiations:issue", args=[slug, issue.slug]))
        )
    if negotiation.side_a:
        actor = negotiation.side_a.slug
        urls.append(("actor", reverse("negotiations:actor", args=[slug, actor])))
    urls.append(("timeline", reverse("negotiations:timeline", args=[slug])))
    if version:
        args = [slug, version.proposal.slug, version.label]
        urls.append(("version diff", reverse("negotiations:version", args=args)))
    word = commonest_word(negotiation)
    if word:
        search = reverse("negotiations:search", args=[slug])
        urls.append(("search", f"{search}?q={word}"))
    urls.append(("positions.csv", reverse("negotiations:positions_csv", args=[slug])))
    urls.append(("export.json", reverse("negotiations:export_json", args=[slug])))
    urls.append(("home", reverse("negotiations:negotiation_list")))
    return urls


def _get(client, url):
    """GET the URL and read the whole body (a streamed one too); return both."""
    response = client.get(url)
    if response.streaming:
        body = b"".join(response.streaming_content)
    else:
        body = response.content
    return response, body


def stream_peak(client, url):
    """Return the peak of Python allocations (bytes) while the URL is read."""
    tracemalloc.start()
    try:
        response = client.get(url)
        # Each chunk is dropped once read: only what the server holds counts.
        for _chunk in response.streaming_content:
            pass
        return tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


def measure(client, url, runs):
    """Return median wall ms, median CPU ms, queries, status and bytes of the URL.

    CPU time is this process's own (Python and templates, not PostgreSQL's): on
    a shared machine it moves less than wall time when other work competes.
    """
    _get(client, url)
    with CaptureQueriesContext(connection) as queries:
        response, body = _get(client, url)
    # Read it now: the next request's request_started signal empties the log.
    query_count = len(queries)
    wall, cpu = [], []
    for _ in range(runs):
        started, started_cpu = time.perf_counter(), time.process_time()
        _get(client, url)
        wall.append((time.perf_counter() - started) * 1000)
        cpu.append((time.process_time() - started_cpu) * 1000)
    peak = stream_peak(client, url) if response.streaming else None
    return Timing(
        statistics.median(wall),
        statistics.median(cpu),
        query_count,
        response.status_code,
        len(body),
        peak,
    )


def profile(client, url, runs):
    profiler = cProfile.Profile()
    client.get(url)
    profiler.enable()
    for _ in range(runs):
        client.get(url)
    profiler.disable()
    project = str(Path(__file__).resolve().parent.parent)
    print(f"\nProfile of {url} ({runs} requests), project code by cumulative time:")
    stats = pstats.Stats(profiler).sort_stats("cumulative")
    stats.print_stats(f"{project}/(negotiations|parties|tracker)/", 25)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument(
        "--negotiation",
        action="append",
        required=True,
        metavar="LABEL=SLUG",
        help="a negotiation to time, e.g. demo=gaza-2024; repeat for each size",
    )
    parser.add_argument("--runs", type=int, default=15)
    parser.add_argument("--profile", metavar="PAGE", help="e.g. 'state of play'")
    args = parser.parse_args()

    client = Client()
    results = {}
    labels = []
    with override_settings(ALLOWED_HOSTS=["testserver"]):
        with override_settings(PAGE_CACHE_SECONDS=0):
            trivial = measure(client, reverse("healthz"), args.runs)
        for item in args.negotiation:
            label, _, slug = item.partition("=")
            negotiation = Negotiation.objects.select_related("side_a").get(slug=slug)
            positions = Position.objects.filter(negotiation=negotiation).count()
            versions = Version.objects.filter(proposal__negotiation=negotiation)
            print(
                f"{label}: {slug}: {positions} positions, {versions.count()} versions"
            )
            labels.append(label)
            for page, url in page_urls(negotiation):
                with override_settings(PAGE_CACHE_SECONDS=0):
                    uncached = measure(client, url, args.runs)
                with override_settings(PAGE_CACHE_SECONDS=600):
                    cache.clear()
                    cached = measure(client, url, args.runs)
                results[(label, page)] = (url, uncached, cached)
        report(results, labels, args.runs, trivial)
        if args.profile:
            url = results[(labels[-1], args.profile)][0]
            with override_settings(PAGE_CACHE_SECONDS=0):
                profile(client, url, args.runs)


def report(results, labels, runs, trivial):
    pages = list(dict.fromkeys(page for _, page in results))
    print(f"\nMedian over {runs} requests (Django test Client, in-process), in ms.")
    print("off: page cache off (wall, and this process's CPU); warm: cache on, hit.")
    print(
        f"Trivial view /healthz in the same run: {trivial.wall_ms:.1f} ms wall, "
        f"{trivial.cpu_ms:.1f} ms CPU; load average {_load()}.\n"
    )
    header = f"{'page':<20}"
    for label in labels:
        header += (
            f" | {label:>6} {'off':>8} {'cpu':>7} {'queries':>7} {'warm':>5} {'KB':>6}"
        )
    print(header)
    print("-" * len(header))
    for page in pages:
        line = f"{page:<20}"
        for label in labels:
            entry = results.get((label, page))
            if entry is None:
                line += f" | {'':>6} {'-':>8} {'-':>7} {'-':>7} {'-':>5} {'-':>6}"
                continue
            _, off, warm = entry
            status = "" if off.status == 200 else f" ({off.status})"
            line += (
                f" | {'':>6} {off.wall_ms:>8.1f} {off.cpu_ms:>7.1f} {off.queries:>7}"
                f" {warm.wall_ms:>5.1f} {off.size / 1024:>6.0f}{status}"
            )
        print(line)
    for (label, page), (url, _, _) in results.items():
        if page == "search":
            print(f"  search of {label}: {url}")

    print(f"\nGoals (issue 15), load average {_load()}:")
    for page in pages:
        counts = {
            results[(label, page)][1].queries
            for label in labels
            if (label, page) in results
        }
        verdict = "equal" if len(counts) == 1 else "DIFFER"
        print(f"  queries of {page!r} at every size: {sorted(counts)} -> {verdict}")
    if len(labels) < 2:
        return
    small, large = labels[0], labels[-1]
    for page in pages:
        if (small, page) not in results or (large, page) not in results:
            continue
        before, after = results[(small, page)][1], results[(large, page)][1]
        ratio = after.cpu_ms / before.cpu_ms if before.cpu_ms else float("inf")
        if page in HEAVY_PAGES:
            print(
                f"  {page}, {large}: {after.cpu_ms:.1f} ms CPU "
                f"(goal <= {HEAVY_LIMIT_CPU_MS} ms: "
                f"{_verdict(after.cpu_ms <= HEAVY_LIMIT_CPU_MS)}); "
                f"{ratio:.2f}x {small}'s CPU (goal <= {HEAVY_RATIO}x: "
                f"{_verdict(ratio <= HEAVY_RATIO)}); wall {after.wall_ms:.1f} ms, "
                f"{after.wall_ms / trivial.wall_ms:.0f}x the trivial view"
            )
        elif page == "search":
            print(
                f"  search for the commonest word, {large}: {after.wall_ms:.1f} ms "
                f"wall, {after.cpu_ms:.1f} ms CPU (goal < {SEARCH_LIMIT_MS} ms wall: "
                f"{_verdict(after.wall_ms < SEARCH_LIMIT_MS)})"
            )
        elif page in DOWNLOADS:
            line = (
                f"  {page}, {large}: {after.wall_ms:.1f} ms wall, "
                f"{after.cpu_ms:.1f} ms CPU, {after.size / 1e6:.1f} MB "
                f"(goal < {DOWNLOAD_LIMIT_MS} ms wall: "
                f"{_verdict(after.wall_ms < DOWNLOAD_LIMIT_MS)})"
            )
            if after.peak is not None:
                share = after.peak / after.size if after.size else 0
                line += (
                    f"; streamed, peak Python memory {after.peak / 1e6:.1f} MB, "
                    f"{share:.0%} of its size (goal <= {STREAM_MEMORY_SHARE:.0%}: "
                    f"{_verdict(share <= STREAM_MEMORY_SHARE)})"
                )
            elif page == "positions.csv":
                line += "; NOT streamed"
            print(line)
        elif page != "home":
            print(
                f"  {page}, {large}: {after.cpu_ms:.1f} ms CPU, {ratio:.2f}x "
                f"{small}'s (goal <= {OTHER_RATIO}x: {_verdict(ratio <= OTHER_RATIO)})"
            )


def _verdict(met):
    return "met" if met else "MISSED"


def _load():
    return " ".join(f"{value:.1f}" for value in os.getloadavg())


if __name__ == "__main__":
    main()
