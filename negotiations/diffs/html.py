"""The redline as HTML, inline or side by side.

Built with format_html: each piece of text is escaped exactly once, where it is
put into markup. Parts are plain text or markup (SafeString) and are joined by
_join, which escapes the plain ones and keeps the markup; nothing is marked safe
by hand.

CSS classes used in the redline markup (static/css styles them):

    rl               the container of either view (a div inline, a table side by side)
    rl-inline        the inline view's container
    rl-side          the side-by-side table, and the nested tables inside its folds
    rl-para          one paragraph (a div with dir="auto"); give it
                     `white-space: pre-wrap` so the text's own line breaks show
    rl-ins           an <ins> of inserted words (its text sits in a <bdi>)
    rl-del           a <del> of deleted words (its text sits in a <bdi>)
    rl-break         also on an <ins>/<del> holding a pilcrow: a paragraph break
                     added or removed
    rl-fold          a <details> holding unchanged text, collapsed
    rl-fold-inline   a fold inside one paragraph (suits `display: inline` for it
                     and its <summary>)
    rl-fold-block    a fold of whole paragraphs (inline view) or rows (side by side)
    rl-fold-row      the side-by-side table row that holds a block fold
    rl-row           a side-by-side row: one aligned block of the two texts
    rl-changed       also on an rl-row whose block has a change
    rl-cell          a side-by-side cell; with rl-old or rl-new for its column
    rl-old, rl-new   the old and the new column (cells and header cells)
    rl-empty         also on a cell with nothing in it (a paragraph only the
                     other text has)

Right-to-left text keeps its direction: every paragraph has dir="auto" and the
text of every <ins> and <del> is a <bdi>, so a changed Arabic or Hebrew word is
isolated from the text around it.
"""

from __future__ import annotations

import bisect
import itertools
from collections.abc import Iterable, Iterator
from typing import TYPE_CHECKING, Any

from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString

from .matching import _DELETE, _EQUAL, _INSERT, Span, _Tokens

if TYPE_CHECKING:
    from .redline import Redline


def _join(parts: Iterable[Any]) -> SafeString:
    """Return the parts as one piece of markup, escaping each plain-text part."""
    return format_html_join("", "{}", zip(parts))


# Folding -------------------------------------------------------------


def _segments(
    spans: tuple[Span, ...], old: _Tokens, context: int
) -> list[tuple[str, int, int, int, int, bool]]:
    """Return the spans with each long equal run cut into shown and hidden parts.

    Each segment is (tag, i1, i2, j1, j2, hidden). An equal run keeps `context`
    words next to each change and hides the rest, but only when at least
    max(context, 1) words would be hidden.
    """
    segments = []
    last = len(spans) - 1
    for index, (tag, i1, i2, j1, j2) in enumerate(spans):
        if tag != _EQUAL:
            segments.append((tag, i1, i2, j1, j2, False))
            continue
        keep_start = context if index > 0 else 0
        keep_end = context if index < last else 0
        words = old.words(i1, i2)
        if words - keep_start - keep_end < max(context, 1):
            segments.append((tag, i1, i2, j1, j2, False))
            continue
        hide_from = _after_words(old, i1, keep_start)
        hide_to = _before_words(old, i2, keep_end)
        for start, end, hidden in (
            (i1, hide_from, False),
            (hide_from, hide_to, True),
            (hide_to, i2, False),
        ):
            if start < end:
                new_start, new_end = j1 + start - i1, j1 + end - i1
                segments.append((tag, start, end, new_start, new_end, hidden))
    return segments


def _after_words(tokens: _Tokens, start: int, count: int) -> int:
    """Return the index just past `count` words from `start`."""
    if count == 0:
        return start
    target = tokens.words_before[start] + count
    return bisect.bisect_left(tokens.words_before, target, lo=start)


def _before_words(tokens: _Tokens, end: int, count: int) -> int:
    """Return the index where the last `count` words before `end` begin."""
    if count == 0:
        return end
    target = tokens.words_before[end] - count
    # The first index with words_before == target + 1, less one: the word itself.
    return bisect.bisect_left(tokens.words_before, target + 1, hi=end) - 1


