"""The format's "Same values" section: when two documents hold the same values."""

from negotiations.interchange import canonical, equivalent
from tests.negotiations.documents import make_document


def test_absent_and_null_are_the_same():
    doc = make_document()
    with_null = make_document()
    with_null["positions"][4]["value"] = None

    assert equivalent(doc, with_null) is True


def test_an_absent_attribution_is_the_same_as_a_null_one():
    doc = make_document()
    with_null = make_document()
    with_null["positions"][0]["attributed_to"] = None

    assert equivalent(doc, with_null) is True


def test_numbers_are_compared_as_numbers():
    doc = make_document()
    other = make_document()
    doc["positions"][0]["value"] = 1e3
    other["positions"][0]["value"] = 1000
    doc["positions"][1]["value"] = -0.0
    other["positions"][1]["value"] = 0

    assert equivalent(doc, other) is True


def test_a_different_number_is_a_different_value():
    other = make_document()
    other["positions"][0]["value"] = 501

    assert equivalent(make_document(), other) is False


def test_the_order_of_most_arrays_carries_no_meaning():
    other = make_document()
    other["positions"].reverse()
    other["actors"].reverse()
    other["positions"][-1]["sources"].reverse()
    other["events"][0]["participants"].reverse()
    other["proposals"][0]["versions"][0]["terms"].reverse()

    assert equivalent(make_document(), other) is True


def test_the_order_of_sides_carries_meaning():
    other = make_document()
    other["negotiation"]["sides"].reverse()

    assert equivalent(make_document(), other) is False


def test_the_order_of_a_scale_carries_meaning():
    other = make_document()
    other["issues"][1]["scale"].reverse()

    assert equivalent(make_document(), other) is False


def test_the_order_of_a_proposals_versions_carries_meaning():
    other = make_document()
    other["proposals"][0]["versions"].reverse()

    assert equivalent(make_document(), other) is False


def test_key_order_carries_no_meaning():
    doc = make_document()
    reordered = {key: doc[key] for key in reversed(list(doc))}

    assert equivalent(doc, reordered) is True


def test_canonical_drops_nulls_and_turns_numbers_into_floats():
    assert canonical({"a": None, "b": [2, 1e0, -0.0], "c": "x"}) == {
        "b": [0.0, 1.0, 2.0],
        "c": "x",
    }
