"""A search hit's link lands on the page that shows the claim, at its anchor."""

import datetime
from urllib.parse import urlsplit

import pytest

from negotiations import search
from tests.factories import (
    make_event,
    make_issue,
    make_negotiation,
    make_position,
    make_proposal,
    make_response,
    make_version,
)

pytestmark = pytest.mark.django_db

ONE_DAY = datetime.timedelta(days=1)


def _hit_urls(query, negotiation):
    return {
        group.kind: group.hits[0].url
        for group in search.search(query, negotiation=negotiation)
        if group.hits
    }


def test_every_hit_anchor_is_an_element_id_on_the_page_it_links(client):
    negotiation = make_negotiation(slug="talks")
    issue = make_issue(negotiation, slug="corridor", title="Border")
    make_position(issue=issue, summary="Quarantine claim")
    proposal = make_proposal(negotiation, slug="plan", title="Plan")
    version = make_version(proposal, label="v/1", summary="text")
    make_response(version=version, summary="Quarantine answer")
    start = datetime.date(2024, 1, 1)
    for day in range(40):
        make_event(negotiation, title=f"Round {day}", date=start + ONE_DAY * day)
    make_event(negotiation, title="Quarantine visit", date=start + ONE_DAY * 3)

    urls = _hit_urls("quarantine", negotiation)

    assert set(urls) == {"position", "response", "event"}
    for url in urls.values():
        parts = urlsplit(url)
        page = client.get(f"{parts.path}?{parts.query}" if parts.query else parts.path)
        assert page.status_code == 200
        assert f'id="{parts.fragment}"' in page.content.decode()


def test_a_position_older_than_the_sticking_points_list_is_still_reached(client):
    negotiation = make_negotiation(slug="long")
    issue = make_issue(negotiation, slug="corridor", title="Border")
    start = datetime.date(2020, 1, 1)
    oldest = make_position(issue=issue, as_of=start, summary="Quarantine, first")
    for day in range(1, 80):
        make_position(
            actor=oldest.actor, issue=issue, as_of=start + ONE_DAY * day, value=day
        )

    url = _hit_urls("quarantine", negotiation)["position"]

    parts = urlsplit(url)
    page = client.get(f"{parts.path}?{parts.query}")
    assert page.status_code == 200
    assert f'id="position-{oldest.pk}"' in page.content.decode()
