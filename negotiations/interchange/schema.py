"""The format's JSON Schema: checked with jsonschema, `date` and `uri` asserted.

jsonschema (Draft 2020-12) is the reference, and it writes the messages. Checking a
15 MB document with it takes seconds, and an import checks twice (on reading and
again before writing), so a clean document is first run through a checker compiled
from the same schema; only a document that fails it goes to jsonschema. The
compiled checker answers "valid" only where jsonschema would: a keyword it does not
know makes it answer "not sure", and jsonschema decides.
"""

import datetime
import functools
import ipaddress
import json
import re
from pathlib import Path

from jsonschema import Draft202012Validator, FormatChecker, ValidationError, validators

from .problems import json_path, show

SCHEMA_PATH = (
    Path(__file__).resolve().parent.parent / "format" / "negotiation.schema.json"
)

_FORMATS = FormatChecker(formats=())  # only the two below, whatever else is installed
_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")


@_FORMATS.checks("date")
def is_date(value):
    """Return True for a real calendar date YYYY-MM-DD from 0001-01-01 to 9999-12-31."""
    if not isinstance(value, str):
        return True
    if not _DATE.fullmatch(value):
        return False
    try:
        datetime.date(int(value[:4]), int(value[5:7]), int(value[8:]))
    except ValueError:
        return False
    return True


# RFC 3986, section 3, for the http and https schemes: the characters each part may
# hold; anything else (a space, < > " { } | \ ^ `, a non-ASCII letter) is refused.
_UNRESERVED = r"A-Za-z0-9\-._~"
_SUB_DELIMS = r"!$&'()*+,;="
_PCT = r"%[0-9A-Fa-f]{2}"
_PCHAR = rf"(?:[{_UNRESERVED}{_SUB_DELIMS}:@]|{_PCT})"
_URL = re.compile(
    rf"""
    https?://
    (?:(?:[{_UNRESERVED}{_SUB_DELIMS}:]|{_PCT})*@)?          # userinfo
    (?P<host>\[[^\[\]/?#@]*\]|(?:[{_UNRESERVED}{_SUB_DELIMS}]|{_PCT})*)
    (?::[0-9]*)?                                              # port
    (?:/{_PCHAR}*)*                                           # path
    (?:\?(?:{_PCHAR}|[/?])*)?                                 # query
    (?:\#(?:{_PCHAR}|[/?])*)?                                 # fragment
    """,
    re.VERBOSE | re.ASCII,
)
_IP_FUTURE = re.compile(rf"v[0-9A-Fa-f]+\.[{_UNRESERVED}{_SUB_DELIMS}:]+", re.ASCII)


@_FORMATS.checks("uri")
def is_http_url(value):
    """Return True for an absolute http(s) URL with a host that RFC 3986 allows."""
    if not isinstance(value, str):
        return True
    match = _URL.fullmatch(value)
    if match is None or not match.group("host"):
        return False
    host = match.group("host")
    if host.startswith("["):
        literal = host[1:-1]
        if _IP_FUTURE.fullmatch(literal):
            return True
        if "%" in literal:  # a zone id is not part of RFC 3986
            return False
        try:
            ipaddress.IPv6Address(literal)
        except ValueError:
            return False
    return True


@functools.cache
def _ecma_pattern(pattern):
    # Schema patterns are ECMA-262 regexes: `\d` is ASCII only, and `$` matches only
    # at the very end, where Python's `$` also matches before a final newline.
    return re.compile(re.sub(r"(?<!\\)\$", r"\\Z", pattern), re.ASCII)


def _pattern_keyword(validator, pattern, instance, schema):
    if validator.is_type(instance, "string") and not _ecma_pattern(pattern).search(
        instance
    ):
        yield ValidationError(f"{show(instance)} does not match {pattern}")


_Validator = validators.extend(Draft202012Validator, {"pattern": _pattern_keyword})


@functools.cache
def schema():
    """Return the format's JSON Schema (read once)."""
    with open(SCHEMA_PATH, encoding="utf-8") as schema_file:
        return json.load(schema_file)


@functools.cache
def _validator():
    return _Validator(_inline_refs(schema()), format_checker=_FORMATS)


def _inline_refs(document_schema):
    """Return the schema with each local `$ref` replaced by what it names.

    The format's schema only refers to its own `$defs`, never recursively; with
    them inlined, jsonschema skips a reference lookup per value, which makes a
    large document's check about three times faster. The verdicts are the same.
    """
    definitions = document_schema.get("$defs", {})

    def inline(node):
        if isinstance(node, list):
            return [inline(item) for item in node]
        if not isinstance(node, dict):
            return node
        node = dict(node)
        reference = node.pop("$ref", None)
        if reference is not None:
            name = reference.removeprefix("#/$defs/")
            # Keywords next to $ref apply as well (2020-12); ours are annotations.
            return inline({**node, **definitions[name]})
        node.pop("$defs", None)
        return {key: inline(value) for key, value in node.items()}

    return inline(document_schema)


