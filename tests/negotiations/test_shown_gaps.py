"""The gap the pages show: a point gap as before, an interval over ranges."""

import datetime
from decimal import Decimal
from types import SimpleNamespace

from negotiations import charts, formatting
from negotiations.gaps import Gap, RangeGap, Trend, gap, shown_gap, trend
from negotiations.ranges import Range


def test_two_numbers_give_exactly_the_point_gap():
    assert shown_gap("numeric", 700, 1000) == gap("numeric", 700, 1000)
    assert isinstance(shown_gap("numeric", 700, 1000), Gap)


def test_a_decimal_against_a_range_gives_the_interval_gap():
    found = shown_gap(
        "numeric", Decimal("5000"), Range(Decimal("700"), Decimal("1000"))
    )
    assert isinstance(found, RangeGap)
    assert (found.interval.amount_min, found.interval.amount_max) == (4000, 4300)
    assert found.amount == 4000
    # The middle of 80 % and 86 %.
    assert round(found.relative, 4) == 0.83


def test_an_open_range_gives_no_single_relative_gap():
    found = shown_gap("numeric", Range(None, 1000), 5000)
    assert found.known and found.relative is None and found.percent is None
    assert not found.agreed


def test_overlapping_ranges_are_not_agreement_unless_every_value_agrees():
    assert not shown_gap("numeric", Range(0, 10), 5).agreed
    assert shown_gap("numeric", Range(5, 5), 5).agreed


def test_the_trend_between_a_point_and_a_range_uses_the_midpoint():
    earlier = shown_gap("numeric", 1000, 5000)  # 80 %
    now = shown_gap("numeric", Range(1500, 5000), 5000)  # 0 to 70 %: 35 %
    assert trend(earlier, now) == Trend.NARROWING
    assert trend(now, shown_gap("numeric", Range(None, 1), 5)) == Trend.UNKNOWN


def test_a_gap_over_ranges_reads_as_an_interval():
    issue = SimpleNamespace(measure="numeric", unit="prisoners", scale_values=())
    closed = shown_gap("numeric", Range(1500, 5000), 5000)
    assert formatting.gap_amount(closed, issue) == "between 0 and 3,500 prisoners"
    assert formatting.relative_gap(closed) == "between 0 % and 70 %"
    open_ = shown_gap("numeric", Range(None, 1000), 5000)
    assert formatting.gap_amount(open_, issue) == "at least 4,000 prisoners"
    assert formatting.relative_gap(open_) == "between 80 % and 100 %"
    point = shown_gap("numeric", 1000, 5000)
    assert formatting.gap_amount(point, issue) == "4,000 prisoners"
    assert formatting.relative_gap(point) == "80 %"


def test_the_chart_draws_a_band_and_no_hatching_for_an_open_interval():
    day = datetime.date(2020, 2, 1)
    points = [
        SimpleNamespace(day=day, gap=shown_gap("numeric", Range(700, 1000), 5000)),
        SimpleNamespace(
            day=day + datetime.timedelta(days=20),
            gap=shown_gap("numeric", Range(None, 1000), 5000),
        ),
    ]
    chart = charts.gap_chart(points)
    assert len(chart.bands) == 2
    closed, open_ = chart.bands
    assert closed.y_top < closed.y_bottom
    # The open band reaches the top of the plot (100 %).
    assert open_.y_top == chart.top
    assert chart.unknown_spans == []
    assert [marker.label for marker in chart.markers] == ["80\u201386 %"]
