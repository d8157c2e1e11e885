"""A negotiation of another shape renders every page correctly."""

import pytest

from negotiations.gaps import Trend
from negotiations.labels import version_url_for
from tests.negotiations.page_scenarios import other_negotiation, page_text

pytestmark = pytest.mark.django_db

BASE = "/negotiations/other/"


def test_state_of_play_of_the_other_negotiation(client):
    other_negotiation()
    response = client.get(BASE, {"as_of": "2025-03-31"})
    rows = {row.issue.slug: row for row in response.context["state"].rows}
    assert (rows["autonomy"].gap.amount, rows["autonomy"].gap.relative) == (2.0, 0.5)
    assert rows["autonomy"].trend == Trend.NARROWING
    assert rows["ceasefire-length"].gap.amount == 60.0
    assert rows["ceasefire-length"].gap.relative == pytest.approx(2 / 3)
    assert rows["ceasefire-length"].trend == Trend.UNCHANGED
    assert rows["amnesty"].gap.measurable is False
    text = page_text(response)
    assert "Gap: 2 steps of 4; relative gap 50 %" in text
    assert "Gap: 60 days; relative gap 67 %" in text
    assert "Scale of 5 options" in text
    assert "Gap: no number" in text
    assert "Union observer Regional assembly" in text
    assert "Disputed" in text
    assert "Latest proposal on this date: Council plan, version draft 1" in text
    # Regional (2) between limited (1) and federal (3): midway.
    assert "Where it sits: midway" in text


def test_issue_pages_of_the_other_negotiation(client):
    other_negotiation()
    autonomy = page_text(client.get(BASE + "issues/autonomy/"))
    assert (
        "No autonomy Limited self-rule Regional assembly Federal state Independence"
        in (autonomy)
    )
    assert "1 Jan 2025 No autonomy Federal state 3 steps of 4 75 %" in autonomy
    length = page_text(client.get(BASE + "issues/ceasefire-length/"))
    assert "1 Jan 2025 30 days 90 days 60 days 67 %" in length
    assert "Council plan, draft 1" in length
    amnesty = page_text(client.get(BASE + "issues/amnesty/"))
    assert "there is no number, so no gap to chart" in amnesty
    assert "Partial." in amnesty


def test_actor_pages_of_the_other_negotiation(client):
    other_negotiation()
    council = page_text(client.get(BASE + "actors/council/"))
    assert "Mediator" in council and "Council plan" in council
    rebels = page_text(client.get(BASE + "actors/rebels/"))
    assert "Party · Armed group · side B" in rebels
    assert "Countered" in rebels


def test_timeline_of_the_other_negotiation_has_no_events(client):
    other_negotiation()
    response = client.get(BASE + "timeline/")
    kinds = {entry.kind for entry in response.context["page"]}
    assert kinds == {"position", "version", "response"}
    events_only = page_text(client.get(BASE + "timeline/", {"kind": "event"}))
    assert "Nothing matches these filters." in events_only


def test_version_page_of_the_other_negotiation_has_no_baseline(client):
    other_negotiation(size=2)
    url = version_url_for("other", "council-plan", "draft 2")
    text = page_text(client.get(url))
    assert "No baseline has been published for this negotiation." in text
    previous = client.get(url, {"against": "previous"})
    assert [change.kind for change in previous.context["comparison"].changes] == [
        "unchanged",
        "unchanged",
        "unchanged",
    ]
    assert '<del class="rl-del"><bdi>0.' in previous.content.decode()


def test_list_page_shows_the_other_negotiation(client):
    other_negotiation()
    assert "Between Government and Rebels" in page_text(client.get("/"))


PAGES = {
    # The state of play reads the latest agreement (one query without one);
    # the sticking point and actor pages their values on the date shown, and
    # the sticking point its commitments (as in test_issue_page, test_actor_page).
    "state_of_play": (BASE + "?as_of=2025-03-31", 10),
    "issue": (BASE + "issues/autonomy/", 13),
    "actor": (BASE + "actors/rebels/", 15),
    # The timeline's count depends on which kinds its page holds (each kind
    # fetches its rows and sources), not on the size: pin one kind. One of
    # its queries reads the people, for the "attributed to" filter.
    "timeline": (BASE + "timeline/?kind=position", 9),
    "version": (version_url_for("other", "council-plan", "draft 1"), 11),
}


@pytest.mark.parametrize("page", sorted(PAGES))
@pytest.mark.parametrize("size", [1, 6])
def test_other_negotiation_pages_run_the_same_queries_at_any_size(
    client, django_assert_num_queries, page, size
):
    other_negotiation(size=size)
    url, queries = PAGES[page]
    with django_assert_num_queries(queries):
        assert client.get(url).status_code == 200
