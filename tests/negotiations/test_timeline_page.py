import datetime
import re

import pytest

from negotiations.models import Event, Position, Response, Version
from tests.factories import make_event, make_negotiation, make_person, make_position
from tests.negotiations.page_scenarios import grow, page_text, small_negotiation

pytestmark = pytest.mark.django_db

URL = "/negotiations/small/timeline/"


def _kinds_and_days(response):
    return [(entry.kind, entry.day.isoformat()) for entry in response.context["page"]]


def test_timeline_lists_every_kind_in_date_order(client):
    small_negotiation()
    response = client.get(URL)
    assert _kinds_and_days(response) == [
        ("position", "2024-06-01"),
        ("position", "2024-06-01"),
        ("position", "2024-06-01"),
        ("position", "2024-06-01"),
        ("position", "2024-06-01"),
        ("position", "2024-06-01"),
        ("position", "2024-06-01"),
        ("position", "2024-07-01"),
        ("event", "2024-07-04"),
        ("version", "2024-07-05"),
        ("response", "2024-07-06"),
        ("position", "2024-07-10"),
    ]
    text = page_text(response)
    assert "12 items" in text
    assert "Talks in Doha" in text and "With Gamma" in text
    assert "Beta: accepted — July framework, version 2024-07-05" in text


def test_timeline_filters_by_actor_issue_kind_and_dates(client):
    small_negotiation()
    by_actor = client.get(URL, {"actor": "gamma"})
    assert _kinds_and_days(by_actor) == [
        ("position", "2024-07-01"),
        ("event", "2024-07-04"),
    ]
    by_issue = client.get(URL, {"issue": "corridor"})
    assert _kinds_and_days(by_issue) == [
        ("position", "2024-06-01"),
        ("position", "2024-06-01"),
        ("version", "2024-07-05"),
        ("response", "2024-07-06"),
    ]
    by_kind = client.get(URL, {"kind": ["event", "version"]})
    assert _kinds_and_days(by_kind) == [
        ("event", "2024-07-04"),
        ("version", "2024-07-05"),
    ]
    by_dates = client.get(URL, {"start": "2024-07-02", "end": "2024-07-06"})
    assert _kinds_and_days(by_dates) == [
        ("event", "2024-07-04"),
        ("version", "2024-07-05"),
        ("response", "2024-07-06"),
    ]


def test_an_event_spanning_the_start_date_is_kept(client):
    negotiation, _ = small_negotiation()
    make_event(
        negotiation,
        title="Long summit",
        date=datetime.date(2024, 6, 28),
        end_date=datetime.date(2024, 7, 3),
    )
    response = client.get(URL, {"start": "2024-07-02", "kind": "event"})
    assert [entry.item.title for entry in response.context["page"]] == [
        "Long summit",
        "Talks in Doha",
    ]
    assert "28 Jun 2024 to 3 Jul 2024" in page_text(response)


def test_filter_form_applies_with_htmx_and_pushes_the_url(client):
    small_negotiation()
    html = client.get(URL).content.decode()
    form = re.search(r'<form class="filters"[^>]*>', html).group()
    assert 'method="get"' in form
    assert f'data-hx-get="{URL}"' in form
    assert 'data-hx-target="#timeline-items"' in form
    # The results' container stays, so an error swapped into it keeps the target.
    assert 'data-hx-swap="innerHTML"' in form
    assert '<section id="timeline-items"' in html
    assert 'data-hx-push-url="true"' in form
    assert '<button type="submit">Filter</button>' in html


def test_filters_are_kept_in_the_form_when_the_page_is_shared(client):
    small_negotiation()
    html = client.get(URL, {"actor": "gamma", "start": "2024-07-01"}).content.decode()
    assert '<option value="gamma" selected>' in html
    assert 'value="2024-07-01"' in html


def test_timeline_paginates_and_page_links_keep_the_filters(client):
    negotiation, objects = small_negotiation()
    grow(negotiation, objects, 4)
    response = client.get(URL, {"kind": "position"})
    page = response.context["page"]
    assert page.paginator.count == 9 + 4 * 6
    assert page.paginator.num_pages == 2
    html = response.content.decode()
    assert 'href="/negotiations/small/timeline/?kind=position&amp;page=2"' in html
    assert (
        'data-hx-get="/negotiations/small/timeline/?kind=position&amp;page=2"' in html
    )
    second = client.get(URL, {"kind": "position", "page": "2"})
    assert len(second.context["page"]) == 33 - 25
    assert "page 2 of 2" in page_text(second)