def _chunks(redline: Redline) -> Iterator[tuple]:
    """Yield the redline cut at paragraph breaks, in order.

    Each chunk is (tag, hidden, old_text, new_text, words, ends_paragraph,
    old_break, new_break, old_done, new_done): the text of one paragraph's part
    of a segment, whether a paragraph break ends it (and that break's
    whitespace on each side), and whether each text has nothing after it.
    """
    old, new = redline._old, redline._new
    old_count, new_count = len(old.keys), len(new.keys)
    folded = _segments(redline._spans, old, redline.context)
    for tag, i1, i2, j1, j2, hidden in folded:
        if tag == _INSERT:
            cuts = _cuts(new, j1, j2)
        else:
            cuts = _cuts(old, i1, i2)
        for start, end, has_break in cuts:
            # In an equal run both sides hold the same keys, so the cuts match.
            if tag == _INSERT:
                old_range, new_range = (i1, i1), (start, end)
            elif tag == _DELETE:
                old_range, new_range = (start, end), (j1, j1)
            else:
                old_range = (start, end)
                new_range = (j1 + start - i1, j1 + end - i1)
            old_text, old_break, old_after = _chunk_side(old, old_range, has_break)
            new_text, new_break, new_after = _chunk_side(new, new_range, has_break)
            if tag == _INSERT:
                old_break = ""
                words = new.words(*new_range)
            elif tag == _DELETE:
                new_break = ""
                words = old.words(*old_range)
            else:
                words = old.words(*old_range)
            yield (
                tag,
                hidden,
                old_text,
                new_text,
                words,
                has_break,
                old_break,
                new_break,
                old_after >= old_count,
                new_after >= new_count,
            )


def _cuts(tokens: _Tokens, start: int, end: int) -> list[tuple[int, int, bool]]:
    """Return (start, end, has_break) runs of [start, end) cut after each break."""
    cuts = []
    low = bisect.bisect_left(tokens.breaks, start)
    high = bisect.bisect_left(tokens.breaks, end)
    for position in tokens.breaks[low:high]:
        cuts.append((start, position + 1, True))
        start = position + 1
    if start < end:
        cuts.append((start, end, False))
    return cuts


def _chunk_side(
    tokens: _Tokens, token_range: tuple[int, int], has_break: bool
) -> tuple[str, str, int]:
    start, end = token_range
    if start == end:
        return "", "", end
    if has_break:
        return "".join(tokens.pieces[start : end - 1]), tokens.pieces[end - 1], end
    return "".join(tokens.pieces[start:end]), "", end


# Markup -----------------------------------------------------------------

_PILCROW = "\N{PILCROW SIGN}"
_DEL_BREAK = format_html(
    '<del class="rl-del rl-break" title="Paragraph break deleted"><bdi>{}</bdi></del>',
    _PILCROW,
)
_INS_BREAK = format_html(
    '<ins class="rl-ins rl-break" title="Paragraph break inserted"><bdi>{}</bdi></ins>',
    _PILCROW,
)


def _deleted(text: str) -> SafeString:
    return format_html('<del class="rl-del"><bdi>{}</bdi></del>', text)


def _inserted(text: str) -> SafeString:
    return format_html('<ins class="rl-ins"><bdi>{}</bdi></ins>', text)


def _paragraph(parts: Iterable[Any]) -> SafeString:
    return format_html('<div class="rl-para" dir="auto">{}</div>', _join(parts))


def _count(number: int, singular: str, plural: str) -> SafeString:
    noun = singular if number == 1 else plural
    return format_html("{} {}", f"{number:,}", noun)


def _inline_fold(text: str, words: int) -> SafeString:
    summary = _count(words, "unchanged word", "unchanged words")
    # The summary is English inside what may be a right-to-left paragraph.
    return format_html(
        '<details class="rl-fold rl-fold-inline"><summary><bdi>'
        "\N{HORIZONTAL ELLIPSIS} {}</bdi></summary>{}</details>",
        summary,
        text,
    )


def _block_summary(paragraphs: int, words: int) -> SafeString:
    return format_html(
        "\N{HORIZONTAL ELLIPSIS} {} ({})",
        _count(paragraphs, "unchanged paragraph", "unchanged paragraphs"),
        _count(words, "word", "words"),
    )


