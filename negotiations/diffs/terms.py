"""The term diff: what two versions say on each issue, in DESIGN.md's words.

A plain function over values; it runs no query and reads no request.
"""

from __future__ import annotations

import enum
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from decimal import Decimal
from numbers import Real
from typing import Any, Protocol

SIDE_A = "a"
SIDE_B = "b"


class Change(enum.StrEnum):
    """What one issue's term did between the compared version and this one.

    The words are DESIGN.md's: a term missing from a version means nothing was
    recorded for it there, never that the version dropped it.
    """

    CHANGED = "changed"
    UNCHANGED = "unchanged"
    NO_LONGER_KNOWN = "no longer known"
    NOW_KNOWN = "now known"
    UNKNOWN_IN_BOTH = "unknown in both"
    NEWLY_COVERED = "newly covered"
    NOT_RECORDED = "not recorded"

    @property
    def slug(self) -> str:
        """Return the word as a CSS class suffix ("no-longer-known")."""
        return self.value.replace(" ", "-")


class IssueLike(Protocol):
    measure: str


class TermLike(Protocol):
    value: Any
    text: str | None


@dataclass(frozen=True)
class TermChange:
    """One issue's term in the compared (old) version and in this (new) one.

    `old` and `new` are the known values (a number, a scale option's value, or
    a text issue's words), None where unknown or where the version has no term;
    `old_text` and `new_text` are the terms' texts ("" where absent). `toward` is
    "a" or "b", the side a changed value moves toward, or None when there is no
    telling; it is set only when both values are known. `old_from` and
    `new_from` name the version a term was inherited from ("as in <version>")
    when a version amends another and does not restate the term, else None;
    `old_condition` and `new_condition` are the terms' conditions ("" if none).
    """

    issue: Any
    kind: Change
    old: Any
    new: Any
    old_text: str
    new_text: str
    toward: str | None
    old_from: Any = None
    new_from: Any = None
    old_condition: str = ""
    new_condition: str = ""

    @property
    def moved(self) -> bool:
        """Return True when a measured value (not a text issue's words) changed."""
        return self.kind is Change.CHANGED and self.issue.measure != "text"

    @property
    def reworded(self) -> bool:
        """Return True when the terms' texts differ (beyond whitespace)."""
        return (
            self.kind is not Change.NEWLY_COVERED
            and self.kind is not Change.NOT_RECORDED
            and not _same_text(self.old_text, self.new_text)
        )


def term_diff(
    issues: Iterable[IssueLike],
    old_terms: Mapping[Any, TermLike | None],
    new_terms: Mapping[Any, TermLike | None],
    *,
    side_values: Mapping[Any, tuple[Any, Any]] | None = None,
) -> list[TermChange]:
    """Return, issue by issue, how this (new) version's terms compare with the old.

    `issues` have `.measure` ("numeric", "ordinal" or "text") and, for ordinal
    issues, `.scale_values` (the scale's option values from side A's preferred
    end to side B's). `old_terms` and `new_terms` map an issue to an object with
    `.value` and `.text`; an issue missing from a mapping (or mapped to None) has
    no term recorded in that version. `side_values` optionally maps an issue to
    the sides' values (a, b) on the new version's date, which a numeric move
    needs for its direction.

    A term's known value is its value for a measured issue and its text (if not
    blank) for a text issue. Numbers compare as numbers (1e3 equals 1000), texts
    up to whitespace. The result follows the order of `issues` and leaves out an
    issue neither version covers. The kinds:

    - CHANGED: both values known and different, with `toward`;
    - UNCHANGED: both known and the same;
    - NO_LONGER_KNOWN / NOW_KNOWN: known in only the old / only the new;
    - UNKNOWN_IN_BOTH: both versions cover the issue, neither value is known;
    - NEWLY_COVERED / NOT_RECORDED: only the new / only the old has a term.

    `toward` is "a" or "b" only for CHANGED: on an ordinal scale a move to a
    lower index goes toward side A, to a higher one toward side B; on a numeric
    issue the move goes toward the side whose value lies in its direction (even
    past that side's value). It is None for text issues, values off the scale,
    and numeric sides that are unknown or equal.
    """
    changes = []
    for issue in issues:
        old_term = old_terms.get(issue)
        new_term = new_terms.get(issue)
        if old_term is None and new_term is None:
            continue
        old = _known(issue, old_term)
        new = _known(issue, new_term)
        kind = _kind(issue, old_term, new_term, old, new)
        toward = None
        if kind is Change.CHANGED:
            sides = (side_values or {}).get(issue)
            toward = _toward(issue, old, new, sides)
        changes.append(
            TermChange(
                issue=issue,
                kind=kind,
                old=old,
                new=new,
                old_text=_text(old_term),
                new_text=_text(new_term),
                toward=toward,
            )
        )
    return changes