_TYPE_NAMES = {
    "object": "an object",
    "array": "an array",
    "string": "a string",
    "number": "a number",
    "integer": "a whole number",
    "boolean": "true or false",
    "null": "null",
}
_PATTERN_NAMES = {
    "^[a-z0-9]+(?:-[a-z0-9]+)*$": "a slug (lowercase letters and digits, "
    "joined by single hyphens)",
    "^\\d{4}-\\d{2}-\\d{2}$": "a date written YYYY-MM-DD",
    "^https?://": "a URL starting with http:// or https://",
}
_FORMAT_NAMES = {
    "date": "a real calendar date (YYYY-MM-DD, from 0001-01-01 to 9999-12-31)",
    "uri": "an absolute http or https URL (RFC 3986: no spaces, no characters "
    'such as < > " { } | \\ ^ `)',
}


def check_schema(doc, problems):
    """Add the document's schema problems, each at the deepest path that applies."""
    if compiled_check()(doc):
        return
    reported = set()  # one problem per value; its first is the one that matters
    for error in _validator().iter_errors(doc):
        parts = tuple(error.absolute_path)
        if error.validator == "required":
            for name in error.validator_value:
                if name not in error.instance:
                    problems.add(parts + (name,), "required")
        elif error.validator == "additionalProperties":
            known = error.schema.get("properties", {})
            for name in error.instance:
                if name not in known:
                    problems.add(
                        parts + (name,), "unknown property (not in the format)"
                    )
        else:
            path = json_path(parts)
            if path not in reported:
                reported.add(path)
                problems.add(path, _schema_reason(error))


def _schema_reason(error):
    """Return a plain reason for a schema error other than a missing or extra key."""
    keyword, expected, value = error.validator, error.validator_value, error.instance
    if keyword == "type":
        names = [_TYPE_NAMES[name] for name in _as_list(expected)]
        wanted = " or ".join(names) if len(names) < 3 else ", ".join(names[:-1])
        if len(names) >= 3:
            wanted += f" or {names[-1]}"
        return f"must be {wanted}, not {show(value)}"
    if keyword == "const":
        return f"must be {show(expected)}, not {show(value)}"
    if keyword == "enum":
        choices = ", ".join(show(choice) for choice in expected)
        return f"{show(value)} is not one of {choices}"
    if keyword == "format":
        return f"{show(value)} is not {_FORMAT_NAMES.get(expected, expected)}"
    if keyword == "pattern":
        return f"{show(value)} is not {_PATTERN_NAMES.get(expected, expected)}"
    if keyword == "minLength":
        if expected == 1:
            return "must not be empty"
        return f"must be at least {expected} characters long"
    if keyword == "maxLength":
        return f"is {len(value):,} characters long; the limit is {expected:,}"
    if keyword == "minItems":
        return f"needs at least {expected} items, not {len(value)}"
    if keyword == "maxItems":
        return f"takes at most {expected} items, not {len(value)}"
    if keyword == "minProperties":
        return "a range needs min, max or both"
    if keyword == "minimum":
        return f"must be at least {expected}, not {show(value)}"
    if keyword == "maximum":
        return f"must be at most {expected}, not {show(value)}"
    if keyword == "uniqueItems":
        seen = []
        for item in value:
            if item in seen:
                return f"lists {show(item)} more than once"
            seen.append(item)
    return error.message


def _as_list(value):
    return [value] if isinstance(value, str) else list(value)


# ---- The compiled checker for clean documents -------------------------------------

_ANNOTATIONS = {"$schema", "$id", "$comment", "title", "description"}


def _never(instance):
    return False


@functools.cache
def compiled_check():
    """Return a function telling whether a document certainly meets the schema."""
    return compile_schema(_inline_refs(schema()))[0]


def compile_schema(node):
    """Return (check, unsupported keywords) for an inlined schema.

    check(instance) is True only where jsonschema finds no error; where the schema
    holds a keyword this compiler does not know, it is False for every instance,
    so that jsonschema decides.
    """
    unsupported = set()
    return _compile(node, unsupported), unsupported


