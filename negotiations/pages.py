"""Shape fetched rows into what each public page shows, calling the gap arithmetic.

Nothing here runs a query except through `fetch`; each page function documents
how many it runs, and that number does not grow with the negotiation.
"""

import datetime
from collections import defaultdict
from dataclasses import dataclass, field

from . import fetch
from .gaps import Trend, describe_lean, gap, lean, position_on, trend
from .models import Measure


def _by_issue_and_actor(positions):
    """Return {(issue id, actor id): [positions by date]}."""
    grouped = defaultdict(list)
    for position in positions:
        grouped[position.issue_id, position.actor_id].append(position)
    return grouped


def _value(claim):
    return None if claim is None else claim.value


def _gap_between(issue, a, b):
    return gap(issue.measure, _value(a), _value(b), issue.scale_values)


def _names(negotiation):
    side_a = negotiation.side_a.name if negotiation.side_a else "side A"
    side_b = negotiation.side_b.name if negotiation.side_b else "side B"
    return side_a, side_b


class SidePositions:
    """Answer "what did each side hold on this issue on that day?" from one fetch."""

    def __init__(self, negotiation, positions):
        self.side_a_id = negotiation.side_a_id
        self.side_b_id = negotiation.side_b_id
        self.grouped = _by_issue_and_actor(positions)

    def on(self, issue, day):
        """Return the (side A, side B) positions on the issue that day; None if none."""
        return (
            position_on(self.grouped.get((issue.pk, self.side_a_id), []), day),
            position_on(self.grouped.get((issue.pk, self.side_b_id), []), day),
        )

    def gap_on(self, issue, day):
        return _gap_between(issue, *self.on(issue, day))


# The negotiations list.


@dataclass(frozen=True)
class NegotiationSummary:
    negotiation: object
    issue_count: int
    measured: int
    narrowing: int
    widening: int
    # The latest date a side's position is on record for; None before any.
    latest_position_on: datetime.date | None


def negotiation_summaries(today):
    """Return a summary per published negotiation as of today (four queries).

    Of the sides' positions it reads only those in force today or 30 days
    before, the two dates the summary compares.
    """
    negotiations = fetch.published_negotiations()
    issues = fetch.issues(negotiations)
    earlier = today - datetime.timedelta(days=30)
    positions = fetch.side_positions_on(negotiations, [earlier, today])
    summaries = []
    for negotiation in negotiations:
        own_positions = [p for p in positions if p.negotiation_id == negotiation.pk]
        sides = SidePositions(negotiation, own_positions)
        own = [issue for issue in issues if issue.negotiation_id == negotiation.pk]
        gaps_now = [sides.gap_on(issue, today) for issue in own]
        trends = [
            trend(sides.gap_on(issue, earlier), now)
            for issue, now in zip(own, gaps_now)
        ]
        summaries.append(
            NegotiationSummary(
                negotiation=negotiation,
                issue_count=len(own),
                measured=sum(1 for g in gaps_now if g.amount is not None),
                narrowing=trends.count(Trend.NARROWING),
                widening=trends.count(Trend.WIDENING),
                latest_position_on=max((p.as_of for p in own_positions), default=None),
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


@dataclass(frozen=True)
class StateOfPlay:
    as_of: datetime.date
    since: datetime.date
    rows: list
    version: object
    has_positions: bool

    @property
    def measured(self):
        return sum(1 for row in self.rows if row.gap.amount is not None)

    @property
    def narrowing(self):
        return sum(1 for row in self.rows if row.trend == Trend.NARROWING)

    @property
    def widening(self):
        return sum(1 for row in self.rows if row.trend == Trend.WIDENING)


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


def state_of_play(negotiation, as_of, since):
    """Return the state of play on `as_of`, trends against `since`.

    Seven queries: issues and their scales; the positions in force on `as_of`
    (the sides' and a few others' per issue) and their sources; the sides'
    positions in force on `since`; the latest version and its terms.
    """
    issues = fetch.issues(negotiation)
    in_force = fetch.positions_in_force(negotiation, on=as_of, others=OTHERS_SHOWN)
    sides = SidePositions(negotiation, in_force)
    sides_then = SidePositions(
        negotiation, fetch.side_positions_on([negotiation], [since])
    )
    others = _others_by_issue(in_force)
    version = fetch.latest_version(negotiation, until=as_of)
    terms = {term.issue_id: term for term in version.terms.all()} if version else {}
    side_a_name, side_b_name = _names(negotiation)
    rows = []
    for issue in issues:
        side_a, side_b = sides.on(issue, as_of)
        now = _gap_between(issue, side_a, side_b)
        earlier = sides_then.gap_on(issue, since)
        shown, more = others.get(issue.pk, ([], 0))
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
                others=shown,
                more_others=more,
                term=term,
                lean=leaning,
                lean_text=describe_lean(leaning, side_a_name, side_b_name),
            )
        )
    # Each actor with a position by then has one in force, so none means none.
    has_positions = bool(in_force)
    return StateOfPlay(as_of, since, rows, version, has_positions)


