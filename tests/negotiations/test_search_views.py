import pytest
from django.urls import reverse
from django.utils.html import escape

from negotiations import search
from tests.factories import make_event, make_issue, make_negotiation, make_position

pytestmark = pytest.mark.django_db


def _search_url(negotiation=None):
    if negotiation is None:
        return reverse("negotiations:search_all")
    return reverse("negotiations:search", kwargs={"negotiation": negotiation.slug})


def test_search_page_lists_hits_with_links_and_highlighted_snippets(client):
    negotiation = make_negotiation(slug="talks")
    position = make_position(
        issue=make_issue(negotiation, slug="corridor"),
        summary="Israel keeps troops on the Philadelphi Corridor.",
    )
    response = client.get(_search_url(negotiation), {"q": "philadelphi"})
    assert response.status_code == 200
    html = response.content.decode()
    link = escape(position.get_absolute_url())
    assert f'href="{link}"' in html
    assert "/timeline/?issue=corridor&amp;kind=position" in link
    assert "<mark>Philadelphi</mark>" in html
    assert "1 result for “philadelphi”" in html


def test_search_across_negotiations_names_each_hits_negotiation(client):
    make_event(make_negotiation(title="Gaza talks"), title="Doha round")
    make_event(make_negotiation(title="Other talks"), title="Doha meeting")
    html = client.get(_search_url(), {"q": "doha"}).content.decode()
    assert "Gaza talks" in html
    assert "Other talks" in html


def test_an_empty_search_asks_for_words(client):
    response = client.get(_search_url(), {"q": "   "})
    assert response.status_code == 200
    assert "Type a word or a phrase to search for." in response.content.decode()


def test_a_search_without_a_query_string_shows_the_form(client):
    response = client.get(_search_url())
    assert response.status_code == 200
    assert 'name="q"' in response.content.decode()


def test_a_too_long_search_is_refused_with_a_message(client):
    response = client.get(_search_url(), {"q": "x" * (search.MAX_QUERY_LENGTH + 1)})
    assert response.status_code == 400
    assert "Searches are limited to 200 characters" in response.content.decode()


def test_a_search_with_a_nul_character_is_refused_with_a_message(client):
    response = client.get(_search_url(), {"q": "talks\x00"})
    assert response.status_code == 400
    # Refused before the view by the middleware, which names the parameter.
    assert "holds a NUL character" in response.content.decode()


@pytest.mark.parametrize("junk", ["&&& ||| !!!", "'", '"', "-", "(((", ":*", "\\"])
def test_a_junk_search_gets_a_message_not_an_error(client, junk):
    make_event(make_negotiation(), title="Talks")
    response = client.get(_search_url(), {"q": junk})
    assert response.status_code == 200
    assert "Search for words or numbers" in response.content.decode()


def test_a_search_that_finds_nothing_says_so(client):
    make_event(make_negotiation(), title="Talks")
    response = client.get(_search_url(), {"q": "zanzibar"})
    assert response.status_code == 200
    assert "Nothing published matches “zanzibar”." in response.content.decode()


def test_search_escapes_the_query_it_repeats(client):
    response = client.get(_search_url(), {"q": "<script>alert(1)</script>"})
    html = response.content.decode()
    assert "<script>alert(1)</script>" not in html
    assert "&lt;script&gt;" in html


def test_htmx_gets_only_the_results(client):
    make_event(make_negotiation(), title="Doha round")
    response = client.get(_search_url(), {"q": "doha"}, headers={"HX-Request": "true"})
    html = response.content.decode()
    assert "<html" not in html
    assert "Doha round" in html
    assert response["Vary"] == "HX-Request" or "HX-Request" in response["Vary"]


def test_searching_an_unpublished_negotiation_is_not_found(client):
    negotiation = make_negotiation(is_published=False)
    assert client.get(_search_url(negotiation), {"q": "x"}).status_code == 404


def _fill(negotiation, count):
    issue = make_issue(negotiation)
    for number in range(count):
        make_position(
            issue=issue,
            summary=f"Corridor claim {number}",
            as_of=f"2024-07-{number + 1:02d}",
        )
        make_event(negotiation, title=f"Corridor talks {number}")


@pytest.mark.parametrize("count", [1, 12])
def test_search_page_query_count_does_not_grow_with_the_hits(
    client, django_assert_num_queries, count
):
    negotiation = make_negotiation()
    _fill(negotiation, count)
    # The negotiation, then one query per kind.
    with django_assert_num_queries(1 + len(search.DOCUMENTS)):
        response = client.get(_search_url(negotiation), {"q": "corridor"})
    assert response.status_code == 200
