"""Shape fetched rows into what each public page shows, calling the gap arithmetic.

Nothing here runs a query except through `fetch`; each page function documents
how many it runs, and that number does not grow with the negotiation.
"""

import datetime
from collections import defaultdict
from dataclasses import dataclass, field

from django.core.paginator import Page, Paginator

from . import fetch, fetch_timeline
from .forms import TREND_WINDOW, days_before
from .gaps import (
    DEFAULT_EVIDENCE,
    Trend,
    counted_statuses,
    describe_lean,
    lean,
    trend,
)
from .glance import glance_lines
from .models import Measure
from .sides import (
    DateShown,
    SidePositions,
    date_shown,
    evidence_name,
    gap_between,
    latest_record_on,
    own_stances,
    side_names,
    side_stances,
    side_values,
    sides_of,
    value_of,
)

# The negotiations list.


@dataclass(frozen=True)
class NegotiationSummary:
    negotiation: object
    issue_count: int
    measured: int
    narrowing: int
    widening: int
    # The date the summary is computed on, and the trend's start.
    shown: DateShown
    since: datetime.date
    # The latest date a side's value is on record for; None before any.
    latest_position_on: datetime.date | None


def negotiation_summaries(today, evidence=DEFAULT_EVIDENCE):
    """Return a summary per published negotiation on its date shown (five queries).

    Of the sides' positions it reads only those in force on each negotiation's
    date shown or 30 days before, the two dates the summary compares.
    """
    negotiations = fetch.published_negotiations()
    issues = fetch.issues(negotiations)
    shown = {n.pk: date_shown(n, today) for n in negotiations}
    since = {pk: days_before(d.day, TREND_WINDOW) for pk, d in shown.items()}
    days = {d.day for d in shown.values()} | set(since.values())
    positions = side_stances(negotiations, days, evidence=evidence)
    summaries = []
    for negotiation in negotiations:
        own_positions = [p for p in positions if p.negotiation_id == negotiation.pk]
        sides = SidePositions(negotiation, own_positions, evidence)
        own = [issue for issue in issues if issue.negotiation_id == negotiation.pk]
        day, earlier = shown[negotiation.pk].day, since[negotiation.pk]
        in_force = [sides.on(issue, day) for issue in own]
        gaps_now = [gap_between(issue, *held) for issue, held in zip(own, in_force)]
        trends = [
            trend(sides.gap_on(issue, earlier), now)
            for issue, now in zip(own, gaps_now)
        ]
        held_days = [p.as_of for held in in_force for p in held if p is not None]
        summaries.append(
            NegotiationSummary(
                negotiation=negotiation,
                issue_count=len(own),
                measured=sum(1 for g in gaps_now if g.amount is not None),
                narrowing=trends.count(Trend.NARROWING),
                widening=trends.count(Trend.WIDENING),
                shown=shown[negotiation.pk],
                since=earlier,
                latest_position_on=max(held_days, default=None),
            )
        )
    return summaries


# The state of play.


@dataclass(frozen=True)
class IssueState:
    issue: object
    side_a: object
    side_b: object
    gap: object
    earlier_gap: object
    trend: Trend
    # A few other actors' positions in force, mediators first; `more_others`
    # counts those left for the sticking point page.
    others: list
    more_others: int
    term: object
    lean: float | None
    lean_text: str
    # The two SideValues: position in force, what came since, staleness.
    sides: tuple = ()


@dataclass(frozen=True)
class StateOfPlay:
    as_of: datetime.date
    since: datetime.date
    rows: list
    version: object
    has_positions: bool
    evidence: str = DEFAULT_EVIDENCE
    shown: DateShown | None = None

    @property
    def measured(self):
        return sum(1 for row in self.rows if row.gap.amount is not None)

    @property
    def narrowing(self):
        return sum(1 for row in self.rows if row.trend == Trend.NARROWING)

    @property
    def widening(self):
        return sum(1 for row in self.rows if row.trend == Trend.WIDENING)

    @property
    def evidence_name(self):
        return evidence_name(self.evidence)

    @property
    def glance(self):
        """Return the at-a-glance lines, one per row (no query)."""
        return glance_lines(self.rows)


