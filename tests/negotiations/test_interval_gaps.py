"""Gaps over ranges (format 2): the interval from the nearest to the farthest gap."""

import math

import pytest
from hypothesis import given
from hypothesis import strategies as st

from negotiations.gaps import (
    UNKNOWN_INTERVAL_GAP,
    Trend,
    describe_interval_gap,
    gap,
    interval_gap,
    interval_trend,
)
from negotiations.ranges import Range, as_range, normalised

numbers = st.floats(min_value=-1e6, max_value=1e6, allow_nan=False).map(
    lambda number: round(number, 3) + 0.0
)


@st.composite
def ranges(draw):
    lower = draw(st.none() | numbers)
    upper = draw(st.none() | numbers) if lower is not None else draw(numbers)
    if lower is not None and upper is not None and lower > upper:
        lower, upper = upper, lower
    return Range(lower, upper)


values = numbers | ranges()


def test_the_gap_between_two_closed_ranges_runs_from_nearest_to_farthest():
    result = interval_gap("numeric", Range(700, 1000), Range(1200, 1300))

    assert (result.amount_min, result.amount_max) == (200, 600)
    assert describe_interval_gap(result, "prisoners") == (
        "between 200 and 600 prisoners"
    )


def test_overlapping_ranges_may_agree_so_the_gap_starts_at_zero():
    result = interval_gap("numeric", Range(0, 300), 300)

    assert (result.amount_min, result.amount_max) == (0, 300)
    assert describe_interval_gap(result) == "between 0 and 300"
    assert result.relative_min == 0


def test_an_open_range_gives_a_gap_of_at_least_its_nearest_distance():
    result = interval_gap("numeric", Range(700, None), 500)

    assert (result.amount_min, result.amount_max) == (200, None)
    assert describe_interval_gap(result, "prisoners") == "at least 200 prisoners"
    assert result.closed is False


def test_an_open_range_still_bounds_the_relative_gap_by_one():
    result = interval_gap("numeric", Range(None, 5000), 1000)

    assert (result.relative_min, result.relative_max) == (0.0, 1.0)


def test_ranges_on_opposite_sides_of_zero_are_fully_apart():
    result = interval_gap("numeric", Range(-5, -1), Range(2, 3))

    assert (result.relative_min, result.relative_max) == (1.0, 1.0)


def test_a_range_including_zero_against_a_nonzero_value_may_be_fully_apart():
    result = interval_gap("numeric", Range(0, 10), 10)

    assert (result.relative_min, result.relative_max) == (0.0, 1.0)


def test_an_ordinal_gap_as_an_interval_is_its_point_gap():
    result = interval_gap("ordinal", "a", "c", ("a", "b", "c"))

    assert (result.amount_min, result.amount_max) == (2.0, 2.0)
    assert (result.relative_min, result.relative_max) == (1.0, 1.0)


def test_a_text_issue_has_no_interval_gap():
    assert interval_gap("text", None, None).measurable is False


def test_an_unknown_value_gives_an_unknown_interval_gap_never_zero():
    result = interval_gap("numeric", Range(1, 2), None)

    assert result == UNKNOWN_INTERVAL_GAP
    assert describe_interval_gap(result) == "unknown"


def test_the_trend_over_ranges_follows_the_relative_gaps_midpoint():
    earlier = interval_gap("numeric", Range(0, 100), 200)
    now = interval_gap("numeric", Range(150, 200), 200)

    assert interval_trend(earlier, now) == Trend.NARROWING
    assert interval_trend(now, earlier) == Trend.WIDENING
    assert interval_trend(now, now) == Trend.UNCHANGED


def test_the_trend_is_unknown_where_a_gap_is_open():
    earlier = interval_gap("numeric", Range(0, None), 200)
    now = interval_gap("numeric", 150, 200)

    assert interval_trend(earlier, now) == Trend.UNKNOWN
    assert interval_trend(now, UNKNOWN_INTERVAL_GAP) == Trend.UNKNOWN


def test_a_range_refuses_a_lower_bound_above_its_upper():
    with pytest.raises(ValueError, match="above its upper bound"):
        Range(5, 1)


def test_a_range_needs_a_bound():
    with pytest.raises(ValueError, match="at least one bound"):
        Range(None, None)


def test_a_range_reads_as_a_reader_would_say_it():
    assert [str(Range(700, 1000)), str(Range(None, 5000)), str(Range(700, None))] == [
        "700 to 1,000",
        "up to 5,000",
        "at least 700",
    ]


def test_a_range_of_one_number_is_stored_as_that_number():
    assert normalised(5.0, 5.0) == (5.0, None, None)
    assert normalised(5.0, None) == (None, 5.0, None)


@given(values, values)
def test_the_interval_gap_is_symmetric(a, b):
    assert interval_gap("numeric", a, b) == interval_gap("numeric", b, a)


@given(numbers, numbers)
def test_the_interval_gap_of_two_points_is_the_point_gap(a, b):
    point = gap("numeric", a, b)
    result = interval_gap("numeric", a, b)

    assert result.amount_min == result.amount_max == point.amount
    assert result.relative_min == pytest.approx(point.relative)
    assert result.relative_max == pytest.approx(point.relative)


@given(values, values, st.data())
def test_the_interval_gap_contains_the_gap_of_any_points_in_the_ranges(a, b, data):
    def point_in(value):
        value_range = as_range(value)
        low = -1e7 if value_range.lower is None else value_range.lower
        high = 1e7 if value_range.upper is None else value_range.upper
        return data.draw(st.floats(min_value=low, max_value=high))

    x, y = point_in(a), point_in(b)
    point = gap("numeric", x, y)
    result = interval_gap("numeric", a, b)

    assert result.amount_min <= point.amount + 1e-6
    if result.amount_max is not None:
        assert point.amount <= result.amount_max + 1e-6
    assert result.relative_min - 1e-9 <= point.relative <= result.relative_max + 1e-9


@given(values)
def test_unknown_in_gives_unknown_out(value):
    assert interval_gap("numeric", value, None) == UNKNOWN_INTERVAL_GAP
    assert interval_gap("numeric", None, value) == UNKNOWN_INTERVAL_GAP
    assert interval_gap("numeric", value, math.nan) == UNKNOWN_INTERVAL_GAP


def test_a_range_formats_each_bound_like_a_number():
    assert f"{Range(1890.0, 2000.0):,.15g}" == "1,890 to 2,000"
    assert f"{Range(None, 5000.0):,.15g}" == "up to 5,000"
