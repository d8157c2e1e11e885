"""Two app servers share one PostgreSQL and one Redis, and never serve a stale page.

Two gunicorn processes run the production settings against the test database
and a Redis database under a key prefix of this run's own. The cache is warmed
through both, an editor changes the negotiation through the admin of the first,
and the second serves the fresh page at once.
"""

import html
import os
import re
import uuid

import pytest
from django.urls import reverse

from tests.browsing import (
    cookie_header,
    form_with,
    make_superuser,
    post_file,
    post_form,
    sign_in,
)
from tests.factories import make_issue, make_negotiation, make_position
from tests.servers import Server, production_env, shared_database_url

REDIS_URL = os.environ.get("TEST_REDIS_URL", "redis://127.0.0.1:6379/9")

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture(scope="module")
def redis_url():
    redis = pytest.importorskip("redis")
    try:
        redis.Redis.from_url(REDIS_URL, socket_connect_timeout=1).ping()
    except redis.RedisError as error:
        pytest.skip(f"No Redis answers at {REDIS_URL} ({error}).")
    return REDIS_URL


@pytest.fixture(scope="module")
def key_prefix(redis_url):
    import redis

    prefix = f"test-two-processes-{uuid.uuid4().hex}"
    yield prefix
    client = redis.Redis.from_url(redis_url)
    for key in client.scan_iter(match=f"{prefix}:*"):
        client.delete(key)


@pytest.fixture(scope="module")
def app_env(tmp_path_factory, django_db_setup, redis_url, key_prefix):
    return production_env(
        shared_database_url(),
        tmp_path_factory.mktemp("static"),
        REDIS_URL=redis_url,
        CACHE_KEY_PREFIX=key_prefix,
        WEB_CONCURRENCY="1",
    )


@pytest.fixture(scope="module")
def servers(app_env, tmp_path_factory):
    logs = tmp_path_factory.mktemp("logs")
    # Each server gets a temporary folder of its own, as on two machines.
    started = [
        Server(
            {**app_env, "TMPDIR": str(tmp_path_factory.mktemp(f"tmp-{n}"))},
            logs / f"server-{n}.log",
        )
        for n in (1, 2)
    ]
    try:
        for server in started:
            server.wait_until_up()
        yield started
    finally:
        # Before the test database is flushed and dropped: they hold connections.
        for server in started:
            server.stop()


def _edit_in_admin(server, jar, path, **changes):
    """Open the admin's change form, change some fields, save it as a browser would."""
    page = server.request("GET", path, headers={"Cookie": cookie_header(jar)})
    assert page.status == 200, page.text[:2000]
    fields = [
        (name, value)
        for name, value in form_with(page.text, "_save")
        if name not in changes
    ]
    fields.extend(changes.items())
    response = post_form(server, path, fields, jar)
    errors = re.findall(
        r'<ul class="errorlist[^"]*"[^>]*>.*?</ul>', response.text, re.S
    )
    assert response.status == 302, errors or response.text[:4000]


def test_an_edit_through_one_server_is_seen_fresh_through_the_other(servers):
    first, second = servers
    negotiation = make_negotiation(title="Talks resume in Doha")
    issue = make_issue(negotiation, title="Prisoners released")
    make_position(actor=negotiation.side_a, issue=issue, value=700)
    make_position(actor=negotiation.side_b, issue=issue, value=1500)
    make_superuser("editor")
    page = reverse("negotiations:state_of_play", args=[negotiation.slug])

    rendered = first.request("GET", page)
    shared = second.request("GET", page)
    warm = [server.request("GET", page) for server in servers]

    assert rendered.status == 200, rendered.text[:2000]
    assert rendered.getheader("X-Page-Cache") == "miss"
    # The second server never rendered the page: it came from the shared Redis.
    assert shared.getheader("X-Page-Cache") == "hit"
    assert shared.text == rendered.text
    assert [response.getheader("X-Page-Cache") for response in warm] == ["hit", "hit"]
    etag = rendered.getheader("ETag")
    revalidated = second.request("GET", page, headers={"If-None-Match": etag})
    assert revalidated.status == 304

    jar = sign_in(first, "editor")
    change = reverse("admin:negotiations_negotiation_change", args=[negotiation.pk])
    _edit_in_admin(first, jar, change, title="Deal announced in Doha")

    fresh = second.request("GET", page)
    after_revalidation = second.request("GET", page, headers={"If-None-Match": etag})
    assert fresh.status == 200
    assert fresh.getheader("X-Page-Cache") == "miss"
    assert html.escape("Deal announced in Doha") in fresh.text
    assert html.escape("Talks resume in Doha") not in fresh.text
    assert after_revalidation.status == 200
    assert after_revalidation.getheader("ETag") != etag
    assert html.escape("Deal announced in Doha") in first.request("GET", page).text


def test_a_signed_in_editor_gets_their_own_page_on_either_server(servers):
    first, second = servers
    negotiation = make_negotiation(title="Talks in Cairo")
    make_superuser("editor")
    page = reverse("negotiations:state_of_play", args=[negotiation.slug])
    first.request("GET", page)

    jar = sign_in(first, "editor")
    # Sessions live in PostgreSQL: signed in through one server, known to both.
    as_editor = second.request("GET", page, headers={"Cookie": cookie_header(jar)})

    assert as_editor.status == 200
    assert as_editor.getheader("X-Page-Cache") is None
    assert as_editor.getheader("ETag") is None


def test_a_replacement_uploaded_to_one_server_is_confirmed_on_the_other(servers):
    from negotiations import interchange
    from negotiations.models import Negotiation
    from tests.negotiations.documents import make_document, to_bytes

    first, second = servers
    interchange.import_negotiation(make_document())
    make_superuser("editor")
    jar = sign_in(first, "editor")
    path = reverse("admin:negotiations_negotiation_import")
    page = first.request("GET", path, headers={"Cookie": cookie_header(jar)})
    token_field = dict(form_with(page.text, "csrfmiddlewaretoken"))
    replacement = make_document()
    replacement["negotiation"]["title"] = "Test talks, second edition"

    asked = post_file(
        first,
        path,
        [("csrfmiddlewaretoken", token_field["csrfmiddlewaretoken"])],
        "document",
        to_bytes(replacement),
        jar,
    )
    assert asked.status == 200, asked.text[:2000]
    confirm = form_with(asked.text, "token")
    confirm.append(("confirm", "yes"))
    # The confirmation lands on the other server: the upload waits in the database.
    confirmed = post_form(second, path, confirm, jar)

    assert confirmed.status == 302, confirmed.text[:2000]
    assert Negotiation.objects.get().title == "Test talks, second edition"
    again = post_form(first, path, confirm, jar)
    assert again.status == 302
    assert "/import/" in again.getheader("Location")
