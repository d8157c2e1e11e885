"""Format 2 on the pages: inherited terms, conditions, authors and source kinds."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from negotiations.interchange import import_negotiation
from negotiations.labels import version_url_for
from negotiations.models import Version
from tests.negotiations.documents import ODD_LABEL, make_format_two_document
from tests.negotiations.page_scenarios import page_text

pytestmark = pytest.mark.django_db

BASE = "/negotiations/test-talks/"


@pytest.fixture
def talks():
    return import_negotiation(make_format_two_document())


def version_page(client, negotiation, label, **query):
    version = Version.objects.get(proposal__negotiation=negotiation, label=label)
    url = version_url_for(negotiation.slug, version.proposal.slug, version.label)
    return client.get(url, query)


# ---- Inherited terms ------------------------------------------------------------------


def test_an_amending_version_shows_the_terms_it_does_not_restate_as_inherited(
    client, talks
):
    response = version_page(client, talks, ODD_LABEL, against="previous")
    kinds = {c.issue.slug: c.kind for c in response.context["comparison"].changes}
    assert "not recorded" not in kinds.values()
    assert kinds["corridor"] == "unchanged"
    assert kinds["guarantees"] == "unchanged"
    assert kinds["crossings"] == "unchanged"
    text = page_text(response)
    assert "Mediators guarantee talks go on. as in Framework, version v1" in text


def test_a_restated_term_is_the_version_s_own_not_inherited(client, talks):
    response = version_page(client, talks, ODD_LABEL, against="previous")
    changes = {c.issue.slug: c for c in response.context["comparison"].changes}
    assert changes["prisoners"].new_from is None
    assert changes["corridor"].new_from.label == "v1"
    assert changes["corridor"].old_from is None


def test_an_amending_version_with_nothing_to_compare_lists_inherited_terms(
    client, talks
):
    response = version_page(client, talks, ODD_LABEL, against=f"framework/{ODD_LABEL}")
    shown = {
        issue.slug: origin for issue, _, origin in response.context["comparison"].terms
    }
    assert set(shown) == {"prisoners", "corridor", "guarantees", "crossings"}
    assert shown["prisoners"] is None
    assert shown["guarantees"].label == "v1"


def test_the_state_of_play_reads_the_latest_version_s_inherited_terms(client):
    doc = make_format_two_document()
    doc["positions"].append(
        {
            "actor": "south",
            "issue": "corridor",
            "as_of": "2024-05-11",
            "value": "leave",
            "status": "stated",
        }
    )
    import_negotiation(doc)
    response = client.get(BASE, {"as_of": "2024-07-10"})
    rows = {row.issue.slug: row for row in response.context["state"].rows}
    assert rows["corridor"].term.version.label == "v1"
    assert rows["guarantees"].term.text == "Mediators guarantee talks go on."
    assert rows["crossings"].term is not None
    # The inherited "keep" sits against the sides' "share" and "leave".
    assert rows["corridor"].lean is not None
    assert rows["corridor"].lean_text != "unknown"
    text = page_text(response)
    assert "(as in Framework, version v1)" in text
    assert "Latest proposal: no term recorded on this sticking point" not in text


def test_a_version_page_reads_a_long_amended_chain_in_a_fixed_number_of_queries(
    client, django_assert_max_num_queries
):
    doc = make_format_two_document()
    versions = doc["proposals"][0]["versions"]
    for number in range(3, 9):
        versions.append(
            {
                "label": f"v{number}",
                "date": f"2024-07-{number + 2:02d}",
                "amends": {"proposal": "framework", "version": versions[-1]["label"]},
                "terms": [{"issue": "prisoners", "value": 900 + number}],
            }
        )
    talks = import_negotiation(doc)
    with CaptureQueriesContext(connection) as short:
        version_page(client, talks, ODD_LABEL, against="previous")
    with django_assert_max_num_queries(len(short.captured_queries)):
        long = version_page(client, talks, "v8", against="previous")
    kinds = {c.issue.slug: c.kind for c in long.context["comparison"].changes}
    assert kinds["guarantees"] == "unchanged"
    assert "not recorded" not in kinds.values()


# ---- Source kinds ---------------------------------------------------------------------


def test_a_source_shows_its_kind_and_its_archived_copy_beside_the_original(
    client, talks
):
    response = client.get(BASE + "issues/prisoners/")
    text = page_text(response)
    assert "Wire report, Wire, 2 May 2024 (wire copy) archived copy" in text
    assert "Paper (mirror)" in text
    assert 'href="https://archive.example.org/web/1/wire"' in response.content.decode()


def test_a_claim_resting_only_on_mirrors_says_second_hand_sources_only(client, talks):
    text = page_text(client.get(BASE + "issues/prisoners/"))
    # South's figure cites only the mirror; North's also cites the wire copy.
    # South's figure shows twice (where the sides stand, and in the list), and
    # each time its mark stands before the mirror, never before North's wire.
    marks = text.count("second-hand sources only")
    assert marks >= 1
    assert text.count("second-hand sources only Paper (mirror)") == marks


# ---- Conditions -----------------------------------------------------------------------

POSITION_CONDITION = "Condition: Only with third-party monitoring."
TERM_CONDITION = "Condition: Only if the lists are agreed."
RESPONSE_CONDITION = "Condition: If the corridor is shared."


def test_a_position_s_condition_sits_beside_its_value_on_every_page(client, talks):
    pages = [
        client.get(BASE, {"as_of": "2024-05-10"}),
        client.get(BASE + "issues/prisoners/"),
        client.get(BASE + "actors/north/"),
        client.get(BASE + "timeline/", {"kind": "position", "actor": "north"}),
    ]
    for response in pages:
        assert POSITION_CONDITION in page_text(response), response.request


def test_a_term_s_condition_sits_beside_its_value(client, talks):
    issue_page = page_text(client.get(BASE + "issues/prisoners/"))
    assert TERM_CONDITION in issue_page
    state = page_text(client.get(BASE, {"as_of": "2024-06-01"}))
    assert TERM_CONDITION in state
    diff = version_page(client, talks, ODD_LABEL, against="previous")
    changes = {c.issue.slug: c for c in diff.context["comparison"].changes}
    assert changes["prisoners"].old_condition == "Only if the lists are agreed."
    assert TERM_CONDITION in page_text(diff)


def test_a_response_s_condition_sits_beside_it(client, talks):
    pages = [
        version_page(client, talks, ODD_LABEL),
        client.get(BASE + "actors/south/"),
        client.get(BASE + "timeline/", {"kind": "response"}),
    ]
    for response in pages:
        assert RESPONSE_CONDITION in page_text(response), response.request
