import re

import pytest

from tests.factories import make_proposal, make_version
from tests.negotiations.page_scenarios import grow, page_text, small_negotiation

pytestmark = pytest.mark.django_db


def test_actor_page_shows_role_people_and_positions_over_time(client):
    small_negotiation()
    response = client.get("/negotiations/small/actors/gamma/")
    text = page_text(response)
    assert "<title>Gamma · Small talks" in response.content.decode()
    assert "Mediator · State" in text
    assert "Envoy Grey, Spokesperson" in text
    assert "Prisoners As of Position Status Sources 1 Jul 2024 700 prisoners" in text


def test_side_page_groups_positions_by_issue_in_date_order(client):
    small_negotiation()
    response = client.get("/negotiations/small/actors/alpha/")
    by_issue = response.context["record"].positions_by_issue
    assert [issue.slug for issue, _ in by_issue] == [
        "prisoners",
        "corridor",
        "phase-length",
        "guarantees",
    ]
    assert [p.value for p in by_issue[0][1]] == [300, 500]
    assert "Party · State · side A" in page_text(response)


def test_actor_page_lists_proposals_it_authored_and_its_responses(client):
    negotiation, objects = small_negotiation()
    proposal = make_proposal(
        negotiation, title="Beta counter-offer", author=objects["beta"]
    )
    make_version(proposal, label="v1")
    make_version(proposal, label="secret", is_published=False)
    text = page_text(client.get("/negotiations/small/actors/beta/"))
    assert "Beta counter-offer" in text
    assert "Version v1" in text
    assert "secret" not in text
    assert "July framework, 2024-07-05 Accepted" in text


def test_actor_without_anything_shows_empty_states(client):
    small_negotiation()
    text = page_text(client.get("/negotiations/small/actors/beta/"))
    assert "No one is recorded as speaking for Beta." in text
    assert "Beta has authored no proposal on record." in text


def test_staff_see_a_log_a_position_link_for_the_actor(client, django_user_model):
    negotiation, objects = small_negotiation()
    assert (
        "Log a position"
        not in client.get("/negotiations/small/actors/beta/").content.decode()
    )
    client.force_login(
        django_user_model.objects.create_user("ed", password="pw", is_staff=True)
    )
    html = client.get("/negotiations/small/actors/beta/").content.decode()
    link = re.search(r'href="(/admin/negotiations/position/add/\?[^"]+)"', html)
    if link is None:
        pytest.skip("The admin does not register Position yet.")
    assert f"actor={objects['beta'].pk}" in link.group(1)


def test_htmx_request_gets_only_the_actor_record(client):
    small_negotiation()
    html = client.get(
        "/negotiations/small/actors/alpha/", headers={"HX-Request": "true"}
    ).content.decode()
    assert "<html" not in html
    assert html.startswith('<div id="actor-record"')


@pytest.mark.parametrize("times", [0, 4])
def test_actor_page_runs_the_same_queries_whatever_the_size(
    client, django_assert_num_queries, times
):
    negotiation, objects = small_negotiation()
    grow(negotiation, objects, times)
    proposal = make_proposal(negotiation, author=objects["beta"])
    make_version(proposal)
    # negotiation; actor, people; positions, sources; proposals, versions;
    # responses, sources.
    with django_assert_num_queries(9):
        assert client.get("/negotiations/small/actors/beta/").status_code == 200
