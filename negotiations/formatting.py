"""How values read, everywhere: pages, admin, CSV downloads and feeds.

One formatter, so that 1,234,567 reads the same on the state of play, in the
admin and in a feed. Plain functions over values; nothing here runs a query.

- Numbers get thousands separators and no trailing ".0", never an exponent,
  and at most 15 significant digits; -0 reads 0. Unknown (None, NaN) reads
  "unknown", never 0.
- A range is two bounds, either of which may be open (None): "between 700 and
  1,000", "up to 5,000", "at least 700".
- A unit follows the number after a space. A unit written in a right-to-left
  script is wrapped in Unicode isolates (FSI ... PDI) so that it cannot carry
  the number, or the text around it, into its own direction.
"""

from __future__ import annotations

import math
import unicodedata
from decimal import Decimal, InvalidOperation
from typing import Any, Protocol

from .ranges import Range

UNKNOWN = "unknown"
NO_NUMBER = "no number"

_FIRST_STRONG_ISOLATE = "\u2068"
_POP_DIRECTIONAL_ISOLATE = "\u2069"
_RIGHT_TO_LEFT = {"R", "AL"}


class IssueLike(Protocol):
    measure: str
    unit: str


def number(value: float | Decimal | None) -> str:
    """Return a number as people read it: "1,234,567", "0.25", "-3"; None is unknown."""
    if value is None or isinstance(value, bool):
        return UNKNOWN
    if isinstance(value, float) and not math.isfinite(value):
        return UNKNOWN
    try:
        exact = Decimal(f"{value:.15g}")
    except (InvalidOperation, TypeError, ValueError):
        return UNKNOWN
    if not exact.is_finite():
        return UNKNOWN
    if exact == 0:
        return "0"
    return f"{exact.normalize():,f}"


def unit_text(unit: str | None) -> str:
    """Return the unit as it follows a number: isolated if right-to-left, or ""."""
    unit = (unit or "").strip()
    if not unit:
        return ""
    if any(unicodedata.bidirectional(char) in _RIGHT_TO_LEFT for char in unit):
        return f"{_FIRST_STRONG_ISOLATE}{unit}{_POP_DIRECTIONAL_ISOLATE}"
    return unit


def with_unit(text: str, unit: str | None) -> str:
    """Return `text` followed by the unit, if any."""
    shown = unit_text(unit)
    return f"{text} {shown}" if shown else text


def quantity(value: float | Decimal | None, unit: str | None = "") -> str:
    """Return a number with its unit ("1,200 prisoners"); unknown has no unit."""
    if number(value) == UNKNOWN:
        return UNKNOWN
    return with_unit(number(value), unit)


def value_range(
    low: float | Decimal | None,
    high: float | Decimal | None,
    unit: str | None = "",
) -> str:
    """Return a range with open bounds as None: "between 700 and 1,000 prisoners",
    "up to 5,000", "at least 700", one value when both bounds are equal, and
    "unknown" when neither is known.

    Raise ValueError when the lower bound is above the upper one.
    """
    low_text, high_text = number(low), number(high)
    if low_text == UNKNOWN and high_text == UNKNOWN:
        return UNKNOWN
    if low_text == UNKNOWN:
        return with_unit(f"up to {high_text}", unit)
    if high_text == UNKNOWN:
        return with_unit(f"at least {low_text}", unit)
    if Decimal(str(low)) > Decimal(str(high)):
        raise ValueError(f"range from {low_text} down to {high_text}: low above high")
    if low_text == high_text:
        return with_unit(low_text, unit)
    return with_unit(f"between {low_text} and {high_text}", unit)


def percent(relative: float | None) -> str:
    """Return a share as a whole percentage; a non-zero share never reads as 0 %."""
    if relative is None or not math.isfinite(relative):
        return UNKNOWN
    if 0 < relative < 0.005:
        return "under 1 %"
    return f"{round(relative * 100)} %"


def issue_value(value: Any, issue: IssueLike, labels: dict | None = None) -> str:
    """Return how a bare value reads on an issue: a scale label, a quantity, or why not.

    `value` is a number, a Range or a scale option's value; `labels` maps option
    values to their labels (an ordinal issue's `scale_labels`).
    """
    if issue.measure == "text":
        return NO_NUMBER
    if value is None:
        return UNKNOWN
    if issue.measure == "ordinal":
        return str((labels or {}).get(value, value))
    if isinstance(value, Range):
        return value_range(value.lower, value.upper, issue.unit)
    return quantity(value, issue.unit)


def claim_value(claim: Any, issue: IssueLike) -> str:
    """Return how a position's or term's value reads: a label, a quantity, or why not.

    Reads claim.value_option for an ordinal issue: select_related it in lists.
    """
    if issue.measure == "text":
        return NO_NUMBER
    if claim is None or claim.value is None:
        return UNKNOWN
    if issue.measure == "ordinal":
        return str(claim.value_option.label)
    value = claim.value
    if hasattr(value, "lower") and hasattr(value, "upper"):
        return value_range(value.lower, value.upper, issue.unit)
    return quantity(claim.value_number, issue.unit)


def gap_amount(gap: Any, issue: Any) -> str:
    """Return a gap in the issue's own terms: units, steps, "no number" or unknown."""
    if issue.measure == "text":
        return NO_NUMBER
    if gap is None or gap.amount is None:
        return UNKNOWN
    if getattr(gap, "is_range", False):
        interval = gap.interval
        return value_range(interval.amount_min, interval.amount_max, issue.unit)
    if issue.measure == "ordinal":
        steps = round(gap.amount)
        most = max(len(issue.scale_values) - 1, 1)
        noun = "step" if steps == 1 else "steps"
        return f"{steps} {noun} of {most}"
    return quantity(gap.amount, issue.unit)


def relative_gap(gap: Any) -> str:
    """Return a relative gap: "30 %", or over ranges "between 0 % and 30 %";
    "unknown" without a number."""
    if gap is None:
        return UNKNOWN
    if not getattr(gap, "is_range", False):
        return percent(gap.relative)
    low, high = gap.interval.relative_min, gap.interval.relative_max
    if low is None:
        return UNKNOWN
    if high is None:
        return f"at least {percent(low)}"
    if percent(low) == percent(high):
        return percent(low)
    return f"between {percent(low)} and {percent(high)}"
