"""The gap chart's layout: pure arithmetic, no database."""

import datetime
from dataclasses import dataclass

from negotiations.charts import LABEL_SPACING, gap_chart
from negotiations.gaps import TEXT_GAP, UNKNOWN_GAP, Gap

D = datetime.date


@dataclass(frozen=True)
class Point:
    day: datetime.date
    gap: Gap


def _gap(relative):
    return Gap(measurable=True, amount=relative * 10, relative=relative)


def test_no_points_give_no_chart():
    assert gap_chart([]) is None


def test_steps_run_from_each_change_to_the_next_and_to_the_end():
    chart = gap_chart(
        [Point(D(2024, 1, 1), _gap(1.0)), Point(D(2024, 1, 11), _gap(0.5))],
        end=D(2024, 1, 21),
    )
    first, second = chart.steps
    assert (first.x1, second.x2) == (chart.left, chart.right)
    assert first.x2 == second.x1
    # 100 % at the top of the plot, 50 % half-way down.
    assert first.y == chart.top
    assert second.y == chart.top + (chart.bottom - chart.top) / 2
    assert chart.risers == [(second.x1, first.y, second.y)]
    assert chart.path.startswith(f"M{first.x1:.1f},{first.y:.1f}H")


def test_unknown_gaps_are_hatched_spans_never_a_line_at_zero():
    chart = gap_chart(
        [
            Point(D(2024, 1, 1), UNKNOWN_GAP),
            Point(D(2024, 1, 5), TEXT_GAP),
            Point(D(2024, 1, 11), _gap(0.0)),
        ],
        end=D(2024, 2, 1),
    )
    assert [step.known for step in chart.steps] == [False, False, True]
    # The two unknown steps merge into one span.
    assert len(chart.unknown_spans) == 1
    span = chart.unknown_spans[0]
    assert (span.x1, span.x2) == (chart.steps[0].x1, chart.steps[2].x1)
    assert len(chart.markers) == 1
    assert chart.risers == []


def test_the_time_before_the_first_position_is_unknown():
    chart = gap_chart(
        [Point(D(2024, 3, 1), _gap(0.5))], version_days=[(1, D(2024, 1, 1))]
    )
    assert chart.steps[0].known is False
    assert chart.unknown_spans[0].x1 == chart.left
    assert chart.versions[0].at == chart.left
    assert chart.versions[0].label == "1"


def test_a_single_day_still_gets_a_readable_span():
    chart = gap_chart([Point(D(2024, 5, 1), _gap(0.25))])
    assert chart.x_ticks[0].label != chart.x_ticks[-1].label
    assert chart.markers[0].label == "25 %"


def test_edge_dates_of_the_calendar_do_not_overflow():
    for day in (datetime.date.min, datetime.date.max):
        assert gap_chart([Point(day, _gap(0.5))]) is not None


def test_crowded_markers_keep_every_circle_but_not_every_label():
    points = [
        Point(D(2024, 1, 1) + datetime.timedelta(days=i), _gap(0.5)) for i in range(5)
    ]
    chart = gap_chart(points, end=D(2024, 12, 31))
    assert len(chart.markers) == 5
    labelled = [marker for marker in chart.markers if marker.labelled]
    assert labelled[0] == chart.markers[0]
    assert all(
        later.x - earlier.x >= LABEL_SPACING
        for earlier, later in zip(labelled, labelled[1:])
    )
    assert len(labelled) < 5


def test_end_date_labels_lean_inward():
    chart = gap_chart([Point(D(2024, 1, 1), _gap(0.5))], end=D(2024, 6, 1))
    assert chart.x_ticks[0].anchor == "start"
    assert chart.x_ticks[-1].anchor == "end"


def test_a_marker_in_the_upper_half_has_its_label_under_it():
    chart = gap_chart(
        [Point(D(2024, 1, 1), _gap(1.0)), Point(D(2024, 3, 1), _gap(0.25))],
        end=D(2024, 6, 1),
    )
    high, low = chart.markers

    assert high.label_below is True
    assert high.label_y > high.y
    assert low.label_below is False
    assert low.label_y < low.y


def test_marker_labels_at_the_ends_of_the_plot_lean_inward():
    chart = gap_chart(
        [
            Point(D(2024, 1, 1), _gap(0.5)),
            Point(D(2024, 3, 1), _gap(0.25)),
            Point(D(2024, 6, 1), _gap(0.75)),
        ]
    )

    assert [marker.label_anchor for marker in chart.markers] == [
        "start",
        "middle",
        "end",
    ]


def test_at_most_four_date_ticks_leave_room_for_a_phone_s_larger_text():
    chart = gap_chart([Point(D(2024, 1, 1), _gap(0.5))], end=D(2025, 1, 1))

    assert len(chart.x_ticks) == 4