def _compile(node, unsupported):
    checks = []
    for keyword, value in node.items():
        if keyword in _ANNOTATIONS:
            continue
        make = _KEYWORDS.get(keyword)
        check = make(value, node, unsupported) if make else None
        if check is None:
            unsupported.add(keyword)
            return _never
        checks.append(check)
    if len(checks) == 1:
        return checks[0]

    def check_all(instance):
        for check in checks:
            if not check(instance):
                return False
        return True

    return check_all


_TYPE_CHECKS = {
    "object": lambda value: isinstance(value, dict),
    "array": lambda value: isinstance(value, list),
    "string": lambda value: isinstance(value, str),
    "number": lambda value: (
        isinstance(value, (int, float)) and not isinstance(value, bool)
    ),
    "null": lambda value: value is None,
    "boolean": lambda value: isinstance(value, bool),
    # As jsonschema: 60.0 is an integer too.
    "integer": lambda value: (
        isinstance(value, int)
        and not isinstance(value, bool)
        or isinstance(value, float)
        and value.is_integer()
    ),
}


def _type(expected, node, unsupported):
    names = _as_list(expected)
    if not all(name in _TYPE_CHECKS for name in names):
        return None
    checks = [_TYPE_CHECKS[name] for name in names]
    if len(checks) == 1:
        return checks[0]
    return lambda value: any(check(value) for check in checks)


def _properties(expected, node, unsupported):
    compiled = {name: _compile(sub, unsupported) for name, sub in expected.items()}

    def check(value):
        if not isinstance(value, dict):
            return True
        for key, item in value.items():
            sub = compiled.get(key)
            if sub is not None and not sub(item):
                return False
        return True

    return check


def _additional_properties(expected, node, unsupported):
    if expected is True:
        return lambda value: True
    if expected is not False or "patternProperties" in node:
        return None
    allowed = set(node.get("properties", {}))
    return lambda value: not isinstance(value, dict) or allowed.issuperset(value)


def _required(expected, node, unsupported):
    return lambda value: (
        not isinstance(value, dict) or all(name in value for name in expected)
    )


def _items(expected, node, unsupported):
    if not isinstance(expected, dict) or "prefixItems" in node:
        return None
    sub = _compile(expected, unsupported)

    def check(value):
        if not isinstance(value, list):
            return True
        for item in value:
            if not sub(item):
                return False
        return True

    return check


def _enum(expected, node, unsupported):
    if not all(isinstance(choice, str) for choice in expected):
        return None
    choices = frozenset(expected)
    # Only a string can equal a string in JSON.
    return lambda value: isinstance(value, str) and value in choices


def _const(expected, node, unsupported):
    if not isinstance(expected, str):
        return None
    return lambda value: isinstance(value, str) and value == expected


def _pattern(expected, node, unsupported):
    regex = _ecma_pattern(expected)
    return lambda value: not isinstance(value, str) or regex.search(value) is not None


def _format(expected, node, unsupported):
    checker = _FORMATS.checkers.get(expected)
    if checker is None:
        return lambda value: True  # jsonschema asserts only the formats it knows
    function = checker[0]
    return lambda value: not isinstance(value, str) or bool(function(value))


def _min_length(expected, node, unsupported):
    return lambda value: not isinstance(value, str) or len(value) >= expected


def _max_length(expected, node, unsupported):
    return lambda value: not isinstance(value, str) or len(value) <= expected


def _min_items(expected, node, unsupported):
    return lambda value: not isinstance(value, list) or len(value) >= expected


def _max_items(expected, node, unsupported):
    return lambda value: not isinstance(value, list) or len(value) <= expected


def _min_properties(expected, node, unsupported):
    return lambda value: not isinstance(value, dict) or len(value) >= expected


def _is_number(value):
    return isinstance(value, (int, float)) and not isinstance(value, bool)


def _minimum(expected, node, unsupported):
    return lambda value: not _is_number(value) or value >= expected


def _maximum(expected, node, unsupported):
    return lambda value: not _is_number(value) or value <= expected


def _unique_items(expected, node, unsupported):
    if not expected:
        return lambda value: True

    def check(value):
        if not isinstance(value, list):
            return True
        # Only strings are compared here; anything else goes to jsonschema.
        if not all(isinstance(item, str) for item in value):
            return False
        return len(set(value)) == len(value)

    return check


_KEYWORDS = {
    "type": _type,
    "properties": _properties,
    "additionalProperties": _additional_properties,
    "required": _required,
    "items": _items,
    "enum": _enum,
    "const": _const,
    "pattern": _pattern,
    "format": _format,
    "minLength": _min_length,
    "maxLength": _max_length,
    "minItems": _min_items,
    "maxItems": _max_items,
    "uniqueItems": _unique_items,
    "minProperties": _min_properties,
    "minimum": _minimum,
    "maximum": _maximum,
}