class _InlineView:
    """Build the inline redline: one flow of paragraphs, changes marked."""

    def __init__(self, redline):
        self.redline = redline
        self.out = [redline.new_lead]
        self.paragraph = []  # the open paragraph's HTML parts
        self.shown_text_ends_in_space = True

    def render(self):
        hidden_run = []
        for chunk in _chunks(self.redline):
            if chunk[1]:
                hidden_run.append(chunk)
                continue
            if hidden_run:
                self.fold(hidden_run)
                hidden_run = []
            self.add(chunk)
        if hidden_run:
            self.fold(hidden_run)
        self.close_paragraph()
        return format_html('<div class="rl rl-inline">{}</div>', _join(self.out))

    def add(self, chunk):
        tag, _, old_text, new_text, _, ends_paragraph, old_break, new_break = chunk[:8]
        if tag == _EQUAL:
            self.text(new_text, new_text)
            if ends_paragraph:
                self.close_paragraph()
                self.out.append(new_break)
        elif tag == _DELETE:
            if old_text:
                # Keep deleted words from sticking to the words around them; the
                # spaces only go in the deletion, so the new text stays exact.
                before = "" if self.shown_text_ends_in_space else " "
                after = "" if old_text[-1].isspace() else " "
                self.text(_deleted(before + old_text + after), old_text + after)
            if ends_paragraph:
                self.paragraph.append(_DEL_BREAK)
                self.close_paragraph()
        else:
            if new_text:
                self.text(_inserted(new_text), new_text)
            if ends_paragraph:
                self.paragraph.append(_INS_BREAK)
                self.close_paragraph()
                self.out.append(new_break)

    def text(self, html, raw):
        self.paragraph.append(html)
        self.shown_text_ends_in_space = raw[-1:].isspace()

    def close_paragraph(self):
        if self.paragraph:
            self.out.append(_paragraph(self.paragraph))
            self.paragraph = []
        self.shown_text_ends_in_space = True

    def fold(self, chunks):
        """Collapse a hidden equal run: in-paragraph parts inline, paragraphs whole."""
        block = []  # HTML of the whole paragraphs folded together
        block_words = block_paragraphs = 0
        for chunk in chunks:
            _, _, _, new_text, words, ends_paragraph, _, new_break, _, done = chunk
            whole = not self.paragraph and (ends_paragraph or done)
            if whole:
                block.append(_paragraph([new_text]))
                block.append(new_break)
                block_words += words
                block_paragraphs += 1
                continue
            if block:
                self.out.append(self.block_fold(block, block_paragraphs, block_words))
                block, block_words, block_paragraphs = [], 0, 0
            self.text(_inline_fold(new_text, words), new_text)
            if ends_paragraph:
                self.close_paragraph()
                self.out.append(new_break)
        if block:
            self.out.append(self.block_fold(block, block_paragraphs, block_words))

    @staticmethod
    def block_fold(parts, paragraphs, words):
        return format_html(
            '<details class="rl-fold rl-fold-block"><summary>{}</summary>{}</details>',
            _block_summary(paragraphs, words),
            _join(parts),
        )


class _Cell:
    """One side of a side-by-side row, kept as parts until the row is rendered.

    A part is safe HTML, or a list [text, words] of unchanged text that may be
    folded: folded inside a row that shows, plain inside a row that is itself
    folded away.
    """

    def __init__(self):
        self.paragraphs = []  # lists of parts, and the breaks' HTML between them
        self.parts = []  # the open paragraph's parts
        self.at_boundary = True

    def add(self, html):
        self.parts.append(html)
        self.at_boundary = False

    def add_hidden(self, text, words):
        if self.parts and isinstance(self.parts[-1], list):
            self.parts[-1][0] += text
            self.parts[-1][1] += words
        else:
            self.parts.append([text, words])
        self.at_boundary = False

    def close(self, break_html):
        if self.parts:
            self.paragraphs.append(self.parts)
        self.paragraphs.append(break_html)
        self.parts = []
        self.at_boundary = True

    def is_empty(self):
        return not self.paragraphs and not self.parts

    def html(self, *, fold):
        if self.parts:
            self.paragraphs.append(self.parts)
            self.parts = []
        html = []
        for paragraph in self.paragraphs:
            if not isinstance(paragraph, list):
                html.append(paragraph)
                continue
            parts = []
            for part in paragraph:
                if not isinstance(part, list):
                    parts.append(part)
                elif fold:
                    parts.append(_inline_fold(*part))
                else:
                    parts.append(part[0])
            html.append(_paragraph(parts))
        return _join(html)