def summary(changes: Iterable[TermChange]) -> str:
    """Return the term diff counted in its own words: "2 changed, 5 not recorded".

    `changed` and `unchanged` are always counted; the other words only where
    they occur, in the order Change lists them.
    """
    counts: dict[Change, int] = dict.fromkeys(Change, 0)
    for change in changes:
        counts[change.kind] += 1
    shown = [
        f"{count} {kind.value}"
        for kind, count in counts.items()
        if count or kind in (Change.CHANGED, Change.UNCHANGED)
    ]
    return ", ".join(shown)


def _kind(
    issue: IssueLike,
    old_term: TermLike | None,
    new_term: TermLike | None,
    old: Any,
    new: Any,
) -> Change:
    if old_term is None:
        return Change.NEWLY_COVERED
    if new_term is None:
        return Change.NOT_RECORDED
    if old is None and new is None:
        return Change.UNKNOWN_IN_BOTH
    if new is None:
        return Change.NO_LONGER_KNOWN
    if old is None:
        return Change.NOW_KNOWN
    if issue.measure == "text":
        same = _same_text(old, new)
    else:
        same = _same_value(old, new)
    return Change.UNCHANGED if same else Change.CHANGED


def _known(issue: IssueLike, term: TermLike | None) -> Any:
    """Return the term's known value: a text issue's words, else its value."""
    if term is None:
        return None
    if issue.measure == "text":
        return _text(term).strip() or None
    return term.value


def _text(term: TermLike | None) -> str:
    if term is None or term.text is None:
        return ""
    return str(term.text)


def _same_text(old: str, new: str) -> bool:
    # A re-wrapped line or a trailing newline is not a change a reader can see.
    return old.split() == new.split()


def _as_number(value: Any) -> float | None:
    if isinstance(value, bool) or not isinstance(value, (Real, Decimal)):
        return None
    return float(value)


def _same_value(old: Any, new: Any) -> bool:
    old_number, new_number = _as_number(old), _as_number(new)
    if old_number is not None and new_number is not None:
        return old_number == new_number
    if old_number is not None or new_number is not None:
        return False
    return bool(old == new)


def _toward(
    issue: IssueLike, old: Any, new: Any, sides: tuple[Any, Any] | None
) -> str | None:
    if issue.measure == "ordinal":
        scale = list(getattr(issue, "scale_values", ()) or ())
        if old not in scale or new not in scale:
            return None
        return SIDE_A if scale.index(new) < scale.index(old) else SIDE_B
    if issue.measure == "numeric":
        if sides is None:
            return None
        old_number, new_number = _as_number(old), _as_number(new)
        side_a, side_b = (_as_number(value) for value in sides)
        if old_number is None or new_number is None:
            return None
        if side_a is None or side_b is None or side_a == side_b:
            return None
        moves_up = new_number > old_number
        side_a_is_up = side_a > side_b
        return SIDE_A if moves_up == side_a_is_up else SIDE_B
    return None
