"""Diffs between proposal versions, as DESIGN.md "Diffs" defines them.

- terms.py: the term diff, issue by issue, in DESIGN.md's words;
- matching.py: the word matcher behind the redline (tokens, matches, clean-up);
- redline.py: the redline as runs of text, with its counts;
- html.py: the redline rendered as HTML, inline or side by side.

Plain functions over values; nothing here runs a query or reads a request.
"""

from .redline import Op, OpKind, Redline, redline
from .terms import SIDE_A, SIDE_B, Change, TermChange, summary, term_diff

__all__ = [
    "SIDE_A",
    "SIDE_B",
    "Change",
    "Op",
    "OpKind",
    "Redline",
    "TermChange",
    "redline",
    "summary",
    "term_diff",
]
