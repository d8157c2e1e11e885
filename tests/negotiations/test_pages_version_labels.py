"""Any version label (up to 40 characters) gets a URL that resolves to its page."""

from urllib.parse import urlencode, urlsplit

import pytest
from django.urls import resolve, reverse

from negotiations.labels import (
    escape_label,
    unescape_label,
    version_url,
    version_url_for,
)
from tests.factories import make_negotiation, make_proposal, make_version
from tests.negotiations.page_scenarios import page_text

LABELS = [
    "a/b",
    "v 2?x#y",
    "50%",
    "١٢",
    "ß",
    ".",
    "..",
    "../..",
    "a/../b",
    "~tilde",
    "~",
    "/leading",
    "trailing/",
    "%2F",
    "%2e%2e",
    " spaced ",
    "שלב ב",
    "x" * 40,
]

DOT_SEGMENTS = {".", "..", "%2e", "%2e%2e", ".%2e", "%2e."}


@pytest.mark.parametrize("label", LABELS + [""])
def test_escaping_a_label_round_trips(label):
    assert unescape_label(escape_label(label)) == label


@pytest.mark.parametrize("label", LABELS)
def test_encoded_label_has_no_segment_a_browser_would_collapse(label):
    url = version_url_for("n", "p", label)
    segments = urlsplit(url).path.split("/")
    assert not DOT_SEGMENTS & {segment.lower() for segment in segments}
    assert "?" not in url and "#" not in url and " " not in url


@pytest.mark.django_db
@pytest.mark.parametrize("label", LABELS)
def test_every_label_reaches_its_version_page(client, label):
    negotiation = make_negotiation(slug="labels")
    proposal = make_proposal(negotiation, slug="p", title="Plan")
    version = make_version(proposal, label=label, summary="The labelled one.")
    url = version_url(version)
    response = client.get(url)
    assert response.status_code == 200
    assert response.context["version"] == version
    # Links on the page to itself use the same encoded URL.
    assert f'action="{url}"' in response.content.decode()


@pytest.mark.django_db
@pytest.mark.parametrize("label", ["a/b", "v 2?x#y", "50%", "١٢", "ß", ".."])
def test_against_names_a_version_whatever_its_label(client, label):
    negotiation = make_negotiation(slug="labels")
    proposal = make_proposal(negotiation, slug="p", title="Plan")
    make_version(proposal, label=label)
    other = make_version(proposal, label="other")
    query = urlencode({"against": f"p/{label}"})
    response = client.get(f"{version_url(other)}?{query}")
    assert response.status_code == 200
    assert response.context["comparison"].against.label == label


@pytest.mark.django_db
def test_reverse_of_a_label_with_a_slash_still_resolves(client):
    negotiation = make_negotiation(slug="labels")
    proposal = make_proposal(negotiation, slug="p")
    make_version(proposal, label="a/b")
    path = reverse(
        "negotiations:version",
        kwargs={"negotiation": "labels", "proposal": "p", "version": "a/b"},
    )
    assert resolve(path).kwargs["version"] == "a/b"
    assert client.get(path).status_code == 200


@pytest.mark.django_db
def test_a_versions_absolute_url_keeps_its_label_one_segment(client):
    negotiation = make_negotiation(slug="labels")
    proposal = make_proposal(negotiation, slug="p")
    version = make_version(proposal, label="a/../b")
    url = version.get_absolute_url()
    assert url == "/negotiations/labels/proposals/p/a%2F..%2Fb/"
    assert client.get(url).context["version"].label == "a/../b"


@pytest.mark.django_db
def test_labels_show_as_text_on_the_timeline_with_encoded_links(client):
    negotiation = make_negotiation(slug="labels")
    proposal = make_proposal(negotiation, slug="p", title="Plan")
    make_version(proposal, label="v 2?x#y")
    response = client.get("/negotiations/labels/timeline/")
    assert 'href="/negotiations/labels/proposals/p/v%202%3Fx%23y/"' in (
        response.content.decode()
    )
    assert "Plan, version v 2?x#y" in page_text(response)
