"""The term diff: what two versions say on each issue, tested without a database."""

from dataclasses import dataclass
from decimal import Decimal

from hypothesis import given
from hypothesis import strategies as st

from negotiations.diffs import Change, TermChange, summary, term_diff

PHILADELPHI = (
    "full-israeli-control",
    "reduced-presence",
    "international-force",
    "withdrawal",
)


@dataclass(frozen=True)
class FakeIssue:
    slug: str
    measure: str
    scale_values: tuple = ()


@dataclass(frozen=True)
class FakeTerm:
    value: object = None
    text: str = ""


corridor = FakeIssue("philadelphi-corridor", "ordinal", PHILADELPHI)
hostages = FakeIssue("hostages-phase-one", "numeric")
days = FakeIssue("phase-one-length", "numeric")
governance = FakeIssue("day-after-governance", "text")


def only(changes):
    assert len(changes) == 1
    return changes[0]


def test_a_term_with_the_same_value_and_text_is_unchanged():
    old = {hostages: FakeTerm(33, "33 hostages in phase one")}
    new = {hostages: FakeTerm(33.0, "33 hostages in phase one")}

    change = only(term_diff([hostages], old, new))

    assert change == TermChange(
        issue=hostages,
        kind=Change.UNCHANGED,
        old=33,
        new=33.0,
        old_text="33 hostages in phase one",
        new_text="33 hostages in phase one",
        toward=None,
    )
    assert change.moved is False


def test_numbers_compare_as_numbers():
    old = {days: FakeTerm(1e3), hostages: FakeTerm(Decimal("42"))}
    new = {days: FakeTerm(1000), hostages: FakeTerm(42)}

    kinds = [change.kind for change in term_diff([days, hostages], old, new)]

    assert kinds == [Change.UNCHANGED, Change.UNCHANGED]


def test_unknown_values_with_the_same_text_are_unknown_in_both():
    old = {hostages: FakeTerm(None, "hundreds")}
    new = {hostages: FakeTerm(None, "hundreds")}

    assert only(term_diff([hostages], old, new)).kind is Change.UNKNOWN_IN_BOTH


def test_a_whitespace_only_edit_of_the_text_is_unchanged():
    old = {governance: FakeTerm(None, "A technocratic committee.")}
    new = {governance: FakeTerm(None, "A technocratic\ncommittee. ")}

    assert only(term_diff([governance], old, new)).kind is Change.UNCHANGED


def test_a_new_text_with_the_same_value_is_unchanged_but_reworded():
    old = {hostages: FakeTerm(33, "hundreds")}
    new = {hostages: FakeTerm(33, "dozens")}

    change = only(term_diff([hostages], old, new))

    assert change.kind is Change.UNCHANGED
    assert change.reworded is True
    assert change.toward is None
    assert change.moved is False


def test_two_unknown_values_are_unknown_in_both_whatever_their_texts():
    old = {hostages: FakeTerm(None, "hundreds")}
    new = {hostages: FakeTerm(None, "dozens")}

    change = only(term_diff([hostages], old, new))

    assert change.kind is Change.UNKNOWN_IN_BOTH
    assert change.toward is None
    assert change.moved is False


def test_a_text_issue_change_has_no_direction():
    old = {governance: FakeTerm(None, "Hamas keeps civil administration.")}
    new = {governance: FakeTerm(None, "A technocratic committee.")}

    change = only(term_diff([governance], old, new))

    assert change.kind is Change.CHANGED
    assert change.new == "A technocratic committee."
    assert change.toward is None
    assert change.moved is False


def test_a_text_issue_with_blank_words_is_unknown():
    old = {governance: FakeTerm(None, "  ")}
    new = {governance: FakeTerm(None, "A technocratic committee.")}

    assert only(term_diff([governance], old, new)).kind is Change.NOW_KNOWN
    assert only(term_diff([governance], old, old)).kind is Change.UNKNOWN_IN_BOTH


def test_an_ordinal_move_to_a_lower_step_goes_toward_side_a():
    old = {corridor: FakeTerm("withdrawal")}
    new = {corridor: FakeTerm("full-israeli-control")}

    change = only(term_diff([corridor], old, new))

    assert change.kind is Change.CHANGED
    assert change.old == "withdrawal"
    assert change.new == "full-israeli-control"
    assert change.toward == "a"
    assert change.moved is True


def test_an_ordinal_move_to_a_higher_step_goes_toward_side_b():
    old = {corridor: FakeTerm("reduced-presence")}
    new = {corridor: FakeTerm("international-force")}

    assert only(term_diff([corridor], old, new)).toward == "b"


def test_an_ordinal_value_off_the_scale_has_no_direction():
    old = {corridor: FakeTerm("reduced-presence")}
    new = {corridor: FakeTerm("moon-base")}

    change = only(term_diff([corridor], old, new))

    assert change.kind is Change.CHANGED
    assert change.toward is None


def test_a_numeric_move_goes_toward_the_side_in_its_direction():
    # Israel (side A) asks for 33 living hostages, Hamas (side B) offers 18.
    sides = {hostages: (33, 18)}
    lower = {hostages: FakeTerm(25)}
    higher = {hostages: FakeTerm(30)}

    toward_b = only(term_diff([hostages], higher, lower, side_values=sides))
    toward_a = only(term_diff([hostages], lower, higher, side_values=sides))

    assert toward_b.toward == "b"
    assert toward_a.toward == "a"