# Per issue the page lists the sides in full and at most this many other actors'
# positions; the sticking point page lists them all.
OTHERS_SHOWN = 4


def _others_by_issue(in_force):
    """Return {issue id: (shown positions, how many more there are)} of the others."""
    others = defaultdict(list)
    for position in in_force:
        if not position.is_side:
            others[position.issue_id].append(position)
    return {
        issue_id: (shown, shown[0].others_in_force - len(shown))
        for issue_id, shown in others.items()
    }


def state_of_play(negotiation, as_of, since, evidence=DEFAULT_EVIDENCE, shown=None):
    """Return the state of play on `as_of`, trends against `since`.

    Eight queries: issues and their scales; the positions on record on `as_of`
    (per side the one in force and the latest one that does not count, and a
    few others' per issue) and their sources; the sides' positions in force on
    `since`; the sides' own proposals on both days; the latest version and its
    terms (two more when it amends another: its inherited terms). `shown` is the DateShown the page names (defaults to `as_of`).
    """
    issues = fetch.issues(negotiation)
    in_force = fetch.positions_in_force(
        negotiation, on=as_of, others=OTHERS_SHOWN, evidence=evidence
    )
    own = fetch.own_proposals([negotiation], [since, as_of])
    side_rows = [p for p in in_force if p.is_side]
    sides = SidePositions(negotiation, side_rows + own, evidence)
    sides_then = SidePositions(
        negotiation,
        fetch.side_positions_on([negotiation], [since], evidence=evidence) + own,
        evidence,
    )
    others = _others_by_issue(in_force)
    version = fetch.latest_version(negotiation, until=as_of)
    terms = fetch.version_terms(negotiation, version) if version else {}
    rows = []
    for issue in issues:
        side_a_name, side_b_name = side_names(negotiation, issue)
        values = side_values(negotiation, sides, issue, as_of)
        side_a, side_b = (value.position for value in values)
        now = gap_between(issue, side_a, side_b)
        earlier = sides_then.gap_on(issue, since)
        shown_others, more = others.get(issue.pk, ([], 0))
        term = terms.get(issue.pk)
        leaning = _lean_of(issue, term, side_a, side_b)
        rows.append(
            IssueState(
                issue=issue,
                side_a=side_a,
                side_b=side_b,
                gap=now,
                earlier_gap=earlier,
                trend=trend(earlier, now),
                others=shown_others,
                more_others=more,
                term=term,
                lean=leaning,
                lean_text=describe_lean(leaning, side_a_name, side_b_name),
                sides=values,
            )
        )
    # Each actor with a position by then has one on record, so none means none.
    has_positions = bool(in_force) or bool(own)
    if shown is None:
        shown = DateShown(as_of, latest_record_on(negotiation), asked=True)
    return StateOfPlay(as_of, since, rows, version, has_positions, evidence, shown)


def _lean_of(issue, term, side_a, side_b):
    if term is None or issue.measure == Measure.TEXT:
        return None
    return lean(
        issue.measure,
        term.value,
        value_of(side_a),
        value_of(side_b),
        issue.scale_values,
    )


# One sticking point.

# The sticking point and actor pages list this many latest positions (and the
# actor page this many latest responses); the timeline, filtered, has them all.
LATEST_SHOWN = 50


@dataclass(frozen=True)
class GapPoint:
    day: datetime.date
    side_a: object
    side_b: object
    gap: object


@dataclass(frozen=True)
class TermLean:
    # The term's place among every version with a term on the issue, by date.
    number: int
    term: object
    side_a: object
    side_b: object
    gap: object
    lean: float | None
    lean_text: str


