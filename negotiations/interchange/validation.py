"""Check a parsed document against the schema and every rule of the format.

Three passes, each collecting problems at JSON paths: every value (duplicate keys,
numbers, text, nesting: rules 10, 14 and 15), then the JSON Schema (schema.py, with
rule 13's formats), then the rules beyond the schema (rules.py).
"""

import math
import re

from .parsing import MAX_BYTES, MAX_DEPTH, TOO_DEEP, parse_document
from .problems import ProblemList, show
from .rules import check_rules
from .schema import check_schema

# Export writes version 2; import takes both (version 2 only adds to version 1).
FORMAT = "ceasefire-tracker/2"
FORMATS = ("ceasefire-tracker/1", FORMAT)
MAX_NUMBER = 10**15  # rule 14: numbers stay exact in a double below this

_BAD_TEXT = re.compile("[\x00\ud800-\udfff]")


def check_document(doc, problems: ProblemList, repeated_keys=None):
    """Add every problem of a parsed document to problems.

    repeated_keys maps id(object) to (object, {key: count}) for objects that had a
    key more than once in the JSON text (see parsing.Parsed).
    """
    if not _check_values(doc, problems, repeated_keys or {}):
        # Too deep or not JSON at all: the schema and the rules would only repeat it.
        return
    check_schema(doc, problems)
    check_rules(doc, problems)


# ---- Every value --------------------------------------------------------------------


def _check_values(doc, problems, repeated_keys):
    """Check keys, text, numbers and nesting; return False if the shape is unusable."""
    usable = True
    size = 0  # bytes of the document written as compact JSON (rule 10)
    stack = [((), doc, 1)]
    while stack:
        parts, value, depth = stack.pop()
        if isinstance(value, (dict, list)):
            if depth > MAX_DEPTH:
                problems.add(
                    parts,
                    TOO_DEEP,
                )
                usable = False
                continue
            size += 2 + max(len(value) - 1, 0)  # brackets and commas
        if isinstance(value, dict):
            entry = repeated_keys.get(id(value))
            if entry is not None and entry[0] is value:
                for key, count in entry[1].items():
                    times = "twice" if count == 2 else f"{count} times"
                    problems.add(parts, f"key {show(key)} appears {times}")
            children = []
            for key, child in value.items():
                if not isinstance(key, str):
                    problems.add(parts, f"has a key that is not a string: {show(key)}")
                    usable = False
                    continue
                reason = _text_problem(key)
                if reason:
                    problems.add(parts + (key,), f"the key {reason}")
                size += _text_size(key) + 1
                children.append((parts + (key,), child, depth + 1))
            stack.extend(reversed(children))
        elif isinstance(value, list):
            stack.extend(
                (parts + (index,), child, depth + 1)
                for index, child in reversed(list(enumerate(value)))
            )
        elif isinstance(value, str):
            reason = _text_problem(value)
            if reason:
                problems.add(parts, reason)
            size += _text_size(value)
        elif value is None or isinstance(value, bool):
            size += 4 if value is not False else 5
        elif isinstance(value, (int, float)):
            reason = _number_problem(value)
            if reason:
                problems.add(parts, reason)
            size += len(getattr(value, "literal", None) or repr(value))
        else:
            type_name = type(value).__name__
            problems.add(parts, f"is not a JSON value (a Python {type_name})")
            usable = False
    if size > MAX_BYTES:
        # A document handed over as a dict has no bytes; its most compact JSON is
        # the smallest file it could be, so that is what must fit (rule 10).
        problems.add(
            (),
            f"the document is {size:,} bytes even as compact JSON; "
            f"the limit is 20 MiB ({MAX_BYTES:,} bytes)",
        )
    return usable


def _text_size(text):
    # Quotes, and six bytes (\u0000) for a control character; near enough for a limit.
    return len(text.encode("utf-8", "surrogatepass")) + 2


def _text_problem(text):
    """Return why text breaks rule 15, or None."""
    match = _BAD_TEXT.search(text)
    if match is None:
        return None
    char = match.group()
    what = "a NUL character" if char == "\x00" else "an unpaired surrogate"
    position = match.start() + 1
    return f"contains {what} (\\u{ord(char):04x}) at character {position}"


def _number_problem(number):
    """Return why a number breaks rule 14, or None."""
    literal = getattr(number, "literal", None)
    if isinstance(number, float) and math.isnan(number):
        return "NaN is not allowed: numbers must be finite"
    if isinstance(number, float) and math.isinf(number):
        if literal in ("Infinity", "-Infinity", None):
            shown = literal or ("-Infinity" if number < 0 else "Infinity")
            return f"{shown} is not allowed: numbers must be finite"
        return (
            f"{show(number)} is too large to be a finite number: numbers must be "
            "smaller than 10^15 in magnitude"
        )
    if abs(number) >= MAX_NUMBER:
        return (
            f"{show(number)} is too large: "
            "numbers must be smaller than 10^15 in magnitude"
        )
    return None


def load_document(data):
    """Parse a document's bytes and check it all; return it as a dict.

    Raise DocumentError listing every problem: parsing, schema and rules.
    """
    problems = ProblemList()
    parsed = parse_document(data, problems)
    if parsed is not None:
        check_document(parsed.value, problems, parsed.repeated_keys)
    problems.raise_if_any()
    return parsed.value


def validate_document(doc):
    """Check an already parsed document; raise DocumentError listing every problem."""
    problems = ProblemList()
    check_document(doc, problems)
    problems.raise_if_any()
