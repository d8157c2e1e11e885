import datetime

import pytest

from tests.factories import make_actor, make_issue, make_negotiation, make_position
from tests.negotiations.page_scenarios import grow, page_text, small_negotiation

pytestmark = pytest.mark.django_db


def test_lists_published_negotiations_with_their_sides_and_state_of_play(client):
    negotiation = make_negotiation(
        slug="truce",
        title="Truce talks",
        sides=({"slug": "north", "name": "North"}, {"slug": "south", "name": "South"}),
    )
    issue = make_issue(negotiation)
    make_issue(negotiation)
    today = datetime.date.today()
    make_position(actor=negotiation.side_a, issue=issue, value=10, as_of=today)
    make_position(actor=negotiation.side_b, issue=issue, value=30, as_of=today)
    text = page_text(client.get("/"))
    assert "Truce talks" in text
    assert "Between North and South" in text
    assert "1 of 2 sticking points measured; gaps narrowing on 0" in text
    assert f"Latest position of a side: {today:%-d %b %Y}" in text
    assert "record last changed" in text


def test_a_negotiation_without_positions_names_no_latest_position(client):
    make_negotiation(slug="quiet", title="Quiet talks")
    text = page_text(client.get("/"))
    assert "Quiet talks" in text
    assert "Latest position of a side" not in text


def test_counts_gaps_narrowing_over_the_last_thirty_days(client):
    negotiation = make_negotiation(slug="closing")
    issue = make_issue(negotiation)
    today = datetime.date.today()
    long_ago = today - datetime.timedelta(days=60)
    make_position(actor=negotiation.side_a, issue=issue, value=10, as_of=long_ago)
    make_position(actor=negotiation.side_b, issue=issue, value=50, as_of=long_ago)
    make_position(actor=negotiation.side_b, issue=issue, value=20, as_of=today)
    assert "gaps narrowing on 1" in page_text(client.get("/"))


def test_draft_negotiations_are_not_listed(client):
    make_negotiation(title="Secret channel", is_published=False)
    text = page_text(client.get("/"))
    assert "Secret channel" not in text
    assert "No negotiation has been published yet." in text


def test_htmx_request_gets_only_the_list(client):
    make_negotiation(title="Truce talks")
    response = client.get("/", headers={"HX-Request": "true"})
    html = response.content.decode()
    assert "<html" not in html
    assert 'id="negotiation-list"' in html


@pytest.mark.parametrize("times", [0, 3])
def test_list_runs_the_same_queries_whatever_the_size(
    client, django_assert_num_queries, times
):
    negotiation, objects = small_negotiation()
    grow(negotiation, objects, times)
    for index in range(times):
        make_negotiation(slug=f"more-{index}")
    # negotiations; issues, scales; the sides' positions; their own proposals.
    with django_assert_num_queries(5):
        assert client.get("/").status_code == 200


def test_the_summary_reads_only_the_sides_published_positions(client):
    negotiation = make_negotiation(slug="watched", title="Watched talks")
    issue = make_issue(negotiation)
    today = datetime.date.today()
    week_ago = today - datetime.timedelta(days=7)
    make_position(actor=negotiation.side_a, issue=issue, value=10, as_of=week_ago)
    make_position(actor=negotiation.side_b, issue=issue, value=30, as_of=week_ago)
    mediator = make_actor(negotiation, slug="envoy", role="mediator")
    make_position(actor=mediator, issue=issue, value=20, as_of=today)
    make_position(
        actor=negotiation.side_a, issue=issue, value=30, as_of=today, is_published=False
    )
    text = page_text(client.get("/"))
    assert "1 of 1 sticking point measured" in text
    assert f"Latest position of a side: {week_ago:%-d %b %Y}" in text
