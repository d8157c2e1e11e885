"""Diffs between proposal versions: the term diff and the text redline.

Plain functions over values, as DESIGN.md "Diffs" defines them; nothing here runs
a query or reads a request.

term_diff() compares what two versions say on each issue. redline() compares two
full texts word by word and renders the result as HTML, inline or side by side.

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
isolated from the text around it. Every piece of text is escaped before it is
wrapped in markup.
"""

import bisect
import enum
import functools
import itertools
import operator
import re
from collections import Counter
from dataclasses import dataclass, field
from decimal import Decimal
from numbers import Real

from django.utils.html import escape, format_html, mark_safe

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


# Text diff: tokens -------------------------------------------------------------

# Words are runs of non-space characters; each keeps the whitespace after it, so
# joining the pieces gives the text back exactly.
_SPACES = re.compile(r"(\s+)")

# The key of a paragraph break. Breaks are tokens of the diff, so paragraphs
# line up and a change never runs two paragraphs together; words get keys 1, 2...
_BREAK = 0


def _is_paragraph_break(whitespace):
    """Return True for whitespace holding a blank line (or U+2029)."""
    if "\u2029" in whitespace:
        return True
    lines = whitespace.splitlines(keepends=True)
    if len(lines) < 2:
        return False
    # The last piece counts only if a line break ends it.
    terminated = len(lines) - (lines[-1].splitlines()[0] == lines[-1])
    return terminated >= 2


@dataclass(frozen=True)
class _Tokens:
    """One text cut into words and paragraph breaks."""

    lead: str  # whitespace before the first word
    keys: list  # ints: _BREAK or the word's number
    pieces: list  # the token's text, a word with the whitespace after it
    breaks: list  # indexes of the _BREAK tokens, ascending
    words_before: list  # words_before[k]: how many word tokens precede k

    def words(self, start, end):
        """Return how many word tokens (not breaks) lie in [start, end)."""
        return self.words_before[end] - self.words_before[start]


def _split(text):
    """Return the text's leading whitespace, its words and the space after each."""
    parts = _SPACES.split(text)
    lead = ""
    if parts[0] == "" and len(parts) > 1:
        lead = parts[1]
        parts = parts[2:]
    if parts and parts[-1] == "":
        parts.pop()
    words = parts[0::2]
    spaces = parts[1::2]
    spaces.extend([""] * (len(words) - len(spaces)))
    return lead, words, spaces


def _tokenise(lead, words, spaces, numbers):
    """Return a text's _Tokens, each word keyed by its number in `numbers`."""
    word_keys = list(map(numbers.__getitem__, words))
    word_pieces = list(map(operator.add, words, spaces))
    # Whitespace after the last word breaks no paragraph: none follows.
    paragraph_ends = [
        index
        for index, space in enumerate(spaces[:-1])
        if space != " " and _is_paragraph_break(space)
    ]
    if not paragraph_ends:
        keys, pieces, breaks = word_keys, word_pieces, []
    else:
        keys, pieces, breaks = [], [], []
        start = 0
        for index in paragraph_ends:
            keys += word_keys[start : index + 1]
            pieces += word_pieces[start:index]
            pieces += (words[index], spaces[index])
            breaks.append(len(keys))
            keys.append(_BREAK)
            start = index + 1
        keys += word_keys[start:]
        pieces += word_pieces[start:]
    words_before = list(itertools.accumulate(map(bool, keys), initial=0))
    return _Tokens(lead, keys, pieces, breaks, words_before)


# Text diff: matching -------------------------------------------------------------

# Work budgets, in elementary steps of the matcher. A region with no word unique
# to both sides is matched with Myers' O(ND) algorithm only while that stays
# cheap; beyond the budget the region is shown as deleted and inserted whole,
# which for texts that different is also the more readable redline.
_REGION_BUDGET_FLOOR = 4_000
_REGION_BUDGET_PER_TOKEN = 4
_TOTAL_BUDGET_PER_TOKEN = 20
_MYERS_FEWEST_EDITS = 8


