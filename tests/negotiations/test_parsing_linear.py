"""The checks before json.loads take time in proportion to the document, whatever it holds.

The run that found issue 16 refused an 80 KB unterminated string of `\\"` pairs
in 50 s: each quote rescanned the rest of the text. These tests time two sizes
of the same adversarial document in a child process and compare them, so no
figure depends on the machine's speed, and a quadratic check fails by its ratio
(16 for four times the input) or by the child's time limit, never by hanging.
"""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]

# Each builds a document of about n bytes that the format refuses.
ADVERSARIAL = {
    "an unterminated string of escaped quotes": 'lambda n: \'{"a": "\' + "\\\\\\"" * (n // 2)',
    "an unterminated string of backslashes": 'lambda n: \'["\' + "\\\\\\\\" * (n // 2)',
    "brackets inside an unterminated string": "lambda n: '[\"' + '[{' * (n // 2)",
    "quotes alone": "lambda n: '\"' * n",
    "deep nesting": "lambda n: '[' * n",
}

CHILD = """
import json, sys, time
import django
django.setup()
from negotiations.interchange.parsing import parse_document
from negotiations.interchange.problems import ProblemList

build = eval(sys.argv[1])
timings = []
for size in (1 << 20, 1 << 22):
    data = build(size).encode()
    best = None
    for _ in range(3):
        start = time.process_time()
        parse_document(data, ProblemList())
        spent = time.process_time() - start
        best = spent if best is None else min(best, spent)
    timings.append(best)
print(json.dumps(timings))
"""


@pytest.mark.parametrize("builder", ADVERSARIAL.values(), ids=list(ADVERSARIAL))
def test_pre_parse_checks_grow_linearly_on_adversarial_documents(builder):
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "tracker.settings.test"}
    try:
        done = subprocess.run(
            [sys.executable, "-c", CHILD, builder],
            cwd=ROOT,
            env=env,
            capture_output=True,
            text=True,
            timeout=120,
            check=True,
        )
    except subprocess.TimeoutExpired:
        pytest.fail("parsing 1 and 4 MiB took over two minutes: not linear")
    small, large = json.loads(done.stdout)
    # Linear work gives about 4; quadratic, 16. The floor keeps timer noise on
    # sub-millisecond runs from deciding.
    assert large <= 8 * max(small, 0.005)
