"""The state of play at a glance: one line per sticking point, from its rows.

Plain functions over the rows pages.state_of_play() already built; nothing here
runs a query. A line carries each side's value with the marks that qualify it,
the gap, the trend as an arrow and a word, and the latest version's term.
"""

import datetime
from dataclasses import dataclass

from .gaps import Trend
from .models import second_hand_only

# The arrow reads the gap's direction: narrowing points down, widening up.
TREND_ARROWS = {
    Trend.NARROWING: "↘",
    Trend.WIDENING: "↗",
    Trend.UNCHANGED: "→",
    Trend.UNKNOWN: "?",
}


@dataclass(frozen=True)
class Mark:
    """A qualifier shown beside a side's value: `words`, `who` if any, `day` if any.

    `kind` is its CSS class suffix: "own-proposal", "stale", "second-hand",
    "claimed-since" or "disputed-since"; `who` names the one a newer claim is
    attributed to.
    """

    kind: str
    words: str
    day: datetime.date | None = None
    who: str = ""


@dataclass(frozen=True)
class GlanceSide:
    value: object
    marks: tuple


@dataclass(frozen=True)
class GlanceLine:
    row: object
    sides: tuple
    arrow: str

    @property
    def issue(self):
        return self.row.issue

    @property
    def trend(self):
        return self.row.trend

    @property
    def gap(self):
        return self.row.gap


def side_marks(value):
    """Return the Marks that qualify one SideValue, in reading order.

    Own proposal first (where the value comes from), then staleness (how old it
    is), then "second-hand sources only" (a position whose every source is an
    aggregator's or a mirror's copy), then a newer claim or denial that does
    not count. A position's sources are read as prefetched: no query.
    """
    marks = []
    position = value.position
    own = position is not None and getattr(position, "basis", "") == "own proposal"
    if own:
        marks.append(Mark("own-proposal", "from its own proposal of", position.as_of))
    if value.stale:
        # After "from its own proposal of <date>" the date needs no repeating.
        marks.append(Mark("stale", "last on record", None if own else position.as_of))
    if position is not None and not own and second_hand_only(_sources(position)):
        marks.append(Mark("second-hand", "second-hand sources only"))
    later = value.since_then
    if later is not None and later.status == "claimed":
        who = _name(later.attributed_to) or "a third party"
        marks.append(Mark("claimed-since", "since then: claimed by", later.as_of, who))
    elif later is not None:
        marks.append(
            Mark("disputed-since", "since then: a disputed report of", later.as_of)
        )
    return tuple(marks)


def _sources(position):
    """Return a position's sources (its prefetched list), or () for none."""
    sources = getattr(position, "sources", None)
    return () if sources is None else sources.all()


def _name(holder):
    """Return the name of an actor or person (or a plain string); "" for None."""
    if holder is None:
        return ""
    return str(getattr(holder, "name", holder))


def glance_lines(rows):
    """Return a GlanceLine per IssueState row, in the rows' order."""
    return [
        GlanceLine(
            row=row,
            sides=tuple(GlanceSide(value, side_marks(value)) for value in row.sides),
            arrow=TREND_ARROWS[row.trend],
        )
        for row in rows
    ]
