"""Checking a document: the schema, and each rule of the format beyond it (1 to 15)."""

import pytest

from negotiations.interchange import DocumentError, load_document, validate_document
from negotiations.interchange.problems import MAX_PROBLEMS
from negotiations.interchange.schema import is_date, is_http_url
from tests.negotiations.documents import make_document, to_bytes


def problems_of(doc):
    """Return the problems found in a document (read from its bytes), as strings."""
    with pytest.raises(DocumentError) as caught:
        load_document(to_bytes(doc))
    return [str(problem) for problem in caught.value.problems]


def test_the_small_test_document_is_valid():
    assert validate_document(make_document()) is None


# ---- The schema ----------------------------------------------------------------------


def test_a_missing_property_is_reported_at_its_own_path():
    doc = make_document()
    del doc["positions"][3]["status"]

    assert problems_of(doc) == ["positions[3].status: required"]


def test_a_missing_top_level_part_is_reported_at_its_name():
    doc = make_document()
    del doc["issues"]

    assert "issues: required" in problems_of(doc)


def test_an_unknown_property_is_reported_at_its_own_path():
    doc = make_document()
    doc["actors"][1]["colour"] = "green"

    assert problems_of(doc) == [
        "actors[1].colour: unknown property (not in the format)"
    ]


def test_a_value_outside_an_enumeration_names_the_choices():
    doc = make_document()
    doc["positions"][0]["status"] = "rumoured"

    assert problems_of(doc) == [
        (
            'positions[0].status: "rumoured" is not one of "stated", "reported", '
            '"claimed", "disputed"'
        )
    ]


def test_a_wrong_type_is_reported_in_plain_words():
    doc = make_document()
    doc["positions"][0]["value"] = True

    assert problems_of(doc) == [
        "positions[0].value: must be a number, a string, null or an object, not true"
    ]


def test_the_format_label_must_be_version_1_or_2():
    doc = make_document(format="ceasefire-tracker/3")

    assert problems_of(doc) == [
        'format: "ceasefire-tracker/3" is not one of "ceasefire-tracker/1", '
        '"ceasefire-tracker/2"'
    ]


def test_a_slug_with_a_trailing_newline_is_not_a_slug():
    doc = make_document()
    doc["issues"][2]["slug"] = "guarantees\n"

    assert problems_of(doc)[0] == (
        'issues[2].slug: "guarantees\\n" is not a slug '
        "(lowercase letters and digits, joined by single hyphens)"
    )


def test_one_value_gets_one_schema_problem_not_one_per_keyword():
    doc = make_document()
    doc["sources"][0]["url"] = "ftp://example.com/a b"

    assert problems_of(doc) == [
        (
            'sources[0].url: "ftp://example.com/a b" is not an absolute '
            "http or https URL "
            '(RFC 3986: no spaces, no characters such as < > " { } | \\ ^ `)'
        )
    ]


def test_a_long_list_of_problems_is_cut_with_a_count_of_the_rest():
    doc = make_document()
    doc["positions"] = [
        {"actor": "north", "issue": "prisoners", "as_of": "2024-05-10", "status": "x"}
        for _ in range(MAX_PROBLEMS + 50)
    ]

    with pytest.raises(DocumentError) as caught:
        load_document(to_bytes(doc))

    assert len(caught.value.problems) == MAX_PROBLEMS
    assert str(caught.value).splitlines()[-1].startswith("... and ")
    assert caught.value.omitted > 0


# ---- Rule 1: unique slugs, ids and labels --------------------------------------------


def test_rule_1_two_actors_with_one_slug_are_refused():
    doc = make_document()
    doc["actors"].append({"slug": "north", "name": "Other North", "role": "observer"})

    assert problems_of(doc) == [
        'actors[3].slug: slug "north" is already used by actors[0]'
    ]


def test_rule_1_a_person_may_not_share_an_actors_slug():
    doc = make_document()
    doc["people"].append({"slug": "broker", "name": "Broker's envoy"})

    assert problems_of(doc) == [
        'people[1].slug: slug "broker" is already used by actors[2]'
    ]


def test_rule_1_issue_and_proposal_slugs_are_unique():
    doc = make_document()
    doc["issues"].append({"slug": "corridor", "title": "Again", "measure": "text"})
    doc["proposals"].append(
        {
            "slug": "framework",
            "title": "Again",
            "versions": [{"label": "a", "date": "2024-01-01"}],
        }
    )

    assert problems_of(doc) == [
        'issues[3].slug: slug "corridor" is already used by issues[1]',
        'proposals[1].slug: slug "framework" is already used by proposals[0]',
    ]