def _matching_blocks(a, b):
    """Return the matches of two key lists as sorted (i, j, size) triples.

    Patience-style: strip the common ends of a region, anchor on the words that
    occur exactly once in both sides of it (the longest chain of them in the same
    order), and recurse between the anchors. A region without such words goes to
    a budgeted Myers diff; past the budget it stays unmatched.
    """
    total = len(a) + len(b)
    budget = _TOTAL_BUDGET_PER_TOKEN * total + 10 * _REGION_BUDGET_FLOOR
    matches = []
    regions = [(0, len(a), 0, len(b))]
    while regions:
        a_low, a_high, b_low, b_high = regions.pop()
        # Common start.
        start = 0
        limit = min(a_high - a_low, b_high - b_low)
        while start < limit and a[a_low + start] == b[b_low + start]:
            start += 1
        if start:
            matches.append((a_low, b_low, start))
            a_low += start
            b_low += start
        # Common end.
        end = 0
        limit = min(a_high - a_low, b_high - b_low)
        while end < limit and a[a_high - 1 - end] == b[b_high - 1 - end]:
            end += 1
        if end:
            a_high -= end
            b_high -= end
            matches.append((a_high, b_high, end))
        if a_low == a_high or b_low == b_high:
            continue
        budget -= (a_high - a_low) + (b_high - b_low)
        if budget < 0:
            continue
        region_a = a[a_low:a_high]
        region_b = b[b_low:b_high]
        counts_a = Counter(region_a)
        counts_b = Counter(region_b)
        anchors = _unique_anchors(region_a, region_b, counts_a, counts_b)
        if anchors:
            previous_i = previous_j = 0
            for i, j in anchors:
                matches.append((a_low + i, b_low + j, 1))
                regions.append(
                    (a_low + previous_i, a_low + i, b_low + previous_j, b_low + j)
                )
                previous_i, previous_j = i + 1, j + 1
            regions.append((a_low + previous_i, a_high, b_low + previous_j, b_high))
            continue
        size = len(region_a) + len(region_b)
        allowance = min(
            budget, max(_REGION_BUDGET_FLOOR, _REGION_BUDGET_PER_TOKEN * size)
        )
        # Myers needs at least this many edits; skip it when that alone is too dear.
        common = sum((counts_a & counts_b).values())
        fewest_edits = size - 2 * common
        if fewest_edits * fewest_edits // 2 > allowance:
            continue
        found = _myers(region_a, region_b, allowance)
        if found is None:
            budget -= allowance
            continue
        blocks, spent = found
        budget -= spent
        matches.extend((a_low + i, b_low + j, n) for i, j, n in blocks)
    return _merge_adjacent(sorted(matches))


def _unique_anchors(region_a, region_b, counts_a, counts_b):
    """Return the longest in-order chain of words unique to both regions."""
    where_in_b = {
        key: j
        for j, key in enumerate(region_b)
        if counts_b[key] == 1 and counts_a[key] == 1
    }
    if not where_in_b:
        return []
    pairs = [
        (i, where_in_b[key]) for i, key in enumerate(region_a) if key in where_in_b
    ]
    # Longest increasing subsequence of the b positions (patience sorting).
    tails = []  # tails[k]: smallest b position ending a chain of length k + 1
    tail_pair = []  # index in pairs of that chain's last element
    previous = [-1] * len(pairs)
    for index, (_, j) in enumerate(pairs):
        length = bisect.bisect_left(tails, j)
        if length == len(tails):
            tails.append(j)
            tail_pair.append(index)
        else:
            tails[length] = j
            tail_pair[length] = index
        previous[index] = tail_pair[length - 1] if length else -1
    chain = []
    index = tail_pair[-1]
    while index != -1:
        chain.append(pairs[index])
        index = previous[index]
    chain.reverse()
    return chain