class _SideBySideView:
    """Build the side-by-side redline: rows that align the two texts' blocks.

    A row ends wherever both texts are at a paragraph boundary (or have ended),
    so a paragraph only one text has gets a row of its own, and paragraphs one
    text merged or split share a row.
    """

    def __init__(self, redline):
        self.redline = redline
        self.rows = []  # (html, hidden, words): finished rows
        self.old = _Cell()
        self.new = _Cell()
        self.changed = False
        self.all_hidden = True
        self.row_words = 0

    def render(self, old_label, new_label, caption):
        old_lead = self.redline.old_lead
        new_lead = self.redline.new_lead
        if old_lead or new_lead:
            # Whitespace between blocks: invisible, but each column stays exact.
            self.old.paragraphs.append(old_lead)
            self.new.paragraphs.append(new_lead)
        chunks = _chunks(self.redline)
        chunk = next(chunks, None)
        while chunk is not None:
            following = next(chunks, None)
            self.add(chunk)
            # A deletion and the insertion that replaces it share a row.
            replaced = chunk[0] == _DELETE and following and following[0] == _INSERT
            if not replaced and self.at_boundaries(chunk):
                self.close_row()
            chunk = following
        self.close_row()
        body = self.body()
        caption_html = format_html("<caption>{}</caption>", caption) if caption else ""
        return format_html(
            '<table class="rl rl-side">{}<thead><tr>'
            '<th scope="col" class="rl-old">{}</th>'
            '<th scope="col" class="rl-new">{}</th>'
            "</tr></thead><tbody>{}</tbody></table>",
            caption_html,
            old_label,
            new_label,
            body,
        )

    def add(self, chunk):
        tag, hidden, old_text, new_text, words, ends_paragraph = chunk[:6]
        old_break, new_break = chunk[6:8]
        if tag == _EQUAL:
            if hidden:
                self.old.add_hidden(old_text, words)
                self.new.add_hidden(new_text, words)
            else:
                self.all_hidden = False
                if old_text:
                    self.old.add(old_text)
                if new_text:
                    self.new.add(new_text)
            if ends_paragraph:
                self.old.close(old_break)
                self.new.close(new_break)
        elif tag == _DELETE:
            deleted = _deleted(old_text) if old_text else None
            self.mark(self.old, deleted, _DEL_BREAK if ends_paragraph else None)
            if ends_paragraph:
                self.old.close(old_break)
        else:
            inserted = _inserted(new_text) if new_text else None
            self.mark(self.new, inserted, _INS_BREAK if ends_paragraph else None)
            if ends_paragraph:
                self.new.close(new_break)
        self.row_words += words

    def mark(self, cell, html, pilcrow):
        """Add a deletion or insertion, and the pilcrow of a break, to a column."""
        self.changed, self.all_hidden = True, False
        for part in (html, pilcrow):
            if part is not None:
                cell.add(part)

    def at_boundaries(self, chunk):
        """Return True when both texts are between paragraphs (or finished)."""
        old_done, new_done = chunk[8], chunk[9]
        return (self.old.at_boundary or old_done) and (self.new.at_boundary or new_done)

    def close_row(self):
        if self.old.is_empty() and self.new.is_empty():
            return
        cells = []
        for cell, column in ((self.old, "rl-old"), (self.new, "rl-new")):
            empty = " rl-empty" if cell.is_empty() else ""
            content = cell.html(fold=not self.all_hidden)
            cells.append(
                format_html('<td class="rl-cell {}{}">{}</td>', column, empty, content)
            )
        row_class = "rl-row rl-changed" if self.changed else "rl-row"
        html = format_html('<tr class="{}">{}{}</tr>', row_class, *cells)
        self.rows.append((html, self.all_hidden, self.row_words))
        self.old, self.new = _Cell(), _Cell()
        self.changed, self.all_hidden, self.row_words = False, True, 0

    def body(self):
        parts: list[SafeString] = []
        for hidden, group in itertools.groupby(self.rows, key=lambda row: row[1]):
            rows = list(group)
            if not hidden:
                parts.extend(html for html, _, _ in rows)
                continue
            words = sum(row_words for _, _, row_words in rows)
            parts.append(
                format_html(
                    '<tr class="rl-fold-row"><td colspan="2">'
                    '<details class="rl-fold rl-fold-block"><summary>{}</summary>'
                    '<table class="rl-side"><tbody>{}</tbody></table>'
                    "</details></td></tr>",
                    _block_summary(len(rows), words),
                    _join(html for html, _, _ in rows),
                )
            )
        return _join(parts)


def inline(redline: Redline) -> SafeString:
    """Return the redline as one text, insertions and deletions marked."""
    return _InlineView(redline).render()


def side_by_side(
    redline: Redline, old_label: str, new_label: str, caption: str
) -> SafeString:
    """Return the redline as a two-column table, old and new."""
    return _SideBySideView(redline).render(old_label, new_label, caption)
