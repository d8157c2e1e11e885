"""Gap arithmetic: how far apart the sides are on an issue, and where a term leans.

Plain functions over values, as DESIGN.md "Gap arithmetic" defines them. Nothing
here runs a query or reads a request: callers pass numbers, scale option values
and small objects with attributes, and get small frozen dataclasses back.

Unknown is None everywhere and never 0: a side without a position, a null value
or a value that is not on the issue's scale gives an unknown gap, because an
unknown gap must never read as agreement.
"""

import enum
import math
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from .ranges import Range, as_range, finite_number

NUMERIC = "numeric"
ORDINAL = "ordinal"
TEXT = "text"

# The evidence rules: which statuses of a side's position count as its own and
# so set the value a gap, trend or lean uses. By default a position the side
# stated or that was reported counts; `?evidence=stated` narrows to public
# statements. A claimed position (a third party speaking for the side) or a
# disputed one (denied) never counts: it stays in the history, marked.
REPORTED = "reported"
STATED = "stated"
EVIDENCE_RULES = {
    REPORTED: ("stated", "reported"),
    STATED: ("stated",),
}
DEFAULT_EVIDENCE = REPORTED
EVIDENCE_NAMES = {
    REPORTED: "positions stated or reported (claims by others and disputed reports"
    " are left out)",
    STATED: "public statements only",
}
# The same rules in a few words, where space is short (the embeddable card).
EVIDENCE_SHORT_NAMES = {
    REPORTED: "stated and reported positions only",
    STATED: "public statements only",
}

# When several counted positions share the latest date, the firmest wins: what
# a party said itself outranks what officials report.
STATUS_PREFERENCE = ("stated", "reported", "claimed", "disputed")

# Relative gaps are ratios of floats; differences below this are rounding noise,
# not movement, so a gap recomputed from the same numbers stays "unchanged".
TREND_TOLERANCE = 1e-9

# A lean this close to 0.5 (half-way between the sides) reads as "midway".
MIDWAY_BAND = 0.05
# A lean this close to 0 or 1 reads as "at" that side's position.
AT_SIDE_TOLERANCE = 1e-9


class Trend(enum.StrEnum):
    """How a relative gap moved between an earlier date and now."""

    NARROWING = "narrowing"
    WIDENING = "widening"
    UNCHANGED = "unchanged"
    UNKNOWN = "unknown"


@dataclass(frozen=True)
class Gap:
    """The distance between the sides on one issue on one date.

    `amount` is |a - b| in the issue's unit (numeric) or in scale steps
    (ordinal); `relative` is that distance as a share of the largest possible
    one, in [0, 1]. Both are None when the gap is unknown or, for a text issue,
    when there is no number at all (`measurable` is then False).
    """

    measurable: bool
    amount: float | None
    relative: float | None
    # Not a field: a point gap, unlike a RangeGap.
    is_range = False

    @property
    def known(self):
        """Return True when the gap has a number."""
        return self.amount is not None and self.relative is not None

    @property
    def agreed(self):
        """Return True when the gap is known and zero: the sides agree."""
        return self.known and self.amount == 0

    @property
    def percent(self):
        """Return the relative gap as a whole percentage, or None when unknown."""
        if self.relative is None:
            return None
        return round(self.relative * 100)


UNKNOWN_GAP = Gap(measurable=True, amount=None, relative=None)
TEXT_GAP = Gap(measurable=False, amount=None, relative=None)


def counted_statuses(evidence=DEFAULT_EVIDENCE):
    """Return the statuses whose positions count under the evidence rule.

    Raise ValueError for a rule that is not one of EVIDENCE_RULES.
    """
    try:
        return EVIDENCE_RULES[evidence]
    except KeyError:
        raise ValueError(f"Unknown evidence rule: {evidence!r}") from None


def counts(position, evidence=DEFAULT_EVIDENCE):
    """Return True when the position counts as its holder's own under the rule."""
    return position.status in counted_statuses(evidence)


def position_on(positions, day, evidence=DEFAULT_EVIDENCE):
    """Return the position in force on `day`, or None when there is none yet.

    This is the one function that decides a side's value. `positions` is any
    iterable of objects with `.as_of` (a date), `.status` and `.pk`: one actor's
    positions on one issue, and the stances of the proposals it authored (see
    OwnProposal), which count as stated. Only the positions that count under
    `evidence` are candidates (`counts`): a claimed or disputed position never
    sets a value. The position in force is the latest candidate on or before
    `day`. When several share that latest date, a stated one beats a reported
    one and, among equals, the highest pk wins: the one entered last. A
    candidate without a pk (an own proposal) ranks below saved positions.
    """
    allowed = counted_statuses(evidence)
    best = None
    best_key = None
    for position in positions:
        if position.as_of is None or position.as_of > day:
            continue
        if position.status not in allowed:
            continue
        key = (position.as_of, -_status_rank(position.status), _pk_rank(position.pk))
        if best_key is None or key > best_key:
            best, best_key = position, key
    return best


