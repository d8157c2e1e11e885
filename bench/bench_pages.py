"""Time each public page in-process and count its queries, on several negotiations.

Run from the project root against a database that holds the negotiations
(bench/run.sh prepares one):

    DATABASE_URL=postgres://.../tracker_bench .venv/bin/python bench/bench_pages.py \
        --negotiation demo=gaza-2024 --negotiation large=large-negotiation

For every page (state of play, state of play as of a past date, sticking
point with its card and feed, actor, timeline, version diff, the latest
agreement's version page and implementation page, the negotiation's feed, search
for the negotiation's commonest word and for a rare one, the three downloads
positions.csv, implementation.csv and export.json, and the home page) it prints
the median server time over --runs requests through Django's test Client with
the page cache off, the number of queries, and the median with the page cache on
and warm (local memory). Side by side per negotiation, then issue 15's goals,
each figure against its goal: equal query counts at every size (where they
differ, which queries make the difference); the state of play and the sticking
point page within 2x of the first negotiation's CPU time and within 60 ms of CPU;
every other page within 3x; search under 100 ms, and the commonest word's time
close to a rare word's; the downloads under 1 s, streamed CSVs with their peak
Python memory a small fraction of their size. Last, "a write re-renders only
what it changed": with the page cache on and warm for every sticking point's
page, card and feed, one position is logged on one sticking point through the
ORM (signals fire), dated within the record and then after its latest date, and
the other sticking points' pages still served from the cache are counted (both
writes rolled back). A trivial view (/healthz) is timed in the same run, so a
figure can be read against what the machine gives right then.
`--profile PAGE` prints where the time goes on that page of the last negotiation.
"""

import argparse
import cProfile
import datetime
import os
import pstats
import re
import statistics
import sys
import time
import tracemalloc
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tracker.settings.dev")
os.environ.setdefault("DEBUG", "0")

import django  # noqa: E402

django.setup()

from django.core.cache import cache  # noqa: E402
from django.db import connection, transaction  # noqa: E402
from django.db.models import Count, Max, Min  # noqa: E402
from django.test import Client, override_settings  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from django.urls import reverse  # noqa: E402
from django.utils import timezone  # noqa: E402

from negotiations.models import (  # noqa: E402
    Commitment,
    Issue,
    Negotiation,
    Position,
    Proposal,
    Version,
)

# Issue 15's goals. CPU time is this process's own: on a shared machine it
# moves less than wall time when other work competes.
ONE_DAY = datetime.timedelta(days=1)
HEAVY_PAGES = ("state of play", "sticking point")
HEAVY_LIMIT_CPU_MS = 60
HEAVY_RATIO = 2
OTHER_RATIO = 3
SEARCH_LIMIT_MS = 100
DOWNLOAD_LIMIT_MS = 1000
# implementation.csv has no goal of its own in issue 15: it gets positions.csv's.
DOWNLOADS = ("positions.csv", "export.json", "implementation.csv")
# "For any word, time independent of how many texts contain it": the commonest
# word's time over a rare word's, close to 1 (read here as at most this).
SEARCH_RATIO = 1.5
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
    # The shape of each query run (see query_shape), to explain differing counts.
    shapes: tuple = ()


def commonest_word(negotiation):
    """Return the word in most of its positions and versions, or None.

    Read from the stored search documents (PostgreSQL only).
    """
    return _word(negotiation, "ndoc DESC")


def rarest_word(negotiation):
    """Return a word (letters only) in the fewest of its positions and versions."""
    return _word(negotiation, "ndoc ASC", "WHERE word ~ '^[a-z]{4,}$'")


def _word(negotiation, order, where=""):
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
            f"SELECT word FROM ts_stat(%s) {where} ORDER BY {order}, word LIMIT 1",
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
    # The latest agreement: the version whose commitments the state of play shows.
    commitment = (
        Commitment.objects.public()
        .filter(negotiation=negotiation)
        .select_related("version__proposal")
        .order_by("-version__date", "-version_id")
        .first()
    )
    urls = [("state of play", reverse("negotiations:state_of_play", args=[slug]))]
    if span["first"]:
        middle = span["first"] + (span["last"] - span["first"]) / 2
        urls.append(("state of play as of", f"{urls[0][1]}?as_of={middle}"))
    if issue:
        args = [slug, issue.slug]
        urls.append(("sticking point", reverse("negotiations:issue", args=args)))
        urls.append(
            ("sticking point card", reverse("negotiations:issue_card", args=args))
        )
        urls.append(
            ("sticking point feed", reverse("negotiations:issue_feed", args=args))
        )
    if negotiation.side_a:
        actor = negotiation.side_a.slug
        urls.append(("actor", reverse("negotiations:actor", args=[slug, actor])))
    urls.append(("timeline", reverse("negotiations:timeline", args=[slug])))
    if version:
        args = [slug, version.proposal.slug, version.label]
        urls.append(("version diff", reverse("negotiations:version", args=args)))
    if commitment:
        agreement = commitment.version
        args = [slug, agreement.proposal.slug, agreement.label]
        urls.append(("agreement version", reverse("negotiations:version", args=args)))
        urls.append(
            ("implementation", reverse("negotiations:implementation", args=args))
        )
    urls.append(("feed", reverse("negotiations:feed", args=[slug])))
    search = reverse("negotiations:search", args=[slug])
    for page, word in [
        ("search", commonest_word(negotiation)),
        ("search, rare word", rarest_word(negotiation)),
    ]:
        if word:
            urls.append((page, f"{search}?q={word}"))
    urls.append(("positions.csv", reverse("negotiations:positions_csv", args=[slug])))
    urls.append(
        ("implementation.csv", reverse("negotiations:implementation_csv", args=[slug]))
    )
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
    shapes = tuple(query_shape(query["sql"]) for query in queries.captured_queries)
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
        shapes,
    )


