"""Gap arithmetic: pure functions, tested without a database."""

import datetime
import math
from dataclasses import dataclass
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from negotiations.gaps import (
    Gap,
    OwnProposal,
    Trend,
    counted_statuses,
    describe_lean,
    gap,
    is_stale,
    lean,
    newer_uncounted,
    position_on,
    trend,
)

SCALE = (
    "full-israeli-control",
    "reduced-presence",
    "international-force",
    "withdrawal",
)


@dataclass
class FakePosition:
    as_of: datetime.date
    status: str = "stated"
    pk: int | None = 1
    value: object = None


def day(number):
    return datetime.date(2024, 7, number)


numbers = st.floats(min_value=-1e12, max_value=1e12, allow_nan=False)
options = st.sampled_from(SCALE)
maybe_numbers = st.one_of(st.none(), numbers)
maybe_options = st.one_of(st.none(), options, st.just("not-on-the-scale"))


# position_on


def test_position_on_picks_the_latest_on_or_before_the_day():
    early = FakePosition(as_of=day(1), pk=1)
    later = FakePosition(as_of=day(10), pk=2)
    future = FakePosition(as_of=day(20), pk=3)

    assert position_on([later, future, early], day(15)) is later
    assert position_on([later, future, early], day(10)) is later
    assert position_on([later, future, early], day(9)) is early


def test_position_on_is_none_before_the_first_position():
    assert position_on([FakePosition(as_of=day(10))], day(9)) is None
    assert position_on([], day(9)) is None


def test_position_on_prefers_the_firmest_status_on_the_same_date():
    claimed = FakePosition(as_of=day(5), status="claimed", pk=9)
    stated = FakePosition(as_of=day(5), status="stated", pk=1)
    disputed = FakePosition(as_of=day(5), status="disputed", pk=10)
    reported = FakePosition(as_of=day(5), status="reported", pk=8)

    assert position_on([claimed, stated, disputed, reported], day(5)) is stated
    assert position_on([claimed, disputed, reported], day(5)) is reported


def test_a_claimed_or_disputed_position_never_sets_the_value():
    claimed = FakePosition(as_of=day(5), status="claimed", pk=9)
    disputed = FakePosition(as_of=day(6), status="disputed", pk=10)
    earlier = FakePosition(as_of=day(1), status="reported", pk=1)

    assert position_on([claimed, disputed], day(9)) is None
    assert position_on([claimed, disputed, earlier], day(9)) is earlier


def test_the_stated_rule_leaves_reported_positions_out():
    stated = FakePosition(as_of=day(1), status="stated", pk=1)
    reported = FakePosition(as_of=day(4), status="reported", pk=2)

    assert position_on([stated, reported], day(5)) is reported
    assert position_on([stated, reported], day(5), "stated") is stated
    assert counted_statuses("stated") == ("stated",)


def test_an_unknown_evidence_rule_is_refused():
    with pytest.raises(ValueError, match="evidence rule"):
        position_on([], day(1), "rumoured")


def test_newer_uncounted_finds_a_claim_after_the_position_in_force():
    stated = FakePosition(as_of=day(1), status="stated", pk=1)
    old_claim = FakePosition(as_of=day(1), status="claimed", pk=2)
    claim = FakePosition(as_of=day(3), status="claimed", pk=3)
    denied = FakePosition(as_of=day(4), status="disputed", pk=4)
    held = [stated, old_claim, claim, denied]

    assert newer_uncounted(held, day(3), stated) is claim
    assert newer_uncounted(held, day(9), stated) is denied
    assert newer_uncounted([stated, old_claim], day(9), stated) is None
    assert newer_uncounted([claim], day(9), None) is claim


def test_an_own_proposal_counts_as_stated_but_yields_to_a_position_that_day():
    term = FakePosition(as_of=day(5), value=40.0)
    own = OwnProposal(1, 1, 1, day(5), term, version=None)
    reported = FakePosition(as_of=day(5), status="reported", pk=3)
    stated = FakePosition(as_of=day(5), status="stated", pk=4)

    assert position_on([reported, own], day(5)) is own
    assert position_on([reported, own], day(5), "stated") is own
    assert position_on([own, stated], day(5)) is stated
    assert own.value == 40.0


def test_a_value_is_stale_a_day_past_the_window():
    assert not is_stale(day(1), day(31), 30)
    assert is_stale(day(1), datetime.date(2024, 8, 1), 30)
    assert not is_stale(None, day(31), 1)


