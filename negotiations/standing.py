"""Where things stand on the date shown: one sticking point, or one actor.

The sticking point page shows, beside the gap over time, each side's value in
force on the date shown (with the newer claims that do not count and the
staleness mark, as the state of play does) and, after the agreement, the
commitments on the issue with their progress on that date. Both read through
`fetch` and `fetch_implementation` in a fixed number of queries and decide
with the same functions as every other page: sides.side_values (so
gaps.position_on) and implementation.commitment_rows.
"""

from dataclasses import dataclass

from . import fetch, fetch_implementation
from .gaps import DEFAULT_EVIDENCE, is_stale, newer_uncounted, position_on
from .implementation import commitment_rows
from .sides import (
    DateShown,
    SidePositions,
    SideValue,
    evidence_name,
    gap_between,
    side_values,
)


@dataclass(frozen=True)
class IssueStanding:
    """The two sides on one issue on the date shown, and the gap between them."""

    shown: DateShown
    sides: tuple  # two sides.SideValue
    gap: object
    evidence: str = DEFAULT_EVIDENCE

    @property
    def evidence_name(self):
        return evidence_name(self.evidence)


def issue_standing(negotiation, issue, shown, evidence=DEFAULT_EVIDENCE):
    """Return the sides' IssueStanding on the issue on `shown.day`.

    Three queries: the sides' latest counted and uncounted positions on the
    issue on that day with their sources, and their own proposals.
    """
    day = shown.day
    stances = fetch.side_positions_on(
        [negotiation],
        [day],
        issue=issue,
        with_sources=True,
        evidence=evidence,
        uncounted=True,
    ) + fetch.own_proposals([negotiation], [day], issue=issue)
    sides = SidePositions(negotiation, stances, evidence)
    values = side_values(negotiation, sides, issue, day)
    held = [value.position for value in values]
    return IssueStanding(shown, values, gap_between(issue, *held), evidence)


def issue_commitments(negotiation, issue, day, evidence=DEFAULT_EVIDENCE):
    """Return a CommitmentRow per public commitment on the issue, on `day`.

    In agreement order (version date, then rank); each row's commitment
    carries its `version` (with its `start`). Seven queries (one when there is none).
    """
    return [
        row
        for commitment in fetch_implementation.issue_commitments(negotiation, issue)
        for row in commitment_rows(
            [(commitment, commitment.public_entries)],
            day,
            evidence=evidence,
            start=commitment.version.start,
        )
    ]


@dataclass(frozen=True)
class ActorStanding:
    """One actor's values in force per issue on the date shown."""

    shown: DateShown
    values: list  # [(issue, sides.SideValue)], in the issues' order
    evidence: str = DEFAULT_EVIDENCE

    @property
    def evidence_name(self):
        return evidence_name(self.evidence)


def actor_values(negotiation, actor, held, issues, day, evidence=DEFAULT_EVIDENCE):
    """Return [(issue, SideValue)] of the actor on `day`, from fetched stances.

    `held` are the actor's positions (and, for a side, its own proposals); the
    value in force is gaps.position_on's, as for the gaps. An issue on which
    the actor has nothing on record is left out unless the actor is a side,
    whose unknown value is worth saying.
    """
    is_side = actor.pk in (negotiation.side_a_id, negotiation.side_b_id)
    label = "Side A" if actor.pk == negotiation.side_a_id else "Side B"
    values = []
    for issue in issues:
        on_issue = [stance for stance in held if stance.issue_id == issue.pk]
        if not on_issue and not is_side:
            continue
        position = position_on(on_issue, day, evidence)
        since = newer_uncounted(on_issue, day, position, evidence)
        as_of = position.as_of if position is not None else None
        stale = is_stale(as_of, day, negotiation.stale_after_days)
        values.append((issue, SideValue(actor, label, position, since, stale)))
    return values


def actor_standing(negotiation, actor, shown, evidence=DEFAULT_EVIDENCE):
    """Return the actor's ActorStanding on `shown.day`.

    Five queries: the issues and their scales; the actor's latest counted and
    uncounted positions per issue and their sources; the sides' own proposals
    (skipped for an actor who is not a side).
    """
    day = shown.day
    issues = fetch.issues(negotiation)
    held = fetch.actor_positions_on(negotiation, actor, day, evidence=evidence)
    if actor.pk in (negotiation.side_a_id, negotiation.side_b_id):
        own = fetch.own_proposals([negotiation], [day])
        held += [stance for stance in own if stance.actor_id == actor.pk]
    values = actor_values(negotiation, actor, held, issues, day, evidence)
    return ActorStanding(shown, values, evidence)