def test_a_numeric_move_past_a_side_still_goes_toward_it():
    sides = {hostages: (33, 18)}
    old = {hostages: FakeTerm(33)}
    new = {hostages: FakeTerm(40)}

    assert only(term_diff([hostages], old, new, side_values=sides)).toward == "a"


def test_a_numeric_move_with_side_b_above_side_a():
    sides = {days: (42, 60)}
    old = {days: FakeTerm(42)}
    new = {days: FakeTerm(50)}

    assert only(term_diff([days], old, new, side_values=sides)).toward == "b"


def test_a_numeric_move_has_no_direction_without_both_sides():
    old = {hostages: FakeTerm(33)}
    new = {hostages: FakeTerm(18)}

    assert only(term_diff([hostages], old, new)).toward is None
    for sides in ({hostages: (33, None)}, {hostages: (None, 18)}, {hostages: (20, 20)}):
        assert only(term_diff([hostages], old, new, side_values=sides)).toward is None


def test_a_value_becoming_unknown_is_no_longer_known_without_a_direction():
    sides = {hostages: (33, 18)}
    old = {hostages: FakeTerm(33)}
    new = {hostages: FakeTerm(None)}

    forward = only(term_diff([hostages], old, new, side_values=sides))
    backward = only(term_diff([hostages], new, old, side_values=sides))

    assert forward.kind is Change.NO_LONGER_KNOWN
    assert forward.toward is None
    assert backward.kind is Change.NOW_KNOWN
    assert backward.toward is None


def test_a_term_only_in_the_new_version_is_newly_covered():
    change = only(term_diff([hostages], {}, {hostages: FakeTerm(33, "33")}))

    assert change.kind is Change.NEWLY_COVERED
    assert change.old is None
    assert change.old_text == ""
    assert change.new == 33
    assert change.toward is None


def test_a_term_only_in_the_old_version_is_not_recorded_not_removed():
    change = only(term_diff([corridor], {corridor: FakeTerm("withdrawal")}, {}))

    assert change.kind is Change.NOT_RECORDED
    assert change.kind.value == "not recorded"
    assert change.old == "withdrawal"
    assert change.new is None
    assert change.new_text == ""
    assert change.toward is None


def test_a_term_mapped_to_none_counts_as_absent():
    change = only(term_diff([hostages], {hostages: None}, {hostages: FakeTerm(33)}))

    assert change.kind is Change.NEWLY_COVERED


def test_issues_in_neither_version_are_left_out_and_order_follows_the_issues():
    old = {days: FakeTerm(42), hostages: FakeTerm(33)}
    new = {hostages: FakeTerm(33), corridor: FakeTerm("withdrawal")}

    changes = term_diff([corridor, governance, hostages, days], old, new)

    assert [(change.issue, change.kind) for change in changes] == [
        (corridor, Change.NEWLY_COVERED),
        (hostages, Change.UNCHANGED),
        (days, Change.NOT_RECORDED),
    ]


def test_a_term_without_text_reads_as_empty_text():
    old = {hostages: FakeTerm(33, None)}
    new = {hostages: FakeTerm(33, "")}

    change = only(term_diff([hostages], old, new))

    assert change.kind is Change.UNCHANGED
    assert change.old_text == ""


def test_the_summary_counts_in_the_same_words_and_always_names_changed():
    old = {
        hostages: FakeTerm(33),
        days: FakeTerm(None),
        corridor: FakeTerm("withdrawal"),
    }
    new = {
        hostages: FakeTerm(33),
        days: FakeTerm(None),
        governance: FakeTerm(None, "x"),
    }

    changes = term_diff([corridor, governance, hostages, days], old, new)

    assert summary(changes) == (
        "0 changed, 1 unchanged, 1 unknown in both, 1 newly covered, 1 not recorded"
    )
    assert summary([]) == "0 changed, 0 unchanged"


def test_the_words_are_exactly_those_of_the_design():
    assert [kind.value for kind in Change] == [
        "changed",
        "unchanged",
        "no longer known",
        "now known",
        "unknown in both",
        "newly covered",
        "not recorded",
    ]


ISSUES = [corridor, hostages, days, governance]
VALUES = {
    corridor: st.sampled_from([None, *PHILADELPHI]),
    hostages: st.one_of(st.none(), st.integers(-5, 5), st.floats(-5, 5)),
    days: st.one_of(st.none(), st.decimals(-5, 5, places=1)),
    governance: st.none(),
}
TEXTS = st.sampled_from(["", "  ", "terms", "other terms", " terms\n"])


@st.composite
def versions(draw):
    """Draw a mapping {issue: term}; a missing issue has no term recorded."""
    terms = {}
    for issue in ISSUES:
        if draw(st.booleans()):
            terms[issue] = FakeTerm(draw(VALUES[issue]), draw(TEXTS))
    return terms


@given(old=versions(), new=versions())
def test_a_missing_term_never_reads_as_a_change(old, new):
    sides = {hostages: (33, 18), days: (42, 60)}

    for change in term_diff(ISSUES, old, new, side_values=sides):
        missing_old = change.issue not in old
        missing_new = change.issue not in new
        if missing_old or missing_new:
            assert change.kind in (Change.NEWLY_COVERED, Change.NOT_RECORDED)
            assert change.toward is None
            assert change.moved is False
        if change.kind is Change.CHANGED:
            assert change.old is not None and change.new is not None
        if change.toward is not None:
            assert change.kind is Change.CHANGED