@dataclass(frozen=True)
class IssueHistory:
    # The latest LATEST_SHOWN positions of every actor, in date order, and how
    # many there are in all.
    positions: list
    points: list
    # The latest LATEST_SHOWN versions' terms, in date order, and how many
    # versions have a term on the issue in all.
    terms: list = field(default_factory=list)
    position_count: int = 0
    term_count: int = 0
    evidence: str = DEFAULT_EVIDENCE
    # The issue's two sides (its own pair, else the negotiation's); None unnamed.
    sides: tuple = (None, None)

    @property
    def evidence_name(self):
        return evidence_name(self.evidence)

    @property
    def more_positions(self):
        """Return how many earlier positions the page leaves to the timeline."""
        return self.position_count - len(self.positions)

    @property
    def more_terms(self):
        """Return how many earlier versions' terms the page leaves to the timeline."""
        return self.term_count - len(self.terms)

    @property
    def version_days(self):
        """Return (number, day) for each version whose term is listed."""
        return [(t.number, t.term.version.date) for t in self.terms]

    @property
    def last_day(self):
        """Return the last day anything happened on the issue, or None."""
        days = [p.as_of for p in self.positions] + [d for _, d in self.version_days]
        return max(days, default=None)


def issue_history(negotiation, issue, evidence=DEFAULT_EVIDENCE):
    """Return the gap at each change of a side, the latest terms and positions.

    Five queries: the sides' positions (values only), the latest positions and
    their sources, how many there are, terms with their versions. Only the gap
    reads the sides' whole history on the issue; other actors' positions are
    read LATEST_SHOWN at a time. Every term is read, as the sides' own
    proposals among them set their values, but only the latest LATEST_SHOWN
    versions' terms are listed with their leans.
    """
    all_terms = fetch.terms(issue)
    stances = fetch.side_history(negotiation, issue) + own_stances(
        negotiation, all_terms, issue
    )
    sides = SidePositions(negotiation, stances, evidence)
    # The chart moves only where a value that counts changes.
    change_days = sorted(
        {p.as_of for p in stances if p.status in counted_statuses(evidence)}
    )
    points = [
        GapPoint(day, *sides.on(issue, day), sides.gap_on(issue, day))
        for day in change_days
    ]
    side_a_name, side_b_name = side_names(negotiation, issue)
    terms = []
    first_shown = max(len(all_terms) - LATEST_SHOWN, 0)
    for number, term in enumerate(all_terms[first_shown:], first_shown + 1):
        side_a, side_b = sides.on(issue, term.version.date)
        leaning = _lean_of(issue, term, side_a, side_b)
        terms.append(
            TermLean(
                number,
                term,
                side_a,
                side_b,
                gap_between(issue, side_a, side_b),
                leaning,
                describe_lean(leaning, side_a_name, side_b_name),
            )
        )
    positions = fetch.latest_positions(negotiation, issue=issue, limit=LATEST_SHOWN)
    return IssueHistory(
        positions=positions,
        points=points,
        terms=terms,
        position_count=fetch.count_positions(negotiation, issue=issue),
        term_count=len(all_terms),
        evidence=evidence,
        sides=sides_of(negotiation, issue),
    )


# One actor.


@dataclass(frozen=True)
class ActorRecord:
    # The latest LATEST_SHOWN positions, grouped by issue, and how many in all.
    positions_by_issue: list
    proposals: list
    # The latest LATEST_SHOWN responses, in date order, and how many in all.
    responses: list
    position_count: int = 0
    response_count: int = 0

    @property
    def shown_positions(self):
        return sum(len(positions) for _, positions in self.positions_by_issue)

    @property
    def more_positions(self):
        """Return how many earlier positions the page leaves to the timeline."""
        return self.position_count - self.shown_positions

    @property
    def more_responses(self):
        """Return how many earlier responses the page leaves to the timeline."""
        return self.response_count - len(self.responses)


