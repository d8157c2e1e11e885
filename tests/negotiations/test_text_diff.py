"""The text redline: word-level diff and its HTML, tested without a database."""

import random
import re
from html.parser import HTMLParser

from hypothesis import given, settings
from hypothesis import strategies as st

from negotiations.diffs import Op, OpKind, redline


class _TextOf(HTMLParser):
    """Collect the text an HTML redline shows, as one reader of it would see it.

    `skip` names elements left out with their content (e.g. "ins" for the old
    text); `column` keeps only the cells of that side-by-side column. Fold
    summaries and paragraph-break pilcrows are markers, not text: left out.
    """

    def __init__(self, skip=(), column=None):
        super().__init__(convert_charrefs=True)
        self.skip = set(skip)
        self.column = column
        self.stack = []  # (tag, left out?, in the column?)
        self.text = []

    def handle_starttag(self, tag, attrs):
        classes = (dict(attrs).get("class") or "").split()
        parent_out, parent_in = self.stack[-1][1:] if self.stack else (False, False)
        left_out = (
            parent_out or tag in self.skip or tag == "summary" or "rl-break" in classes
        )
        inside = parent_in or (tag == "td" and self.column in classes)
        self.stack.append((tag, left_out, inside))

    def handle_endtag(self, tag):
        while self.stack:
            if self.stack.pop()[0] == tag:
                break

    def handle_data(self, data):
        left_out, inside = self.stack[-1][1:] if self.stack else (False, False)
        if left_out or (self.column and not inside):
            return
        self.text.append(data)


def text_of(markup, skip=(), column=None):
    parser = _TextOf(skip=skip, column=column)
    parser.feed(str(markup))
    parser.close()
    return "".join(parser.text)


def old_inline(result):
    # A block ends a line on screen even where no whitespace follows it in the
    # markup (a deleted paragraph break leaves none in the new text).
    markup = str(result.inline_html()).replace("</div>", "</div> ")
    return text_of(markup, skip=("ins",))


def new_inline(result):
    return text_of(result.inline_html(), skip=("del",))


def old_column(result):
    return text_of(result.side_by_side_html(), column="rl-old")


def new_column(result):
    return text_of(result.side_by_side_html(), column="rl-new")


def assert_reconstructs(old, new, context=40):
    result = redline(old, new, context=context)

    for op in result.ops:
        if op.kind is OpKind.EQUAL:
            assert op.old.split() == op.new.split()
    assert result.old_lead + "".join(op.old for op in result.ops) == old
    assert result.new_lead + "".join(op.new for op in result.ops) == new
    assert old_column(result) == old
    assert new_column(result) == new
    assert new_inline(result) == new
    # Unchanged words show with the new text's spacing in the inline view.
    assert old_inline(result).split() == old.split()
    return result


# ops and counts


def test_a_replaced_word_is_a_deletion_then_an_insertion():
    result = redline("Release 33 hostages now.", "Release 18 hostages now.")

    assert result.ops == (
        Op(OpKind.EQUAL, "Release ", "Release ", 1),
        Op(OpKind.DELETE, "33 ", "", 1),
        Op(OpKind.INSERT, "", "18 ", 1),
        Op(OpKind.EQUAL, "hostages now.", "hostages now.", 2),
    )
    assert result.words_deleted == 1
    assert result.words_inserted == 1
    assert result.words_unchanged == 3
    assert result.changes == 1
    assert result.identical is False


def test_identical_texts_are_one_equal_run():
    result = redline(
        "A six-week truce.\n\nThen talks.", "A six-week truce.\n\nThen talks."
    )

    assert result.identical is True
    assert [op.kind for op in result.ops] == [OpKind.EQUAL]
    assert result.words_unchanged == 5


def test_a_whitespace_only_change_inside_a_paragraph_is_identical():
    result = redline("a six-week\ntruce", "a  six-week truce ")

    assert result.identical is True
    assert_reconstructs("a six-week\ntruce", "a  six-week truce ")


def test_a_new_paragraph_break_is_a_change():
    result = redline("A truce. Then talks.", "A truce.\n\nThen talks.")

    assert result.identical is False
    assert result.words_inserted == 0
    assert result.words_deleted == 0


def test_both_texts_empty_are_identical_with_no_ops():
    result = redline("", "")

    assert result.identical is True
    assert result.ops == ()
    assert result.changes == 0


def test_none_counts_as_empty_text():
    assert redline(None, None).ops == ()


