"""Diffs between proposal versions: the term diff.

Plain functions over values, as DESIGN.md "Diffs" defines them; nothing here runs
a query or reads a request.

term_diff() compares what two versions say on each issue.
"""

import enum
from dataclasses import dataclass
from decimal import Decimal
from numbers import Real

# Term diff -------------------------------------------------------------------


class Change(enum.StrEnum):
    """What happened to one issue's term between two versions."""

    UNCHANGED = "unchanged"
    CHANGED = "changed"
    ADDED = "added"
    REMOVED = "removed"


@dataclass(frozen=True)
class TermChange:
    """One issue's term in an old and a new version.

    `old` and `new` are the values (a number, a scale option value, or None
    where unknown or where the version has no term); `old_text` and `new_text`
    the terms' texts ("" where absent). `toward` is "a" or "b", the side a
    measurable change moves toward, or None when there is no telling.
    """

    issue: object
    kind: Change
    old: object
    new: object
    old_text: str
    new_text: str
    toward: str | None

    @property
    def moved(self):
        """Return True when the value changed, not only the text."""
        return self.kind is Change.CHANGED and not _same_value(self.old, self.new)


SIDE_A = "a"
SIDE_B = "b"


def term_diff(issues, old_terms, new_terms, *, side_values=None) -> list[TermChange]:
    """Return, issue by issue, how the new version's terms differ from the old.

    `issues` is a sequence of objects with `.measure` ("numeric", "ordinal" or
    "text") and `.scale_values` (a tuple of the scale's option values from side
    A's preferred end to side B's; empty unless ordinal). `old_terms` and
    `new_terms` map an issue to an object with `.value` and `.text`; an issue
    missing from a mapping (or mapped to None) has no term in that version.
    `side_values` optionally maps an issue to the sides' values (a, b) on the
    new version's date, which a numeric move needs for its direction.

    The result follows the order of `issues` and leaves out an issue that
    neither version covers. A term with the same value and the same text (up to
    whitespace) in both is UNCHANGED; one whose value or text differs is
    CHANGED; a term only in the new version is ADDED, only in the old REMOVED.
    Numbers compare as numbers (1e3 equals 1000); None equals only None.

    `toward` says which side a changed value moves toward. On an ordinal scale a
    move to a lower index goes toward side A ("a"), to a higher one toward side
    B ("b"). On a numeric issue the move goes toward the side whose value lies
    in the direction of the move (more hostages when side A asks for more than
    side B offers: toward A), even when it overshoots that side's value, as a
    move on an ordinal scale does. It is None for a text issue, for an unknown
    old or new value (a value becoming known or unknown is CHANGED), for
    numeric sides that are unknown or equal, and for an unchanged value.
    """
    changes = []
    for issue in issues:
        old_term = old_terms.get(issue)
        new_term = new_terms.get(issue)
        if old_term is None and new_term is None:
            continue
        old_value = old_term.value if old_term is not None else None
        new_value = new_term.value if new_term is not None else None
        old_text = _text(old_term)
        new_text = _text(new_term)
        if old_term is None:
            kind = Change.ADDED
        elif new_term is None:
            kind = Change.REMOVED
        elif _same_value(old_value, new_value) and _same_text(old_text, new_text):
            kind = Change.UNCHANGED
        else:
            kind = Change.CHANGED
        toward = None
        if kind is Change.CHANGED:
            sides = (side_values or {}).get(issue)
            toward = _toward(issue, old_value, new_value, sides)
        changes.append(
            TermChange(
                issue=issue,
                kind=kind,
                old=old_value,
                new=new_value,
                old_text=old_text,
                new_text=new_text,
                toward=toward,
            )
        )
    return changes


def _text(term):
    if term is None or term.text is None:
        return ""
    return str(term.text)


def _same_text(old, new):
    # A re-wrapped line or a trailing newline is not a change a reader can see.
    return old.split() == new.split()


def _as_number(value):
    if isinstance(value, bool) or not isinstance(value, (Real, Decimal)):
        return None
    return float(value)


def _same_value(old, new):
    old_number, new_number = _as_number(old), _as_number(new)
    if old_number is not None and new_number is not None:
        return old_number == new_number
    if old_number is not None or new_number is not None:
        return False
    return old == new


def _toward(issue, old, new, sides):
    measure = issue.measure
    if old is None or new is None or _same_value(old, new):
        return None
    if measure == "ordinal":
        scale = list(getattr(issue, "scale_values", ()) or ())
        if old not in scale or new not in scale:
            return None
        return SIDE_A if scale.index(new) < scale.index(old) else SIDE_B
    if measure == "numeric":
        if sides is None:
            return None
        old_number, new_number = _as_number(old), _as_number(new)
        side_a, side_b = (_as_number(value) for value in sides)
        if None in (old_number, new_number, side_a, side_b) or side_a == side_b:
            return None
        moves_up = new_number > old_number
        side_a_is_up = side_a > side_b
        return SIDE_A if moves_up == side_a_is_up else SIDE_B
    return None
