"""Time the text redline against difflib on 3,000- and 50,000-word texts.

Run from the project root: `.venv/bin/python bench/bench_diffs.py` (add
`--quick` for the 3,000-word cases only). For each case it prints the median
time of redline() alone, of redline() with both HTML views, and of
difflib.SequenceMatcher with autojunk off and on over the same word lists, plus
how many words each reports as changed (deleted + inserted) against the number
the edits really changed, where that number is known.

The texts are generated with a fixed seed: Zipf-distributed words (real
function words first, so "the" is as common as in English), sentences and
paragraphs. "Realistic" edits change a few percent of the words in small runs,
move paragraphs and insert new ones. The adversarial cases are two unrelated
texts, a text of one repeated word against a real text, two texts of one
repeated word with a few words changed, and a text drawn from 50 distinct words
with 3% of its words edited. The full run ends with issue 15's redline goals:
exact on that last text, and within 1.5x of difflib on realistic edits.

Times are CPU seconds of the process (time.process_time), which is what a run
costs and equals the wall time on an idle machine; on a machine shared with
other jobs the wall time would mostly measure them. difflib runs in a child
process that is stopped after DIFFLIB_TIMEOUT seconds of wall time, because
with autojunk off it can take minutes on 50,000 words.
"""

import argparse
import difflib
import multiprocessing
import random
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from negotiations.diffs import redline  # noqa: E402

DIFFLIB_TIMEOUT = 30.0
FUNCTION_WORDS = (
    "the of and to in a that is for on it with as was by be this are at from or "
    "an not which have has will shall its their all any parties".split()
)
SYLLABLES = "ka ri to ne sa lu mi po de ha ze fo tu gri bal ven dor sim".split()


def vocabulary(rng, size):
    """Return `size` distinct words: function words, then made-up ones."""
    words = list(FUNCTION_WORDS)
    seen = set(words)
    while len(words) < size:
        word = "".join(rng.choice(SYLLABLES) for _ in range(rng.randint(1, 4)))
        if word not in seen:
            seen.add(word)
            words.append(word)
    return words


class TextMaker:
    """Make paragraphs of Zipf-distributed words with a fixed seed."""

    def __init__(self, seed, size=8000):
        self.rng = random.Random(seed)
        self.words = vocabulary(self.rng, size)
        self.weights = [1 / rank**1.07 for rank in range(1, size + 1)]

    def word_run(self, count):
        return self.rng.choices(self.words, self.weights, k=count)

    def paragraph(self, count):
        words = self.word_run(count)
        sentence_start = 0
        for index in range(count):
            if index == sentence_start:
                words[index] = words[index].capitalize()
            if index == count - 1 or self.rng.random() < 0.06:
                words[index] += "."
                sentence_start = index + 1
            elif self.rng.random() < 0.05:
                words[index] += ","
        return words

    def paragraphs(self, total):
        result = []
        while total > 0:
            count = min(total, self.rng.randint(30, 150))
            result.append(self.paragraph(count))
            total -= count
        return result


def join(paragraphs):
    return "\n\n".join(" ".join(words) for words in paragraphs)


