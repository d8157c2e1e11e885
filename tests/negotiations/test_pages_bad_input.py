"""Bad addresses and query strings get a 400 or 404 that says what was wrong."""

import pytest

from tests.factories import make_actor, make_issue, make_negotiation
from tests.negotiations.page_scenarios import page_text, small_negotiation

pytestmark = pytest.mark.django_db

SOP = "/negotiations/small/"
TIMELINE = "/negotiations/small/timeline/"
VERSION = "/negotiations/small/proposals/framework/2024-07-05/"

BAD_REQUESTS = [
    (SOP, {"as_of": "2024-02-30"}),
    (SOP, {"as_of": "2024-13-01"}),
    (SOP, {"as_of": "yesterday"}),
    (SOP, {"as_of": "10000-01-01"}),
    (SOP, {"as_of": "2024-07-15T00:00"}),
    (SOP, {"as_of": "2024-07-15\x00"}),
    (SOP, {"as_of": "x" * 5000}),
    (SOP, {"since": "2024-02-30"}),
    (SOP, {"as_of": "2024-07-01", "since": "2024-07-02"}),
    (TIMELINE, {"actor": "nobody"}),
    (TIMELINE, {"issue": "nothing"}),
    (TIMELINE, {"kind": "rumour"}),
    (TIMELINE, {"kind": ["event", "rumour"]}),
    (TIMELINE, {"start": "2024-02-30"}),
    (TIMELINE, {"end": "soon"}),
    (TIMELINE, {"start": "2024-08-01", "end": "2024-07-01"}),
    (TIMELINE, {"page": "abc"}),
    (TIMELINE, {"page": "0"}),
    (TIMELINE, {"page": "-1"}),
    (TIMELINE, {"page": "1.5"}),
    (VERSION, {"against": "junk"}),
    (VERSION, {"against": "framework/"}),
    (VERSION, {"against": "/2024-07-05"}),
    (VERSION, {"against": "nope/2024-07-05"}),
    (VERSION, {"against": "framework/nope"}),
    (VERSION, {"against": "framework/x\x00"}),
    (VERSION, {"against": "x/" + "y" * 300}),
    (VERSION, {"view": "sideways"}),
]


@pytest.mark.parametrize(("url", "query"), BAD_REQUESTS)
def test_bad_query_strings_get_a_400_page_saying_what_was_wrong(client, url, query):
    small_negotiation()
    response = client.get(url, query)
    assert response.status_code == 400
    assert response.templates[0].name == "400.html"
    text = page_text(response)
    assert "That address asks for something this page cannot show" in text


@pytest.mark.parametrize(("url", "query"), BAD_REQUESTS[:3] + BAD_REQUESTS[9:11])
def test_htmx_gets_the_400_message_as_a_partial(client, url, query):
    small_negotiation()
    response = client.get(url, query, headers={"HX-Request": "true"})
    assert response.status_code == 400
    html = response.content.decode()
    assert "<html" not in html
    assert 'role="alert"' in html


def test_impossible_date_message_names_the_parameter(client):
    small_negotiation()
    text = page_text(client.get(SOP, {"as_of": "2024-02-30"}))
    assert "State of play on (as_of): Enter a real date as YYYY-MM-DD." in text


def test_unknown_actor_filter_message_names_the_actor(client):
    small_negotiation()
    text = page_text(client.get(TIMELINE, {"actor": "nobody"}))
    assert "There is no actor “nobody” in this negotiation." in text


def test_unknown_comparison_message_names_the_version(client):
    small_negotiation()
    text = page_text(client.get(VERSION, {"against": "framework/nope"}))
    assert "There is no published version “nope” of a proposal “framework”" in text


def test_a_page_number_past_the_end_is_not_found(client):
    small_negotiation()
    response = client.get(TIMELINE, {"page": "99"})
    assert response.status_code == 404
    assert "There is no such page; this list has 1." in page_text(response)
    assert client.get(TIMELINE, {"page": "9" * 40}).status_code == 404


@pytest.mark.parametrize(
    "query",
    [
        {"as_of": "0001-01-01"},
        {"as_of": "0001-01-05"},
        {"as_of": "9999-12-31"},
        {"as_of": "", "since": ""},
        {"utm_source": "newsletter"},
    ],
)
def test_edge_dates_and_unknown_parameters_are_fine(client, query):
    small_negotiation()
    assert client.get(SOP, query).status_code == 200


def test_an_empty_page_number_is_the_first_page(client):
    small_negotiation()
    assert client.get(TIMELINE, {"page": ""}).context["page"].number == 1


@pytest.mark.parametrize(
    "url",
    [
        "/negotiations/nowhere/",
        "/negotiations/nowhere/timeline/",
        "/negotiations/small/issues/nothing/",
        "/negotiations/small/actors/nobody/",
        "/negotiations/small/proposals/nothing/2024-07-05/",
        "/negotiations/small/proposals/framework/nope/",
        "/negotiations/small/proposals/framework/",
        "/negotiations/small/issues/other-issue/",
        "/negotiations/small/actors/other-actor/",
    ],
)
def test_unknown_slugs_are_not_found(client, url):
    small_negotiation()
    other = make_negotiation(slug="other")
    make_issue(other, slug="other-issue")
    make_actor(other, slug="other-actor")
    response = client.get(url)
    assert response.status_code == 404
    assert "Not found" in page_text(response)


@pytest.mark.parametrize("method", ["post", "put", "delete"])
def test_pages_only_answer_get(client, method):
    small_negotiation()
    assert getattr(client, method)(SOP).status_code == 405