def actor_record(negotiation, actor):
    """Return the actor's latest positions by issue, its proposals and responses.

    Up to eight queries: the latest positions and their sources, how many there are,
    proposals and their published versions (skipped when there is no proposal),
    the latest responses and their sources, how many there are.
    """
    grouped = defaultdict(list)
    for position in fetch.latest_positions(
        negotiation, actor=actor, limit=LATEST_SHOWN
    ):
        grouped[position.issue].append(position)
    by_issue = sorted(grouped.items(), key=lambda item: (item[0].rank, item[0].pk))
    return ActorRecord(
        positions_by_issue=by_issue,
        proposals=fetch.proposals_by(actor),
        responses=fetch.latest_responses(negotiation, actor=actor, limit=LATEST_SHOWN),
        position_count=fetch.count_positions(negotiation, actor=actor),
        response_count=fetch.count_responses(negotiation, actor=actor),
    )


# The timeline.

TIMELINE_KINDS = fetch_timeline.TIMELINE_KINDS


@dataclass(frozen=True)
class TimelineItem:
    day: datetime.date
    kind: str
    item: object


def timeline_filters(cleaned, actors, issues, people=()):
    """Return timeline_paginator() keyword arguments from a valid TimelineForm's data."""
    actor_by_slug = {actor.slug: actor for actor in actors}
    issue_by_slug = {issue.slug: issue for issue in issues}
    # Who a claim is attributed to: "actor:<slug>" or "person:<slug>".
    speakers = {f"actor:{actor.slug}": actor for actor in actors}
    speakers |= {f"person:{person.slug}": person for person in people}
    return {
        "actor": actor_by_slug.get(cleaned["actor"]),
        "issue": issue_by_slug.get(cleaned["issue"]),
        "kinds": tuple(cleaned["kind"]),
        "start": cleaned["start"],
        "end": cleaned["end"],
        "status": cleaned.get("status") or None,
        "attributed_to": speakers.get(cleaned.get("attributed_to")),
    }


class TimelinePage(Page):
    @property
    def page_links(self):
        """Return the page numbers to link, "…" where a run of them is left out."""
        return self.paginator.get_elided_page_range(
            self.number, on_each_side=2, on_ends=1
        )


class TimelinePaginator(Paginator):
    """Paginate the timeline in the database, then fetch only the page's items.

    `keys` is fetch_timeline.timeline_keys()'s ordered query: the paginator
    counts it (one query) and slices it (one query); the page's items then come
    from fetch_timeline.timeline_rows().
    """

    def __init__(self, negotiation, keys, per_page):
        super().__init__(keys, per_page)
        self.negotiation = negotiation

    def _get_page(self, keys, number, paginator):
        return TimelinePage(
            _timeline_entries(self.negotiation, list(keys)), number, paginator
        )


def _timeline_entries(negotiation, keys):
    """Return a TimelineItem per (day, kind rank, id) key, in the keys' order."""
    ids_by_kind = defaultdict(list)
    for _, rank, pk in keys:
        ids_by_kind[TIMELINE_KINDS[rank]].append(pk)
    rows = fetch_timeline.timeline_rows(negotiation, ids_by_kind)
    entries = []
    for day, rank, pk in keys:
        row = rows.get((TIMELINE_KINDS[rank], pk))
        # A row unpublished between the two queries is left out, not shown.
        if row is not None:
            entries.append(TimelineItem(day, TIMELINE_KINDS[rank], row))
    return entries


def timeline_paginator(
    negotiation,
    per_page,
    *,
    actor=None,
    issue=None,
    kinds=(),
    start=None,
    end=None,
    status=None,
    attributed_to=None,
):
    """Return a paginator over the published items matching the filters.

    No query until a page is asked for; then at most twelve: the count, the
    page's keys, and per kind on the page its rows and their related rows.
    """
    keys = fetch_timeline.timeline_keys(
        negotiation,
        kinds=kinds or TIMELINE_KINDS,
        actor=actor,
        issue=issue,
        start=start,
        until=end,
        status=status,
        attributed_to=attributed_to,
    )
    return TimelinePaginator(negotiation, keys, per_page)
