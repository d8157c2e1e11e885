"""Reading a document's bytes: the format's Parsing section, and rules 10, 14 and 15."""

import json

import pytest

from negotiations.interchange import MAX_BYTES, DocumentError, Problem, load_document
from tests.negotiations.documents import make_document, to_bytes


def problems_of(data):
    """Return the problems load_document finds in the bytes, as strings."""
    with pytest.raises(DocumentError) as caught:
        load_document(data)
    return [str(problem) for problem in caught.value.problems]


def test_a_valid_document_loads_as_a_dict():
    doc = load_document(to_bytes(make_document()))

    assert doc == make_document()


def test_a_leading_utf8_byte_order_mark_is_ignored():
    doc = load_document(b"\xef\xbb\xbf" + to_bytes(make_document()))

    assert doc["negotiation"]["slug"] == "test-talks"


def test_a_utf16_document_with_a_byte_order_mark_is_refused():
    data = json.dumps(make_document()).encode("utf-16")

    assert problems_of(data) == [
        (
            "$: the document is UTF-16 (it starts with a UTF-16 byte order mark); "
            "it must be UTF-8"
        )
    ]


def test_a_utf32_document_with_a_byte_order_mark_is_refused():
    data = json.dumps(make_document()).encode("utf-32")

    assert problems_of(data) == [
        (
            "$: the document is UTF-32 (it starts with a UTF-32 byte order mark); "
            "it must be UTF-8"
        )
    ]


def test_a_utf16_document_without_a_byte_order_mark_is_refused():
    data = json.dumps(make_document()).encode("utf-16-le")

    assert problems_of(data) == ["$: the document looks like UTF-16; it must be UTF-8"]


def test_a_latin1_document_is_refused_with_the_line_and_column_of_the_bad_byte():
    data = b'{\n  "format": "caf\xe9"\n}'

    assert problems_of(data) == [
        "$: the document is not UTF-8: byte 0xe9 at line 2, column 17 cannot be decoded"
    ]


def test_text_that_is_not_json_is_reported_at_the_root_with_line_and_column():
    assert problems_of(b'{"format": "x",\n  "actors": }') == [
        "$: not JSON: Expecting value (line 2, column 13)"
    ]


def test_an_empty_document_is_not_json():
    assert problems_of(b"") == ["$: not JSON: Expecting value (line 1, column 1)"]


def test_a_document_that_is_not_an_object_is_refused():
    assert problems_of(b"[]") == ["$: must be an object, not an array"]


def test_a_key_given_twice_in_one_object_is_refused_at_that_object():
    text = to_bytes(make_document()).decode()
    text = text.replace('"status": "reported"', '"status": "reported", "value": 7', 1)

    assert problems_of(text.encode()) == ['positions[1]: key "value" appears twice']


def test_a_key_given_three_times_says_how_often():
    doc = make_document()
    text = (
        to_bytes(doc)
        .decode()
        .replace('"title": "Test talks"', '"title": "a", "title": "b", "title": "c"')
    )

    assert problems_of(text.encode()) == ['negotiation: key "title" appears 3 times']


@pytest.mark.parametrize(
    ("literal", "reason"),
    [
        ("NaN", "NaN is not allowed: numbers must be finite"),
        ("Infinity", "Infinity is not allowed: numbers must be finite"),
        ("-Infinity", "-Infinity is not allowed: numbers must be finite"),
        (
            "1e400",
            (
                "1e400 is too large to be a finite number: "
                "numbers must be smaller than 10^15 in magnitude"
            ),
        ),
        (
            "1e15",
            "1e15 is too large: numbers must be smaller than 10^15 in magnitude",
        ),
        (
            "-1000000000000000",
            (
                "-1000000000000000 is too large: "
                "numbers must be smaller than 10^15 in magnitude"
            ),
        ),
        (
            "-1.5e15",
            "-1.5e15 is too large: numbers must be smaller than 10^15 in magnitude",
        ),
        (
            "1" + "0" * 5000,
            "1" + "0" * 56 + "... is too large to be a finite number: "
            "numbers must be smaller than 10^15 in magnitude",
        ),
    ],
)
def test_numbers_that_are_not_finite_or_too_large_are_refused_at_their_path(
    literal, reason
):
    text = (
        to_bytes(make_document())
        .decode()
        .replace('"value": 500', f'"value": {literal}')
    )

    assert problems_of(text.encode()) == [f"positions[0].value: {reason}"]