def _lean_of(issue, term, side_a, side_b):
    if term is None or issue.measure == Measure.TEXT:
        return None
    return lean(
        issue.measure, term.value, _value(side_a), _value(side_b), issue.scale_values
    )


# One sticking point.


@dataclass(frozen=True)
class GapPoint:
    day: datetime.date
    side_a: object
    side_b: object
    gap: object


@dataclass(frozen=True)
class TermLean:
    term: object
    side_a: object
    side_b: object
    gap: object
    lean: float | None
    lean_text: str


@dataclass(frozen=True)
class IssueHistory:
    positions: list
    points: list
    terms: list = field(default_factory=list)

    @property
    def version_days(self):
        """Return (number, day) for each version with a term, numbered as listed."""
        return [(index, t.term.version.date) for index, t in enumerate(self.terms, 1)]

    @property
    def last_day(self):
        """Return the last day anything happened on the issue, or None."""
        days = [p.as_of for p in self.positions] + [d for _, d in self.version_days]
        return max(days, default=None)


def issue_history(negotiation, issue):
    """Return every position and term on the issue and the gap at each change.

    Three queries: positions and their sources, terms with their versions.
    """
    positions = fetch.positions(negotiation, issue=issue)
    sides = SidePositions(negotiation, positions)
    side_ids = {sides.side_a_id, sides.side_b_id}
    change_days = sorted({p.as_of for p in positions if p.actor_id in side_ids})
    points = [
        GapPoint(day, *sides.on(issue, day), sides.gap_on(issue, day))
        for day in change_days
    ]
    side_a_name, side_b_name = _names(negotiation)
    terms = []
    for term in fetch.terms(issue):
        side_a, side_b = sides.on(issue, term.version.date)
        leaning = _lean_of(issue, term, side_a, side_b)
        terms.append(
            TermLean(
                term,
                side_a,
                side_b,
                _gap_between(issue, side_a, side_b),
                leaning,
                describe_lean(leaning, side_a_name, side_b_name),
            )
        )
    return IssueHistory(positions=positions, points=points, terms=terms)


# One actor.


@dataclass(frozen=True)
class ActorRecord:
    positions_by_issue: list
    proposals: list
    responses: list


def actor_record(negotiation, actor):
    """Return the actor's positions grouped by issue, its proposals and responses.

    Six queries: positions and their sources, proposals and their published
    versions, responses and their sources.
    """
    grouped = defaultdict(list)
    for position in fetch.positions(negotiation, actor=actor):
        grouped[position.issue].append(position)
    by_issue = sorted(grouped.items(), key=lambda item: (item[0].rank, item[0].pk))
    return ActorRecord(
        positions_by_issue=by_issue,
        proposals=fetch.proposals_by(actor),
        responses=fetch.responses(negotiation, actor=actor),
    )


# The timeline.

TIMELINE_KINDS = ("version", "position", "response", "event")
_KIND_ORDER = {kind: index for index, kind in enumerate(TIMELINE_KINDS)}


@dataclass(frozen=True)
class TimelineItem:
    day: datetime.date
    kind: str
    item: object


def timeline_filters(cleaned, actors, issues):
    """Return timeline_items() keyword arguments from a valid TimelineForm's data."""
    actor_by_slug = {actor.slug: actor for actor in actors}
    issue_by_slug = {issue.slug: issue for issue in issues}
    return {
        "actor": actor_by_slug.get(cleaned["actor"]),
        "issue": issue_by_slug.get(cleaned["issue"]),
        "kinds": tuple(cleaned["kind"]),
        "start": cleaned["start"],
        "end": cleaned["end"],
    }


def timeline_items(
    negotiation, *, actor=None, issue=None, kinds=(), start=None, end=None
):
    """Return the published items matching the filters, in date order.

    Up to ten queries: one per kind and one per kind of related rows.
    """
    kinds = set(kinds or TIMELINE_KINDS)
    found = []
    narrowing = {"actor": actor, "start": start, "until": end}
    if "version" in kinds:
        found += [
            TimelineItem(v.date, "version", v)
            for v in fetch.versions(negotiation, issue=issue, **narrowing)
        ]
    if "position" in kinds:
        found += [
            TimelineItem(p.as_of, "position", p)
            for p in fetch.positions(negotiation, issue=issue, **narrowing)
        ]
    if "response" in kinds:
        found += [
            TimelineItem(r.date, "response", r)
            for r in fetch.responses(negotiation, issue=issue, **narrowing)
        ]
    # Events concern no one issue, so filtering by issue leaves them out.
    if "event" in kinds and issue is None:
        found += [
            TimelineItem(e.date, "event", e)
            for e in fetch.events(negotiation, **narrowing)
        ]
    return sorted(found, key=lambda i: (i.day, _KIND_ORDER[i.kind], i.item.pk))
