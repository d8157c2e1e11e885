"""Every public page is shared from the cache, and rendered afresh after an edit."""

import datetime

import pytest
from django.core.cache import cache
from django.urls import reverse
from django.utils import timezone

from tests.factories import (
    make_event,
    make_issue,
    make_negotiation,
    make_position,
    make_proposal,
    make_response,
    make_source,
    make_version,
)

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def page_cache(settings):
    settings.PAGE_CACHE_SECONDS = 600
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def negotiation():
    negotiation = make_negotiation(title="Talks in Doha")
    source = make_source(negotiation)
    issue = make_issue(negotiation, slug="prisoners", title="Prisoners released")
    make_position(actor=negotiation.side_a, issue=issue, value=700, sources=[source])
    make_position(actor=negotiation.side_b, issue=issue, value=1500, sources=[source])
    version = make_version(
        make_proposal(negotiation, slug="bridging"),
        label="July text",
        terms={issue: 1000},
        text="Release in two phases.",
        baseline=True,
        sources=[source],
    )
    make_version(
        version.proposal,
        label="August text",
        terms={issue: 1200},
        text="Release in three phases.",
    )
    make_response(version=version, actor=negotiation.side_b, sources=[source])
    make_event(negotiation, title="Talks in Doha", sources=[source])
    return negotiation


def _urls(negotiation):
    slug = negotiation.slug
    return {
        "home": reverse("negotiations:negotiation_list"),
        "state of play": reverse("negotiations:state_of_play", args=[slug]),
        "as of": reverse("negotiations:state_of_play", args=[slug])
        + "?as_of=2024-07-01",
        "sticking point": reverse("negotiations:issue", args=[slug, "prisoners"]),
        "actor": reverse("negotiations:actor", args=[slug, negotiation.side_a.slug]),
        "timeline": reverse("negotiations:timeline", args=[slug]),
        "version": reverse(
            "negotiations:version", args=[slug, "bridging", "August text"]
        ),
        "search": reverse("negotiations:search", args=[slug]) + "?q=release",
        "search all": reverse("negotiations:search_all") + "?q=release",
        "feed": reverse("negotiations:feed", args=[slug]),
        "issue feed": reverse("negotiations:issue_feed", args=[slug, "prisoners"]),
        "card": reverse("negotiations:issue_card", args=[slug, "prisoners"]),
        "export": reverse("negotiations:export_json", args=[slug]),
        "state of play csv": reverse("negotiations:state_of_play_csv", args=[slug]),
    }


@pytest.mark.parametrize(
    "page",
    [
        "home",
        "state of play",
        "as of",
        "sticking point",
        "actor",
        "timeline",
        "version",
        "search",
        "search all",
        "feed",
        "issue feed",
        "card",
        "export",
        "state of play csv",
    ],
)
def test_a_public_page_is_shared_then_rendered_afresh_after_an_edit(
    client, negotiation, page
):
    url = _urls(negotiation)[page]

    first = client.get(url)
    second = client.get(url)
    negotiation.title = "Deal announced in Doha"
    negotiation.save()
    third = client.get(url)

    assert first.status_code == 200
    assert (first["X-Page-Cache"], second["X-Page-Cache"]) == ("miss", "hit")
    assert second.content == first.content
    assert third["X-Page-Cache"] == "miss"
    assert "csrftoken" not in first.cookies


def test_an_anonymous_page_carries_no_csrf_token(client, negotiation):
    response = client.get(_urls(negotiation)["state of play"])

    assert b"csrfmiddlewaretoken" not in response.content
    assert b"x-csrftoken" not in response.content


def test_the_htmx_fragment_of_a_page_is_shared_apart_from_the_page(client, negotiation):
    url = _urls(negotiation)["timeline"]
    fragment = {"HX-Request": "true"}

    page = client.get(url)
    part = client.get(url, headers=fragment)
    part_again = client.get(url, headers=fragment)

    assert part_again["X-Page-Cache"] == "hit"
    assert part_again.content == part.content != page.content


def test_a_new_position_shows_on_the_state_of_play_at_once(client, negotiation):
    url = _urls(negotiation)["state of play"]
    client.get(url)

    issue = make_issue(negotiation, title="Weeks of calm")
    make_position(actor=negotiation.side_a, issue=issue, value=6)
    response = client.get(url)

    assert response["X-Page-Cache"] == "miss"
    assert "Weeks of calm" in response.content.decode()


