"""The redline: a word-level comparison of two texts, as runs of text.

redline() returns a Redline of ops (equal, inserted, deleted runs) and counts;
its inline_html() and side_by_side_html() render it (see diffs/html.py).
"""

from __future__ import annotations

import enum
import itertools
from dataclasses import dataclass, field

from . import html
from .matching import (
    _DELETE,
    _EQUAL,
    _INSERT,
    NO_TOKENS,
    Span,
    _clean_up,
    _matching_blocks,
    _slide,
    _spans,
    _split,
    _split_changes,
    _tokenise,
    _Tokens,
)


class OpKind(enum.StrEnum):
    """What a run of the redline is: unchanged, inserted or deleted."""

    EQUAL = _EQUAL
    INSERT = _INSERT
    DELETE = _DELETE


@dataclass(frozen=True)
class Op:
    """One run of the redline: its text in the old and in the new version.

    An equal run has the same words in both (its whitespace may differ); an
    insertion has only `new`, a deletion only `old`. `words` counts the words in
    the run, paragraph breaks aside.
    """

    kind: OpKind
    old: str
    new: str
    words: int


@dataclass(frozen=True)
class Redline:
    """A word-level comparison of two texts, and its HTML.

    Joining the `old` of every op gives the old text back exactly and joining
    every `new` gives the new text, except that whitespace before the first word
    sits in `old_lead`/`new_lead` (so a text of only whitespace has no ops).
    """

    ops: tuple[Op, ...]
    words_inserted: int
    words_deleted: int
    words_unchanged: int
    context: int = 40
    old_lead: str = ""
    new_lead: str = ""
    _old: _Tokens = field(default=NO_TOKENS, repr=False, compare=False)
    _new: _Tokens = field(default=NO_TOKENS, repr=False, compare=False)
    _spans: tuple[Span, ...] = field(default=(), repr=False, compare=False)

    @property
    def identical(self):
        """Return True when no word and no paragraph break changed."""
        return all(op.kind is OpKind.EQUAL for op in self.ops)

    @property
    def changes(self):
        """Return how many separate places changed (a replacement counts once)."""
        count = 0
        previous = OpKind.EQUAL
        for op in self.ops:
            if op.kind is not OpKind.EQUAL and previous is OpKind.EQUAL:
                count += 1
            previous = op.kind
        return count

    def inline_html(self):
        """Return the redline as one text, insertions and deletions marked.

        Unchanged words show with the new text's spacing; paragraph breaks that
        were added or removed show as a marked pilcrow.
        """
        return html.inline(self)

    def side_by_side_html(self, *, old_label="Old", new_label="New", caption=""):
        """Return a two-column table, old and new, aligned paragraph by paragraph.

        Each column holds its text exactly; the labels head the columns and an
        optional caption names the table.
        """
        return html.side_by_side(self, old_label, new_label, caption)


def redline(old_text: str, new_text: str, *, context: int = 40) -> Redline:
    """Return a word-level redline of `old_text` against `new_text`.

    Texts are cut into words at whitespace and into paragraphs at blank lines;
    paragraph breaks take part in the comparison. In the HTML, an unchanged run
    keeps `context` words next to each change and collapses the rest, when at
    least max(`context`, 1) words would be collapsed. Empty text is fine: all
    inserted, all deleted, or (both empty) identical with no ops. None counts as
    empty text.
    """
    old_text = old_text or ""
    new_text = new_text or ""
    context = max(0, int(context))
    old_split, new_split = _split(old_text), _split(new_text)
    # Number the words 1, 2... (0 is the break): the matcher compares ints.
    distinct = dict.fromkeys(itertools.chain(old_split[1], new_split[1]))
    numbers = dict(zip(distinct, itertools.count(1)))
    old = _tokenise(*old_split, numbers)
    new = _tokenise(*new_split, numbers)
    blocks = _matching_blocks(old.keys, new.keys)
    spans = _spans(blocks, len(old.keys), len(new.keys))
    spans = _split_changes(_slide(_clean_up(spans, old, new), old, new))
    ops = []
    inserted = deleted = unchanged = 0
    for tag, i1, i2, j1, j2 in spans:
        old_part = "".join(old.pieces[i1:i2])
        new_part = "".join(new.pieces[j1:j2])
        if tag == _EQUAL:
            words = old.words(i1, i2)
            unchanged += words
        elif tag == _DELETE:
            words = old.words(i1, i2)
            deleted += words
        else:
            words = new.words(j1, j2)
            inserted += words
        ops.append(Op(OpKind(tag), old_part, new_part, words))
    return Redline(
        ops=tuple(ops),
        words_inserted=inserted,
        words_deleted=deleted,
        words_unchanged=unchanged,
        context=context,
        old_lead=old.lead,
        new_lead=new.lead,
        _old=old,
        _new=new,
        _spans=tuple(spans),
    )
