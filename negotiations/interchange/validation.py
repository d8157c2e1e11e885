"""Check a parsed document against the schema and every rule of the format.

Three passes, each collecting problems at JSON paths: every value (duplicate keys,
numbers, text, nesting), then the JSON Schema with its `date` and `uri` formats
asserted, then the rules beyond the schema (format README, rules 1 to 15). The rules
read the document defensively, so that one broken part does not hide the problems
of another.
"""

import datetime
import functools
import ipaddress
import json
import math
import re
from pathlib import Path

from jsonschema import Draft202012Validator, FormatChecker, ValidationError, validators

from .parsing import MAX_BYTES, MAX_DEPTH, TOO_DEEP, parse_document
from .problems import ProblemList, json_path, show

SCHEMA_PATH = (
    Path(__file__).resolve().parent.parent / "format" / "negotiation.schema.json"
)
FORMAT = "ceasefire-tracker/1"
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
    _check_schema(doc, problems)
    _check_rules(doc, problems)


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


# ---- The schema ----------------------------------------------------------------------

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
    return _Validator(schema(), format_checker=_FORMATS)


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


def _check_schema(doc, problems):
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
    if keyword == "uniqueItems":
        seen = []
        for item in value:
            if item in seen:
                return f"lists {show(item)} more than once"
            seen.append(item)
    return error.message


def _as_list(value):
    return [value] if isinstance(value, str) else list(value)


# ---- The rules beyond the schema ---------------------------------------------------


def _is_number(value):
    return isinstance(value, (int, float)) and not isinstance(value, bool)


def _objects(container, key):
    """Return (index, item) for each object in the array container[key]."""
    array = container.get(key) if isinstance(container, dict) else None
    if not isinstance(array, list):
        return []
    return [(index, item) for index, item in enumerate(array) if isinstance(item, dict)]


def _string(obj, key):
    value = obj.get(key)
    return value if isinstance(value, str) else None


