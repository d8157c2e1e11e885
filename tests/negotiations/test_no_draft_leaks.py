"""Nothing unpublished appears in any public output.

One negotiation holds a draft of every kind beside its published neighbours
(a position, a version with its term, a response to a published version, a
published response to a draft version, an event, a proposal whose every
version is a draft, a source cited only by drafts, draft implementation
reports on a published agreement's commitment, and a draft agreement whose
commitment has a published report), and a draft negotiation sits beside it. Every public URL, feed, CSV, JSON export, search and card is
fetched and checked for the drafts' text.

To extend it: add a draft of the new kind to `_with_drafts()`, and the new
page's URLs to PUBLIC_OUTPUTS under its kind of output.
"""

import datetime
import re

import pytest

from negotiations.labels import version_url
from negotiations.models import Status
from tests.factories import (
    make_commitment,
    make_event,
    make_implementation_entry,
    make_issue,
    make_negotiation,
    make_position,
    make_proposal,
    make_response,
    make_source,
    make_version,
)
from tests.negotiations.page_scenarios import small_negotiation

pytestmark = pytest.mark.django_db

D = datetime.date
SECRET = "SECRET-DRAFT-TEXT"


def _pages(base):
    return [
        base + "?as_of=2024-08-30",
        base + "?as_of=2024-08-30&evidence=stated",
        base + "timeline/",
        base + "timeline/?start=2024-08-01",
        base + "issues/prisoners/",
        base + "issues/corridor/",
        base + "actors/alpha/",
        base + "actors/beta/",
        base + "actors/gamma/",
        base + "proposals/framework/2024-07-05/",
        base + "proposals/framework/2024-07-05/?against=previous",
        # The implementation outputs: the agreement's page, the blocks on the
        # state of play, the sticking point and the timeline.
        base + "proposals/ceasefire/2024-09-01/",
        base + "proposals/ceasefire/2024-09-01/implementation/",
        base + "proposals/ceasefire/2024-09-01/implementation/?as_of=2024-09-10",
        base + "proposals/ceasefire/2024-09-01/implementation/?evidence=stated",
        base + "?as_of=2024-09-10",
        base + "issues/prisoners/?as_of=2024-09-10",
        base + "actors/alpha/?as_of=2024-09-10",
        base + "timeline/?kind=implementation",
    ]


def _feeds(base):
    return [
        base + "feed/",
        base + "issues/prisoners/feed/",
        base + "implementation/feed/",
    ]


def _downloads(base):
    return [
        base + "export.json",
        base + "positions.csv",
        base + "state-of-play.csv?as_of=2024-08-30",
        base + "state-of-play.csv",
        base + "implementation.csv",
        base + "state-of-play.csv?as_of=2024-09-10",
    ]


def _search(base):
    return [
        # The page repeats the query: search a word of the drafts' text only.
        "/search/?q=SECRET",
        "/search/?q=prisoners",
        f"{base}search/?q=SECRET",
        f"{base}search/?q=Alpha",
        f"{base}search/?q=released",
    ]


def _cards(base):
    return [
        base + "issues/prisoners/card/?as_of=2024-08-30",
        base + "issues/prisoners/card/",
        base + "issues/corridor/card/",
    ]


def _site(base):
    return ["/", "/?evidence=stated"]


# Each kind of public output and the URLs it is fetched at, for a negotiation's
# base URL. A new page joins the list of its kind (or brings its own kind).
PUBLIC_OUTPUTS = {
    "site": _site,
    "page": _pages,
    "feed": _feeds,
    "download": _downloads,
    "search": _search,
    "card": _cards,
}
ALL_URLS = [
    (kind, url)
    for kind, urls in PUBLIC_OUTPUTS.items()
    for url in urls("/negotiations/small/")
]


def _body(response):
    if response.streaming:
        return b"".join(response.streaming_content).decode("utf-8-sig")
    return response.content.decode("utf-8-sig")