def test_timeline_without_anything_says_so(client):
    make_negotiation(slug="quiet")
    text = page_text(client.get("/negotiations/quiet/timeline/"))
    assert "0 items" in text
    assert "Nothing has been published on this negotiation yet." in text


def test_timeline_with_filters_matching_nothing_says_so(client):
    small_negotiation()
    text = page_text(client.get(URL, {"start": "2030-01-01"}))
    assert "Nothing matches these filters." in text


def test_htmx_request_gets_only_the_items(client):
    small_negotiation()
    html = client.get(
        URL, {"actor": "beta"}, headers={"HX-Request": "true"}
    ).content.decode()
    assert "<html" not in html
    assert html.startswith('<h2 id="timeline-heading"')


@pytest.mark.parametrize("times", [0, 4])
def test_timeline_runs_the_same_queries_whatever_the_size(
    client, django_assert_num_queries, times
):
    negotiation, objects = small_negotiation()
    grow(negotiation, objects, times)
    # From 4 July the first page holds every kind at both sizes: negotiation;
    # actors; people (the attribution filter); issues, scales; count; the
    # page's keys; versions, sources, authors; positions, sources; responses,
    # sources; events, actors, people, sources.
    with django_assert_num_queries(18):
        assert client.get(URL, {"start": "2024-07-04"}).status_code == 200


def test_a_page_without_some_kinds_skips_their_queries(
    client, django_assert_num_queries
):
    small_negotiation()
    # Positions only: the 17 above less versions, responses and events (9).
    with django_assert_num_queries(9):
        assert client.get(URL, {"kind": "position"}).status_code == 200


def _published_in_order():
    rows = [
        *(("version", v.date, v.pk) for v in Version.objects.published()),
        *(("position", p.as_of, p.pk) for p in Position.objects.published()),
        *(("response", r.date, r.pk) for r in Response.objects.published()),
        *(("event", e.date, e.pk) for e in Event.objects.published()),
    ]
    rank = {"version": 0, "position": 1, "response": 2, "event": 3}
    return sorted(rows, key=lambda row: (row[1], rank[row[0]], row[2]))


def test_pages_together_list_every_item_once_in_date_kind_and_id_order(client):
    negotiation, objects = small_negotiation()
    grow(negotiation, objects, 5)
    listed = []
    for number in (1, 2, 3):
        page = client.get(URL, {"page": number}).context["page"]
        listed += [(entry.kind, entry.day, entry.item.pk) for entry in page]
    assert page.paginator.num_pages == 3
    assert listed == _published_in_order()


def test_drafts_are_neither_listed_nor_counted(client):
    negotiation, _ = small_negotiation()
    make_event(negotiation, title="Secret talks", is_published=False)
    page = client.get(URL).context["page"]
    assert page.paginator.count == 12
    assert "Secret talks" not in page_text(client.get(URL))


def test_an_event_with_an_actor_and_its_person_is_listed_once_for_it(client):
    negotiation, objects = small_negotiation()
    aide = make_person(negotiation, slug="aide", actor=objects["gamma"])
    make_event(
        negotiation,
        title="Shuttle visit",
        date=datetime.date(2024, 7, 8),
        participants=[objects["gamma"], aide],
    )
    page = client.get(URL, {"actor": "gamma", "kind": "event"}).context["page"]
    assert [entry.item.title for entry in page] == ["Talks in Doha", "Shuttle visit"]
    assert page.paginator.count == 2


def test_many_pages_link_the_ends_and_the_neighbours_only(client):
    _, objects = small_negotiation()
    for month in range(1, 9):
        for day in range(1, 29):
            make_position(
                actor=objects["gamma"],
                issue=objects["phase"],
                value=day,
                as_of=datetime.date(2023, month, day),
            )
    # 8 x 28 new positions and the 9 of the small negotiation: 10 pages.
    response = client.get(URL, {"kind": "position", "page": "5"})
    assert response.context["page"].paginator.num_pages == 10
    text = page_text(response)
    assert "Previous 1 2 3 4 5 6 7 … 10 Next" in text
    html = response.content.decode()
    assert 'href="/negotiations/small/timeline/?kind=position&amp;page=10"' in html
    assert 'href="/negotiations/small/timeline/?kind=position&amp;page=8"' not in html
    assert client.get(URL, {"kind": "position", "page": "11"}).status_code == 404