def newer_uncounted(positions, day, in_force, evidence=DEFAULT_EVIDENCE):
    """Return the latest position that does not count and is newer than `in_force`.

    What a page shows beside the position in force ("since then: claimed by
    ..."): a claim or a denied report after it (or any, when none is in force).
    None when there is none on or before `day`.
    """
    allowed = counted_statuses(evidence)
    since = in_force.as_of if in_force is not None else None
    best = best_key = None
    for position in positions:
        if position.as_of is None or position.as_of > day:
            continue
        if position.status in allowed:
            continue
        if since is not None and position.as_of <= since:
            continue
        key = (position.as_of, -_status_rank(position.status), _pk_rank(position.pk))
        if best is None or key > best_key:
            best, best_key = position, key
    return best


def is_stale(as_of, day, window_days):
    """Return True when a value dated `as_of` is older than the window before `day`.

    The date shown minus `window_days` is still fresh; a day earlier is stale.
    None (no value) is never stale: it is unknown.
    """
    if as_of is None:
        return False
    return (day - as_of).days > window_days


@dataclass(frozen=True)
class OwnProposal:
    """A side's stance read from a version it authored: its term, as stated.

    It carries what position_on and the pages read of a position: `as_of` (the
    version's date), `status` ("stated"), `pk` (None: it ranks below a position
    of the same date and status) and the term's value.
    """

    negotiation_id: int
    actor_id: int
    issue_id: int
    as_of: Any
    term: Any
    version: Any
    status: str = "stated"
    pk: None = None
    basis: str = "own proposal"

    @property
    def value(self):
        return self.term.value

    @property
    def value_option_id(self):
        return self.term.value_option_id

    @property
    def value_option(self):
        return self.term.value_option

    @property
    def value_number(self):
        return self.term.value_number

    @property
    def summary(self):
        return self.term.text

    # What a position's status line reads: the side states its own proposal.
    attributed_to = None

    def get_status_display(self):
        return "Stated publicly"


def _status_rank(status):
    try:
        return STATUS_PREFERENCE.index(status)
    except ValueError:
        return len(STATUS_PREFERENCE)


def _pk_rank(pk):
    # Saved rows (any pk) outrank unsaved ones; then the higher pk wins.
    if pk is None:
        return (0, 0)
    return (1, pk)


def gap(measure: str, a, b, scale: Sequence[str] = ()) -> Gap:
    """Return the gap between side A's value `a` and side B's value `b`.

    `measure` is "numeric", "ordinal" or "text". For a numeric issue, `a` and `b`
    are numbers: the gap is |a - b| and the relative gap |a - b| / max(|a|, |b|)
    (0.0 when both are zero: they agree on zero). Values of opposite signs are as
    far apart as values can be, so their relative gap is 1.0. For an ordinal
    issue, `a` and `b` are option values of `scale`, which is ordered from side
    A's preferred end to side B's: the gap is the number of steps between them
    and the relative gap is steps / (len(scale) - 1). A text issue has no number.

    A missing value (None), a value that is not a finite number, or an option
    that is not on the scale gives an unknown gap, never zero. Raise ValueError
    for a measure that is none of the three.
    """
    if measure == TEXT:
        return TEXT_GAP
    if measure == NUMERIC:
        a, b = _number(a), _number(b)
        if a is None or b is None:
            return UNKNOWN_GAP
        return Gap(measurable=True, amount=abs(a - b), relative=_relative(a, b))
    if measure == ORDINAL:
        index_a, index_b = _index(scale, a), _index(scale, b)
        if index_a is None or index_b is None:
            return UNKNOWN_GAP
        steps = abs(index_a - index_b)
        last = len(scale) - 1
        # A one-option scale leaves nothing to disagree on.
        relative = steps / last if last else 0.0
        return Gap(measurable=True, amount=float(steps), relative=relative)
    raise ValueError(f"Unknown measure: {measure!r}")


def _relative(a, b):
    largest = max(abs(a), abs(b))
    if largest == 0:
        return 0.0
    # min() keeps opposite signs (e.g. -5 and 5) at 1.0 rather than 2.0.
    return min(1.0, abs(a - b) / largest)


def _number(value):
    """Return `value` as a finite float, or None when it is not one."""
    return finite_number(value)


def _index(scale, value):
    """Return the position of `value` on `scale`, or None when it is not there."""
    if value is None:
        return None
    try:
        return list(scale).index(value)
    except ValueError:
        return None


