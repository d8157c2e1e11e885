"""Lay out the implementation chart as numbers; the template draws it as inline SVG.

One lane per commitment against time: coloured bars for the progress level in
force between counted entries (taller for higher levels), a diamond on the due
date, and a vertical line on the date shown. Stretches with no counted report
get no bar, so that no report never reads as "not started". The data table
under the chart lists the same facts in words.
"""

import datetime
from dataclasses import dataclass

from .implementation import counts, entry_in_force, level_index

WIDTH = 640
LEFT, RIGHT, TOP = 20, 20, 24
LANE = 22
AXIS = 28
# A chart of a few days still needs a width to draw on.
MIN_SPAN = datetime.timedelta(days=14)


@dataclass(frozen=True)
class Bar:
    x: float
    width: float
    y: float
    height: float
    level: int
    label: str


@dataclass(frozen=True)
class Lane:
    y: float
    title: str
    bars: list
    due_x: float | None
    overdue: bool


@dataclass(frozen=True)
class Tick:
    at: float
    label: str


@dataclass(frozen=True)
class ImplementationChart:
    width: int
    height: int
    left: int
    right: int
    top: int
    bottom: int
    lanes: list
    ticks: list
    today_x: float

    @property
    def plot_height(self):
        return self.bottom - self.top


def _bounds(rows, day, start):
    days = [day]
    if start is not None:
        days.append(start)
    for row in rows:
        if row.state.due is not None:
            days.append(row.state.due)
        days += [entry_day for entry_day, _ in row.history]
    first, last = min(days), max(days)
    if last - first < MIN_SPAN:
        last = first + MIN_SPAN
    return first, last


def _ticks(first, last, x):
    """Return a tick on the first of each month in range, or weekly when short."""
    ticks = []
    span = (last - first).days
    step = 7 if span <= 70 else None
    current = first
    while current <= last:
        if step or current.day == 1:
            ticks.append(Tick(x(current), current.strftime("%-d %b")))
        current += datetime.timedelta(days=step or 1)
    return ticks


def implementation_chart(rows, *, day, start=None, evidence=None):
    """Return the chart of CommitmentRows up to `day`, or None without rows."""
    if not rows:
        return None
    first, last = _bounds(rows, day, start)
    scale = (WIDTH - LEFT - RIGHT) / max((last - first).days, 1)

    def x(when):
        return round(LEFT + (when - first).days * scale, 1)

    lanes = []
    for index, row in enumerate(rows):
        top = TOP + index * LANE
        entries = [entry for _, listed in row.history for entry in listed]
        days = sorted({entry.as_of for entry in entries if counts(entry, evidence)})
        bars = []
        for position, begins in enumerate(days):
            # In force until the next counted report, or through the date shown.
            if position + 1 < len(days):
                ends = days[position + 1]
            else:
                ends = day + datetime.timedelta(days=1)
            entry = entry_in_force(entries, begins, evidence)
            level = level_index(entry.progress)
            if level is None:
                continue
            height = round((level + 1) / 4 * (LANE - 6), 1)
            bars.append(
                Bar(
                    x=x(begins),
                    width=max(round(x(ends) - x(begins), 1), 1.0),
                    y=round(top + LANE - 3 - height, 1),
                    height=height,
                    level=level,
                    label=entry.progress,
                )
            )
        due_x = x(row.state.due) if row.state.due is not None else None
        lanes.append(
            Lane(
                y=top,
                title=row.commitment.title,
                bars=bars,
                due_x=due_x,
                overdue=row.state.overdue,
            )
        )
    bottom = TOP + len(rows) * LANE
    return ImplementationChart(
        width=WIDTH,
        height=bottom + AXIS,
        left=LEFT,
        right=WIDTH - RIGHT,
        top=TOP,
        bottom=bottom,
        lanes=lanes,
        ticks=_ticks(first, last, x),
        today_x=x(day),
    )