class _Rules:
    """Rules 1-9, 11 and 12; the schema and the value pass cover 10, 13, 14 and 15."""

    def __init__(self, doc, problems):
        self.doc = doc
        self.add = problems.add

    def check(self):
        self.index()
        self.check_sides()
        self.check_baseline()
        self.check_scales()
        self.check_people()
        self.check_proposals()
        self.check_positions()
        self.check_responses()
        self.check_events()

    # Rule 1 (and 11 for events): slugs, ids and labels are unique in their kind.
    def unique(self, entries, key, found):
        """Add each entry's key to found ({value: path}); report the repeats."""
        for parts, obj in entries:
            value = _string(obj, key)
            if value is None:
                continue
            if value in found:
                first = json_path(found[value])
                self.add(parts + (key,), f'{key} "{value}" is already used by {first}')
            else:
                found[value] = parts

    def index(self):
        doc = self.doc
        named = {}  # actors and people share one namespace: attributed_to names either
        self.unique(self.entries("actors"), "slug", named)
        self.actors = {slug: doc["actors"][parts[1]] for slug, parts in named.items()}
        self.unique(self.entries("people"), "slug", named)
        self.people = {slug for slug, parts in named.items() if parts[0] == "people"}
        issue_paths = {}
        self.unique(self.entries("issues"), "slug", issue_paths)
        self.issues = {
            slug: doc["issues"][parts[1]] for slug, parts in issue_paths.items()
        }
        self.sources = {}
        self.unique(self.entries("sources"), "id", self.sources)
        self.unique(self.entries("events"), "slug", {})
        proposal_paths = {}
        self.unique(self.entries("proposals"), "slug", proposal_paths)
        self.labels = {}  # proposal slug -> its version labels
        for parts, proposal in self.entries("proposals"):
            labels = {}
            versions = [
                (parts + ("versions", index), version)
                for index, version in _objects(proposal, "versions")
            ]
            self.unique(versions, "label", labels)
            slug = _string(proposal, "slug")
            if slug is not None and proposal_paths.get(slug) == parts:
                self.labels[slug] = set(labels)

    def entries(self, kind):
        return [((kind, index), obj) for index, obj in _objects(self.doc, kind)]

    # Rule 2: every reference resolves.
    def ref_actor(self, parts, slug):
        if not isinstance(slug, str) or slug in self.actors:
            return
        if slug in self.people:
            reason = (
                f'no actor with slug "{slug}" '
                f'("{slug}" is a person; an actor is needed here)'
            )
        else:
            reason = f'no actor with slug "{slug}"'
        self.add(parts, reason)

    def ref_actor_or_person(self, parts, slug):
        if (
            isinstance(slug, str)
            and slug not in self.actors
            and slug not in self.people
        ):
            self.add(parts, f'no actor or person with slug "{slug}"')

    def ref_issue(self, parts, slug):
        """Report an unknown issue; return the issue object, or None."""
        if not isinstance(slug, str):
            return None
        if slug not in self.issues:
            self.add(parts, f'no issue with slug "{slug}"')
            return None
        return self.issues[slug]

    def ref_version(self, parts, proposal_key, version_key, obj):
        proposal, label = _string(obj, proposal_key), _string(obj, version_key)
        if proposal is None:
            return
        if proposal not in self.labels:
            self.add(parts + (proposal_key,), f'no proposal with slug "{proposal}"')
        elif label is not None and label not in self.labels[proposal]:
            self.add(
                parts + (version_key,),
                f'proposal "{proposal}" has no version labelled {show(label)}',
            )

    def ref_sources(self, parts, obj):
        ids = obj.get("sources")
        if not isinstance(ids, list):
            return
        for index, source_id in enumerate(ids):
            if isinstance(source_id, str) and source_id not in self.sources:
                self.add(
                    parts + ("sources", index), f"no source with id {show(source_id)}"
                )

    # Rule 12: a claim is attributed to someone other than its holder.
    def check_attribution(self, parts, claim):
        who = claim.get("attributed_to")
        self.ref_actor_or_person(parts + ("attributed_to",), who)
        if isinstance(who, str) and who == claim.get("actor"):
            self.add(
                parts + ("attributed_to",),
                f'names the holder "{who}" itself; leave attributed_to out '
                "when the holder speaks",
            )

    # Rule 3: two different actors whose role is party.
    def check_sides(self):
        negotiation = self.doc.get("negotiation")
        sides = negotiation.get("sides") if isinstance(negotiation, dict) else None
        if not isinstance(sides, list):
            return
        for index, slug in enumerate(sides):
            parts = ("negotiation", "sides", index)
            if not isinstance(slug, str):
                continue
            if slug in sides[:index]:
                first = sides.index(slug)
                self.add(
                    parts,
                    f"names the same actor as sides[{first}]; "
                    "the two sides must be different actors",
                )
            elif slug not in self.actors:
                self.ref_actor(parts, slug)
            elif self.actors[slug].get("role") != "party":
                role = show(self.actors[slug].get("role"))
                self.add(
                    parts,
                    f'actor "{slug}" has role {role}; a side must have role "party"',
                )

    # Rule 4: the baseline names an existing version.
    def check_baseline(self):
        negotiation = self.doc.get("negotiation")
        baseline = (
            negotiation.get("baseline") if isinstance(negotiation, dict) else None
        )
        if isinstance(baseline, dict):
            self.ref_version(
                ("negotiation", "baseline"), "proposal", "version", baseline
            )

    # Rule 5: ordinal issues have a scale of unique values; the others have none.
    def check_scales(self):
        for parts, issue in self.entries("issues"):
            measure, scale = issue.get("measure"), issue.get("scale")
            if measure == "ordinal":
                if scale is None:
                    self.add(
                        parts + ("scale",),
                        "required: an ordinal issue needs a scale "
                        "of at least two options",
                    )
                    continue
                options = [
                    (parts + ("scale", index), option)
                    for index, option in _objects(issue, "scale")
                ]
                self.unique(options, "value", {})
            elif measure in ("numeric", "text") and scale is not None:
                # null is the same as absent, so only a real scale is refused.
                self.add(
                    parts + ("scale",), f"a {measure} issue has no scale; leave it out"
                )

    # Rule 6: a value matches its issue's measure; null or absent is unknown.
    def check_value(self, parts, issue, obj):
        value = obj.get("value")
        if issue is None or not (_is_number(value) or isinstance(value, str)):
            return
        if _is_number(value) and not math.isfinite(value):
            return  # rule 14 already refuses it
        slug, measure = issue.get("slug"), issue.get("measure")
        parts = parts + ("value",)
        if measure == "numeric" and not _is_number(value):
            self.add(
                parts,
                f'issue "{slug}" is numeric: '
                f"the value must be a number, not {show(value)}",
            )
        elif measure == "ordinal":
            scale = issue.get("scale")
            if not isinstance(scale, list):
                return  # reported once, on the issue
            allowed = [
                option.get("value")
                for option in scale
                if isinstance(option, dict) and isinstance(option.get("value"), str)
            ]
            if value not in allowed:
                listed = ", ".join(allowed[:12]) + (
                    ", ..." if len(allowed) > 12 else ""
                )
                self.add(
                    parts,
                    f'issue "{slug}" is ordinal: {show(value)} is not one of '
                    f"its scale values ({listed})",
                )
        elif measure == "text":
            self.add(
                parts,
                f'issue "{slug}" is text: the value must be null or absent, '
                f"not {show(value)}",
            )

    def check_people(self):
        for parts, person in self.entries("people"):
            self.ref_actor(parts + ("actor",), person.get("actor"))

    def check_proposals(self):
        for parts, proposal in self.entries("proposals"):
            self.ref_actor(parts + ("author",), proposal.get("author"))
            for version_index, version in _objects(proposal, "versions"):
                version_parts = parts + ("versions", version_index)
                self.ref_sources(version_parts, version)
                first_term = {}  # rule 7: at most one term per issue
                for term_index, term in _objects(version, "terms"):
                    term_parts = version_parts + ("terms", term_index)
                    slug = term.get("issue")
                    issue = self.ref_issue(term_parts + ("issue",), slug)
                    if isinstance(slug, str) and slug in first_term:
                        self.add(
                            term_parts + ("issue",),
                            f'this version already has a term on issue "{slug}" '
                            f"(terms[{first_term[slug]}])",
                        )
                    elif isinstance(slug, str):
                        first_term[slug] = term_index
                    self.check_value(term_parts, issue, term)

    def check_positions(self):
        first = {}  # rule 9: one position per (actor, issue, as_of, attributed_to)
        for parts, position in self.entries("positions"):
            self.ref_actor(parts + ("actor",), position.get("actor"))
            issue = self.ref_issue(parts + ("issue",), position.get("issue"))
            self.check_attribution(parts, position)
            self.ref_sources(parts, position)
            self.check_value(parts, issue, position)
            key = tuple(position.get(name) for name in ("actor", "issue", "as_of"))
            who = position.get("attributed_to")  # absent and null are the same
            if not all(isinstance(part, str) for part in key):
                continue
            if who is not None and not isinstance(who, str):
                continue
            key += (who,)
            if key in first:
                self.add(
                    parts,
                    f"repeats positions[{first[key]}]: at most one position per "
                    "actor, issue, as_of and attributed_to",
                )
            else:
                first[key] = parts[1]

    def check_responses(self):
        for parts, response in self.entries("responses"):
            self.ref_actor(parts + ("actor",), response.get("actor"))
            self.ref_version(parts, "proposal", "version", response)
            self.check_attribution(parts, response)
            self.ref_sources(parts, response)

    def check_events(self):
        for parts, event in self.entries("events"):
            participants = event.get("participants")
            if isinstance(participants, list):
                for index, slug in enumerate(participants):
                    self.ref_actor_or_person(parts + ("participants", index), slug)
            self.ref_sources(parts, event)
            # Rule 8; real dates of one YYYY-MM-DD shape compare as strings.
            start, end = _string(event, "date"), _string(event, "end_date")
            if start and end and is_date(start) and is_date(end) and end < start:
                self.add(
                    parts + ("end_date",),
                    f"{end} is before the event's date {start}",
                )


def _check_rules(doc, problems):
    if isinstance(doc, dict):
        _Rules(doc, problems).check()


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