def trend(earlier, now) -> Trend:
    """Return whether the gap narrowed, widened or held between two dates.

    Compare the relative gaps, so that a scale's length or a unit's size does
    not matter; differences within TREND_TOLERANCE are float noise and count as
    unchanged. Either gap unknown, or a text issue, gives Trend.UNKNOWN. Where
    either gap is a RangeGap, compare the relative gaps' midpoints
    (interval_trend): a point gap is an interval of one number.
    """
    if isinstance(earlier, RangeGap) or isinstance(now, RangeGap):
        return interval_trend(as_interval(earlier), as_interval(now))
    if earlier.relative is None or now.relative is None:
        return Trend.UNKNOWN
    change = now.relative - earlier.relative
    if abs(change) <= TREND_TOLERANCE:
        return Trend.UNCHANGED
    if change < 0:
        return Trend.NARROWING
    return Trend.WIDENING


def lean(measure: str, term, a, b, scale: Sequence[str] = ()) -> float | None:
    """Return where `term` sits between side A's value `a` and side B's `b`.

    The lean is (term - a) / (b - a) on the issue's measure (on scale indexes
    for an ordinal issue): 0 at side A's position, 1 at side B's, 0.5 midway.
    It is not clamped to [0, 1]: below 0 the term goes beyond what side A asks
    for, above 1 beyond what side B asks for, and that is worth showing. Return
    None when the sides agree (a == b, so there is nothing to lean between),
    when any value is unknown or off the scale, and for a text issue.
    """
    if measure == NUMERIC:
        points = (_number(term), _number(a), _number(b))
    elif measure == ORDINAL:
        points = (_index(scale, term), _index(scale, a), _index(scale, b))
    else:
        return None
    term_point, a_point, b_point = points
    if term_point is None or a_point is None or b_point is None:
        return None
    if a_point == b_point:
        return None
    return (term_point - a_point) / (b_point - a_point)


def describe_lean(value: float | None, side_a_name, side_b_name) -> str:
    """Return a reader's phrase for a lean, e.g. "leans toward Israel".

    The phrases are "at X's position", "leans toward X", "midway" (within
    MIDWAY_BAND of 0.5), "beyond X's position" (a lean below 0 or above 1) and
    "unknown" for None. A missing side name reads as "side A" or "side B".
    """
    if value is None or not math.isfinite(value):
        return "unknown"
    name_a = str(side_a_name) if side_a_name else "side A"
    name_b = str(side_b_name) if side_b_name else "side B"
    if abs(value) <= AT_SIDE_TOLERANCE:
        return f"at {name_a}'s position"
    if abs(value - 1) <= AT_SIDE_TOLERANCE:
        return f"at {name_b}'s position"
    if value < 0:
        return f"beyond {name_a}'s position"
    if value > 1:
        return f"beyond {name_b}'s position"
    if abs(value - 0.5) <= MIDWAY_BAND:
        return "midway"
    if value < 0.5:
        return f"leans toward {name_a}"
    return f"leans toward {name_b}"


@dataclass(frozen=True)
class IntervalGap:
    """The gap between two values of which one or both may be a range.

    The gap is every |a - b| the values allow: from `amount_min` to `amount_max`
    in the issue's unit, and from `relative_min` to `relative_max` as a relative
    gap. `amount_max` is None where a range is open so that the gap has no upper
    bound ("at least amount_min"). Everything is None when the gap is unknown.
    """

    measurable: bool
    amount_min: float | None
    amount_max: float | None
    relative_min: float | None
    relative_max: float | None

    @property
    def known(self):
        """Return True when the gap has at least a lower bound."""
        return self.amount_min is not None

    @property
    def closed(self):
        """Return True when both ends of the gap are known."""
        return self.amount_min is not None and self.amount_max is not None

    @property
    def relative_midpoint(self):
        """Return the middle of the relative gap, or None unless the gap is closed."""
        if not self.closed or self.relative_min is None or self.relative_max is None:
            return None
        return (self.relative_min + self.relative_max) / 2


UNKNOWN_INTERVAL_GAP = IntervalGap(True, None, None, None, None)
TEXT_INTERVAL_GAP = IntervalGap(False, None, None, None, None)


