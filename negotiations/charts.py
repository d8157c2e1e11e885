"""Lay out the gap-over-time chart as numbers; the template draws them as inline SVG.

The chart is a step line of the relative gap (0 % = the sides agree, 100 % = as
far apart as the measure allows) between the days either side changed position.
Spans where the gap is unknown get no line, only a hatched band labelled
"unknown", so that unknown never reads as zero. Where a side's value is a range
the gap is an interval: a shaded band from its smallest to its largest relative
gap, with the line at its middle where both ends are known and no line where
the gap has no upper bound (the band then reaches 100 %). Proposal versions are
dashed vertical lines with a number, listed beside the chart.
"""

import datetime
from dataclasses import dataclass

# The chart's text is 11 units tall on a wide screen and 20 on a phone (site.css),
# where the 640-unit chart shrinks to about 56 %: 11 px either way. The margins,
# label spacing and tick count leave room for the larger text.
WIDTH, HEIGHT = 640, 260
LEFT, RIGHT, TOP, BOTTOM = 76, 20, 28, 40
# A chart of a single day still needs a width to draw on.
MIN_SPAN = datetime.timedelta(days=14)


@dataclass(frozen=True)
class Band:
    """The relative gap's interval over one step: from y_top (largest) down."""

    x1: float
    x2: float
    y_top: float
    y_bottom: float

    @property
    def width(self):
        return round(self.x2 - self.x1, 1)

    @property
    def height(self):
        return round(self.y_bottom - self.y_top, 1)


@dataclass(frozen=True)
class Step:
    x1: float
    x2: float
    y: float | None
    band: Band | None = None

    @property
    def known(self):
        return self.y is not None

    @property
    def width(self):
        return round(self.x2 - self.x1, 1)

    @property
    def middle(self):
        return round((self.x1 + self.x2) / 2, 1)


@dataclass(frozen=True)
class Marker:
    x: float
    y: float
    label: str
    labelled: bool = True

    @property
    def label_below(self):
        """Return True for a marker in the upper half: its label goes under it.

        Above it, the label would meet the version numbers over the plot; a
        marker in the lower half keeps its label above, clear of the date axis.
        """
        return self.y < TOP + (HEIGHT - TOP - BOTTOM) / 2

    @property
    def label_anchor(self):
        """Return how the label aligns: inward at the plot's ends, so none is cut."""
        if self.x > WIDTH - RIGHT - LABEL_SPACING / 2:
            return "end"
        if self.x < LEFT + LABEL_SPACING / 2:
            return "start"
        return "middle"

    @property
    def label_y(self):
        return round(self.y + 9 if self.label_below else self.y - 9, 1)


@dataclass(frozen=True)
class Tick:
    at: float
    label: str
    anchor: str = "middle"


@dataclass(frozen=True)
class Span:
    """A stretch of time where the gap is unknown, drawn hatched."""

    x1: float
    x2: float

    @property
    def width(self):
        return round(self.x2 - self.x1, 1)

    @property
    def middle(self):
        return round((self.x1 + self.x2) / 2, 1)

    @property
    def labelled(self):
        """Return True when the span is wide enough to hold the word "unknown"."""
        return self.width >= 80


@dataclass(frozen=True)
class Chart:
    width: int
    height: int
    left: int
    right: int
    top: int
    bottom: int
    steps: list
    unknown_spans: list
    risers: list
    markers: list
    x_ticks: list
    y_ticks: list
    versions: list
    bands: tuple = ()

    @property
    def plot_height(self):
        return self.bottom - self.top

    @property
    def path(self):
        """Return the SVG path of the known steps and the risers joining them."""
        parts = []
        for step in self.steps:
            if step.known:
                parts.append(f"M{step.x1:.1f},{step.y:.1f}H{step.x2:.1f}")
        for x, y1, y2 in self.risers:
            parts.append(f"M{x:.1f},{y1:.1f}V{y2:.1f}")
        return "".join(parts)


def _percent(relative):
    return f"{round(relative * 100)} %"


def _band_percent(low, high):
    """Return a band's label, "0–30 %", or one percentage when both round alike."""
    low_text, high_text = round(low * 100), round(high * 100)
    if low_text == high_text:
        return f"{low_text} %"
    return f"{low_text}\u2013{high_text} %"


