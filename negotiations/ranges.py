"""A numeric range: the value of "up to 5,000", "at least 700", "700 to 1,000".

Format 2 lets a numeric value be a range with a lower bound, an upper bound or
both; an open end is None. A number n is the same value as the range from n to n,
so `as_range` turns either into a Range and `normalised` turns a closed range of
one number back into that number. Plain values in, plain values out: no queries.
"""

import math
from dataclasses import dataclass
from decimal import Decimal
from numbers import Real


@dataclass(frozen=True)
class Range:
    """A numeric range; `lower` or `upper` is None where that end is open."""

    lower: float | None
    upper: float | None

    def __post_init__(self):
        if self.lower is None and self.upper is None:
            raise ValueError("A range needs at least one bound.")
        for bound in (self.lower, self.upper):
            if bound is not None and not math.isfinite(bound):
                raise ValueError("A range's bounds must be finite numbers.")
        if (
            self.lower is not None
            and self.upper is not None
            and self.lower > self.upper
        ):
            raise ValueError("A range's lower bound is above its upper bound.")

    def __format__(self, spec):
        """Format each bound with a number's format spec: f"{r:,.15g}"."""
        if not spec:
            return str(self)
        return self._phrase(
            *(None if bound is None else format(bound, spec) for bound in self.bounds)
        )

    def __str__(self):
        return self._phrase(_shown(self.lower), _shown(self.upper))

    @property
    def bounds(self):
        """Return (lower, upper)."""
        return self.lower, self.upper

    def _phrase(self, lower, upper):
        if self.upper is None:
            return f"at least {lower}"
        if self.lower is None:
            return f"up to {upper}"
        if self.lower == self.upper:
            return lower
        return f"{lower} to {upper}"

    @property
    def closed(self):
        """Return True when both ends are known."""
        return self.lower is not None and self.upper is not None

    @property
    def midpoint(self):
        """Return the middle of a closed range, or None where an end is open."""
        if not self.closed:
            return None
        return (self.lower + self.upper) / 2


def as_range(value):
    """Return a number or a Range as a Range; None (unknown) and non-numbers as None."""
    if isinstance(value, Range):
        return value
    number = finite_number(value)
    return None if number is None else Range(number, number)


def finite_number(value):
    """Return `value` as a finite float, or None when it is not one (unknown)."""
    if value is None or isinstance(value, bool):
        return None
    if not isinstance(value, (Real, Decimal)):
        return None
    number = float(value)
    if not math.isfinite(number):
        return None
    return number


def normalised(lower, upper):
    """Return (point, lower, upper) as stored: a range of one number is that number.

    Either bound may be None. Both None gives (None, None, None): unknown.
    """
    if lower is not None and upper is not None and lower == upper:
        return lower, None, None
    return None, lower, upper


def _shown(number):
    if number is None:
        return ""
    if float(number).is_integer():
        return f"{int(number):,}"
    return f"{number:,}"
