"""Time each public page in-process and count its queries, on several negotiations.

Run from the project root against a database that holds the negotiations
(bench/run.sh prepares one):

    DATABASE_URL=postgres://.../tracker_bench .venv/bin/python bench/bench_pages.py \
        --negotiation demo=gaza-2024 --negotiation large=large-negotiation

For every page (state of play, state of play as of a past date, sticking point,
actor, timeline, version diff, and the home page) it prints the median server
time over --runs requests through Django's test Client with the page cache off,
the number of queries, and the median with the page cache on and warm (local
memory). Side by side per negotiation, then the goals: equal query counts at
every size, the large state of play within 60 ms and within 3x of the first.
`--profile PAGE` prints where the time goes on that page of the last negotiation.
"""

import argparse
import cProfile
import os
import pstats
import statistics
import sys
import time
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

from negotiations.models import Issue, Negotiation, Position, Version  # noqa: E402

STATE_OF_PLAY_LIMIT_MS = 60
STATE_OF_PLAY_RATIO = 3


@dataclass(frozen=True)
class Timing:
    wall_ms: float
    cpu_ms: float
    queries: int
    status: int
    size: int


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
    urls.append(("home", reverse("negotiations:negotiation_list")))
    return urls


def measure(client, url, runs):
    """Return median wall ms, median CPU ms, queries, status and bytes of the URL.

    CPU time is this process's own (Python and templates, not PostgreSQL's): on
    a shared machine it moves less than wall time when other work competes.
    """
    client.get(url)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    # Read it now: the next request's request_started signal empties the log.
    query_count = len(queries)
    wall, cpu = [], []
    for _ in range(runs):
        started, started_cpu = time.perf_counter(), time.process_time()
        client.get(url)
        wall.append((time.perf_counter() - started) * 1000)
        cpu.append((time.process_time() - started_cpu) * 1000)
    return Timing(
        statistics.median(wall),
        statistics.median(cpu),
        query_count,
        response.status_code,
        len(response.content),
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
        report(results, labels, args.runs)
        if args.profile:
            url = results[(labels[-1], args.profile)][0]
            with override_settings(PAGE_CACHE_SECONDS=0):
                profile(client, url, args.runs)


def report(results, labels, runs):
    pages = list(dict.fromkeys(page for _, page in results))
    print(f"\nMedian over {runs} requests (Django test Client, in-process), in ms.")
    print("off: page cache off (wall, and this process's CPU); warm: cache on, hit.\n")
    header = f"{'page':<20}"
    for label in labels:
        header += (
            f" | {label:>6} {'off':>8} {'cpu':>7} {'queries':>7} {'warm':>5} {'KB':>5}"
        )
    print(header)
    print("-" * len(header))
    for page in pages:
        line = f"{page:<20}"
        for label in labels:
            entry = results.get((label, page))
            if entry is None:
                line += f" | {'':>6} {'-':>8} {'-':>7} {'-':>7} {'-':>5} {'-':>5}"
                continue
            _, off, warm = entry
            status = "" if off.status == 200 else f" ({off.status})"
            line += (
                f" | {'':>6} {off.wall_ms:>8.1f} {off.cpu_ms:>7.1f} {off.queries:>7}"
                f" {warm.wall_ms:>5.1f} {off.size / 1024:>5.0f}{status}"
            )
        print(line)

    print("\nGoals:")
    for page in pages:
        counts = {
            results[(label, page)][1].queries
            for label in labels
            if (label, page) in results
        }
        verdict = "equal" if len(counts) == 1 else "DIFFER"
        print(f"  queries of {page!r} at every size: {sorted(counts)} -> {verdict}")
    if len(labels) >= 2 and "state of play" in pages:
        small = results[(labels[0], "state of play")][1].wall_ms
        large = results[(labels[-1], "state of play")][1].wall_ms
        within = large <= STATE_OF_PLAY_LIMIT_MS
        ratio = large / small
        print(
            f"  state of play, {labels[-1]}: {large:.1f} ms "
            f"(goal <= {STATE_OF_PLAY_LIMIT_MS} ms: {'met' if within else 'MISSED'}); "
            f"{ratio:.2f}x {labels[0]} (goal <= {STATE_OF_PLAY_RATIO}x: "
            f"{'met' if ratio <= STATE_OF_PLAY_RATIO else 'MISSED'})"
        )


if __name__ == "__main__":
    main()
