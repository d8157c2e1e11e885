"""Word matching for the redline: cut texts into tokens, match them, clean up.

Plain functions over strings and lists of ints; nothing here knows about HTML.

The matcher is patience-style: it strips a region's common ends, anchors on
the words that occur exactly once in both sides of it, and recurses between the
anchors. Where no single word is unique (text written with few distinct words),
it anchors on runs of two, then three... words that are unique, so repetitive
text still lines up exactly. What is left goes to a budgeted Myers diff.
"""

from __future__ import annotations

import bisect
import functools
import itertools
import operator
import re
from collections import Counter
from dataclasses import dataclass
from typing import Any

# A match: (start in the old keys, start in the new keys, length).
Block = tuple[int, int, int]
# A run: (tag, old start, old end, new start, new end).
Span = tuple[str, int, int, int, int]

# Text diff: tokens -------------------------------------------------------------

# Words are runs of non-space characters; each keeps the whitespace after it, so
# joining the pieces gives the text back exactly.
_SPACES = re.compile(r"(\s+)")

# The key of a paragraph break. Breaks are tokens of the diff, so paragraphs
# line up and a change never runs two paragraphs together; words get keys 1, 2...
_BREAK = 0


def _is_paragraph_break(whitespace: str) -> bool:
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

    def words(self, start: int, end: int) -> int:
        """Return how many word tokens (not breaks) lie in [start, end)."""
        return self.words_before[end] - self.words_before[start]


# The tokens of an empty text.
NO_TOKENS = _Tokens("", [], [], [], [0])


def _split(text: str) -> tuple[str, list[str], list[str]]:
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


def _tokenise(
    lead: str, words: list[str], spaces: list[str], numbers: dict[str, int]
) -> _Tokens:
    """Return a text's _Tokens, each word keyed by its number in `numbers`."""
    word_keys = list(map(numbers.__getitem__, words))
    word_pieces = list(map(operator.add, words, spaces))
    # Whitespace after the last word breaks no paragraph: none follows.
    paragraph_ends = [
        index
        for index, space in enumerate(spaces[:-1])
        if space != " " and _is_paragraph_break(space)
    ]
    breaks: list[int] = []
    if not paragraph_ends:
        keys, pieces = word_keys, word_pieces
    else:
        keys, pieces = [], []
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

# A region this large without a unique word anchors on unique runs of words of
# these lengths before trying Myers, whose cost grows with the edits squared.
_RUN_ANCHORS_FROM = 2_000
_RUN_LENGTHS = (2, 3, 4, 6, 8)


def _matching_blocks(a: list[int], b: list[int]) -> list[Block]:
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
        run = 1
        anchors = _unique_anchors(region_a, region_b, counts_a, counts_b)
        size = len(region_a) + len(region_b)
        if not anchors and size > _RUN_ANCHORS_FROM:
            run, anchors = _unique_run_anchors(region_a, region_b, len(counts_a))
        if anchors:
            previous_i = previous_j = 0
            for i, j in anchors:
                matches.append((a_low + i, b_low + j, run))
                regions.append(
                    (a_low + previous_i, a_low + i, b_low + previous_j, b_low + j)
                )
                previous_i, previous_j = i + run, j + run
            regions.append((a_low + previous_i, a_high, b_low + previous_j, b_high))
            continue
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


def _unique_run_anchors(
    region_a: list[int], region_b: list[int], distinct: int
) -> tuple[int, list[tuple[int, int]]]:
    """Return (run, anchors): a chain of runs of `run` words unique to both regions.

    For text of few distinct words, where no single word is unique: the shortest
    run length (2, 3, 4, 6 or 8 words) for which some runs are unique gives the
    anchors, as single words would. The chain's runs do not overlap. Return
    (1, []) when no run length helps (one word repeated has no unique runs).
    """
    if distinct < 2:
        return 1, []
    for run in _RUN_LENGTHS:
        grams_a = list(zip(*(region_a[start:] for start in range(run))))
        grams_b = list(zip(*(region_b[start:] for start in range(run))))
        chain = _unique_anchors(grams_a, grams_b, Counter(grams_a), Counter(grams_b))
        anchors = []
        end_i = end_j = 0
        for i, j in chain:
            if i >= end_i and j >= end_j:
                anchors.append((i, j))
                end_i, end_j = i + run, j + run
        if anchors:
            return run, anchors
    return 1, []


def _unique_anchors(
    region_a: list[Any], region_b: list[Any], counts_a: Counter, counts_b: Counter
) -> list[tuple[int, int]]:
    """Return the longest in-order chain of keys unique to both regions."""
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
    tails: list[
        int
    ] = []  # tails[k]: smallest b position ending a chain of length k + 1
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


def _myers(
    a: list[int], b: list[int], allowance: int
) -> tuple[list[Block], int] | None:
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


def _myers_path(history: list[list[int]], n: int, m: int) -> list[Block]:
    """Walk Myers' rounds back from (n, m) and return the diagonal runs."""
    blocks = []
    x, y = n, m
    for d in range(len(history) - 1, 0, -1):
        previous = history[d - 1]  # covers k in [-(d - 1), d - 1]
        k = x - y
        down = k == -d or (k != d and previous[k - 1 + d - 1] < previous[k + 1 + d - 1])
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


def _merge_adjacent(blocks: list[Block]) -> list[Block]:
    merged: list[Block] = []
    for i, j, size in blocks:
        if (
            merged
            and merged[-1][0] + merged[-1][2] == i
            and (merged[-1][1] + merged[-1][2] == j)
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


def _spans(blocks: list[Block], n: int, m: int) -> list[Span]:
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


def _clean_up(spans: list[Span], old: _Tokens, new: _Tokens) -> list[Span]:
    """Fold coincidental short equal runs into the changes around them."""
    stack: list[Span] = []
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


def _join(before: Span, after: Span) -> Span:
    return ("change", before[1], after[2], before[3], after[4])


def _is_noise(
    equal: Span, before: Span, after: Span, old: _Tokens, new: _Tokens
) -> bool:
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


def _slide(spans: list[Span], old: _Tokens, new: _Tokens) -> list[Span]:
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
    rows: list[list[Any]] = [[_EQUAL, 0, 0, 0, 0], *map(list, spans)]
    rows.append([_EQUAL, n, n, m, m])
    for index in range(1, len(rows) - 1):
        span = rows[index]
        tag, i1, i2, j1, j2 = span
        if tag != "change" or (i1 < i2) == (j1 < j2):
            continue
        keys, start, end = (old.keys, i1, i2) if i1 < i2 else (new.keys, j1, j2)
        before, after = rows[index - 1], rows[index + 1]
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
    result: list[Span] = []
    for row in rows:
        if row[0] == _EQUAL and row[1] == row[2]:
            continue
        tag, i1, i2, j1, j2 = row
        if tag == "change" and result and result[-1][0] == "change":
            result[-1] = _join(result[-1], (tag, i1, i2, j1, j2))
        else:
            result.append((tag, i1, i2, j1, j2))
    return result


def _placement(
    keys: list[int], start: int, end: int, shift: int
) -> tuple[bool, bool, bool, int]:
    """Return how well a run [start, end) moved by `shift` sits in paragraphs."""
    ends_paragraph = keys[end + shift - 1] == _BREAK
    starts_paragraph = start + shift == 0 or keys[start + shift - 1] == _BREAK
    # Ties go to the original place (the matcher's choice), then rightward.
    return (ends_paragraph, starts_paragraph, shift == 0, shift)


def _split_changes(spans: list[Span]) -> list[Span]:
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