def test_position_on_prefers_the_last_entered_among_equal_statuses():
    first = FakePosition(as_of=day(5), status="reported", pk=3)
    last = FakePosition(as_of=day(5), status="reported", pk=7)

    assert position_on([last, first], day(5)) is last
    assert position_on([first, last], day(5)) is last


def test_position_on_prefers_a_newer_date_over_a_firmer_status():
    stated = FakePosition(as_of=day(1), status="stated", pk=1)
    reported = FakePosition(as_of=day(2), status="reported", pk=2)

    assert position_on([stated, reported], day(3)) is reported


# gap: hand-computed examples


def test_numeric_gap_is_the_difference_and_its_share_of_the_larger_value():
    result = gap("numeric", 33, 18)

    assert result == Gap(measurable=True, amount=15.0, relative=15 / 33)
    assert result.known is True
    assert result.agreed is False
    assert result.percent == 45


def test_numeric_gap_of_zero_and_zero_is_agreement():
    result = gap("numeric", 0, 0)

    assert result.amount == 0.0
    assert result.relative == 0.0
    assert result.agreed is True


def test_numeric_gap_of_opposite_signs_is_total():
    assert gap("numeric", -5, 5).relative == 1.0


def test_numeric_gap_accepts_decimals():
    assert gap("numeric", Decimal("42"), 42.0).agreed is True


def test_ordinal_gap_across_a_four_option_scale_is_three_steps_and_total():
    result = gap("ordinal", SCALE[0], SCALE[3], SCALE)

    assert result.amount == 3
    assert result.relative == 1.0


def test_ordinal_gap_of_one_step_on_a_four_option_scale_is_a_third():
    result = gap("ordinal", SCALE[2], SCALE[1], SCALE)

    assert result.amount == 1
    assert result.relative == pytest.approx(1 / 3)


def test_ordinal_gap_on_a_one_option_scale_is_agreement():
    assert gap("ordinal", "only", "only", ["only"]).agreed is True


def test_text_gap_is_not_measurable():
    result = gap("text", None, None)

    assert result.measurable is False
    assert result.amount is None
    assert result.relative is None
    assert result.known is False
    assert result.percent is None


@pytest.mark.parametrize(
    ("measure", "a", "b"),
    [
        ("numeric", None, 18),
        ("numeric", 33, None),
        ("numeric", None, None),
        ("numeric", float("nan"), 3),
        ("numeric", float("inf"), 3),
        ("numeric", "33", 18),
        ("numeric", True, 18),
        ("ordinal", None, SCALE[0]),
        ("ordinal", SCALE[0], "not-on-the-scale"),
        ("ordinal", 0, 3),
    ],
)
def test_gap_is_unknown_when_a_side_is_unknown(measure, a, b):
    result = gap(measure, a, b, SCALE)

    assert result.measurable is True
    assert result.amount is None
    assert result.relative is None
    assert result.agreed is False


def test_gap_is_unknown_on_an_empty_scale():
    assert gap("ordinal", "a", "a", ()).known is False


def test_gap_refuses_an_unknown_measure():
    with pytest.raises(ValueError):
        gap("colour", 1, 2)


# gap: properties


@given(a=numbers, b=numbers)
def test_numeric_gap_is_symmetric(a, b):
    assert gap("numeric", a, b) == gap("numeric", b, a)


@given(a=options, b=options)
def test_ordinal_gap_is_symmetric(a, b):
    assert gap("ordinal", a, b, SCALE) == gap("ordinal", b, a, SCALE)


@given(a=numbers, b=numbers)
def test_numeric_relative_gap_is_between_zero_and_one(a, b):
    relative = gap("numeric", a, b).relative

    assert 0.0 <= relative <= 1.0


@given(a=options, b=options)
def test_ordinal_relative_gap_is_between_zero_and_one(a, b):
    relative = gap("ordinal", a, b, SCALE).relative

    assert 0.0 <= relative <= 1.0


@given(a=maybe_numbers, b=maybe_numbers)
def test_numeric_gap_is_unknown_exactly_when_a_value_is_unknown(a, b):
    result = gap("numeric", a, b)

    assert result.known is (a is not None and b is not None)


@given(a=maybe_options, b=maybe_options)
def test_ordinal_gap_is_unknown_exactly_when_a_value_is_off_the_scale(a, b):
    result = gap("ordinal", a, b, SCALE)

    assert result.known is (a in SCALE and b in SCALE)


@given(a=numbers)
def test_gap_between_equal_values_is_agreement(a):
    assert gap("numeric", a, a).agreed is True


