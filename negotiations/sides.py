"""A side's value on an issue: the evidence rule applied, and the date shown.

Every page, the card and the CSVs read a side's value through SidePositions,
which calls gaps.position_on, the one function that decides it; side_values()
adds what the pages show beside it (a newer claim, staleness); date_shown()
is the one rule for the date a page shows without `?as_of`.
"""

import datetime
from collections import defaultdict
from dataclasses import dataclass

from . import fetch
from .gaps import (
    DEFAULT_EVIDENCE,
    EVIDENCE_NAMES,
    OwnProposal,
    is_stale,
    newer_uncounted,
    position_on,
    shown_gap,
)

# Without `?as_of`, a negotiation whose latest record is older than this shows
# that record's date instead of today.
QUIET_AFTER = datetime.timedelta(days=30)


def _by_issue_and_actor(positions):
    """Return {(issue id, actor id): [positions by date]}."""
    grouped = defaultdict(list)
    for position in positions:
        grouped[position.issue_id, position.actor_id].append(position)
    return grouped


def value_of(claim):
    return None if claim is None else claim.value


def gap_between(issue, a, b):
    """Return the gap the pages show: a gaps.Gap, or a gaps.RangeGap over ranges."""
    return shown_gap(issue.measure, value_of(a), value_of(b), issue.scale_values)


def sides_of(negotiation, issue=None):
    """Return the issue's two sides (its own pair, else the negotiation's); no query.

    Reads the issue's side_a/side_b only when it has its own pair: select_related
    them in lists (fetch.issues does).
    """
    if issue is not None and issue.has_own_sides:
        return issue.side_a, issue.side_b
    return negotiation.side_a, negotiation.side_b


def side_ids_of(negotiation, issue):
    """Return the ids of the issue's two sides (see sides_of); no query."""
    if issue.has_own_sides:
        return issue.side_a_id, issue.side_b_id
    return negotiation.side_a_id, negotiation.side_b_id


def side_names(negotiation, issue=None):
    side_a, side_b = sides_of(negotiation, issue)
    return (
        side_a.name if side_a else "side A",
        side_b.name if side_b else "side B",
    )


# The date shown.


def latest_record_on(negotiation):
    """Return the date of the negotiation's latest public record, or None.

    Reads the annotations of NegotiationQuerySet.with_latest_record(), which
    fetch.negotiation() and fetch.published_negotiations() add.
    """
    days = [
        getattr(negotiation, name, None)
        for name in (
            "latest_position_on",
            "latest_response_on",
            "latest_version_on",
            "latest_event_on",
            "latest_implementation_on",
        )
    ]
    return max((day for day in days if day is not None), default=None)


@dataclass(frozen=True)
class DateShown:
    """The date a page shows, and why.

    `quiet` is True when no `?as_of` was asked for and the record ended more
    than QUIET_AFTER before today: the page then shows the latest record's date
    and says "latest record <date>; nothing recorded since".
    """

    day: datetime.date
    latest_record: datetime.date | None
    quiet: bool = False
    asked: bool = False


def date_shown(negotiation, today, asked=None):
    """Return the DateShown of a negotiation: `asked` (an ?as_of) or its default.

    The default is today, unless the latest record is more than QUIET_AFTER
    old: then the latest record's date. The one rule for every page, the home
    page, the card and the CSVs.
    """
    latest = latest_record_on(negotiation)
    if asked is not None:
        return DateShown(asked, latest, asked=True)
    if latest is not None and today - latest > QUIET_AFTER:
        return DateShown(latest, latest, quiet=True)
    return DateShown(today, latest)


def evidence_name(evidence):
    """Return the evidence rule in a reader's words."""
    return EVIDENCE_NAMES[evidence]


class SidePositions:
    """Answer "what did each side hold on this issue on that day?" from one fetch.

    `positions` are the sides' positions and own proposals (fetch.side_stances);
    gaps.position_on under `evidence` picks the one in force. An issue with its
    own pair of sides is read for that pair.
    """

    def __init__(self, negotiation, positions, evidence=DEFAULT_EVIDENCE):
        self.negotiation = negotiation
        self.evidence = evidence
        self.grouped = _by_issue_and_actor(positions)

    def held(self, issue, actor_id):
        return self.grouped.get((issue.pk, actor_id), [])

    def on(self, issue, day):
        """Return the (side A, side B) positions on the issue that day; None if none."""
        return tuple(
            position_on(self.held(issue, actor_id), day, self.evidence)
            for actor_id in side_ids_of(self.negotiation, issue)
        )

    def gap_on(self, issue, day):
        return gap_between(issue, *self.on(issue, day))

    def since_then(self, issue, day, in_force):
        """Return per side the newer position that does not count, or None."""
        ids = side_ids_of(self.negotiation, issue)
        return tuple(
            newer_uncounted(self.held(issue, actor_id), day, held, self.evidence)
            for actor_id, held in zip(ids, in_force)
        )


@dataclass(frozen=True)
class SideValue:
    """One side on one issue: the position in force, what came since, staleness.

    `position` is a Position or a gaps.OwnProposal (its `basis` says which), or
    None; `since_then` a newer claimed or disputed position, or None; `stale`
    is True when the position is older than the negotiation's staleness window
    before the date shown.
    """

    actor: object
    label: str
    position: object
    since_then: object
    stale: bool


def side_values(negotiation, sides, issue, day):
    """Return the two SideValues of an issue on `day`, from a SidePositions."""
    in_force = sides.on(issue, day)
    later = sides.since_then(issue, day, in_force)
    actors = sides_of(negotiation, issue)
    labels = ("Side A", "Side B")
    return tuple(
        SideValue(
            actor,
            label,
            position,
            since,
            is_stale(
                position.as_of if position else None,
                day,
                negotiation.stale_after_days,
            ),
        )
        for actor, label, position, since in zip(actors, labels, in_force, later)
    )


def side_stances(negotiations, days, *, evidence, issue=None, **kwargs):
    """Return the sides' positions and own proposals for SidePositions (two queries)."""
    return fetch.side_positions_on(
        negotiations, days, issue=issue, evidence=evidence, **kwargs
    ) + fetch.own_proposals(negotiations, days, issue=issue)


def own_stances(negotiation, terms, issue=None):
    """Return the sides' own-proposal stances among fetched terms (no query).

    The Python twin of fetch.own_proposals over terms read with their version's
    proposal: each known term of a version a side authored, as an OwnProposal.
    The sides are the issue's (its own pair, else the negotiation's).
    """
    if issue is None:
        side_ids = {negotiation.side_a_id, negotiation.side_b_id} - {None}
    else:
        side_ids = set(side_ids_of(negotiation, issue)) - {None}
    return [
        OwnProposal(
            negotiation_id=negotiation.pk,
            actor_id=author_id,
            issue_id=term.issue_id,
            as_of=term.version.date,
            term=term,
            version=term.version,
        )
        for term in terms
        if term.value is not None
        for author_id in term.version.proposal.author_ids
        if author_id in side_ids
    ]
