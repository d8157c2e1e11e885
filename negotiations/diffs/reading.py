"""The term diff read as sentences: "Philadelphi: from 'X' to 'Y', toward Hamas".

A plain function over term_diff()'s changes, in the term diff's own words.
Each move is a sentence of its own; the issues that did not move (unchanged,
unknown in both, not recorded) are summarised, one sentence per word. A term
missing from a version reads "not recorded", never as a removal.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from .terms import SIDE_A, Change, TermChange

# A quoted term longer than this many words is cut, with an ellipsis; the
# table under the sentences gives it in full.
QUOTED_WORDS = 25

# Each move gets its own sentence, in this order: the story first.
ONE_BY_ONE = (
    Change.CHANGED,
    Change.NOW_KNOWN,
    Change.NO_LONGER_KNOWN,
    Change.NEWLY_COVERED,
)
# The rest are counted and listed, one sentence per word.
SUMMARISED = (Change.UNCHANGED, Change.UNKNOWN_IN_BOTH, Change.NOT_RECORDED)


@dataclass(frozen=True)
class Sentence:
    """One sentence of the reading.

    One-by-one sentences (`summarised` False) name one issue, then `words`:
    "Philadelphi Corridor: from “...” to “...”". Summarised ones say `words`,
    then list `issues`: "Unchanged on 2 sticking points: A, B".
    """

    kind: Change
    issues: tuple
    words: str
    summarised: bool = False


def _quote(text: str) -> str:
    words = text.split()
    if len(words) > QUOTED_WORDS:
        return "“" + " ".join(words[:QUOTED_WORDS]) + " …”"
    return "“" + " ".join(words) + "”"


def _said(issue: Any, value: Any, value_text: Callable[[Any, Any], str]) -> str:
    """Return what a version says on the issue, quoted.

    A measured issue reads as its value (a scale label, a quantity), short and
    comparable; a text issue's value is its term's words.
    """
    if issue.measure == "text":
        return _quote(str(value))
    return _quote(value_text(value, issue))


def _changed(
    change: TermChange,
    value_text: Callable[[Any, Any], str],
    side_names: tuple[str, str],
) -> str:
    old = _said(change.issue, change.old, value_text)
    new = _said(change.issue, change.new, value_text)
    words = f"from {old} to {new}"
    if change.toward is not None:
        side = side_names[0] if change.toward == SIDE_A else side_names[1]
        words = f"{words}, toward {side}"
    return words


def _one(
    change: TermChange,
    value_text: Callable[[Any, Any], str],
    side_names: tuple[str, str],
    against: str,
) -> str:
    if change.kind is Change.CHANGED:
        return _changed(change, value_text, side_names)
    if change.kind is Change.NOW_KNOWN:
        new = _said(change.issue, change.new, value_text)
        return f"unknown in {against}, now known: {new}"
    if change.kind is Change.NO_LONGER_KNOWN:
        old = _said(change.issue, change.old, value_text)
        return f"{old} in {against}, no longer known in this version"
    if change.new is None:
        return f"newly covered, its value unknown (no term recorded in {against})"
    new = _said(change.issue, change.new, value_text)
    return f"newly covered: {new} (no term recorded in {against})"


def _summary_words(kind: Change, count: int, against: str) -> str:
    points = "sticking point" if count == 1 else "sticking points"
    if kind is Change.UNCHANGED:
        return f"Unchanged on {count} {points}"
    if kind is Change.UNKNOWN_IN_BOTH:
        return f"Unknown in both on {count} {points}"
    return (
        f"Not recorded for this version on {count} {points}, only in {against} "
        "(nothing on record, which is not a removal)"
    )


def read_changes(
    changes: Iterable[TermChange],
    value_text: Callable[[Any, Any], str],
    side_names: tuple[str, str] = ("side A", "side B"),
    against: str = "the compared version",
) -> list[Sentence]:
    """Return the term diff as sentences, moves first, then the summaries.

    `value_text(value, issue)` says how a bare value reads on its issue (a
    scale label, a quantity); a text issue's value is its term's words, cut
    after QUOTED_WORDS words. `side_names` name sides "a" and "b" for "toward"; `against`
    names the compared version in a sentence ("the baseline").
    """
    changes = list(changes)
    sentences = [
        Sentence(kind, (change.issue,), _one(change, value_text, side_names, against))
        for kind in ONE_BY_ONE
        for change in changes
        if change.kind is kind
    ]
    for kind in SUMMARISED:
        issues = tuple(change.issue for change in changes if change.kind is kind)
        if issues:
            words = _summary_words(kind, len(issues), against)
            sentences.append(Sentence(kind, issues, words, summarised=True))
    return sentences
