"""The one value formatter: pages, admin, CSV and feeds read values the same way."""

from dataclasses import dataclass
from decimal import Decimal

import pytest

from negotiations import formatting
from negotiations.admin.base import value_text
from negotiations.formatting import (
    claim_value,
    issue_value,
    number,
    percent,
    quantity,
    value_range,
)
from negotiations.ranges import Range

FSI, PDI = "\u2068", "\u2069"


@dataclass
class FakeIssue:
    measure: str = "numeric"
    unit: str = ""


def test_a_large_number_reads_with_separators_and_never_an_exponent():
    assert number(1_234_567) == "1,234,567"
    assert number(1234567.0) == "1,234,567"
    assert number(1e15) == "1,000,000,000,000,000"
    assert number(1e20) == "100,000,000,000,000,000,000"
    assert number(Decimal("2500000")) == "2,500,000"


def test_a_fraction_keeps_its_digits_but_not_float_noise():
    assert number(0.25) == "0.25"
    assert number(0.1 + 0.2) == "0.3"
    assert number(-1234.5) == "-1,234.5"


def test_minus_zero_is_never_shown():
    assert number(-0.0) == "0"
    assert number(Decimal("-0")) == "0"
    assert quantity(-0.0, "days") == "0 days"


def test_unknown_is_never_zero():
    assert number(None) == "unknown"
    assert number(float("nan")) == "unknown"
    assert quantity(None, "hostages") == "unknown"
    assert value_range(None, None, "hostages") == "unknown"
    assert percent(None) == "unknown"
    assert claim_value(None, FakeIssue()) == "unknown"


def test_a_range_reads_with_its_open_bounds():
    assert value_range(700, 1000) == "between 700 and 1,000"
    assert value_range(None, 5000) == "up to 5,000"
    assert value_range(700, None) == "at least 700"
    assert value_range(700, 1000, "prisoners") == "between 700 and 1,000 prisoners"
    assert value_range(42, 42.0, "days") == "42 days"


def test_a_range_upside_down_is_a_clear_error():
    with pytest.raises(ValueError, match="low above high"):
        value_range(1000, 700)


def test_a_right_to_left_unit_is_isolated_and_a_left_to_right_one_is_not():
    assert quantity(1200, "أسير") == f"1,200 {FSI}أسير{PDI}"
    assert quantity(1200, "אסירים") == f"1,200 {FSI}אסירים{PDI}"
    assert value_range(None, 30, "يوم") == f"up to 30 {FSI}يوم{PDI}"
    assert quantity(1200, "prisoners") == "1,200 prisoners"
    assert quantity(1200, "") == "1,200"


def test_values_on_an_issue_read_by_its_measure():
    assert issue_value(None, FakeIssue("text")) == "no number"
    assert issue_value("withdrawal", FakeIssue("ordinal"), {"withdrawal": "Full"}) == (
        "Full"
    )
    assert issue_value(1234567, FakeIssue("numeric", "hostages")) == (
        "1,234,567 hostages"
    )


@dataclass
class FakeClaim:
    measure: str
    issue: FakeIssue
    value_number: float | None = None
    value_option_id: int | None = None


def test_the_admin_reads_a_large_number_as_the_pages_do():
    claim = FakeClaim("numeric", FakeIssue("numeric", "prisoners"), 1234567.0)

    assert value_text(claim) == "1,234,567 prisoners"
    assert value_text(claim) == formatting.quantity(1234567.0, "prisoners")


def test_the_admin_history_shows_a_float_field_with_separators():
    from negotiations.admin.forms import _shown
    from negotiations.models import Position

    field = Position._meta.get_field("value_number")

    assert _shown(field, 1234567.0) == "1,234,567"


def test_a_range_reads_as_its_bounds_on_a_numeric_issue():
    issue = FakeIssue(measure="numeric", unit="prisoners")
    assert issue_value(Range(1890, 2000), issue) == "between 1,890 and 2,000 prisoners"
    assert issue_value(Range(None, 5000), issue) == "up to 5,000 prisoners"