def test_rule_1_source_ids_are_unique():
    doc = make_document()
    doc["sources"].append({"id": "wire-1", "title": "Copy"})

    assert problems_of(doc) == [
        'sources[2].id: id "wire-1" is already used by sources[0]'
    ]


def test_rule_1_version_labels_are_unique_within_their_proposal():
    doc = make_document()
    doc["proposals"][0]["versions"][1]["label"] = "v1"
    doc["responses"][0]["version"] = "v1"

    assert problems_of(doc) == [
        (
            'proposals[0].versions[1].label: label "v1" is already used by '
            "proposals[0].versions[0]"
        )
    ]


def test_rule_1_the_same_label_in_two_proposals_is_fine():
    doc = make_document()
    doc["proposals"].append(
        {
            "slug": "counter",
            "title": "Counter",
            "versions": [{"label": "v1", "date": "2024-06-01"}],
        }
    )

    assert validate_document(doc) is None


# ---- Rule 2: every reference resolves ------------------------------------------------


def test_rule_2_a_position_on_an_unknown_issue_is_refused():
    doc = make_document()
    doc["positions"][3]["issue"] = "philadelphia"

    assert problems_of(doc) == ['positions[3].issue: no issue with slug "philadelphia"']


def test_rule_2_a_position_held_by_a_person_is_refused():
    doc = make_document()
    doc["positions"][0]["actor"] = "spokesperson"

    assert problems_of(doc) == [
        (
            'positions[0].actor: no actor with slug "spokesperson" '
            '("spokesperson" is a person; an actor is needed here)'
        )
    ]


def test_rule_2_attributed_to_names_an_actor_or_a_person():
    doc = make_document()
    doc["positions"][2]["attributed_to"] = "nobody"
    doc["responses"][0]["attributed_to"] = "nobody"

    assert problems_of(doc) == [
        'positions[2].attributed_to: no actor or person with slug "nobody"',
        'responses[0].attributed_to: no actor or person with slug "nobody"',
    ]


def test_rule_2_source_references_resolve_everywhere():
    doc = make_document()
    doc["proposals"][0]["versions"][0]["sources"] = ["gone"]
    doc["positions"][0]["sources"] = ["wire-1", "gone"]
    doc["responses"][0]["sources"] = ["gone"]
    doc["events"][0]["sources"] = ["gone"]

    assert problems_of(doc) == [
        'proposals[0].versions[0].sources[0]: no source with id "gone"',
        'positions[0].sources[1]: no source with id "gone"',
        'responses[0].sources[0]: no source with id "gone"',
        'events[0].sources[0]: no source with id "gone"',
    ]


def test_rule_2_a_response_names_an_existing_proposal_and_version():
    doc = make_document()
    doc["responses"].append(dict(doc["responses"][0], proposal="nothing"))
    doc["responses"][0]["version"] = "v9"

    assert problems_of(doc) == [
        'responses[0].version: proposal "framework" has no version labelled "v9"',
        'responses[1].proposal: no proposal with slug "nothing"',
    ]


def test_rule_2_a_persons_actor_and_a_proposals_author_are_actors():
    doc = make_document()
    doc["people"][0]["actor"] = "east"
    doc["proposals"][0]["author"] = "spokesperson"

    assert problems_of(doc) == [
        'people[0].actor: no actor with slug "east"',
        (
            'proposals[0].author: no actor with slug "spokesperson" '
            '("spokesperson" is a person; an actor is needed here)'
        ),
    ]


def test_rule_2_a_term_names_an_existing_issue():
    doc = make_document()
    doc["proposals"][0]["versions"][0]["terms"][2]["issue"] = "water"

    assert problems_of(doc) == [
        'proposals[0].versions[0].terms[2].issue: no issue with slug "water"'
    ]


# ---- Rule 3: the sides ---------------------------------------------------------------


def test_rule_3_the_two_sides_must_be_different_actors():
    doc = make_document()
    doc["negotiation"]["sides"] = ["north", "north"]

    assert problems_of(doc) == [
        (
            "negotiation.sides[1]: names the same actor as sides[0]; "
            "the two sides must be different actors"
        )
    ]


def test_rule_3_a_side_must_have_role_party():
    doc = make_document()
    doc["negotiation"]["sides"] = ["north", "broker"]

    assert problems_of(doc) == [
        (
            'negotiation.sides[1]: actor "broker" has role "mediator"; '
            'a side must have role "party"'
        )
    ]


