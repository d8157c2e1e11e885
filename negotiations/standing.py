"""Where things stand on one sticking point on the date shown.

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
from .gaps import DEFAULT_EVIDENCE
from .implementation import commitment_rows
from .sides import DateShown, SidePositions, evidence_name, gap_between, side_values


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
    carries its `version` (with its `start`). Eight queries.
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