def _with_drafts():
    negotiation, objects = small_negotiation()
    draft_source = make_source(
        negotiation, key="secret-source", title=SECRET, url="https://example.org/s"
    )
    make_position(
        actor=objects["alpha"],
        issue=objects["prisoners"],
        value=999,
        as_of=D(2024, 8, 1),
        summary=SECRET,
        is_published=False,
        sources=[draft_source],
    )
    draft = make_version(
        objects["framework"],
        label=SECRET,
        date=D(2024, 8, 2),
        summary=SECRET,
        terms={objects["prisoners"]: (777, SECRET)},
        text=SECRET,
        is_published=False,
    )
    make_response(
        version=objects["july"],
        actor=objects["alpha"],
        summary=SECRET,
        is_published=False,
    )
    make_response(version=draft, actor=objects["beta"], summary=SECRET)
    make_event(negotiation, title=SECRET, date=D(2024, 8, 3), is_published=False)
    proposal = make_proposal(negotiation, slug="hidden", authors=[objects["alpha"]])
    make_version(proposal, label="only-draft", summary=SECRET, is_published=False)
    make_position(
        actor=objects["beta"],
        issue=objects["prisoners"],
        value=999,
        as_of=D(2024, 8, 5),
        status=Status.CLAIMED,
        summary=SECRET,
        is_published=False,
    )
    _with_implementation_drafts(negotiation, objects)
    hidden = make_negotiation(slug="hidden", title=SECRET, is_published=False)
    make_issue(hidden, slug="prisoners", title=SECRET)
    return negotiation, objects, draft


def _with_implementation_drafts(negotiation, objects):
    """Add a published agreement with draft reports, and a draft agreement."""
    deal = make_proposal(negotiation, slug="ceasefire", title="Cease-fire deal")
    signed = make_version(deal, label="2024-09-01", date=D(2024, 9, 1))
    release = make_commitment(
        version=signed,
        issue=objects["prisoners"],
        value=30,
        slug="release",
        title="Prisoners released",
        due=D(2024, 9, 8),
        owed_by=[objects["alpha"]],
    )
    make_implementation_entry(
        commitment=release, value=12, as_of=D(2024, 9, 5), summary="First released."
    )
    for day, status in ((6, Status.STATED), (7, Status.CLAIMED)):
        make_implementation_entry(
            commitment=release,
            value=999,
            as_of=D(2024, 9, day),
            progress="complete",
            status=status,
            summary=SECRET,
            is_published=False,
            sources=[make_source(negotiation, title=SECRET)],
        )
    draft_deal = make_version(
        deal, label="draft-deal", date=D(2024, 9, 2), is_published=False
    )
    secret = make_commitment(
        version=draft_deal,
        issue=objects["prisoners"],
        value=999,
        slug="draft-commitment",
        title=SECRET,
        summary=SECRET,
        due_text=SECRET,
        owed_by=[objects["alpha"]],
    )
    make_implementation_entry(
        commitment=secret, value=999, as_of=D(2024, 9, 5), summary=SECRET
    )


@pytest.mark.parametrize(("kind", "url"), ALL_URLS)
def test_drafts_never_appear_in_any_public_output(client, kind, url):
    _with_drafts()
    response = client.get(url)
    assert response.status_code == 200, (kind, url)
    body = _body(response)
    assert SECRET not in body, (kind, url)
    # Whole numbers only: a timestamp's microseconds may hold the same digits.
    assert re.search(r"\b(999|777)\b", body) is None, (kind, url)


def test_a_draft_versions_term_is_not_the_latest_proposal(client):
    _with_drafts()
    state = client.get("/negotiations/small/", {"as_of": "2024-08-30"}).context["state"]
    assert state.version.label == "2024-07-05"
    prisoners = next(row for row in state.rows if row.issue.slug == "prisoners")
    assert prisoners.side_a.value == 500
    assert prisoners.term.value == 800


def test_a_draft_version_has_no_page_and_cannot_be_compared_with(client):
    _, _, draft = _with_drafts()
    assert client.get(version_url(draft)).status_code == 404
    response = client.get(
        "/negotiations/small/proposals/framework/2024-07-05/",
        {"against": f"framework/{SECRET}"},
    )
    assert response.status_code == 400


def test_a_draft_baseline_is_not_used(client):
    negotiation, objects, draft = _with_drafts()
    negotiation.baseline = draft
    negotiation.save()
    response = client.get("/negotiations/small/proposals/framework/2024-07-05/")
    assert response.context["comparison"].against is None
    assert SECRET not in response.content.decode()


@pytest.mark.parametrize(
    ("kind", "url"),
    [
        (kind, url)
        for kind, urls in PUBLIC_OUTPUTS.items()
        if kind not in ("site", "search")
        for url in urls("/negotiations/hidden/")
    ],
)
def test_a_draft_negotiation_is_not_found_at_any_of_its_urls(client, kind, url):
    _with_drafts()
    assert client.get(url).status_code == 404, (kind, url)