def test_an_empty_old_text_is_all_inserted():
    result = assert_reconstructs("", "Phase one.\n\nPhase two.")

    assert {op.kind for op in result.ops} == {OpKind.INSERT}
    assert result.words_inserted == 4


def test_an_empty_new_text_is_all_deleted():
    result = assert_reconstructs("Phase one.\n\nPhase two.", "")

    assert {op.kind for op in result.ops} == {OpKind.DELETE}
    assert result.words_deleted == 4


def test_common_words_are_matched_even_in_long_texts():
    # difflib's autojunk would junk "the" here (over 1% of 200+ items).
    old = " ".join(["the"] * 300 + ["end"])
    new = " ".join(["the"] * 150 + ["middle"] + ["the"] * 150 + ["end"])

    result = redline(old, new)

    assert result.words_inserted == 1
    assert result.words_deleted == 0


def test_a_text_of_one_repeated_word_with_a_few_changes_reports_only_them():
    old_words = ["peace"] * 5000
    new_words = list(old_words)
    for position in (7, 1000, 2500, 4999):
        new_words[position] = "war"

    result = redline(" ".join(old_words), " ".join(new_words))

    assert result.words_deleted == 4
    assert result.words_inserted == 4


def test_a_shared_phrase_between_two_edits_stays_unchanged():
    old = "Hamas releases 33 hostages, including women, children and the elderly."
    new = "Hamas releases 18 living hostages, including women and children."

    result = redline(old, new)

    assert [(op.kind, op.old + op.new) for op in result.ops] == [
        (OpKind.EQUAL, "Hamas releases Hamas releases "),
        (OpKind.DELETE, "33 "),
        (OpKind.INSERT, "18 living "),
        (OpKind.EQUAL, "hostages, including hostages, including "),
        # "and" alone between two larger edits is a coincidence, folded in.
        (OpKind.DELETE, "women, children and the elderly."),
        (OpKind.INSERT, "women and children."),
    ]


def test_unrelated_texts_read_as_one_deletion_and_one_insertion():
    old = "the ceasefire holds and the hostages come home in the first phase"
    new = "negotiators in Cairo said the talks would resume on Sunday with Qatar"

    result = redline(old, new)

    assert [op.kind for op in result.ops] == [OpKind.DELETE, OpKind.INSERT]


def test_a_moved_paragraph_is_deleted_in_one_place_and_inserted_in_another():
    paragraphs = [f"Paragraph {n} says clause{n} applies fully." for n in range(6)]
    moved = paragraphs[:1] + paragraphs[2:5] + paragraphs[1:2] + paragraphs[5:]

    result = assert_reconstructs("\n\n".join(paragraphs), "\n\n".join(moved))

    assert result.words_deleted == 6
    assert result.words_inserted == 6
    changed = [op for op in result.ops if op.kind is not OpKind.EQUAL]
    # Each change covers the whole paragraph, not the tail of one and the head of
    # the next, though both would describe the same texts.
    assert [(op.kind, op.old + op.new) for op in changed] == [
        (OpKind.DELETE, "Paragraph 1 says clause1 applies fully.\n\n"),
        (OpKind.INSERT, "Paragraph 1 says clause1 applies fully.\n\n"),
    ]


def test_an_inserted_paragraph_is_one_whole_paragraph():
    result = redline("First.\n\nLast.", "First.\n\nAdded here.\n\nLast.")

    assert result.ops[1] == Op(OpKind.INSERT, "", "Added here.\n\n", 2)


# HTML: escaping


HOSTILE = ['<script>alert("x")</script>', '"><img src=x onerror=alert(1)>', "a & b"]


def test_markup_in_the_old_text_comes_out_escaped():
    old = " ".join(HOSTILE)

    for markup in (
        redline(old, "safe").inline_html(),
        redline(old, "safe").side_by_side_html(),
    ):
        assert "<script" not in markup
        assert "<img" not in markup
        assert "&lt;script&gt;" in markup
        assert "&quot;&gt;&lt;img" in markup
        assert "a &amp; b" in markup


def test_markup_in_the_new_text_comes_out_escaped():
    new = "\n\n".join(HOSTILE)
    result = redline("safe", new)

    for markup in (result.inline_html(), result.side_by_side_html()):
        assert "<script" not in markup
        assert "<img" not in markup
        assert "&lt;script&gt;" in markup


def test_markup_in_unchanged_and_folded_text_comes_out_escaped():
    hostile = " ".join(HOSTILE * 30)
    result = redline(hostile + " old", hostile + " new", context=2)

    for markup in (result.inline_html(), result.side_by_side_html()):
        assert "rl-fold" in markup
        assert "<script" not in markup
        assert "<img" not in markup


