"""Read a document's bytes as JSON, per the format's Parsing section.

The document is UTF-8 (a leading byte order mark is ignored), at most 20 MiB, and
nests no deeper than the schema allows. The nesting is measured before the json
module runs, so that a document of 100,000 nested arrays is refused with a message
instead of ending in a RecursionError. Keys that appear twice in one object and
numbers that are not finite are kept aside for validation to report at their paths.
"""

import codecs
import json
import math
import os
import re
import sys
from dataclasses import dataclass, field

from .problems import DocumentError, Problem, ProblemList

MAX_BYTES = 20 * 1024 * 1024  # rule 10: 20 MiB = 20,971,520 bytes
# The schema nests arrays and objects at most 8 deep: document > proposals >
# proposal > versions > version > terms > term > a range (format 2).
MAX_DEPTH = 8
# How many too-deep places to name before giving up on a pathological document.
MAX_DEPTH_REPORTS = 10
TOO_DEEP = f"nested more than {MAX_DEPTH} levels deep, deeper than the schema allows"

_UTF8_BOM = codecs.BOM_UTF8
# Byte order marks of the encodings the format refuses, longest first.
_OTHER_BOMS = [
    (codecs.BOM_UTF32_LE, "UTF-32"),
    (codecs.BOM_UTF32_BE, "UTF-32"),
    (codecs.BOM_UTF16_LE, "UTF-16"),
    (codecs.BOM_UTF16_BE, "UTF-16"),
]
# JSON text begins with an ASCII character, so the NUL bytes among the first four
# give UTF-16 and UTF-32 away even without a byte order mark (RFC 4627, section 3).
_NUL_PATTERNS = [
    (re.compile(rb"\x00\x00\x00[^\x00]", re.DOTALL), "UTF-32"),
    (re.compile(rb"[^\x00]\x00\x00\x00", re.DOTALL), "UTF-32"),
    (re.compile(rb"\x00[^\x00]\x00[^\x00]", re.DOTALL), "UTF-16"),
    (re.compile(rb"[^\x00]\x00[^\x00]\x00", re.DOTALL), "UTF-16"),
]

# A string, or an unterminated one up to the end of the text. Possessive
# quantifiers and the end-of-text ending keep every match attempt successful and
# free of backtracking, so the checks stay linear: without them an unterminated
# string of `\"` pairs made each quote rescan the rest of the text (an 80 KB
# document took 50 s to refuse). json.loads then reports the unterminated string.
_STRING = r'"[^"\\]*+(?:\\.[^"\\]*+)*+(?:"|\\?\Z)'
_STRINGS = re.compile(_STRING, re.DOTALL)
_NOT_BRACKETS = re.compile(r"[^\[\]{}]+")
_TOKENS = re.compile(_STRING + r"|[\[\]{},:]", re.DOTALL)


class Literal(float):
    """A number the format refuses (NaN, Infinity, 1e400), with its text."""

    def __new__(cls, text):
        try:
            number = float(text)
        except OverflowError:
            number = math.inf
        instance = super().__new__(cls, number)
        instance.literal = text
        return instance


@dataclass
class Parsed:
    """A parsed document and the keys that appeared more than once in its objects."""

    value: object = None
    # id(object) -> (object, {key: count}); holding the object keeps its id valid.
    repeated_keys: dict = field(default_factory=dict)


def parse_document(data, problems: ProblemList):
    """Return the Parsed document, or None after adding why it is not JSON."""
    if not isinstance(data, (bytes, bytearray, memoryview)):
        raise TypeError("parse_document() takes the document's bytes")
    data = bytes(data)
    if len(data) > MAX_BYTES:
        size = len(data)
        problems.add(
            (),
            f"the document is {size:,} bytes; "
            f"the limit is 20 MiB ({MAX_BYTES:,} bytes)",
        )
        return None
    text = _decode(data, problems)
    if text is None:
        return None
    too_deep = _too_deep_paths(text)
    if too_deep:
        for parts in too_deep:
            problems.add(
                parts,
                TOO_DEEP,
            )
        return None
    parsed = Parsed()

    def make_object(pairs):
        obj = dict(pairs)
        if len(obj) < len(pairs):
            counts = {}
            for key, _ in pairs:
                counts[key] = counts.get(key, 0) + 1
            repeated = {key: count for key, count in counts.items() if count > 1}
            parsed.repeated_keys[id(obj)] = (obj, repeated)
        return obj

    try:
        parsed.value = json.loads(
            text,
            object_pairs_hook=make_object,
            parse_int=_parse_int,
            parse_float=_parse_float,
            parse_constant=Literal,
        )
    except json.JSONDecodeError as error:
        problems.add(
            (), f"not JSON: {error.msg} (line {error.lineno}, column {error.colno})"
        )
        return None
    return parsed


