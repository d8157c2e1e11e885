"""The embeddable card: one sticking point's sides, their gap and its trend."""

import datetime
from dataclasses import dataclass

from .gaps import DEFAULT_EVIDENCE, EVIDENCE_SHORT_NAMES, Gap, RangeGap, Trend, trend
from .sides import DateShown, SidePositions, evidence_name, side_stances, side_values


@dataclass(frozen=True)
class Card:
    """What the card shows: each side's position in force and the gap between them."""

    negotiation: object
    issue: object
    as_of: datetime.date
    since: datetime.date
    side_a: object
    side_b: object
    gap: Gap | RangeGap
    trend: Trend
    evidence: str = DEFAULT_EVIDENCE
    shown: DateShown | None = None
    values: tuple = ()

    @property
    def sides(self):
        """Return ("a", side A actor, position, SideValue) and the same for side B.

        The actors are the issue's sides: its own pair, else the negotiation's.
        """
        return (
            ("a", self.values[0].actor, self.side_a, self.values[0]),
            ("b", self.values[1].actor, self.side_b, self.values[1]),
        )

    @property
    def evidence_name(self):
        return evidence_name(self.evidence)

    @property
    def evidence_short_name(self):
        return EVIDENCE_SHORT_NAMES[self.evidence]


def issue_card(negotiation, issue, as_of, since, evidence=DEFAULT_EVIDENCE, shown=None):
    """Return the card of an issue on `as_of`, its trend since `since` (three queries).

    `issue` comes from `fetch.issue`, so it carries its `scale_values`. Reads
    the sides' positions (with sources) and own proposals that can be in force
    on either day, and the newer ones that do not count.
    """
    stances = side_stances(
        [negotiation],
        [as_of, since],
        evidence=evidence,
        issue=issue,
        with_sources=True,
        uncounted=True,
    )
    sides = SidePositions(negotiation, stances, evidence)
    values = side_values(negotiation, sides, issue, as_of)
    now = sides.gap_on(issue, as_of)
    return Card(
        negotiation=negotiation,
        issue=issue,
        as_of=as_of,
        since=since,
        side_a=values[0].position,
        side_b=values[1].position,
        gap=now,
        trend=trend(sides.gap_on(issue, since), now),
        evidence=evidence,
        shown=shown or DateShown(as_of, None, asked=True),
        values=values,
    )