def test_rule_3_a_side_must_be_an_actor():
    doc = make_document()
    doc["negotiation"]["sides"] = ["spokesperson", "south"]

    assert problems_of(doc) == [
        (
            'negotiation.sides[0]: no actor with slug "spokesperson" '
            '("spokesperson" is a person; an actor is needed here)'
        )
    ]


def test_rule_3_there_are_exactly_two_sides():
    doc = make_document()
    doc["negotiation"]["sides"] = ["north"]

    assert problems_of(doc) == ["negotiation.sides: needs at least 2 items, not 1"]


# ---- Rule 4: the baseline ------------------------------------------------------------


def test_rule_4_the_baseline_names_an_existing_version():
    doc = make_document()
    doc["negotiation"]["baseline"]["version"] = "v0"

    assert problems_of(doc) == [
        "negotiation.baseline.version: "
        'proposal "framework" has no version labelled "v0"'
    ]


def test_rule_4_the_baseline_names_an_existing_proposal():
    doc = make_document()
    doc["negotiation"]["baseline"]["proposal"] = "other"

    assert problems_of(doc) == [
        'negotiation.baseline.proposal: no proposal with slug "other"'
    ]


# ---- Rule 5: scales ------------------------------------------------------------------


def test_rule_5_an_ordinal_issue_needs_a_scale():
    doc = make_document()
    del doc["issues"][1]["scale"]

    assert problems_of(doc) == [
        "issues[1].scale: required: "
        "an ordinal issue needs a scale of at least two options"
    ]


def test_rule_5_a_scale_has_at_least_two_options():
    doc = make_document()
    doc["issues"][1]["scale"] = [{"value": "keep", "label": "Keep"}]

    assert problems_of(doc)[0] == "issues[1].scale: needs at least 2 items, not 1"


def test_rule_5_scale_values_are_unique():
    doc = make_document()
    doc["issues"][1]["scale"].append({"value": "keep", "label": "Keep again"})

    assert problems_of(doc) == [
        'issues[1].scale[3].value: value "keep" is already used by issues[1].scale[0]'
    ]


@pytest.mark.parametrize("index, measure", [(0, "numeric"), (2, "text")])
def test_rule_5_numeric_and_text_issues_have_no_scale(index, measure):
    doc = make_document()
    doc["issues"][index]["scale"] = [
        {"value": "a", "label": "A"},
        {"value": "b", "label": "B"},
    ]

    assert problems_of(doc) == [
        f"issues[{index}].scale: a {measure} issue has no scale; leave it out"
    ]


# ---- Rule 6: values match the measure ------------------------------------------------


def test_rule_6_a_numeric_issue_takes_a_number():
    doc = make_document()
    doc["positions"][0]["value"] = "500"

    assert problems_of(doc) == [
        'positions[0].value: issue "prisoners" is numeric: '
        'the value must be a number, not "500"'
    ]


def test_rule_6_an_ordinal_issue_takes_one_of_its_scale_values():
    doc = make_document()
    doc["positions"][2]["value"] = "split"
    doc["proposals"][0]["versions"][0]["terms"][1]["value"] = 2

    assert problems_of(doc) == [
        (
            'proposals[0].versions[0].terms[1].value: issue "corridor" is ordinal: '
            "2 is not one of its scale values (keep, share, leave)"
        ),
        (
            'positions[2].value: issue "corridor" is ordinal: '
            '"split" is not one of its scale values (keep, share, leave)'
        ),
    ]


def test_rule_6_a_text_issue_takes_no_value():
    doc = make_document()
    doc["positions"][4]["value"] = 0

    assert problems_of(doc) == [
        'positions[4].value: issue "guarantees" is text: '
        "the value must be null or absent, not 0"
    ]


def test_rule_6_null_is_an_unknown_value_on_every_measure():
    doc = make_document()
    for position in doc["positions"]:
        position["value"] = None

    assert validate_document(doc) is None


# ---- Rule 7: one term per issue ------------------------------------------------------


def test_rule_7_a_version_has_at_most_one_term_per_issue():
    doc = make_document()
    doc["proposals"][0]["versions"][1]["terms"].append(
        {"issue": "prisoners", "value": 1}
    )

    assert problems_of(doc) == [
        (
            "proposals[0].versions[1].terms[2].issue: "
            "this version already has a term on "
            'issue "prisoners" (terms[0])'
        )
    ]


# ---- Rule 8: end dates ---------------------------------------------------------------


