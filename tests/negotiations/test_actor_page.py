import datetime
import re

import pytest

from negotiations.models import Response
from tests.factories import make_position, make_proposal, make_response, make_version
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
        negotiation, title="Beta counter-offer", authors=[objects["beta"]]
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
    proposal = make_proposal(negotiation, authors=[objects["beta"]])
    make_version(proposal)
    # negotiation; actor, people; the latest positions, sources; how many
    # there are; proposals, versions; the latest responses, sources; how many;
    # on the date shown: issues, scales, its positions, their sources, and
    # the sides' own proposals.
    with django_assert_num_queries(16):
        assert client.get("/negotiations/small/actors/beta/").status_code == 200


def _long_record(objects, count):
    """Add `count` daily positions and responses of Beta, all in 2023."""
    first = datetime.date(2023, 1, 1)
    for index in range(count):
        day = first + datetime.timedelta(days=index)
        make_position(
            actor=objects["beta"], issue=objects["phase"], value=index, as_of=day
        )
        make_response(
            version=objects["july"],
            actor=objects["beta"],
            date=day,
            response=Response.Answer.REJECTED,
        )


def test_a_long_record_lists_the_latest_and_links_the_timeline_for_the_rest(client):
    _, objects = small_negotiation()
    _long_record(objects, 60)
    response = client.get("/negotiations/small/actors/beta/")
    record = response.context["record"]
    # 60 added and Beta's 3 positions and 1 response of 2024.
    assert record.position_count == 63 and record.shown_positions == 50
    assert record.response_count == 61 and len(record.responses) == 50
    assert record.responses[-1].date == datetime.date(2024, 7, 6)
    days = [r.date for r in record.responses]
    assert days == sorted(days)
    by_issue = dict(record.positions_by_issue)
    assert [p.value for p in by_issue[objects["prisoners"]]] == [1000]
    assert len(by_issue[objects["phase"]]) == 47
    text = page_text(response)
    assert "The latest 50 of 63 positions, by sticking point." in text
    assert "The latest 50 of 61 responses, in date order." in text
    html = response.content.decode()
    assert 'href="/negotiations/small/timeline/?actor=beta&amp;kind=position"' in html
    assert 'href="/negotiations/small/timeline/?actor=beta&amp;kind=response"' in html


def test_a_short_record_has_no_link_to_the_rest(client):
    small_negotiation()
    html = client.get("/negotiations/small/actors/beta/").content.decode()
    assert "kind=position" not in html and "kind=response" not in html


def test_actor_page_runs_the_same_queries_with_a_long_record(
    client, django_assert_num_queries
):
    _, objects = small_negotiation()
    _long_record(objects, 60)
    # No proposal of Beta's: its versions' prefetch is skipped.
    with django_assert_num_queries(15):
        assert client.get("/negotiations/small/actors/beta/").status_code == 200