def interval_gap(measure: str, a, b, scale: Sequence[str] = ()) -> IntervalGap:
    """Return the gap between side A's value `a` and side B's `b` as an interval.

    For a numeric issue each value is a number or a Range (ranges.py); a number
    is the range from it to it. The gap runs from the smallest to the largest
    |a - b| the two allow, the relative gap likewise (see gap()); an open end
    (None in a Range) leaves the gap without an upper bound. An ordinal issue's
    values are points, so its interval is the point gap. Unknown in gives
    unknown out, never zero.
    """
    if measure != NUMERIC:
        point = gap(measure, a, b, scale)
        if not point.measurable:
            return TEXT_INTERVAL_GAP
        return IntervalGap(
            True, point.amount, point.amount, point.relative, point.relative
        )
    range_a, range_b = as_range(a), as_range(b)
    if range_a is None or range_b is None:
        return UNKNOWN_INTERVAL_GAP
    low_a, high_a = _ends(range_a)
    low_b, high_b = _ends(range_b)
    nearest = max(0.0, low_b - high_a, low_a - high_b)
    farthest = max(high_a - low_b, high_b - low_a)
    relatives = [_relative_at(x, y) for x in (low_a, high_a) for y in (low_b, high_b)]
    relatives = [value for value in relatives if value is not None]
    if nearest == 0:
        relatives.append(0.0)  # the ranges overlap: the sides may agree
    if (_holds_zero(low_a, high_a) and (low_b, high_b) != (0, 0)) or (
        _holds_zero(low_b, high_b) and (low_a, high_a) != (0, 0)
    ):
        relatives.append(1.0)  # zero against anything else is as far as it gets
    return IntervalGap(
        measurable=True,
        amount_min=nearest,
        amount_max=farthest if math.isfinite(farthest) else None,
        relative_min=min(relatives),
        relative_max=max(relatives),
    )


def _ends(value_range):
    low = -math.inf if value_range.lower is None else float(value_range.lower)
    high = math.inf if value_range.upper is None else float(value_range.upper)
    return low, high


def _holds_zero(low, high):
    return low <= 0 <= high


def _relative_at(x, y):
    """Return the relative gap at one corner; its limit where an end is infinite.

    Both ends infinite on the same side give no single limit: None, and the
    overlap (0) and the other corners bound the gap there.
    """
    if math.isinf(x) and math.isinf(y):
        return 1.0 if (x > 0) != (y > 0) else None
    if math.isinf(x) or math.isinf(y):
        return 1.0
    return _relative(x, y)


def interval_trend(earlier: IntervalGap, now: IntervalGap) -> Trend:
    """Return how a gap over ranges moved: on the relative gap's midpoint.

    Only a closed gap has a midpoint; an open or unknown one gives Trend.UNKNOWN.
    """
    before, after = earlier.relative_midpoint, now.relative_midpoint
    if before is None or after is None:
        return Trend.UNKNOWN
    change = after - before
    if abs(change) <= TREND_TOLERANCE:
        return Trend.UNCHANGED
    if change < 0:
        return Trend.NARROWING
    return Trend.WIDENING


def describe_interval_gap(value: IntervalGap, unit="") -> str:
    """Return a reader's phrase: "300", "between 0 and 300", "at least 200"."""
    if not value.known:
        return "unknown"
    suffix = f" {unit}" if unit else ""
    low = _shown(value.amount_min)
    if value.amount_max is None:
        return f"at least {low}{suffix}"
    if value.amount_max == value.amount_min:
        return f"{low}{suffix}"
    return f"between {low} and {_shown(value.amount_max)}{suffix}"


def _shown(number):
    if float(number).is_integer():
        return f"{int(number):,}"
    return f"{number:,}"


@dataclass(frozen=True)
class RangeGap:
    """A gap where a side's value is a range, read by the pages as they read a Gap.

    `interval` is the IntervalGap. `amount` is its lower bound (the gap is at
    least that; None when unknown), so that "measured" counts it; `relative` is
    the relative gap's midpoint where both ends are known, else None, so that a
    bar or a chart line never shows a single number it does not have.
    """

    interval: IntervalGap
    is_range = True

    @property
    def measurable(self):
        return self.interval.measurable

    @property
    def amount(self):
        return self.interval.amount_min

    @property
    def relative(self):
        return self.interval.relative_midpoint

    @property
    def known(self):
        return self.interval.known

    @property
    def agreed(self):
        """Return True only when every value the ranges allow agrees."""
        return self.interval.amount_max == 0

    @property
    def percent(self):
        if self.relative is None:
            return None
        return round(self.relative * 100)


def as_interval(value) -> IntervalGap:
    """Return a Gap or a RangeGap as an IntervalGap (a point gap is one number)."""
    if isinstance(value, RangeGap):
        return value.interval
    if not value.measurable:
        return TEXT_INTERVAL_GAP
    return IntervalGap(True, value.amount, value.amount, value.relative, value.relative)


def shown_gap(measure: str, a, b, scale: Sequence[str] = ()):
    """Return the gap the pages show: a Gap between points, a RangeGap otherwise.

    Two numbers give exactly gap(); a numeric issue where either value is a
    Range gives the interval gap (interval_gap) wrapped as a RangeGap.
    """
    if measure == NUMERIC and (isinstance(a, Range) or isinstance(b, Range)):
        return RangeGap(interval_gap(measure, a, b, scale))
    return gap(measure, a, b, scale)