def test_rule_8_an_event_does_not_end_before_it_starts():
    doc = make_document()
    doc["events"][0]["end_date"] = "2024-05-05"

    assert problems_of(doc) == [
        "events[0].end_date: 2024-05-05 is before the event's date 2024-05-06"
    ]


def test_rule_8_an_event_may_end_on_the_day_it_starts():
    doc = make_document()
    doc["events"][0]["end_date"] = doc["events"][0]["date"]

    assert validate_document(doc) is None


# ---- Rule 9: one position per claim --------------------------------------------------


def test_rule_9_two_positions_for_one_claim_are_refused():
    doc = make_document()
    doc["positions"].append(dict(doc["positions"][0], value=600))

    assert problems_of(doc) == [
        (
            "positions[5]: repeats positions[0]: at most one position per actor, "
            "issue, as_of and attributed_to"
        )
    ]


def test_rule_9_the_same_claim_attributed_to_someone_else_is_another_position():
    doc = make_document()
    doc["positions"].append(
        dict(doc["positions"][0], attributed_to="broker", status="claimed")
    )

    assert validate_document(doc) is None


def test_rule_9_a_null_attribution_is_the_same_as_none():
    doc = make_document()
    doc["positions"].append(dict(doc["positions"][0], attributed_to=None))

    # The schema wants a slug or nothing; the rule still sees the same claim twice.
    assert problems_of(doc) == [
        "positions[5].attributed_to: must be a string, not null",
        (
            "positions[5]: repeats positions[0]: at most one position per actor, "
            "issue, as_of and attributed_to"
        ),
    ]


# ---- Rule 10: size (see test_interchange_parsing for bytes) --------------------------


def test_rule_10_a_dict_whose_compact_json_is_over_20_mib_is_refused():
    doc = make_document()
    doc["proposals"][0]["versions"] = [
        {"label": f"v{index}", "date": "2024-05-06", "text": "x" * 1_999_000}
        for index in range(11)
    ]
    doc["negotiation"]["baseline"]["version"] = "v0"
    doc["responses"] = []

    with pytest.raises(DocumentError) as caught:
        validate_document(doc)

    reason = caught.value.problems[0].reason
    assert caught.value.problems[0].path == "$"
    assert reason.endswith(
        "even as compact JSON; the limit is 20 MiB (20,971,520 bytes)"
    )


# ---- Rule 11: events -----------------------------------------------------------------


def test_rule_11_event_slugs_are_unique_where_given():
    doc = make_document()
    doc["events"].append({"slug": "round-one", "date": "2024-06-02", "title": "Again"})
    doc["events"].append({"date": "2024-06-03", "title": "No slug, like events[1]"})

    assert problems_of(doc) == [
        'events[2].slug: slug "round-one" is already used by events[0]'
    ]


def test_rule_11_participants_name_actors_or_people():
    doc = make_document()
    doc["events"][0]["participants"].append("crowd")

    assert problems_of(doc) == [
        'events[0].participants[3]: no actor or person with slug "crowd"'
    ]


# ---- Rule 12: attribution ------------------------------------------------------------


def test_rule_12_a_claim_is_not_attributed_to_its_own_holder():
    doc = make_document()
    doc["positions"][0]["attributed_to"] = "north"
    doc["responses"][0]["attributed_to"] = "south"

    assert problems_of(doc) == [
        (
            'positions[0].attributed_to: names the holder "north" itself; '
            "leave attributed_to out when the holder speaks"
        ),
        (
            'responses[0].attributed_to: names the holder "south" itself; '
            "leave attributed_to out when the holder speaks"
        ),
    ]


def test_rule_12_the_holders_spokesperson_may_be_named():
    doc = make_document()
    doc["positions"][0]["attributed_to"] = "spokesperson"

    assert validate_document(doc) is None


# ---- Rule 13: dates and URLs ---------------------------------------------------------


@pytest.mark.parametrize(
    "day",
    ["2024-02-30", "2023-02-29", "0000-01-01", "2024-13-01", "2024-1-01", "٢٠٢٤-٠١-٠١"],
)
def test_rule_13_a_date_that_is_not_on_the_calendar_is_refused(day):
    doc = make_document()
    doc["positions"][0]["as_of"] = day

    problems = problems_of(doc)
    assert problems[0].startswith(
        f'positions[0].as_of: "{day}" is not a real calendar date'
    )


@pytest.mark.parametrize("day", ["0001-01-01", "9999-12-31", "2024-02-29"])
def test_rule_13_every_calendar_date_from_year_1_to_9999_is_accepted(day):
    assert is_date(day) is True