def _myers(a, b, allowance):
    """Return the matches of a shortest edit script as ((i, j, size)...), work.

    Myers' greedy O(ND) algorithm, keeping each round's furthest points so the
    path can be walked back. Return None once the work passes `allowance`.
    """
    n, m = len(a), len(b)
    # Past this many edits, less than a quarter of the region matches: what would
    # match is scattered common words, which the cleanup folds away anyway.
    most_edits = max(_MYERS_FEWEST_EDITS, (n + m) // 2)
    offset = n + m + 1
    furthest = [0] * (2 * offset + 1)
    history = []
    work = 0
    for d in range(n + m + 1):
        for k in range(-d, d + 1, 2):
            if k == -d or (
                k != d and furthest[offset + k - 1] < furthest[offset + k + 1]
            ):
                x = furthest[offset + k + 1]
            else:
                x = furthest[offset + k - 1] + 1
            y = x - k
            start = x
            while x < n and y < m and a[x] == b[y]:
                x += 1
                y += 1
            work += 1 + x - start
            furthest[offset + k] = x
            if x >= n and y >= m:
                history.append(furthest[offset - d : offset + d + 1])
                return _myers_path(history, n, m), work
        history.append(furthest[offset - d : offset + d + 1])
        if work > allowance or d >= most_edits:
            return None
    return None  # unreachable: d = n + m always reaches the end


def _myers_path(history, n, m):
    """Walk Myers' rounds back from (n, m) and return the diagonal runs."""
    blocks = []
    x, y = n, m
    for d in range(len(history) - 1, 0, -1):
        previous = history[d - 1]  # covers k in [-(d - 1), d - 1]
        k = x - y
        down = k == -d or (
            k != d and previous[k - 1 + d - 1] < previous[k + 1 + d - 1]
        )
        previous_k = k + 1 if down else k - 1
        previous_x = previous[previous_k + d - 1]
        previous_y = previous_x - previous_k
        run_x = previous_x if down else previous_x + 1
        if x > run_x:
            blocks.append((run_x, run_x - k, x - run_x))
        x, y = previous_x, previous_y
    if x > 0:
        blocks.append((0, 0, x))
    blocks.reverse()
    return blocks


def _merge_adjacent(blocks):
    merged = []
    for i, j, size in blocks:
        if merged and merged[-1][0] + merged[-1][2] == i and (
            merged[-1][1] + merged[-1][2] == j
        ):
            last_i, last_j, last_size = merged.pop()
            merged.append((last_i, last_j, last_size + size))
        else:
            merged.append((i, j, size))
    return merged


# Text diff: spans and cleanup -------------------------------------------------------

_EQUAL, _DELETE, _INSERT = "equal", "delete", "insert"

# An unchanged run of at most this many words, between two changes that are
# both larger, is a coincidence ("the", "of the") rather than text the versions
# share; it is folded into the changes around it so a rewritten passage reads as
# one deletion and one insertion instead of confetti. Two words keep unrelated
# texts in whole blocks while adding only about 2% to the words a realistic edit
# reports as changed (bench/bench_diffs.py).
_NOISE_WORDS = 2


def _spans(blocks, n, m):
    """Return (tag, i1, i2, j1, j2) spans: equal runs and the changes between."""
    spans = []
    i = j = 0
    for block_i, block_j, size in [*blocks, (n, m, 0)]:
        if i < block_i or j < block_j:
            spans.append(("change", i, block_i, j, block_j))
        if size:
            spans.append((_EQUAL, block_i, block_i + size, block_j, block_j + size))
        i, j = block_i + size, block_j + size
    return spans


def _clean_up(spans, old, new):
    """Fold coincidental short equal runs into the changes around them."""
    stack = []
    for span in spans:
        if span[0] == "change" and stack and stack[-1][0] == "change":
            span = _join(stack.pop(), span)
        stack.append(span)
        while (
            len(stack) >= 3
            and stack[-1][0] == "change"
            and stack[-2][0] == _EQUAL
            and stack[-3][0] == "change"
            and _is_noise(stack[-2], stack[-3], stack[-1], old, new)
        ):
            after = stack.pop()
            stack.pop()
            before = stack.pop()
            stack.append(_join(before, after))
    return stack


def _join(before, after):
    return ("change", before[1], after[2], before[3], after[4])


def _is_noise(equal, before, after, old, new):
    _, i1, i2, _, _ = equal
    words = old.words(i1, i2)
    if words != i2 - i1 or words > _NOISE_WORDS:
        # A paragraph break in the run keeps it: paragraphs stay aligned.
        return False
    before_size = max(old.words(before[1], before[2]), new.words(before[3], before[4]))
    after_size = max(old.words(after[1], after[2]), new.words(after[3], after[4]))
    return words < before_size and words < after_size


# How far an insertion or deletion may slide to line up with a paragraph.
_SLIDE_LIMIT = 200


def _slide(spans, old, new):
    """Shift each pure insertion or deletion to sit on paragraph boundaries.

    An inserted run can often move along identical text without changing the
    texts it describes ("X¶" after a break or "¶X" before it). Prefer the place
    where the run ends with a paragraph break, then where it starts after one,
    so an added paragraph reads as a whole paragraph; otherwise leave it.
    """
    if not spans:
        return spans
    # Empty equal runs at both ends give every change a neighbour on each side
    # (changes and equal runs alternate); the empty ones go again at the end.
    n, m = len(old.keys), len(new.keys)
    spans = [[_EQUAL, 0, 0, 0, 0], *map(list, spans), [_EQUAL, n, n, m, m]]
    for index in range(1, len(spans) - 1):
        span = spans[index]
        tag, i1, i2, j1, j2 = span
        if tag != "change" or (i1 < i2) == (j1 < j2):
            continue
        keys, start, end = (old.keys, i1, i2) if i1 < i2 else (new.keys, j1, j2)
        before, after = spans[index - 1], spans[index + 1]
        room_left = before[2] - before[1]
        room_right = after[2] - after[1]
        left = 0
        while (
            left < min(room_left, _SLIDE_LIMIT)
            and keys[start - left - 1] == keys[end - left - 1]
        ):
            left += 1
        right = 0
        while (
            right < min(room_right, _SLIDE_LIMIT)
            and keys[start + right] == keys[end + right]
        ):
            right += 1
        if not left and not right:
            continue
        fit = functools.partial(_placement, keys, start, end)
        shift = max(range(-left, right + 1), key=fit)
        if shift:
            before[2] += shift
            before[4] += shift
            span[1:] = [i1 + shift, i2 + shift, j1 + shift, j2 + shift]
            after[1] += shift
            after[3] += shift
    result = []
    for span in spans:
        if span[0] == _EQUAL and span[1] == span[2]:
            continue
        if span[0] == "change" and result and result[-1][0] == "change":
            result[-1] = _join(result[-1], span)
        else:
            result.append(tuple(span))
    return result


def _placement(keys, start, end, shift):
    """Return how well a run [start, end) moved by `shift` sits in paragraphs."""
    ends_paragraph = keys[end + shift - 1] == _BREAK
    starts_paragraph = start + shift == 0 or keys[start + shift - 1] == _BREAK
    # Ties go to the original place (the matcher's choice), then rightward.
    return (ends_paragraph, starts_paragraph, shift == 0, shift)


def _split_changes(spans):
    """Return the spans with each change as a deletion then an insertion."""
    result = []
    for tag, i1, i2, j1, j2 in spans:
        if tag != "change":
            result.append((tag, i1, i2, j1, j2))
            continue
        if i1 < i2:
            result.append((_DELETE, i1, i2, j1, j1))
        if j1 < j2:
            result.append((_INSERT, i2, i2, j1, j2))
    return result


# Text diff: the result ------------------------------------------------------------


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
    _old: _Tokens | None = field(default=None, repr=False, compare=False)
    _new: _Tokens | None = field(default=None, repr=False, compare=False)
    _spans: tuple = field(default=(), repr=False, compare=False)

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

    @functools.cached_property
    def _folded(self):
        return _segments(self._spans, self._old, self.context)

    def inline_html(self):
        """Return the redline as one text, insertions and deletions marked.

        Unchanged words show with the new text's spacing; paragraph breaks that
        were added or removed show as a marked pilcrow.
        """
        return _InlineView(self).render()

    def side_by_side_html(self, *, old_label="Old", new_label="New", caption=""):
        """Return a two-column table, old and new, aligned paragraph by paragraph.

        Each column holds its text exactly; the labels head the columns and an
        optional caption names the table.
        """
        return _SideBySideView(self).render(old_label, new_label, caption)


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


# Text diff: folding -------------------------------------------------------------


def _segments(spans, old, context):
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


def _after_words(tokens, start, count):
    """Return the index just past `count` words from `start`."""
    if count == 0:
        return start
    target = tokens.words_before[start] + count
    return bisect.bisect_left(tokens.words_before, target, lo=start)


def _before_words(tokens, end, count):
    """Return the index where the last `count` words before `end` begin."""
    if count == 0:
        return end
    target = tokens.words_before[end] - count
    # The first index with words_before == target + 1, less one: the word itself.
    return bisect.bisect_left(tokens.words_before, target + 1, hi=end) - 1


def _chunks(redline):
    """Yield the redline cut at paragraph breaks, in order.

    Each chunk is (tag, hidden, old_text, new_text, words, ends_paragraph,
    old_break, new_break, old_done, new_done): the text of one paragraph's part
    of a segment, whether a paragraph break ends it (and that break's
    whitespace on each side), and whether each text has nothing after it.
    """
    old, new = redline._old, redline._new
    old_count, new_count = len(old.keys), len(new.keys)
    for tag, i1, i2, j1, j2, hidden in redline._folded:
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


def _cuts(tokens, start, end):
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


def _chunk_side(tokens, token_range, has_break):
    start, end = token_range
    if start == end:
        return "", "", end
    if has_break:
        return "".join(tokens.pieces[start : end - 1]), tokens.pieces[end - 1], end
    return "".join(tokens.pieces[start:end]), "", end


# Text diff: HTML -----------------------------------------------------------------

_PILCROW = "\N{PILCROW SIGN}"
_DEL_BREAK = mark_safe(
    '<del class="rl-del rl-break" title="Paragraph break deleted">'
    f"<bdi>{_PILCROW}</bdi></del>"
)
_INS_BREAK = mark_safe(
    '<ins class="rl-ins rl-break" title="Paragraph break inserted">'
    f"<bdi>{_PILCROW}</bdi></ins>"
)


def _deleted(text):
    return format_html('<del class="rl-del"><bdi>{}</bdi></del>', text)


def _inserted(text):
    return format_html('<ins class="rl-ins"><bdi>{}</bdi></ins>', text)


def _paragraph(parts):
    return format_html(
        '<div class="rl-para" dir="auto">{}</div>', mark_safe("".join(parts))
    )


def _count(number, singular, plural):
    noun = singular if number == 1 else plural
    return format_html("{} {}", f"{number:,}", noun)


def _inline_fold(text, words):
    summary = _count(words, "unchanged word", "unchanged words")
    # The summary is English inside what may be a right-to-left paragraph.
    return format_html(
        '<details class="rl-fold rl-fold-inline"><summary><bdi>'
        "\N{HORIZONTAL ELLIPSIS} {}</bdi></summary>{}</details>",
        summary,
        text,
    )


def _block_summary(paragraphs, words):
    return format_html(
        "\N{HORIZONTAL ELLIPSIS} {} ({})",
        _count(paragraphs, "unchanged paragraph", "unchanged paragraphs"),
        _count(words, "word", "words"),
    )


class _InlineView:
    """Build the inline redline: one flow of paragraphs, changes marked."""

    def __init__(self, redline):
        self.redline = redline
        self.out = [escape(redline.new_lead)]
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
        return format_html(
            '<div class="rl rl-inline">{}</div>', mark_safe("".join(self.out))
        )

    def add(self, chunk):
        tag, _, old_text, new_text, _, ends_paragraph, old_break, new_break = chunk[:8]
        if tag == _EQUAL:
            self.text(escape(new_text), new_text)
            if ends_paragraph:
                self.close_paragraph()
                self.out.append(escape(new_break))
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
                self.out.append(escape(new_break))

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
                block.append(_paragraph([escape(new_text)]))
                block.append(escape(new_break))
                block_words += words
                block_paragraphs += 1
                continue
            if block:
                self.out.append(self.block_fold(block, block_paragraphs, block_words))
                block, block_words, block_paragraphs = [], 0, 0
            self.text(_inline_fold(new_text, words), new_text)
            if ends_paragraph:
                self.close_paragraph()
                self.out.append(escape(new_break))
        if block:
            self.out.append(self.block_fold(block, block_paragraphs, block_words))

    @staticmethod
    def block_fold(parts, paragraphs, words):
        return format_html(
            '<details class="rl-fold rl-fold-block"><summary>{}</summary>{}</details>',
            _block_summary(paragraphs, words),
            mark_safe("".join(parts)),
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
                    parts.append(escape(part[0]))
            html.append(_paragraph(parts))
        return mark_safe("".join(html))


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
        old_lead = escape(self.redline.old_lead)
        new_lead = escape(self.redline.new_lead)
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
                    self.old.add(escape(old_text))
                if new_text:
                    self.new.add(escape(new_text))
            if ends_paragraph:
                self.old.close(escape(old_break))
                self.new.close(escape(new_break))
        elif tag == _DELETE:
            self.changed, self.all_hidden = True, False
            if old_text:
                self.old.add(_deleted(old_text))
            if ends_paragraph:
                self.old.add(_DEL_BREAK)
                self.old.close(escape(old_break))
        else:
            self.changed, self.all_hidden = True, False
            if new_text:
                self.new.add(_inserted(new_text))
            if ends_paragraph:
                self.new.add(_INS_BREAK)
                self.new.close(escape(new_break))
        self.row_words += words

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
        parts = []
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
                    mark_safe("".join(html for html, _, _ in rows)),
                )
            )
        return mark_safe("".join(parts))
