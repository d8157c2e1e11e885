"""An analyst opens a proposal version and switches what it is compared with."""

import re

import pytest
from playwright.sync_api import expect

from tests.e2e.scenes import make_harbour_talks

pytestmark = pytest.mark.e2e

AUGUST = "/negotiations/harbour-talks/proposals/framework/August%20draft/"


def test_switching_the_diff_from_baseline_to_previous_swaps_it_in_place(page):
    make_harbour_talks()
    page.goto(AUGUST)
    comparison = page.locator("#comparison")
    expect(
        page.get_by_role("heading", name="Compared with Lakeland framework, June draft")
    ).to_be_visible()
    redline = page.get_by_role("region", name="Inline redline")
    expect(redline.locator("del", has_text="18")).to_have_count(1)
    expect(redline.locator("ins", has_text="33")).to_have_count(1)
    expect(
        comparison.get_by_role("cell", name="Full control by the North")
    ).to_be_visible()
    page.evaluate("window.__sameDocument = true")

    page.get_by_label("Compare with").select_option("previous")

    expect(
        page.get_by_role("heading", name="Compared with Lakeland framework, July draft")
    ).to_be_visible()
    expect(page).to_have_url(re.compile(r"\?(.*&)?against=previous"))
    expect(redline.locator("del", has_text="24")).to_have_count(1)
    expect(redline.locator("del", has_text="18")).to_have_count(0)
    expect(comparison.get_by_role("cell", name="Reduced presence")).to_be_visible()
    expect(
        comparison.get_by_role("cell", name="Full control by the North")
    ).to_have_count(0)
    assert page.evaluate("window.__sameDocument") is True


def test_a_shared_diff_url_opens_on_the_same_comparison(page):
    make_harbour_talks()
    page.goto(AUGUST + "?against=previous")

    expect(
        page.get_by_role("heading", name="Compared with Lakeland framework, July draft")
    ).to_be_visible()
    expect(page.get_by_label("Compare with")).to_have_value("previous")

    page.get_by_label("Compare with").select_option("baseline")

    expect(page).to_have_url(re.compile(r"against=baseline"))
    expect(
        page.get_by_role("heading", name="Compared with Lakeland framework, June draft")
    ).to_be_visible()