def realistic_edit(maker, paragraphs, rate=0.03):
    """Return edited paragraphs and the number of words the edits changed."""
    rng = maker.rng
    edited = []
    changed = 0
    for words in paragraphs:
        words = list(words)
        position = 0
        result = []
        while position < len(words):
            roll = rng.random()
            if roll < rate / 3:  # replace a short run
                run = rng.randint(1, 4)
                replaced = words[position : position + run]
                result.extend(maker.word_run(len(replaced)))
                changed += 2 * len(replaced)
                position += run
            elif roll < 2 * rate / 3:  # delete a short run
                run = rng.randint(1, 4)
                changed += len(words[position : position + run])
                position += run
            elif roll < rate:  # insert a short run
                run = rng.randint(1, 6)
                result.extend(maker.word_run(run))
                result.append(words[position])
                changed += run
                position += 1
            else:
                result.append(words[position])
                position += 1
        edited.append(result)
    count = len(edited)
    moves = max(1, count // 100)
    for _ in range(moves):
        moved = edited.pop(rng.randrange(len(edited)))
        edited.insert(rng.randrange(len(edited) + 1), moved)
        changed += 2 * len(moved)
    for _ in range(moves):
        new = maker.paragraph(rng.randint(30, 120))
        edited.insert(rng.randrange(len(edited) + 1), new)
        changed += len(new)
    return edited, changed


def cases(word_count):
    """Yield (name, old text, new text, true changed words or None)."""
    maker = TextMaker(seed=word_count)
    original = maker.paragraphs(word_count)
    edited, changed = realistic_edit(maker, original)
    yield "realistic edits", join(original), join(edited), changed
    other = TextMaker(seed=word_count + 1).paragraphs(word_count)
    yield "unrelated texts", join(original), join(other), None
    repeated = " ".join(["the"] * word_count)
    yield "one repeated word vs text", repeated, join(original), None
    rng = random.Random(word_count)
    words = ["the"] * word_count
    for position in rng.sample(range(word_count), 10):
        words[position] = "peace"
    yield "one repeated word, 10 changed", repeated, " ".join(words), 20
    old, new, changed = few_words_edit(word_count)
    yield "50 distinct words, 3% edited", old, new, changed


def few_words_edit(word_count, distinct=50, rate=0.03):
    """Return a text of `distinct` words, one with `rate` of its words edited,
    and how many words the edits changed (replaced words count twice)."""
    rng = random.Random(word_count)
    words = vocabulary(rng, distinct)
    old = rng.choices(words, k=word_count)
    new = []
    changed = 0
    for word in old:
        roll = rng.random()
        if roll < rate / 2:
            new.append(rng.choice(words))
            changed += 2
        elif roll < rate:
            changed += 1
        else:
            new.append(word)
    return " ".join(old), " ".join(new), changed


def median_time(function, runs):
    """Return the median CPU time of up to `runs` calls and the last result."""
    times = []
    for _ in range(runs):
        start = time.process_time()
        result = function()
        times.append(time.process_time() - start)
        if sum(times) > 2.0:
            break  # slow enough that fewer runs tell
    return statistics.median(times), result


def redline_figures(old, new, runs):
    ops_time, result = median_time(lambda: redline(old, new), runs)

    def with_html():
        result = redline(old, new)
        result.inline_html()
        result.side_by_side_html()

    html_time, _ = median_time(with_html, runs)
    return ops_time, html_time, result.words_deleted + result.words_inserted


def difflib_figures(old_words, new_words, autojunk, runs):
    def run():
        matcher = difflib.SequenceMatcher(None, old_words, new_words, autojunk=autojunk)
        return matcher.get_opcodes()

    elapsed, opcodes = median_time(run, runs)
    changed = sum(
        (i2 - i1) + (j2 - j1) for tag, i1, i2, j1, j2 in opcodes if tag != "equal"
    )
    return elapsed, changed


def _difflib_child(connection, old_words, new_words, autojunk, runs):
    connection.send(difflib_figures(old_words, new_words, autojunk, runs))
    connection.close()


def difflib_with_timeout(old_words, new_words, autojunk, runs):
    """Return (seconds, changed words), or None when difflib ran out of time."""
    context = multiprocessing.get_context("fork")
    receiver, sender = context.Pipe(duplex=False)
    child = context.Process(
        target=_difflib_child, args=(sender, old_words, new_words, autojunk, runs)
    )
    child.start()
    sender.close()
    if receiver.poll(DIFFLIB_TIMEOUT):
        figures = receiver.recv()
        child.join()
        return figures
    child.terminate()
    child.join()
    return None


def goals(figures):
    """Print issue 15's redline goals against the 50,000-word figures."""
    print("\nGoals (issue 15), 50,000 words:")
    name = "50 distinct words, 3% edited"
    true_changed, changed = figures[name]["true"], figures[name]["changed"]
    ok = changed <= true_changed * 1.1
    print(
        f"  pathological text exact: {changed:,} words marked changed, "
        f"{true_changed:,} edited (goal <= 1.1x)  {'met' if ok else 'MISSED'}"
    )
    realistic = figures["realistic edits"]
    difflib_time = realistic["difflib"]
    if difflib_time is None:
        print("  ordinary text: difflib did not finish; no ratio")
        return
    ratio = realistic["redline"] / difflib_time
    print(
        f"  ordinary text: redline {realistic['redline'] * 1000:.0f} ms, "
        f"difflib {difflib_time * 1000:.0f} ms (autojunk on), {ratio:.2f}x "
        f"(goal <= 1.5x)  {'met' if ratio <= 1.5 else 'MISSED'}"
    )


def milliseconds(seconds):
    if seconds is None:
        return f"> {DIFFLIB_TIMEOUT:.0f} s".rjust(10)
    return f"{seconds * 1000:8.1f} ms"


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="3,000 words only")
    arguments = parser.parse_args()
    sizes = [(3_000, 9)] if arguments.quick else [(3_000, 9), (50_000, 3)]
    header = (
        f"{'case':<32} {'redline ops':>11} {'+ html':>11} {'difflib aj=off':>14}"
        f" {'difflib aj=on':>14}   changed words: true / redline / off / on"
    )
    figures = {}
    for word_count, runs in sizes:
        print(f"\n{word_count:,} words (median of up to {runs} runs)")
        print(header)
        for name, old, new, true_changed in cases(word_count):
            ops_time, html_time, changed = redline_figures(old, new, runs)
            old_words, new_words = old.split(), new.split()
            off = difflib_with_timeout(old_words, new_words, False, runs)
            on = difflib_with_timeout(old_words, new_words, True, runs)
            counts = [
                "?" if true_changed is None else f"{true_changed:,}",
                f"{changed:,}",
                "-" if off is None else f"{off[1]:,}",
                "-" if on is None else f"{on[1]:,}",
            ]
            if word_count == 50_000:
                figures[name] = {
                    "true": true_changed,
                    "changed": changed,
                    "redline": ops_time,
                    "difflib": on and on[0],
                }
            print(
                f"{name:<32} {milliseconds(ops_time):>11} {milliseconds(html_time):>11}"
                f" {milliseconds(off and off[0]):>14} {milliseconds(on and on[0]):>14}"
                f"   {' / '.join(counts)}"
            )

    if figures:
        goals(figures)


if __name__ == "__main__":
    main()