def gap_chart(points, version_days=(), *, end=None):
    """Return the chart of `points` (with .day and .gap), or None without points.

    `version_days` are (number, day) pairs for the dashed version lines; `end`
    extends the last step to that day (default: the last day in the data).
    """
    if not points:
        return None
    days = [point.day for point in points] + [day for _, day in version_days]
    first = min(days)
    last = max(days + ([end] if end else []))
    if last - first < MIN_SPAN:
        first, last = _widen(first, last)
    span = (last - first).days
    plot_width = WIDTH - LEFT - RIGHT
    plot_height = HEIGHT - TOP - BOTTOM

    # Coordinates are rounded to a tenth of a pixel: enough, and short in the markup.
    def x_at(day):
        return round(LEFT + plot_width * (day - first).days / span, 1)

    def y_at(relative):
        return round(TOP + plot_height * (1 - relative), 1)

    steps, markers = [], []
    if first < points[0].day:
        # Before the first position on record the gap is unknown too.
        steps.append(Step(x_at(first), x_at(points[0].day), None))
    for index, point in enumerate(points):
        following = points[index + 1].day if index + 1 < len(points) else last
        relative = point.gap.relative
        y = None if relative is None else y_at(relative)
        x1, x2 = x_at(point.day), x_at(following)
        band = _band(point.gap, x1, x2, y_at)
        steps.append(Step(x1, x2, y, band))
        if y is not None:
            label = _percent(relative)
            if band is not None:
                interval = point.gap.interval
                label = _band_percent(interval.relative_min, interval.relative_max)
            markers.append(Marker(x1, y, label))
    markers = _thin_labels(markers)
    risers = [
        (after.x1, before.y, after.y)
        for before, after in zip(steps, steps[1:])
        if before.known and after.known and before.y != after.y
    ]
    return Chart(
        width=WIDTH,
        height=HEIGHT,
        left=LEFT,
        right=WIDTH - RIGHT,
        top=TOP,
        bottom=HEIGHT - BOTTOM,
        steps=steps,
        unknown_spans=_unknown_spans(steps),
        risers=risers,
        markers=markers,
        x_ticks=_date_ticks(first, last, x_at),
        y_ticks=[Tick(y_at(r), _percent(r)) for r in (0, 0.25, 0.5, 0.75, 1)],
        versions=[Tick(x_at(day), str(number)) for number, day in version_days],
        bands=tuple(step.band for step in steps if step.band is not None),
    )


def _band(gap, x1, x2, y_at):
    """Return the Band of a gap over ranges with a known lower bound, else None."""
    if not getattr(gap, "is_range", False) or not gap.known:
        return None
    low = gap.interval.relative_min
    high = gap.interval.relative_max
    if low is None or high is None:
        return None
    return Band(x1, x2, y_at(high), y_at(low))


# Closer than this, two markers' percentages would overlap (at a phone's text
# size); the table has them all.
LABEL_SPACING = 64


def _thin_labels(markers):
    """Return the markers, labelling only those far enough from the last labelled."""
    thinned, last_x = [], None
    for marker in markers:
        labelled = last_x is None or marker.x - last_x >= LABEL_SPACING
        thinned.append(Marker(marker.x, marker.y, marker.label, labelled))
        if labelled:
            last_x = marker.x
    return thinned


def _unknown_spans(steps):
    """Return the unknown steps, each run of adjacent ones merged into one span."""
    spans: list = []
    for step in steps:
        if step.known or step.band is not None or step.x2 <= step.x1:
            continue
        if spans and spans[-1].x2 == step.x1:
            spans[-1] = Span(spans[-1].x1, step.x2)
        else:
            spans.append(Span(step.x1, step.x2))
    return spans


def _widen(first, last):
    """Return a span of MIN_SPAN centred on the days, kept within the calendar."""
    half = MIN_SPAN / 2
    centre = first + (last - first) / 2
    if centre - datetime.date.min < half:
        return datetime.date.min, datetime.date.min + MIN_SPAN
    if datetime.date.max - centre < half:
        return datetime.date.max - MIN_SPAN, datetime.date.max
    return centre - half, centre + half


def _date_ticks(first, last, x_at):
    """Return up to four evenly spaced date ticks, labelled by day and month."""
    span = (last - first).days
    count = min(3, max(span, 1))
    ticks = []
    for index in range(count + 1):
        day = first + datetime.timedelta(days=round(span * index / count))
        label = (
            day.strftime("%d %b %Y") if index in (0, count) else day.strftime("%d %b")
        )
        # The end labels lean inward so they are not cut off at the chart's edges.
        anchor = {0: "start", count: "end"}.get(index, "middle")
        ticks.append(Tick(x_at(day), label.lstrip("0"), anchor))
    return ticks