@pytest.mark.parametrize(
    "url",
    [
        "https://example.com/a b",
        "https://exa mple.com/",
        "https://example.com/<script>",
        'https://example.com/"quoted"',
        "https://example.com/{x}",
        "https://example.com/a|b",
        "https://example.com/a\\b",
        "https://example.com/a^b",
        "https://example.com/a`b",
        "https://example.com/é",
        "https://example.com/%zz",
        "https:///no-host",
        "https://example.com/#a#b",
        "https://example.com/[x]",
        "https://[not-ipv6]/",
        "https://example.com:80a/",
        "http://example.com\n",
        "mailto:someone@example.com",
        "/relative/path",
        "ftp://example.com/",
        "javascript:alert(1)",
    ],
)
def test_rule_13_a_url_rfc_3986_forbids_is_refused(url):
    assert is_http_url(url) is False


@pytest.mark.parametrize(
    "url",
    [
        "https://example.com",
        "http://example.com/path/to?q=1&r=a%20b#frag/ment?",
        "https://user:pw@example.com:8443/a;b=c/~x",
        "https://[2001:db8::1]/x",
        "https://xn--mgbh0fb.example/",
        "https://example.com/%D8%A7",
        "https://example.com/a(b)!$'*+,=@:",
    ],
)
def test_rule_13_an_absolute_http_url_is_accepted(url):
    assert is_http_url(url) is True


def test_rule_13_a_bad_url_in_a_document_is_reported_at_its_path():
    doc = make_document()
    doc["sources"][0]["url"] = "https://example.com/a b"

    assert problems_of(doc) == [
        (
            'sources[0].url: "https://example.com/a b" is not an absolute '
            "http or https URL "
            '(RFC 3986: no spaces, no characters such as < > " { } | \\ ^ `)'
        )
    ]


# ---- Rules 14 and 15 on a dict handed over directly ----------------------------------


def test_rule_14_a_dict_with_nan_or_a_huge_number_is_refused():
    doc = make_document()
    doc["positions"][0]["value"] = float("nan")
    doc["positions"][1]["value"] = 10**15

    with pytest.raises(DocumentError) as caught:
        validate_document(doc)

    assert [str(problem) for problem in caught.value.problems] == [
        "positions[0].value: NaN is not allowed: numbers must be finite",
        (
            "positions[1].value: 1000000000000000 is too large: "
            "numbers must be smaller than 10^15 in magnitude"
        ),
    ]


def test_rule_15_a_dict_with_a_lone_surrogate_is_refused():
    doc = make_document()
    doc["actors"][0]["name"] = "North \udc00"

    with pytest.raises(DocumentError) as caught:
        validate_document(doc)

    assert str(caught.value) == (
        "actors[0].name: contains an unpaired surrogate (\\udc00) at character 7"
    )


def test_a_dict_holding_values_json_does_not_have_is_refused():
    doc = make_document()
    doc["positions"][0]["as_of"] = object()
    doc["positions"][1]["sources"] = ("paper-2",)

    with pytest.raises(DocumentError) as caught:
        validate_document(doc)

    assert [str(problem) for problem in caught.value.problems] == [
        "positions[0].as_of: is not a JSON value (a Python object)",
        "positions[1].sources: is not a JSON value (a Python tuple)",
    ]


def test_a_dict_nested_too_deep_is_refused_without_a_recursion_error():
    doc = make_document()
    deep = []
    for _ in range(100_000):
        deep = [deep]
    doc["negotiation"]["summary"] = deep

    with pytest.raises(DocumentError) as caught:
        validate_document(doc)

    assert str(caught.value) == (
        "negotiation.summary[0][0][0][0][0][0]: nested more than 8 levels deep, "
        "deeper than the schema allows"
    )


# ---- Version labels ------------------------------------------------------------------


def test_a_label_may_hold_spaces_slashes_marks_and_non_latin_letters():
    doc = make_document()
    doc["proposals"][0]["versions"][0]["label"] = "مسودة / טיוטה ?#% 1"
    doc["negotiation"]["baseline"]["version"] = "مسودة / טיוטה ?#% 1"

    assert validate_document(doc) is None


def test_a_label_longer_than_40_characters_is_refused():
    doc = make_document()
    doc["proposals"][0]["versions"][0]["label"] = "x" * 41
    doc["negotiation"]["baseline"]["version"] = "x" * 41

    assert problems_of(doc) == [
        "negotiation.baseline.version: is 41 characters long; the limit is 40",
        "proposals[0].versions[0].label: is 41 characters long; the limit is 40",
    ]