def test_labels_and_caption_of_the_side_by_side_view_are_escaped():
    markup = redline("a", "b").side_by_side_html(
        old_label="<b>Baseline</b>", new_label="July 2", caption="<i>Diff</i>"
    )

    assert "&lt;b&gt;Baseline&lt;/b&gt;" in markup
    assert "<caption>&lt;i&gt;Diff&lt;/i&gt;</caption>" in markup
    assert '<th scope="col" class="rl-new">July 2</th>' in markup


# HTML: marks, direction, paragraphs


def test_a_deletion_replaced_at_the_end_of_a_paragraph_keeps_a_space_inline():
    result = redline("Release the elderly.\n\nNext.", "Release the sick.\n\nNext.")

    assert '<del class="rl-del"><bdi>elderly. </bdi></del>' in result.inline_html()
    assert '<del class="rl-del"><bdi>elderly.</bdi></del>' in result.side_by_side_html()


def test_insertions_and_deletions_are_ins_and_del_elements():
    markup = redline("Release 33 hostages.", "Release 18 hostages.").inline_html()

    assert '<del class="rl-del"><bdi>33 </bdi></del>' in markup
    assert '<ins class="rl-ins"><bdi>18 </bdi></ins>' in markup


def test_right_to_left_text_keeps_its_direction():
    old = "وقف إطلاق النار يبدأ غدا في القطاع"
    new = "وقف إطلاق النار يبدأ اليوم في القطاع"
    result = redline(old, new)

    for markup in (result.inline_html(), result.side_by_side_html()):
        assert '<div class="rl-para" dir="auto">' in markup
        assert '<del class="rl-del"><bdi>غدا </bdi></del>' in markup
        assert '<ins class="rl-ins"><bdi>اليوم </bdi></ins>' in markup
    assert_reconstructs(old, new)


def test_every_paragraph_stays_its_own_block():
    old = "First clause here.\n\nSecond clause there."
    new = "First clause changed.\n\nSecond clause altered."
    markup = redline(old, new).inline_html()

    assert markup.count('<div class="rl-para" dir="auto">') == 2


def test_a_removed_paragraph_break_is_marked_and_keeps_paragraphs_apart():
    result = assert_reconstructs("One truce.\n\nTwo phases.", "One truce. Two phases.")
    inline = result.inline_html()
    side = result.side_by_side_html()

    assert 'class="rl-del rl-break"' in inline
    assert inline.count('class="rl-para"') == 2
    # Side by side, the old column keeps two paragraphs, the new one has one.
    assert side.count('class="rl-para"') == 3
    assert side.count('<tr class="rl-row') == 1


def test_an_added_paragraph_break_is_marked():
    inline = redline(
        "One truce. Two phases.", "One truce.\n\nTwo phases."
    ).inline_html()

    assert 'class="rl-ins rl-break"' in inline
    assert inline.count('class="rl-para"') == 2


def test_an_inserted_paragraph_gets_its_own_row_beside_an_empty_cell():
    old = "First.\n\nThird."
    new = "First.\n\nSecond is new.\n\nThird."

    side = redline(old, new).side_by_side_html()

    assert side.count('<tr class="rl-row') == 3
    assert side.count("rl-empty") == 1
    assert '<td class="rl-cell rl-old rl-empty"></td>' in side


def test_a_rewritten_paragraph_shares_a_row_with_its_replacement():
    side = redline("Same.\n\nOld wording.", "Same.\n\nFresh text.").side_by_side_html()

    assert side.count('<tr class="rl-row') == 2
    assert "rl-empty" not in side


# HTML: folding long unchanged runs


WORDS = [f"w{n}" for n in range(200)]


def test_a_long_unchanged_run_folds_but_keeps_context_around_a_change():
    new_words = list(WORDS)
    new_words[100] = "changed"
    result = redline(" ".join(WORDS), " ".join(new_words), context=10)
    markup = result.inline_html()

    assert markup.count('<details class="rl-fold rl-fold-inline">') == 2
    summary = "<summary><bdi>\N{HORIZONTAL ELLIPSIS} {} unchanged words</bdi></summary>"
    assert summary.format(90) in markup
    assert summary.format(89) in markup
    shown = text_of(markup, skip=("details",))
    assert shown.split() == WORDS[90:100] + ["w100", "changed"] + WORDS[101:111]


