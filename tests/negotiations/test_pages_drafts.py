"""Nothing unpublished appears on any public page."""

import datetime
import re

import pytest

from negotiations.labels import version_url
from tests.factories import (
    make_event,
    make_issue,
    make_negotiation,
    make_position,
    make_proposal,
    make_response,
    make_version,
)
from tests.negotiations.page_scenarios import small_negotiation

pytestmark = pytest.mark.django_db

D = datetime.date
SECRET = "SECRET-DRAFT-TEXT"


def _pages(negotiation_slug="small"):
    base = f"/negotiations/{negotiation_slug}/"
    return [
        "/",
        base + "?as_of=2024-08-30",
        base + "timeline/",
        base + "issues/prisoners/",
        base + "issues/corridor/",
        base + "actors/alpha/",
        base + "actors/beta/",
        base + "actors/gamma/",
        base + "proposals/framework/2024-07-05/",
    ]


def _with_drafts():
    negotiation, objects = small_negotiation()
    make_position(
        actor=objects["alpha"],
        issue=objects["prisoners"],
        value=999,
        as_of=D(2024, 8, 1),
        summary=SECRET,
        is_published=False,
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
    return negotiation, objects, draft


@pytest.mark.parametrize("index", range(9))
def test_drafts_never_appear_on_any_page(client, index):
    _with_drafts()
    url = _pages()[index]
    response = client.get(url)
    assert response.status_code == 200
    html = response.content.decode()
    assert SECRET not in html
    # Whole numbers only: a timestamp's microseconds may hold the same digits.
    assert re.search(r"\b(999|777)\b", html) is None


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


def test_a_draft_negotiation_is_not_found_on_any_page(client):
    negotiation = make_negotiation(slug="hidden", title=SECRET, is_published=False)
    make_issue(negotiation, slug="prisoners")
    for url in _pages("hidden")[1:]:
        assert client.get(url).status_code == 404, url
    assert SECRET not in client.get("/").content.decode()