def test_the_largest_allowed_number_loads():
    text = (
        to_bytes(make_document())
        .decode()
        .replace('"value": 500', '"value": 999999999999999')
    )

    assert load_document(text.encode())["positions"][0]["value"] == 999999999999999


def test_a_document_over_20_mib_is_refused_before_parsing():
    data = to_bytes(make_document())
    data = data[:-1] + b" " * (MAX_BYTES - len(data) + 1) + b"}"

    assert problems_of(data) == [
        (
            f"$: the document is {MAX_BYTES + 1:,} bytes; the limit is 20 MiB "
            f"({MAX_BYTES:,} bytes)"
        )
    ]


def test_a_document_of_exactly_20_mib_is_read():
    data = to_bytes(make_document())
    data = data[:-1] + b" " * (MAX_BYTES - len(data)) + b"}"

    assert len(data) == MAX_BYTES
    assert load_document(data)["format"] == "ceasefire-tracker/1"


def test_100000_nested_arrays_are_refused_without_a_recursion_error():
    data = b"[" * 100_000 + b"]" * 100_000

    assert problems_of(data) == [
        (
            "$[0][0][0][0][0][0][0][0]: nested more than 8 levels deep, "
            "deeper than the schema allows"
        )
    ]


def test_nesting_below_a_key_is_reported_at_its_path():
    doc = make_document()
    doc["proposals"][0]["versions"][1]["terms"][0]["value"] = {"min": [1]}

    assert problems_of(to_bytes(doc)) == [
        (
            "proposals[0].versions[1].terms[0].value.min: nested more than 8 levels "
            "deep, deeper than the schema allows"
        )
    ]


def test_brackets_inside_strings_do_not_count_as_nesting():
    doc = make_document()
    doc["negotiation"]["summary"] = '[[[[[[[[[[{{{{{{{{ " ]]]]'

    assert (
        load_document(to_bytes(doc))["negotiation"]["summary"]
        == doc["negotiation"]["summary"]
    )


def test_a_nul_character_in_text_is_refused_at_its_path():
    doc = make_document()
    doc["positions"][1]["summary"] = "ab\u0000c"

    assert problems_of(to_bytes(doc)) == [
        "positions[1].summary: contains a NUL character (\\u0000) at character 3"
    ]


def test_an_unpaired_surrogate_escape_is_refused_at_its_path():
    text = to_bytes(make_document()).decode()
    text = text.replace('"North offers 500."', '"North \\ud800 offers"')

    assert problems_of(text.encode()) == [
        "positions[0].summary: contains an unpaired surrogate (\\ud800) at character 7"
    ]


def test_a_paired_surrogate_escape_is_a_real_character():
    text = to_bytes(make_document()).decode()
    text = text.replace('"North offers 500."', '"North \\ud83d\\udd4a offers"')

    assert (
        load_document(text.encode())["positions"][0]["summary"]
        == "North \U0001f54a offers"
    )


def test_a_bad_key_is_reported_with_an_escaped_path():
    text = to_bytes(make_document()).decode()
    text = text.replace(
        '"kind": "state", "role": "party"}',
        '"kind": "state", "role": "party", "a\\u0000b": 1}',
        1,
    )

    assert problems_of(text.encode()) == [
        (
            'actors[0]["a\\u0000b"]: the key contains a NUL character (\\u0000) '
            "at character 2"
        ),
        'actors[0]["a\\u0000b"]: unknown property (not in the format)',
    ]


def test_every_problem_is_listed_not_only_the_first():
    text = to_bytes(make_document()).decode()
    text = text.replace('"value": 500', '"value": NaN').replace(
        '"value": 1500', '"value": Infinity'
    )

    assert problems_of(text.encode()) == [
        "positions[0].value: NaN is not allowed: numbers must be finite",
        "positions[1].value: Infinity is not allowed: numbers must be finite",
    ]


def test_an_error_prints_one_problem_a_line():
    error = DocumentError(
        [Problem("$", "a"), Problem("positions[0].status", "required")]
    )

    assert str(error) == "$: a\npositions[0].status: required"


def test_only_bytes_are_accepted():
    with pytest.raises(TypeError):
        load_document("{}")
