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
    gap,
    is_stale,
    newer_uncounted,
    position_on,
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
    return gap(issue.measure, value_of(a), value_of(b), issue.scale_values)


def side_names(negotiation):
    side_a = negotiation.side_a.name if negotiation.side_a else "side A"
    side_b = negotiation.side_b.name if negotiation.side_b else "side B"
    return side_a, side_b


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
    gaps.position_on under `evidence` picks the one in force.
    """

    def __init__(self, negotiation, positions, evidence=DEFAULT_EVIDENCE):
        self.side_a_id = negotiation.side_a_id
        self.side_b_id = negotiation.side_b_id
        self.evidence = evidence
        self.grouped = _by_issue_and_actor(positions)

    def held(self, issue, actor_id):
        return self.grouped.get((issue.pk, actor_id), [])

    def on(self, issue, day):
        """Return the (side A, side B) positions on the issue that day; None if none."""
        return (
            position_on(self.held(issue, self.side_a_id), day, self.evidence),
            position_on(self.held(issue, self.side_b_id), day, self.evidence),
        )

    def gap_on(self, issue, day):
        return gap_between(issue, *self.on(issue, day))

    def since_then(self, issue, day, in_force):
        """Return per side the newer position that does not count, or None."""
        ids = (self.side_a_id, self.side_b_id)
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
    actors = (negotiation.side_a, negotiation.side_b)
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


def own_stances(negotiation, terms):
    """Return the sides' own-proposal stances among fetched terms (no query).

    The Python twin of fetch.own_proposals over terms read with their version's
    proposal: each known term of a version a side authored, as an OwnProposal.
    """
    side_ids = {negotiation.side_a_id, negotiation.side_b_id} - {None}
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