def test_folded_text_is_still_in_the_page_without_javascript():
    new_words = list(WORDS)
    new_words[100] = "changed"
    result = redline(" ".join(WORDS), " ".join(new_words), context=10)

    assert "<script" not in result.inline_html()
    assert_reconstructs(" ".join(WORDS), " ".join(new_words), context=10)


def test_a_short_unchanged_run_does_not_fold():
    new_words = list(WORDS[:30])
    new_words[15] = "changed"

    markup = redline(
        " ".join(WORDS[:30]), " ".join(new_words), context=10
    ).inline_html()

    assert "rl-fold" not in markup


def test_whole_unchanged_paragraphs_fold_together():
    paragraphs = [" ".join(f"p{p}w{n}" for n in range(20)) for p in range(8)]
    new = list(paragraphs)
    new[7] = new[7].replace("p7w10", "changed")
    result = redline("\n\n".join(paragraphs), "\n\n".join(new), context=5)
    inline = result.inline_html()
    side = result.side_by_side_html()

    summary = "\N{HORIZONTAL ELLIPSIS} 7 unchanged paragraphs (140 words)"
    assert f'<details class="rl-fold rl-fold-block"><summary>{summary}' in inline
    assert f'<details class="rl-fold rl-fold-block"><summary>{summary}' in side
    assert '<tr class="rl-fold-row">' in side
    assert_reconstructs("\n\n".join(paragraphs), "\n\n".join(new), context=5)


def test_identical_long_texts_fold_entirely():
    text = "\n\n".join(" ".join(WORDS[n : n + 50]) for n in range(0, 200, 50))

    result = redline(text, text)

    assert result.identical is True
    assert "4 unchanged paragraphs (200 words)" in result.inline_html()


# reconstruction


def test_both_texts_come_back_exactly_with_odd_whitespace():
    old = "  Lead space.\r\n\r\nA  tab\there.\n \n\nLast line.\n"
    new = "\nLead space.\n\nA tab here, changed.\u2029Last line.  "

    assert_reconstructs(old, new)
    assert_reconstructs(new, old)
    assert_reconstructs(old, new, context=0)


def test_whitespace_only_texts_come_back_exactly():
    assert_reconstructs("   \n\n ", "\t")


pieces = st.sampled_from(
    ["truce", "the", "hostages", "33", "<b>", "&", '"', "غدا", "שלום", "a", "a"]
)
spaces = st.sampled_from(
    [" ", " ", " ", "  ", "\n", "\n\n", "\r\n\r\n", "\t", " \n \n"]
)


@st.composite
def texts(draw):
    words = draw(st.lists(pieces, max_size=40))
    lead = draw(st.sampled_from(["", "", " ", "\n\n"]))
    tail = draw(st.sampled_from(["", "", "\n", " "]))
    parts = [lead]
    for word in words:
        parts.append(word)
        parts.append(draw(spaces))
    if words:
        parts[-1] = tail
    return "".join(parts)


@settings(max_examples=300, deadline=None)
@given(old=texts(), new=texts(), context=st.integers(min_value=0, max_value=6))
def test_the_redline_reconstructs_both_texts(old, new, context):
    result = assert_reconstructs(old, new, context=context)

    assert "<b>" not in result.inline_html()
    assert "<b>" not in result.side_by_side_html()
    assert result.words_deleted + result.words_unchanged == len(old.split())
    assert result.words_inserted + result.words_unchanged == len(new.split())
    same_paragraphs = _paragraph_sizes(old) == _paragraph_sizes(new)
    assert result.identical is (old.split() == new.split() and same_paragraphs)


def _paragraph_sizes(text):
    """Return the number of words in each paragraph of a generated text."""
    words = text.split()
    between = re.split(r"\S+", text)[1:-1]
    sizes, size = [], 0
    for index in range(len(words)):
        size += 1
        # Of the generated spaces, exactly those with two newlines break paragraphs.
        if index < len(words) - 1 and between[index].count("\n") >= 2:
            sizes.append(size)
            size = 0
    sizes.append(size)
    return sizes


def test_a_text_of_few_distinct_words_is_matched_exactly_not_all_changed():
    # No single word is unique, so the matcher anchors on unique runs of words.
    rng = random.Random(3)
    vocabulary = [f"w{number}" for number in range(50)]
    old_words = rng.choices(vocabulary, k=6_000)
    new_words = list(old_words)
    edited = sorted(rng.sample(range(6_000), 150), reverse=True)
    for position in edited:
        del new_words[position]

    result = redline(" ".join(old_words), " ".join(new_words))

    assert result.words_inserted + result.words_deleted <= 150
    assert result.words_unchanged >= 6_000 - 150