# trend


def test_trend_is_narrowing_when_the_relative_gap_shrinks():
    assert trend(gap("numeric", 33, 18), gap("numeric", 33, 25)) is Trend.NARROWING


def test_trend_is_widening_when_the_relative_gap_grows():
    before = gap("ordinal", SCALE[1], SCALE[2], SCALE)
    now = gap("ordinal", SCALE[0], SCALE[3], SCALE)

    assert trend(before, now) is Trend.WIDENING


def test_trend_ignores_float_noise():
    before = Gap(measurable=True, amount=1.0, relative=0.1 + 0.2)
    now = Gap(measurable=True, amount=1.0, relative=0.3)

    assert trend(before, now) is Trend.UNCHANGED


def test_trend_compares_relative_not_absolute_gaps():
    # 10 apart out of 100, then 5 apart out of 50: the same share.
    assert trend(gap("numeric", 100, 90), gap("numeric", 50, 45)) is Trend.UNCHANGED


@pytest.mark.parametrize(
    ("earlier", "now"),
    [
        (gap("numeric", None, 3), gap("numeric", 1, 3)),
        (gap("numeric", 1, 3), gap("numeric", 1, None)),
        (gap("text", None, None), gap("text", None, None)),
    ],
)
def test_trend_is_unknown_when_either_gap_is_unknown(earlier, now):
    assert trend(earlier, now) is Trend.UNKNOWN


@given(a=maybe_numbers, b=maybe_numbers)
def test_trend_of_equal_gaps_is_unchanged_or_unknown(a, b):
    result = gap("numeric", a, b)
    expected = Trend.UNCHANGED if result.known else Trend.UNKNOWN

    assert trend(result, result) is expected


# lean


def test_lean_of_a_numeric_term_between_the_sides():
    # Side A asks 33 hostages, side B offers 18; a term of 25 is 8/15 toward B.
    assert lean("numeric", 25, 33, 18) == pytest.approx(8 / 15)


def test_lean_of_an_ordinal_term_uses_scale_steps():
    assert lean("ordinal", SCALE[1], SCALE[0], SCALE[3], SCALE) == pytest.approx(1 / 3)


def test_lean_is_not_clamped_beyond_a_side():
    assert lean("numeric", 40, 33, 18) == pytest.approx(-7 / 15)
    assert lean("ordinal", SCALE[3], SCALE[0], SCALE[2], SCALE) == pytest.approx(1.5)


@pytest.mark.parametrize(
    ("measure", "term", "a", "b"),
    [
        ("numeric", 25, 33, 33),
        ("numeric", None, 33, 18),
        ("numeric", 25, None, 18),
        ("numeric", 25, 33, None),
        ("ordinal", SCALE[1], SCALE[0], "not-on-the-scale"),
        ("ordinal", "not-on-the-scale", SCALE[0], SCALE[3]),
        ("text", None, None, None),
    ],
)
def test_lean_is_none_when_undefined(measure, term, a, b):
    assert lean(measure, term, a, b, SCALE) is None


@given(a=numbers, b=numbers)
def test_lean_is_zero_at_side_a_and_one_at_side_b(a, b):
    if a == b:
        assert lean("numeric", a, a, b) is None
    else:
        assert lean("numeric", a, a, b) == 0.0
        assert lean("numeric", b, a, b) == 1.0


@given(a=options, b=options)
def test_ordinal_lean_is_zero_at_side_a_and_one_at_side_b(a, b):
    if a == b:
        assert lean("ordinal", a, a, b, SCALE) is None
    else:
        assert lean("ordinal", a, a, b, SCALE) == 0.0
        assert lean("ordinal", b, a, b, SCALE) == 1.0


# describe_lean


@pytest.mark.parametrize(
    ("value", "phrase"),
    [
        (None, "unknown"),
        (math.nan, "unknown"),
        (0.0, "at Israel's position"),
        (1.0, "at Hamas's position"),
        (0.2, "leans toward Israel"),
        (0.8, "leans toward Hamas"),
        (0.5, "midway"),
        (0.53, "midway"),
        (-0.4, "beyond Israel's position"),
        (1.5, "beyond Hamas's position"),
    ],
)
def test_describe_lean_reads_as_a_phrase(value, phrase):
    assert describe_lean(value, "Israel", "Hamas") == phrase


def test_describe_lean_names_a_side_without_a_name():
    assert describe_lean(0.1, None, "") == "leans toward side A"
    assert describe_lean(0.9, None, "") == "leans toward side B"