def _issue_pages(negotiation, issue):
    slug = negotiation.slug
    return {
        "sticking point": reverse("negotiations:issue", args=[slug, issue]),
        "card": reverse("negotiations:issue_card", args=[slug, issue]),
        "issue feed": reverse("negotiations:issue_feed", args=[slug, issue]),
    }


@pytest.fixture
def two_issues(negotiation):
    other = make_issue(negotiation, slug="crossings", title="Crossings opened")
    make_position(actor=negotiation.side_a, issue=other, value=2)
    return negotiation, other


def _cache_states(client, urls):
    return {name: client.get(url)["X-Page-Cache"] for name, url in urls.items()}


def test_a_position_on_one_sticking_point_leaves_the_others_pages_cached(
    client, two_issues
):
    negotiation, other = two_issues
    untouched = _issue_pages(negotiation, "prisoners")
    written = _issue_pages(negotiation, "crossings")
    state_of_play = _urls(negotiation)["state of play"]
    for url in [*untouched.values(), *written.values(), state_of_play]:
        client.get(url)

    make_position(actor=negotiation.side_b, issue=other, value=1)

    assert set(_cache_states(client, untouched).values()) == {"hit"}
    assert set(_cache_states(client, written).values()) == {"miss"}
    assert client.get(state_of_play)["X-Page-Cache"] == "miss"


def test_a_sticking_points_page_shows_its_new_position_at_once(client, two_issues):
    negotiation, other = two_issues
    url = _issue_pages(negotiation, "crossings")["sticking point"]
    client.get(url)

    make_position(actor=negotiation.side_b, issue=other, value=1, summary="Rafah opens")
    response = client.get(url)

    assert response["X-Page-Cache"] == "miss"
    assert "Rafah opens" in response.content.decode()


def test_a_position_moved_to_another_sticking_point_renews_both(client, two_issues):
    negotiation, other = two_issues
    position = other.positions.get()
    urls = {
        **_issue_pages(negotiation, "prisoners"),
        **{
            f"{name} 2": url
            for name, url in _issue_pages(negotiation, "crossings").items()
        },
    }
    for url in urls.values():
        client.get(url)

    position.issue = negotiation.issues.get(slug="prisoners")
    position.as_of = position.as_of.replace(year=2023)
    position.save()

    assert set(_cache_states(client, urls).values()) == {"miss"}


def test_a_write_beyond_one_sticking_point_renews_every_sticking_point(
    client, two_issues
):
    negotiation, _ = two_issues
    urls = {
        **_issue_pages(negotiation, "prisoners"),
        **{
            f"{name} 2": url
            for name, url in _issue_pages(negotiation, "crossings").items()
        },
    }
    for url in urls.values():
        client.get(url)

    source = negotiation.sources.first()
    source.title = "A newer title"
    source.save()

    assert set(_cache_states(client, urls).values()) == {"miss"}


def test_a_card_follows_the_latest_record_of_any_sticking_point(client, two_issues):
    negotiation, other = two_issues
    card = _issue_pages(negotiation, "prisoners")["card"]
    client.get(card)

    # A later record elsewhere can move the date a card shows by default.
    make_position(
        actor=negotiation.side_b,
        issue=other,
        value=1,
        as_of=datetime.date(2025, 1, 1),
    )

    assert client.get(card)["X-Page-Cache"] == "miss"


def test_news_in_an_active_negotiation_leaves_other_sticking_points_cached(
    client, two_issues
):
    negotiation, other = two_issues
    today = timezone.localdate()
    # Recorded last week: the pages show today, not the latest record's date.
    make_position(
        actor=negotiation.side_b,
        issue=negotiation.issues.get(slug="prisoners"),
        value=900,
        as_of=today - datetime.timedelta(days=7),
    )
    untouched = _issue_pages(negotiation, "prisoners")
    for url in untouched.values():
        client.get(url)

    make_position(actor=negotiation.side_b, issue=other, value=1, as_of=today)

    assert set(_cache_states(client, untouched).values()) == {"hit"}
