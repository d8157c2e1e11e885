"""The embeddable card: one sticking point's sides, their gap and its trend."""

import datetime
from dataclasses import dataclass

from . import fetch
from .gaps import Gap, Trend, gap, position_on, trend


@dataclass(frozen=True)
class Card:
    """What the card shows: each side's position in force and the gap between them."""

    negotiation: object
    issue: object
    as_of: datetime.date
    since: datetime.date
    side_a: object
    side_b: object
    gap: Gap
    trend: Trend

    @property
    def sides(self):
        """Return ("a", side A actor, position) and the same for side B."""
        return (
            ("a", self.negotiation.side_a, self.side_a),
            ("b", self.negotiation.side_b, self.side_b),
        )


def _value(position):
    return None if position is None else position.value


def issue_card(negotiation, issue, as_of, since):
    """Return the card of an issue on `as_of`, its trend since `since` (two queries).

    `issue` comes from `fetch.issue`, so it carries its `scale_values`.
    """
    # Only the rows that can be in force on either day: bounded by the number
    # of sides and days, not by the issue's history.
    positions = fetch.side_positions_on(
        [negotiation], [as_of, since], issue=issue, with_sources=True
    )
    held_by_a = [p for p in positions if p.actor_id == negotiation.side_a_id]
    held_by_b = [p for p in positions if p.actor_id == negotiation.side_b_id]

    def gap_on(day):
        a, b = position_on(held_by_a, day), position_on(held_by_b, day)
        return gap(issue.measure, _value(a), _value(b), issue.scale_values)

    now = gap_on(as_of)
    return Card(
        negotiation=negotiation,
        issue=issue,
        as_of=as_of,
        since=since,
        side_a=position_on(held_by_a, as_of),
        side_b=position_on(held_by_b, as_of),
        gap=now,
        trend=trend(gap_on(since), now),
    )
