"""Stored text that looks like markup is shown as text and never runs, on every page."""

import re
from urllib.parse import quote

import pytest
from playwright.sync_api import expect

from tests.e2e.scenes import HOSTILE, make_hostile_talks

pytestmark = pytest.mark.e2e

ROOT = "/negotiations/hostile-talks/"


def _pages(versions):
    first, second = (version.get_absolute_url() for version in versions)
    return [
        "/",
        ROOT,
        ROOT + "?as_of=2024-06-20",
        ROOT + "issues/crossing/",
        ROOT + "issues/detainees/",
        ROOT + "actors/red/",
        ROOT + "actors/blue/",
        ROOT + "timeline/",
        ROOT + "timeline/?actor=blue&issue=crossing",
        first,
        second,
        second + "?against=previous&view=side",
    ]


def _assert_nothing_ran(page):
    assert page.evaluate("typeof window.__pwned") == "undefined", page.url
    # Escaped, the markup is text; parsed, it would be elements.
    assert page.locator("img[src='x']").count() == 0, page.url
    assert page.locator("a[href^='javascript:' i]").count() == 0, page.url


def test_hostile_text_runs_nothing_on_any_page_loaded_or_swapped_in(page):
    _, versions = make_hostile_talks()

    for url in _pages(versions):
        page.goto(url)
        _assert_nothing_ran(page)
        assert HOSTILE[0] in page.locator("main").inner_text(), url

    # A search reflects the query and lists hostile titles among its results.
    for url in [f"/search/?q={quote(HOSTILE[1])}", ROOT + "search/?q=Clause"]:
        page.goto(url)
        _assert_nothing_ran(page)

    # htmx inserts swapped fragments itself, so each swap is checked too.
    page.goto(ROOT + "?as_of=2024-06-20")
    page.get_by_label("State of play on", exact=True).fill("2024-07-20")
    page.get_by_role("button", name="Show").click()
    expect(
        page.get_by_role("heading", name="State of play on 20 July 2024")
    ).to_be_visible()
    _assert_nothing_ran(page)

    page.goto(ROOT + "timeline/")
    page.get_by_label("Actor").select_option("red")
    expect(page).to_have_url(re.compile("actor=red"))
    page.get_by_label("Sticking point").select_option("crossing")
    expect(page).to_have_url(re.compile("issue=crossing"))
    _assert_nothing_ran(page)

    page.goto(versions[1].get_absolute_url())
    page.get_by_label("Compare with").select_option("baseline")
    expect(page).to_have_url(re.compile("against=baseline"))
    _assert_nothing_ran(page)
    assert HOSTILE[1] in page.locator("#comparison").inner_text()