def query_shape(sql):
    """Return the query without what varies: cursor names, values, IN lists.

    The SQL logged has its parameters filled in (ids, slugs, dates).
    """
    sql = re.sub(r"_django_curs_\w+", "cursor", sql)
    sql = re.sub(r"'(?:[^']|'')*'", "?", sql)
    sql = re.sub(r"\b\d+(?:\.\d+)?\b", "?", sql)
    return re.sub(r"\?(?:, \?)+", "?", sql)


def query_table(shape):
    """Return the first table a query names, to tell queries apart in a line."""
    found = re.search(r'"(\w+)"\."', shape)
    return found.group(1) if found else shape[:40]


def count_difference(results, labels, page):
    """Say which queries make the page's count differ between negotiations.

    A query of the same shape run more times grows with the content (one per
    chunk of rows streamed, say); a query that one negotiation runs and the
    other does not is one Django skips when there is nothing to fetch (an empty
    prefetch list) or that only some content needs (versions amending others).
    """
    notes = []
    small, large = labels[0], labels[-1]
    counts = {
        label: Counter(results[(label, page)][1].shapes)
        for label in (small, large)
        if (label, page) in results
    }
    if len(counts) < 2:
        return ""
    for label, other in ((large, small), (small, large)):
        extra = counts[label] - counts[other]
        repeated = Counter()
        only = Counter()
        for shape, times in extra.items():
            (repeated if shape in counts[other] else only)[query_table(shape)] += times
        if repeated:
            tables = ", ".join(
                f"{times} on {table}" for table, times in repeated.items()
            )
            notes.append(f"{label} repeats queries ({tables}): grows with its rows")
        if only:
            tables = ", ".join(f"{times} on {table}" for table, times in only.items())
            notes.append(
                f"only {label} runs {tables}: {other}'s content gives them nothing to"
                " fetch (an empty prefetch, which Django skips) or needs none (no"
                " version amending another, no such item on the first page)"
            )
    return "; ".join(notes)


def issue_pages(negotiation):
    """Return {issue slug: [page, card and feed URLs]} for every sticking point."""
    pages = {}
    for issue in Issue.objects.filter(negotiation=negotiation).order_by("rank", "pk"):
        args = [negotiation.slug, issue.slug]
        pages[issue.slug] = [
            reverse(f"negotiations:{name}", args=args)
            for name in ("issue", "issue_card", "issue_feed")
        ]
    return pages


def _queries(client, url):
    with CaptureQueriesContext(connection) as queries:
        _get(client, url)
    return len(queries)


def log_position(negotiation, issue_slug, after_latest, day=None):
    """Log one position on the sticking point through the ORM, as the admin would.

    A copy of its latest position under a new date, saved (signals fire) and
    given the same sources. Dated `day` where given; else on the negotiation's
    latest position day (back-filled news, the latest record stays) or,
    `after_latest`, the day after the latest record of any kind. Returns the
    date.
    """
    template = (
        Position.objects.published()
        .filter(negotiation=negotiation, issue__slug=issue_slug)
        .order_by("-as_of", "-pk")
        .first()
    )
    latest = Negotiation.objects.with_latest_record().get(pk=negotiation.pk)
    days = [
        latest.latest_position_on,
        latest.latest_response_on,
        latest.latest_version_on,
        latest.latest_event_on,
        latest.latest_implementation_on,
    ]
    if day is not None:
        as_of = day
    elif after_latest:
        as_of = max(day for day in days if day) + datetime.timedelta(days=1)
    else:
        as_of = latest.latest_position_on
        taken = Position.objects.filter(  # the one claim per day rule
            actor=template.actor_id,
            issue=template.issue_id,
            attributed_actor=template.attributed_actor_id,
            attributed_person=template.attributed_person_id,
        ).values_list("as_of", flat=True)
        taken = set(taken)
        while as_of in taken:
            as_of -= datetime.timedelta(days=1)
    sources = list(template.sources.all())
    template.pk = template.id = None
    template._state.adding = True
    template.as_of = as_of
    template.save()
    template.sources.set(sources)
    return as_of


