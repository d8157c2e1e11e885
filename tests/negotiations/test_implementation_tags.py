"""The implementation pages' template helpers, without a database."""

from types import SimpleNamespace

from negotiations.ranges import Range
from negotiations.templatetags.implementation_tags import (
    amount_label,
    progress_label,
    progress_steps,
)


def test_the_bar_marks_the_level_in_force_and_the_levels_below_it():
    assert [state for _, state in progress_steps(2)] == [
        "reached",
        "reached",
        "current",
        "",
    ]
    assert [state for _, state in progress_steps(0)] == ["current", "", "", ""]


def test_without_a_counted_report_no_step_is_marked():
    assert [state for _, state in progress_steps(None)] == ["", "", "", ""]
    assert progress_label(None) == "no report"
    assert progress_label("not-started") == "Not started"


def test_an_unknown_amount_is_empty_never_zero():
    issue = SimpleNamespace(measure="numeric", unit="trucks")
    unknown = SimpleNamespace(value=None, value_number=None)
    zero = SimpleNamespace(value=0.0, value_number=0.0)
    assert amount_label(unknown, issue) == ""
    assert amount_label(zero, issue) == "0 trucks"
    assert amount_label(zero, None) == ""


def test_a_range_amount_reads_as_its_bounds_not_as_unknown():
    issue = SimpleNamespace(measure="numeric", unit="prisoners")
    both = SimpleNamespace(value=Range(1890, 2000), value_number=None)
    at_least = SimpleNamespace(value=Range(1890, None), value_number=None)
    assert amount_label(both, issue) == "between 1,890 and 2,000 prisoners"
    assert amount_label(at_least, issue) == "at least 1,890 prisoners"


def test_an_ordinal_amount_reads_as_its_scale_label():
    issue = SimpleNamespace(measure="ordinal", scale_labels={"keep": "North keeps it"})
    assert amount_label(SimpleNamespace(value="keep"), issue) == "North keeps it"
