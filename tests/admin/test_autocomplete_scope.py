"""Autocompletes list only the negotiation's own actors, issues, people and sources."""

import pytest
from django.urls import reverse

from tests.factories import (
    make_issue,
    make_negotiation,
    make_person,
    make_proposal,
    make_source,
    make_version,
)

pytestmark = pytest.mark.django_db


def _results(client, model_name, field_name, **scope):
    response = client.get(
        reverse("admin:autocomplete"),
        {
            "app_label": "negotiations",
            "model_name": model_name,
            "field_name": field_name,
            "term": "",
            **scope,
        },
    )
    assert response.status_code == 200
    return sorted(result["text"] for result in response.json()["results"])


@pytest.fixture
def two_negotiations():
    here = make_negotiation(
        sides=({"slug": "north", "name": "North"}, {"slug": "south", "name": "South"})
    )
    there = make_negotiation(
        sides=({"slug": "east", "name": "East"}, {"slug": "west", "name": "West"})
    )
    for negotiation, word in ((here, "Here"), (there, "There")):
        make_issue(negotiation, title=f"{word} issue")
        make_person(negotiation, name=f"{word} spokesperson")
        make_source(negotiation, title=f"{word} report")
    return here, there


def test_scoped_autocompletes_list_only_the_negotiations_rows(
    editor_client, two_negotiations
):
    here, _ = two_negotiations
    scope = {"negotiation": str(here.pk)}
    assert _results(editor_client, "position", "actor", **scope) == ["North", "South"]
    assert _results(editor_client, "position", "issue", **scope) == ["Here issue"]
    assert _results(editor_client, "position", "attributed_person", **scope) == [
        "Here spokesperson"
    ]
    assert _results(editor_client, "position", "sources", **scope) == [
        "Here report (Newswire)"
    ]


def test_a_proposal_scopes_a_versions_sources(editor_client, two_negotiations):
    _, there = two_negotiations
    proposal = make_proposal(there)
    results = _results(editor_client, "version", "sources", proposal=str(proposal.pk))
    assert results == ["There report (Newswire)"]


def test_without_a_scope_every_negotiation_is_listed(editor_client, two_negotiations):
    assert _results(editor_client, "position", "actor") == [
        "East",
        "North",
        "South",
        "West",
    ]


@pytest.mark.parametrize("scope", [{"negotiation": "abc"}, {"proposal": "-1"}])
def test_an_unreadable_scope_is_ignored(editor_client, two_negotiations, scope):
    assert len(_results(editor_client, "position", "actor", **scope)) == 4


def test_versions_are_scoped_through_their_proposal(editor_client, two_negotiations):
    here, there = two_negotiations
    make_version(make_proposal(here), label="Here v1")
    make_version(make_proposal(there), label="There v1")
    results = _results(editor_client, "response", "version", negotiation=str(here.pk))
    assert len(results) == 1
    assert results[0].endswith("(Here v1)")


def test_the_add_source_popup_opens_with_the_negotiation(editor_client):
    negotiation = make_negotiation()
    url = reverse("admin:negotiations_source_add")
    response = editor_client.get(
        url, {"_to_field": "id", "_popup": "1", "negotiation": negotiation.pk}
    )
    assert response.context["adminform"].form["negotiation"].value() == negotiation.pk


def test_the_change_form_tells_its_script_the_negotiation(editor_client):
    version = make_version(is_published=False)
    page = editor_client.get(
        reverse("admin:negotiations_version_change", args=[version.pk])
    )
    negotiation_id = version.proposal.negotiation_id
    assert page.context["scope_negotiation_id"] == negotiation_id
    assert (
        f'<script id="scope-negotiation" type="application/json">{negotiation_id}'
        in (page.content.decode())
    )
