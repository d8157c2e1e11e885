"""The edges every request passes: NUL, HEAD, the security policy, the cache's host."""

import re

import pytest
from django.core.cache import cache
from django.urls import reverse

from tests.factories import (
    make_issue,
    make_negotiation,
    make_position,
    make_proposal,
    make_version,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def negotiation():
    negotiation = make_negotiation(slug="talks")
    issue = make_issue(negotiation, slug="prisoners")
    make_position(issue=issue, value=700)
    make_version(make_proposal(negotiation, slug="bridging"), label="July")
    return negotiation


def test_a_nul_in_a_version_label_is_not_found(client, negotiation):
    response = client.get("/negotiations/talks/proposals/bridging/%00/")
    assert response.status_code == 404


@pytest.mark.parametrize(
    "url",
    [
        "/search/?q=%00",
        "/negotiations/talks/timeline/?issue=%00",
        "/negotiations/talks/?as_of=2024-01-01%00",
    ],
)
def test_a_nul_in_the_query_string_is_a_bad_request(client, negotiation, url):
    response = client.get(url)
    assert response.status_code == 400
    assert "holds a NUL character" in response.content.decode()


def test_a_nul_in_an_admin_autocomplete_is_a_bad_request(admin_client, negotiation):
    url = reverse("admin:autocomplete")
    response = admin_client.get(
        url,
        {
            "term": "\x00",
            "app_label": "parties",
            "model_name": "actor",
            "field_name": "author",
        },
    )
    assert response.status_code == 400


@pytest.mark.parametrize(
    "name, kwargs",
    [
        ("negotiation_list", {}),
        ("state_of_play", {"negotiation": "talks"}),
        ("issue", {"negotiation": "talks", "issue": "prisoners"}),
        ("issue_card", {"negotiation": "talks", "issue": "prisoners"}),
        ("feed", {"negotiation": "talks"}),
        ("search_all", {}),
    ],
)
def test_head_answers_wherever_get_does_without_a_body(
    client, negotiation, name, kwargs
):
    url = reverse(f"negotiations:{name}", kwargs=kwargs)
    got = client.get(url)

    head = client.head(url)

    assert got.status_code == 200
    assert head.status_code == 200
    assert head.content == b""
    assert head["Content-Type"] == got["Content-Type"]
    assert int(head["Content-Length"]) == len(got.content)


def test_head_of_a_download_reads_no_rows(
    client, negotiation, django_assert_num_queries
):
    url = reverse("negotiations:positions_csv", kwargs={"negotiation": "talks"})
    # The negotiation only: the table's generator is never started.
    with django_assert_num_queries(1):
        head = client.head(url)
    assert head.status_code == 200
    assert b"".join(head.streaming_content) == b""


def _policy(response):
    return dict(
        part.strip().split(" ", 1)
        for part in response["Content-Security-Policy"].split(";")
    )


@pytest.mark.parametrize(
    "url",
    ["/", "/negotiations/talks/", "/admin/login/", "/no-such-page/"],
)
def test_every_page_has_a_policy_that_runs_only_the_sites_scripts(
    client, negotiation, url
):
    policy = _policy(client.get(url))
    assert policy["script-src"] == "'self'"
    assert policy["object-src"] == "'none'"
    assert policy["frame-ancestors"] == "'none'"


def test_the_admin_pages_have_the_policy_and_no_inline_script(
    admin_client, negotiation
):
    position = negotiation.positions.get()
    url = reverse("admin:negotiations_position_change", args=[position.pk])
    response = admin_client.get(url)
    assert _policy(response)["script-src"] == "'self'"
    html = response.content.decode()
    scripts = re.findall(r"<script\b([^>]*)>", html)
    assert scripts
    for attributes in scripts:
        assert "src=" in attributes or "application/json" in attributes, attributes
    assert not re.search(r"\son[a-z]+=", html)


def test_the_embeddable_card_may_be_framed_anywhere(client, negotiation):
    url = reverse(
        "negotiations:issue_card",
        kwargs={"negotiation": "talks", "issue": "prisoners"},
    )
    assert _policy(client.get(url))["frame-ancestors"] == "*"


def test_the_page_cache_keeps_each_hosts_page_apart(client, negotiation, settings):
    settings.PAGE_CACHE_SECONDS = 600
    settings.ALLOWED_HOSTS = ["tracker.example", "evil.example"]
    cache.clear()
    url = reverse("negotiations:feed", kwargs={"negotiation": "talks"})
    try:
        client.get(url, HTTP_HOST="evil.example")
        response = client.get(url, HTTP_HOST="tracker.example")
    finally:
        cache.clear()
    body = response.content.decode()
    assert "evil.example" not in body
    assert "tracker.example" in body
