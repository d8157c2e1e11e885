"""The term diff read as sentences: moves one by one, the rest summarised."""

from dataclasses import dataclass
from types import SimpleNamespace

import pytest

from negotiations.diffs import Change, term_diff
from negotiations.diffs.reading import QUOTED_WORDS, Sentence, read_changes

SCALE = ("stays", "reduced", "monitors", "withdrawal")
LABELS = {
    "stays": "Israel stays",
    "reduced": "Israel stays in reduced numbers",
    "monitors": "International monitors",
    "withdrawal": "Complete withdrawal by day 50",
}


@dataclass(frozen=True)
class _Issue:
    title: str
    measure: str = "ordinal"
    unit: str = ""
    scale_values: tuple = SCALE


def _issue(title, measure="ordinal", unit=""):
    return _Issue(title, measure, unit)


def _term(value=None, text=""):
    return SimpleNamespace(value=value, text=text)


def _value_text(value, issue):
    if value is None:
        return "unknown"
    if issue.measure == "ordinal":
        return LABELS[value]
    return f"{value} {issue.unit}"


def _read(issues, old, new, **kwargs):
    changes = term_diff(issues, old, new, side_values=kwargs.pop("sides", None))
    return read_changes(changes, _value_text, ("Israel", "Hamas"), "the baseline")


def test_a_changed_term_reads_from_the_old_value_to_the_new_toward_a_side():
    corridor = _issue("Philadelphi")

    (sentence,) = _read(
        [corridor], {corridor: _term("reduced")}, {corridor: _term("withdrawal")}
    )

    assert sentence == Sentence(
        Change.CHANGED,
        (corridor,),
        "from “Israel stays in reduced numbers” to “Complete withdrawal by day 50”"
        ", toward Hamas",
    )


def test_a_move_toward_side_a_names_side_a():
    corridor = _issue("Philadelphi")

    (sentence,) = _read(
        [corridor], {corridor: _term("monitors")}, {corridor: _term("stays")}
    )

    assert sentence.words.endswith(", toward Israel")


def test_a_numeric_move_without_known_sides_names_no_side():
    hostages = _issue("Hostages", measure="numeric", unit="hostages")

    (sentence,) = _read([hostages], {hostages: _term(18)}, {hostages: _term(33)})

    assert sentence.words == "from “18 hostages” to “33 hostages”"


def test_a_text_issue_quotes_the_terms_words():
    guarantees = _issue("Guarantees", measure="text")

    (sentence,) = _read(
        [guarantees],
        {guarantees: _term(text="Mediators guarantee")},
        {guarantees: _term(text="The US guarantees")},
    )

    assert sentence.words == "from “Mediators guarantee” to “The US guarantees”"


def test_a_long_text_is_cut_with_an_ellipsis():
    guarantees = _issue("Guarantees", measure="text")
    long_text = " ".join(f"word{n}" for n in range(QUOTED_WORDS + 5))

    (sentence,) = _read(
        [guarantees], {guarantees: None}, {guarantees: _term(text=long_text)}
    )

    assert f"word{QUOTED_WORDS - 1} …”" in sentence.words
    assert f"word{QUOTED_WORDS}" not in sentence.words


def test_now_known_and_no_longer_known_say_which_version_knew_it():
    corridor, withdrawal = _issue("Philadelphi"), _issue("Withdrawal")

    now, gone = _read(
        [corridor, withdrawal],
        {corridor: _term(None), withdrawal: _term("reduced")},
        {corridor: _term("withdrawal"), withdrawal: _term(None)},
    )

    assert now.kind is Change.NOW_KNOWN
    assert now.words == (
        "unknown in the baseline, now known: “Complete withdrawal by day 50”"
    )
    assert gone.kind is Change.NO_LONGER_KNOWN
    assert gone.words == (
        "“Israel stays in reduced numbers” in the baseline, "
        "no longer known in this version"
    )


def test_a_newly_covered_issue_says_the_compared_version_had_no_term():
    corridor = _issue("Philadelphi")

    (sentence,) = _read([corridor], {}, {corridor: _term("stays")})

    assert sentence.words == (
        "newly covered: “Israel stays” (no term recorded in the baseline)"
    )


def test_a_newly_covered_issue_with_an_unknown_value_says_so():
    corridor = _issue("Philadelphi")

    (sentence,) = _read([corridor], {}, {corridor: _term(None)})

    assert "its value unknown" in sentence.words


def test_a_missing_term_reads_not_recorded_never_removed():
    corridor, hostages = _issue("Philadelphi"), _issue("Hostages")

    (sentence,) = _read(
        [corridor, hostages],
        {corridor: _term("stays"), hostages: _term("reduced")},
        {},
    )

    assert sentence.kind is Change.NOT_RECORDED
    assert sentence.summarised is True
    assert sentence.issues == (corridor, hostages)
    assert sentence.words.startswith("Not recorded for this version on 2 sticking")
    assert "not a removal" in sentence.words
    assert "removed" not in sentence.words


def test_unchanged_and_unknown_in_both_are_summarised_after_the_moves():
    names = ["moved", "same", "also same", "blank"]
    moved, same, also_same, blank = map(_issue, names)
    old = {
        moved: _term("stays"),
        same: _term("reduced"),
        also_same: _term("monitors"),
        blank: _term(None),
    }
    new = {**old, moved: _term("reduced")}

    sentences = _read([same, blank, moved, also_same], old, new)

    assert [s.kind for s in sentences] == [
        Change.CHANGED,
        Change.UNCHANGED,
        Change.UNKNOWN_IN_BOTH,
    ]
    assert sentences[1].issues == (same, also_same)
    assert sentences[1].words == "Unchanged on 2 sticking points"
    assert sentences[2].words == "Unknown in both on 1 sticking point"


@pytest.mark.parametrize("kind", list(Change))
def test_every_word_of_the_term_diff_is_read(kind):
    corridor = _issue("Philadelphi")
    before, after = {
        Change.CHANGED: (_term("stays"), _term("reduced")),
        Change.UNCHANGED: (_term("stays"), _term("stays")),
        Change.NO_LONGER_KNOWN: (_term("stays"), _term(None)),
        Change.NOW_KNOWN: (_term(None), _term("stays")),
        Change.UNKNOWN_IN_BOTH: (_term(None), _term(None)),
        Change.NEWLY_COVERED: (None, _term("stays")),
        Change.NOT_RECORDED: (_term("stays"), None),
    }[kind]

    (sentence,) = _read([corridor], {corridor: before}, {corridor: after})

    assert sentence.kind is kind
    assert sentence.issues == (corridor,)


def test_no_change_reads_as_no_sentence():
    assert read_changes([], _value_text) == []
