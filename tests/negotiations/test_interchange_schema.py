"""The compiled schema check agrees with jsonschema, which stays the reference."""

import copy

from hypothesis import given, settings
from hypothesis import strategies as st

from negotiations.interchange.schema import (
    _inline_refs,
    _validator,
    compile_schema,
    compiled_check,
    schema,
)
from tests.negotiations.documents import make_document


def _paths(value, parts=()):
    """Return the path of every value inside a document."""
    found = [parts] if parts else []
    if isinstance(value, dict):
        for key, item in value.items():
            found += _paths(item, parts + (key,))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            found += _paths(item, parts + (index,))
    return found


PATHS = _paths(make_document())
INTERESTING_TEXT = [
    "",
    "keep",
    "north",
    "v1",
    "stated",
    "numeric",
    "ceasefire-tracker/1",
    "2024-02-30",
    "2024-02-29",
    "https://example.com/a",
    "https://example.com/a b",
    "Not-A-Slug",
    "slug\n",
    "x" * 41,
    "x" * 81,
]
JSON_VALUES = st.recursive(
    st.none()
    | st.booleans()
    | st.integers(min_value=-(10**16), max_value=10**16)
    | st.floats(allow_nan=False, allow_infinity=False)
    | st.text(max_size=20)
    | st.sampled_from(INTERESTING_TEXT),
    lambda children: (
        st.lists(children, max_size=3)
        | st.dictionaries(
            st.sampled_from(["slug", "x", "value", "label"]), children, max_size=3
        )
    ),
    max_leaves=6,
)


def _mutated(path, action, value):
    doc = make_document()
    *parents, last = path
    container = doc
    for part in parents:
        container = container[part]
    if action == "replace":
        container[last] = copy.deepcopy(value)
    elif action == "delete" and isinstance(container, dict):
        del container[last]
    elif action == "add" and isinstance(container[last], dict):
        container[last]["unexpected"] = copy.deepcopy(value)
    elif action == "add" and isinstance(container[last], list):
        container[last].append(copy.deepcopy(value))
    return doc


def test_the_formats_schema_compiles_without_unsupported_keywords():
    _, unsupported = compile_schema(_inline_refs(schema()))

    assert unsupported == set()


def test_a_keyword_the_compiler_does_not_know_defers_to_jsonschema():
    check, unsupported = compile_schema(
        {"type": "object", "dependentRequired": {"a": ["b"]}}
    )

    assert unsupported == {"dependentRequired"}
    assert check({}) is False


def test_the_valid_test_document_passes_the_compiled_check():
    assert compiled_check()(make_document()) is True


@settings(max_examples=400, deadline=None)
@given(
    path=st.sampled_from(PATHS),
    action=st.sampled_from(["replace", "delete", "add"]),
    value=JSON_VALUES,
)
def test_the_compiled_check_passes_exactly_what_jsonschema_passes(path, action, value):
    doc = _mutated(path, action, value)

    jsonschema_passes = not any(True for _ in _validator().iter_errors(doc))

    assert compiled_check()(doc) is jsonschema_passes