def cache_after_write(client, negotiation):
    """Count the other sticking points' pages still cached after one write.

    With the page cache on and warm for every sticking point's page, card and
    feed, log one position on the first sticking point, then request every
    other sticking point's three pages: a hit runs the queries a warm hit ran
    before the write, fewer than the first, uncached request ran. Two writes:
    a back-filled one within the record, and news dated today in a negotiation
    made active (a record yesterday). Every write is rolled back. Returns, per kind of write, (hits, pages, date logged,
    how many of the written sticking point's own three pages re-rendered).
    """
    pages = issue_pages(negotiation)
    written, *others = pages
    outcome = {}
    today = timezone.localdate()
    with override_settings(PAGE_CACHE_SECONDS=600):
        for news in (False, True):
            with transaction.atomic():
                cache.clear()
                if news:
                    # An active negotiation: a record yesterday on the written
                    # sticking point, so every page shows today (DESIGN: the
                    # date shown), as while talks go on.
                    log_position(negotiation, written, True, day=today - ONE_DAY)
                missed, warm = {}, {}
                for urls in pages.values():
                    for url in urls:
                        missed[url] = _queries(client, url)
                        warm[url] = _queries(client, url)
                as_of = log_position(
                    negotiation, written, news, day=today if news else None
                )
                hit = {
                    url: _queries(client, url) == warm[url] < missed[url]
                    for slug in pages
                    for url in pages[slug]
                }
                transaction.set_rollback(True)
            urls = [url for slug in others for url in pages[slug]]
            # The written sticking point's own pages must re-render: else the
            # write changed nothing the check can see.
            rendered = sum(not hit[url] for url in pages[written])
            outcome[news] = (
                sum(hit[url] for url in urls),
                len(urls),
                as_of,
                rendered,
            )
        cache.clear()
    return outcome


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
    parser.add_argument(
        "--page",
        action="append",
        metavar="PAGE",
        help="time only this page (repeat for more); 'write' for the write check,"
        " which runs only when named or when no --page is given",
    )
    args = parser.parse_args()

    client = Client()
    results = {}
    writes = {}
    labels = []
    with override_settings(ALLOWED_HOSTS=["testserver"]):
        with override_settings(PAGE_CACHE_SECONDS=0):
            trivial = measure(client, reverse("healthz"), args.runs)
        for item in args.negotiation:
            label, _, slug = item.partition("=")
            negotiation = Negotiation.objects.select_related("side_a").get(slug=slug)
            positions = Position.objects.filter(negotiation=negotiation).count()
            versions = Version.objects.filter(proposal__negotiation=negotiation)
            commitments = Commitment.objects.filter(negotiation=negotiation)
            print(
                f"{label}: {slug}: {positions} positions, {versions.count()} versions,"
                f" {commitments.count()} commitments"
            )
            labels.append(label)
            for page, url in page_urls(negotiation):
                if args.page and page not in args.page:
                    continue
                with override_settings(PAGE_CACHE_SECONDS=0):
                    uncached = measure(client, url, args.runs)
                with override_settings(PAGE_CACHE_SECONDS=600):
                    cache.clear()
                    cached = measure(client, url, args.runs)
                results[(label, page)] = (url, uncached, cached)
            if not args.page or "write" in args.page:
                writes[label] = cache_after_write(client, negotiation)
        report(results, labels, args.runs, trivial)
        report_writes(writes)
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
        if page.startswith("search"):
            print(f"  {page} of {label}: {url}")

    print(f"\nGoals (issue 15), load average {_load()}:")
    for page in pages:
        counts = {
            label: results[(label, page)][1].queries
            for label in labels
            if (label, page) in results
        }
        equal = len(set(counts.values())) == 1
        shown = ", ".join(f"{label} {count}" for label, count in counts.items())
        line = f"  queries of {page!r}: {shown} (goal equal at every size: "
        if equal:
            print(line + "met)")
        else:
            print(line + f"DIFFER): {count_difference(results, labels, page)}")
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
            rare = results.get((large, "search, rare word"))
            if rare:
                share = after.wall_ms / rare[1].wall_ms
                print(
                    f"  search, commonest word / rare word, {large}: {after.wall_ms:.1f}"
                    f" / {rare[1].wall_ms:.1f} ms wall = {share:.2f} (goal close to 1,"
                    f" <= {SEARCH_RATIO}: {_verdict(share <= SEARCH_RATIO)})"
                )
        elif page == "search, rare word":
            continue
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


def report_writes(writes):
    """Print how many other sticking points' pages a one-position write left cached."""
    if not writes:
        return
    for label in writes:
        for after_latest, (hits, pages, as_of, rendered) in writes[label].items():
            kind = (
                "dated today in an active negotiation (news breaking)"
                if after_latest
                else "dated within the record (back-filled)"
            )
            print(
                f"  one position logged on one sticking point of {label}, {kind},"
                f" {as_of}: {hits} of the other sticking points' {pages} pages, cards"
                f" and feeds still cached (goal all: {_verdict(hits == pages)});"
                f" its own re-rendered: {rendered} of 3"
            )
    print(
        "    (a sticking point's page, card and feed are keyed by the date they show:"
        " a record that wakes a quiet negotiation moves it on every page, and"
        " renews them all)"
    )


def _verdict(met):
    return "met" if met else "MISSED"


def _load():
    return " ".join(f"{value:.1f}" for value in os.getloadavg())


if __name__ == "__main__":
    main()
