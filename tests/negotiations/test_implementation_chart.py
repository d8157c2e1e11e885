"""The implementation chart's layout, without a database."""

import datetime
from dataclasses import dataclass

from negotiations.charts_implementation import implementation_chart
from negotiations.implementation import commitment_rows

D = datetime.date


@dataclass
class Entry:
    as_of: datetime.date
    progress: str
    status: str = "reported"
    pk: int = 0


@dataclass
class Commitment:
    title: str
    due: datetime.date | None = None
    due_text: str = ""


def test_no_commitments_give_no_chart():
    assert implementation_chart([], day=D(2025, 2, 10)) is None


def test_a_bar_runs_from_each_counted_report_to_the_next():
    entries = [
        Entry(D(2025, 1, 27), "intermediate", pk=1),
        Entry(D(2025, 2, 9), "complete", pk=2),
        Entry(D(2025, 2, 1), "not-started", status="claimed", pk=3),
    ]
    rows = commitment_rows(
        [(Commitment("Netzarim", D(2025, 2, 9)), entries)], D(2025, 2, 10)
    )
    chart = implementation_chart(rows, day=D(2025, 2, 10), start=D(2025, 1, 19))
    (lane,) = chart.lanes
    assert [bar.label for bar in lane.bars] == ["intermediate", "complete"]
    first, second = lane.bars
    assert first.x + first.width == second.x
    assert second.height > first.height
    assert lane.due_x == second.x and lane.overdue is False


def test_without_a_counted_report_a_lane_has_no_bar_and_is_overdue_past_due():
    rows = commitment_rows(
        [
            (
                Commitment("Talks", D(2025, 2, 3)),
                [Entry(D(2025, 2, 1), "minimal", "claimed")],
            )
        ],
        D(2025, 2, 10),
    )
    chart = implementation_chart(rows, day=D(2025, 2, 10))
    assert chart.lanes[0].bars == [] and chart.lanes[0].overdue is True


def test_the_line_of_the_date_shown_sits_inside_the_plot():
    rows = commitment_rows([(Commitment("Aid"), [])], D(2025, 2, 10))
    chart = implementation_chart(rows, day=D(2025, 2, 10))
    assert chart.left <= chart.today_x <= chart.right
    assert chart.ticks