def read_document(path):
    """Return a document file's bytes ("-" reads standard input).

    Reads at most one byte past the limit, so that a huge file is refused (with
    DocumentError) without being read whole. OSError passes through.
    """
    if path == "-":
        data = sys.stdin.buffer.read(MAX_BYTES + 1)
        size = None
    else:
        with open(path, "rb") as document_file:
            data = document_file.read(MAX_BYTES + 1)
            size = os.fstat(document_file.fileno()).st_size
    if len(data) <= MAX_BYTES:
        return data
    limit = f"the limit is 20 MiB ({MAX_BYTES:,} bytes)"
    if size and size > MAX_BYTES:
        reason = f"the document is {size:,} bytes; {limit}"
    else:
        reason = f"the document is larger than 20 MiB; {limit}"
    raise DocumentError([Problem("$", reason)])


def _decode(data, problems):
    """Return the document as text, or None after adding why it is not UTF-8."""
    if data.startswith(_UTF8_BOM):
        data = data[len(_UTF8_BOM) :]
    else:
        for bom, encoding in _OTHER_BOMS:
            if data.startswith(bom):
                problems.add(
                    (),
                    f"the document is {encoding} (it starts with a {encoding} byte "
                    "order mark); it must be UTF-8",
                )
                return None
        for pattern, encoding in _NUL_PATTERNS:
            if pattern.match(data[:4]):
                problems.add(
                    (), f"the document looks like {encoding}; it must be UTF-8"
                )
                return None
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as error:
        before = data[: error.start]
        line = before.count(b"\n") + 1
        line_start = before.rfind(b"\n") + 1
        column = len(before[line_start:].decode("utf-8", "replace")) + 1
        byte = data[error.start]
        problems.add(
            (),
            f"the document is not UTF-8: byte 0x{byte:02x} at line {line}, "
            f"column {column} cannot be decoded",
        )
        return None


def _parse_int(text):
    digits = text.lstrip("-")
    # 21 digits or more is far past rule 14's limit; keeping such a number as text
    # also avoids Python's refusal to convert integers of more than 4,300 digits.
    if len(digits) > 20:
        return Literal(text)
    return int(text)


def _parse_float(text):
    number = float(text)
    # Out of range: kept as written, so that the message quotes the document.
    if math.isfinite(number) and abs(number) < 1e15:
        return number
    return Literal(text)


def _too_deep_paths(text):
    """Return the paths of the outermost containers nested deeper than MAX_DEPTH.

    A quick pass first measures the depth from the brackets outside strings; only a
    document that is too deep pays for a second pass that tracks keys and indexes.
    """
    brackets = _NOT_BRACKETS.sub("", _STRINGS.sub("", text))
    depth = deepest = 0
    for char in brackets:
        if char in "[{":
            depth += 1
            deepest = max(deepest, depth)
        else:
            depth -= 1
    if deepest <= MAX_DEPTH:
        return []
    return _locate_too_deep(text)


def _locate_too_deep(text):
    paths = []
    # One [opening bracket, current key or index] per open array or object.
    frames = []
    skipped = 0  # depth inside a too-deep container already reported
    last_string = None
    for match in _TOKENS.finditer(text):
        token = match.group()
        if skipped:
            if token in "[{":
                skipped += 1
            elif token in "]}":
                skipped -= 1
            continue
        if token[0] == '"':
            last_string = token
        elif token in "[{":
            if len(frames) == MAX_DEPTH:
                paths.append(tuple(key for _, key in frames if key is not None))
                if len(paths) == MAX_DEPTH_REPORTS:
                    break
                skipped = 1
                continue
            frames.append([token, 0 if token == "[" else None])
        elif token in "]}":
            if frames:
                frames.pop()
        elif token == ":" and frames and frames[-1][0] == "{" and last_string:
            try:
                frames[-1][1] = json.loads(last_string)
            except ValueError:
                frames[-1][1] = last_string
        elif token == "," and frames and frames[-1][0] == "[":
            frames[-1][1] += 1
    return paths
