"""Pages are served from the cache until their negotiation changes, and never stale.

The views here are small stand-ins with the shape of the real pages (slug in
`negotiation`, a fragment for htmx, 400 on a bad parameter), so that the cache's
rules are pinned whatever the pages render.
"""

import datetime

import pytest
from django.contrib.auth.models import User
from django.core.cache import cache
from django.http import HttpResponse, HttpResponseBadRequest, HttpResponseNotFound
from django.middleware.csrf import get_token
from django.urls import path
from django.views.decorators.clickjacking import xframe_options_exempt
from django.views.decorators.http import require_GET
from django.views.decorators.vary import vary_on_headers

from negotiations import caching
from negotiations.caching import cached_negotiation_page, cached_site_page
from negotiations.models import Negotiation
from tests.factories import make_negotiation, make_position

pytestmark = [pytest.mark.django_db, pytest.mark.urls(__name__)]

renders = []


@require_GET
@vary_on_headers("HX-Request")
@cached_negotiation_page
def page(request, negotiation):
    negotiation = Negotiation.objects.published().filter(slug=negotiation).first()
    if negotiation is None:
        # Not Http404: the site's 404 template links to pages this URLconf lacks.
        return HttpResponseNotFound("No such negotiation")
    if request.GET.get("as_of") == "bad":
        return HttpResponseBadRequest("Bad date")
    renders.append(request.get_full_path())
    kind = "fragment" if request.htmx else "page"
    return HttpResponse(f"{kind}: {negotiation.title} as of {request.GET.get('as_of')}")


@cached_negotiation_page
def page_with_token(request, negotiation):
    renders.append(request.get_full_path())
    return HttpResponse(f"<body data-token='{get_token(request)}'>")


@xframe_options_exempt
@cached_negotiation_page
def card(request, negotiation):
    renders.append(request.get_full_path())
    return HttpResponse("card")


@cached_site_page
def home(request):
    renders.append(request.get_full_path())
    titles = Negotiation.objects.published().values_list("title", flat=True)
    return HttpResponse(", ".join(sorted(titles)))


urlpatterns = [
    path("", home),
    path("n/<slug:negotiation>/", page),
    path("token/<slug:negotiation>/", page_with_token),
    path("card/<slug:negotiation>/", card),
]


@pytest.fixture(autouse=True)
def page_cache(settings):
    settings.PAGE_CACHE_SECONDS = 600
    cache.clear()
    renders.clear()
    yield
    cache.clear()


def _url(negotiation, query=""):
    return f"/n/{negotiation.slug}/{query}"


def test_a_second_request_is_served_from_the_cache_without_rendering(client):
    negotiation = make_negotiation(title="Talks in Doha")

    first = client.get(_url(negotiation))
    second = client.get(_url(negotiation))

    assert first.content == second.content == b"page: Talks in Doha as of None"
    assert renders == [_url(negotiation)]
    assert first["X-Page-Cache"] == "miss"
    assert second["X-Page-Cache"] == "hit"


def test_a_cache_hit_runs_only_the_changed_at_query(client, django_assert_num_queries):
    negotiation = make_negotiation()
    client.get(_url(negotiation))

    with django_assert_num_queries(1):
        response = client.get(_url(negotiation))

    assert response.status_code == 200


def test_an_edit_anywhere_in_the_negotiation_shows_on_the_next_request(client):
    negotiation = make_negotiation(title="Before")
    client.get(_url(negotiation))

    negotiation.title = "After"
    negotiation.save()
    response = client.get(_url(negotiation))

    assert response.content == b"page: After as of None"
    assert len(renders) == 2


def test_a_new_position_renders_the_page_afresh(client):
    negotiation = make_negotiation()
    client.get(_url(negotiation))

    make_position(actor=negotiation.side_a)
    client.get(_url(negotiation))

    assert len(renders) == 2


def test_a_change_in_another_negotiation_keeps_this_page_cached(client):
    negotiation = make_negotiation()
    client.get(_url(negotiation))

    make_position(actor=make_negotiation().side_a)
    response = client.get(_url(negotiation))

    assert response["X-Page-Cache"] == "hit"


def test_the_htmx_fragment_and_the_full_page_are_cached_apart(client):
    negotiation = make_negotiation(title="T")

    full = client.get(_url(negotiation))
    fragment = client.get(_url(negotiation), headers={"HX-Request": "true"})
    full_again = client.get(_url(negotiation))
    fragment_again = client.get(_url(negotiation), headers={"HX-Request": "true"})

    assert full.content == full_again.content == b"page: T as of None"
    assert fragment.content == fragment_again.content == b"fragment: T as of None"
    assert full["ETag"] != fragment["ETag"]
    assert "HX-Request" in fragment["Vary"]


def test_the_query_string_is_part_of_the_key(client):
    negotiation = make_negotiation(title="T")

    may = client.get(_url(negotiation, "?as_of=2024-05-01"))
    june = client.get(_url(negotiation, "?as_of=2024-06-01"))

    assert may.content == b"page: T as of 2024-05-01"
    assert june.content == b"page: T as of 2024-06-01"


def test_the_key_changes_with_the_date_because_the_state_of_play_defaults_to_today(
    client, monkeypatch
):
    negotiation = make_negotiation()
    first = client.get(_url(negotiation))

    tomorrow = datetime.date.today() + datetime.timedelta(days=1)
    monkeypatch.setattr(caching.timezone, "localdate", lambda: tomorrow)
    second = client.get(_url(negotiation))

    assert len(renders) == 2
    assert first["ETag"] != second["ETag"]


