"""An analyst filters the timeline and shares the filtered URL."""

import re

import pytest
from playwright.sync_api import expect

from tests.e2e.scenes import make_harbour_talks

pytestmark = pytest.mark.e2e


def _items(page):
    """Return the text of each timeline entry (not of the source lists inside them)."""
    return page.locator("#timeline-items .timeline-list > li").all_inner_texts()


def test_filtering_by_actor_and_issue_gives_a_url_that_reopens_the_same_results(
    page, new_page
):
    make_harbour_talks()
    page.goto("/negotiations/harbour-talks/timeline/")
    expect(page.get_by_role("heading", name="15 items")).to_be_visible()
    page.evaluate("window.__sameDocument = true")

    page.get_by_label("Actor").select_option(label="Southern Front")
    expect(page.get_by_role("heading", name="5 items")).to_be_visible()
    page.get_by_label("Sticking point").select_option(label="Coastal corridor")

    expect(page.get_by_role("heading", name="2 items")).to_be_visible()
    expect(page).to_have_url(re.compile(r"\?(?=.*actor=south)(?=.*issue=corridor)"))
    assert page.evaluate("window.__sameDocument") is True
    filtered = _items(page)
    assert "Southern Front on Coastal corridor: Full withdrawal" in filtered[0]
    assert "Southern Front: countered" in filtered[1]
    assert not any("Northern Alliance on" in item for item in filtered)

    shared = page.url
    page.reload()

    assert page.url == shared
    expect(page.get_by_role("heading", name="2 items")).to_be_visible()
    assert page.evaluate("window.__sameDocument") is None
    expect(page.get_by_label("Actor")).to_have_value("south")
    expect(page.get_by_label("Sticking point")).to_have_value("corridor")
    assert _items(page) == filtered

    # Someone else opening the shared URL, with no cookies, sees the same.
    reader = new_page()
    reader.goto(shared)
    expect(reader.get_by_role("heading", name="2 items")).to_be_visible()
    assert _items(reader) == filtered
