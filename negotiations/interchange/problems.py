"""Problems found in a document, each at its JSON path, and the errors carrying them."""

import json
import re
from dataclasses import dataclass

# Enough to fix a document in one go; a list of thousands only buries the first cause.
MAX_PROBLEMS = 200

_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]*", re.ASCII)


@dataclass(frozen=True)
class Problem:
    """One thing wrong with a document, e.g. `positions[3].status: required`."""

    path: str
    reason: str

    def __str__(self):
        return f"{self.path}: {self.reason}"


class DocumentError(Exception):
    """A document that cannot be imported; `problems` lists every problem found.

    At most MAX_PROBLEMS are kept; `omitted` counts the rest, and str() ends with
    a line saying how many were left out.
    """

    def __init__(self, problems, omitted=0):
        self.problems = list(problems)
        self.omitted = omitted
        super().__init__(str(self))

    def __str__(self):
        lines = [str(problem) for problem in self.problems]
        if self.omitted:
            lines.append(f"... and {self.omitted} more problems")
        return "\n".join(lines)


class NegotiationExists(DocumentError):
    """The negotiation's slug is taken and the caller did not ask to replace it."""


class ReplacedMeanwhile(NegotiationExists):
    """Another import of the same slug committed while a replacing one ran.

    The replacing import waited for the other's lock, found its negotiation
    gone and the slug taken by the new one: nothing of its own was written.
    """


def json_path(parts):
    """Return a path like `positions[3].issue` for ("positions", 3, "issue").

    The document itself is `$`.
    """
    text = ""
    for part in parts:
        if isinstance(part, int):
            text = f"{text or '$'}[{part}]"
        elif _NAME.fullmatch(part):
            text = f"{text}.{part}" if text else part
        else:
            # ASCII escapes keep odd keys (spaces, NUL, lone surrogates) printable.
            quoted = json.dumps(part)
            text = f"{text or '$'}[{quoted}]"
    return text or "$"


def show(value, limit=60):
    """Return a value as short JSON for a message: `"abc"`, `12`, `an object`."""
    if isinstance(value, dict):
        return "an object"
    if isinstance(value, list):
        return "an array"
    text = getattr(value, "literal", None)
    if text is None:
        try:
            text = json.dumps(value, ensure_ascii=False, allow_nan=True)
        except (TypeError, ValueError):
            type_name = type(value).__name__
            return f"a Python {type_name}"
    # Lone surrogates cannot be printed; show them escaped.
    text = text.encode("utf-8", "backslashreplace").decode("utf-8")
    if len(text) > limit:
        return text[: limit - 3] + "..."
    return text


class ProblemList:
    """Collect problems once each, in the order found, keeping at most MAX_PROBLEMS."""

    def __init__(self):
        self.problems = []
        self.omitted = 0
        self._seen = set()

    def __bool__(self):
        return bool(self.problems)

    def __len__(self):
        return len(self.problems) + self.omitted

    def add(self, parts, reason):
        """Record a problem at a path: a tuple of keys and indexes, or a string."""
        if len(self.problems) >= MAX_PROBLEMS:
            # Past the cap only count, so that a huge broken document costs no memory.
            self.omitted += 1
            return
        path = parts if isinstance(parts, str) else json_path(parts)
        key = (path, reason)
        if key not in self._seen:
            self._seen.add(key)
            self.problems.append(Problem(path, reason))

    def raise_if_any(self, error_class=DocumentError):
        if self.problems:
            raise error_class(self.problems, self.omitted)