def test_a_reload_with_the_etag_costs_one_query_and_a_304(
    client, django_assert_num_queries
):
    negotiation = make_negotiation()
    etag = client.get(_url(negotiation))["ETag"]

    with django_assert_num_queries(1):
        response = client.get(_url(negotiation), headers={"If-None-Match": etag})

    assert response.status_code == 304
    assert response["ETag"] == etag
    assert response.content == b""


def test_an_old_etag_gets_the_fresh_page_after_an_edit(client):
    negotiation = make_negotiation(title="Before")
    etag = client.get(_url(negotiation))["ETag"]

    negotiation.title = "After"
    negotiation.save()
    response = client.get(_url(negotiation), headers={"If-None-Match": etag})

    assert response.status_code == 200
    assert response.content == b"page: After as of None"
    assert response["ETag"] != etag


def test_a_signed_in_editor_is_never_served_a_cached_page_nor_leaves_one(client):
    negotiation = make_negotiation(title="T")
    client.force_login(User.objects.create_user("editor", is_staff=True))

    first = client.get(_url(negotiation))
    second = client.get(_url(negotiation))
    client.logout()
    anonymous = client.get(_url(negotiation))

    assert len(renders) == 3
    assert "ETag" not in first
    assert "X-Page-Cache" not in second
    assert anonymous["X-Page-Cache"] == "miss"


def test_an_error_response_is_not_cached(client):
    negotiation = make_negotiation()

    first = client.get(_url(negotiation, "?as_of=bad"))
    second = client.get(_url(negotiation, "?as_of=bad"))

    assert first.status_code == second.status_code == 400
    assert "X-Page-Cache" not in second
    assert "ETag" not in second


def test_an_unpublished_negotiation_is_a_404_and_is_not_cached(client):
    negotiation = make_negotiation(is_published=False)

    response = client.get(_url(negotiation))

    assert response.status_code == 404
    assert "ETag" not in response


def test_unpublishing_takes_the_page_down_at_once(client):
    negotiation = make_negotiation()
    client.get(_url(negotiation))

    negotiation.is_published = False
    negotiation.save()

    assert client.get(_url(negotiation)).status_code == 404


def test_a_page_holding_a_visitors_csrf_token_is_not_shared(client):
    negotiation = make_negotiation()

    first = client.get(f"/token/{negotiation.slug}/")
    second = client.get(f"/token/{negotiation.slug}/")

    assert len(renders) == 2
    assert "X-Page-Cache" not in first
    assert "X-Page-Cache" not in second


def test_a_cached_card_can_still_be_embedded_in_other_sites(client):
    negotiation = make_negotiation()

    client.get(f"/card/{negotiation.slug}/")
    response = client.get(f"/card/{negotiation.slug}/")

    assert response["X-Page-Cache"] == "hit"
    assert "X-Frame-Options" not in response


def test_a_cached_page_keeps_its_headers(client):
    negotiation = make_negotiation()

    first = client.get(_url(negotiation))
    second = client.get(_url(negotiation))

    assert second["Content-Type"] == first["Content-Type"]
    assert second["X-Frame-Options"] == "DENY"


def test_a_cache_outage_still_serves_the_page(client, monkeypatch):
    negotiation = make_negotiation(title="T")

    def refuse(*args, **kwargs):
        raise ConnectionError("cache down")

    monkeypatch.setattr(caching.cache, "get", refuse)
    monkeypatch.setattr(caching.cache, "set", refuse)
    response = client.get(_url(negotiation))

    assert response.status_code == 200
    assert response.content == b"page: T as of None"


def test_with_the_page_cache_off_the_view_runs_alone(
    client, settings, django_assert_num_queries
):
    settings.PAGE_CACHE_SECONDS = 0
    negotiation = make_negotiation()

    with django_assert_num_queries(1):
        response = client.get(_url(negotiation))

    assert "ETag" not in response
    assert "X-Page-Cache" not in response


def test_the_home_page_is_cached_until_a_published_negotiation_changes(client):
    negotiation = make_negotiation(title="Alpha")

    client.get("/")
    cached = client.get("/")
    negotiation.title = "Beta"
    negotiation.save()
    fresh = client.get("/")

    assert cached["X-Page-Cache"] == "hit"
    assert fresh.content == b"Beta"


def test_the_home_page_sees_a_negotiation_published_unpublished_or_deleted(client):
    first = make_negotiation(title="Alpha")
    draft = make_negotiation(title="Draft", is_published=False, sides=False)
    assert client.get("/").content == b"Alpha"

    draft.is_published = True
    draft.save()
    assert client.get("/").content == b"Alpha, Draft"

    first.is_published = False
    first.save()
    assert client.get("/").content == b"Draft"

    draft.delete()
    assert client.get("/").content == b""


def test_the_home_page_sees_a_commit_that_carries_an_earlier_timestamp(client):
    older = make_negotiation(title="Older")
    newer = make_negotiation(title="Newer")
    Negotiation.objects.filter(pk=newer.pk).update(
        changed_at=datetime.datetime(2030, 1, 1, tzinfo=datetime.UTC)
    )
    client.get("/")

    # A transaction that began earlier commits last, with an earlier stamp.
    Negotiation.objects.filter(pk=older.pk).update(
        title="Older, edited",
        changed_at=datetime.datetime(2029, 1, 1, tzinfo=datetime.UTC),
    )

    assert client.get("/").content == b"Newer, Older, edited"
