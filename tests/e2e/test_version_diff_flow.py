"""An analyst opens a proposal version and switches what it is compared with."""

import re

import pytest
from playwright.sync_api import expect

from tests.e2e.scenes import make_harbour_talks

pytestmark = pytest.mark.e2e

AUGUST = "/negotiations/harbour-talks/proposals/framework/August%20draft/"


def test_switching_the_diff_between_baseline_and_previous_swaps_it_in_place(page):
    make_harbour_talks()
    page.goto(AUGUST)
    comparison = page.locator("#comparison")
    against_june = page.get_by_role(
        "heading", name="Compared with Lakeland framework, June draft"
    )
    against_july = page.get_by_role(
        "heading", name="Compared with Lakeland framework, July draft"
    )
    expect(against_june).to_be_visible()
    redline = page.get_by_role("region", name="Inline redline")
    expect(redline.locator("del", has_text="18")).to_have_count(1)
    expect(redline.locator("ins", has_text="33")).to_have_count(1)
    expect(
        comparison.get_by_role("cell", name="Full control by the North")
    ).to_be_visible()
    page.evaluate("window.__sameDocument = true")

    page.get_by_label("Compare with").select_option("previous")

    expect(against_july).to_be_visible()
    expect(page).to_have_url(re.compile(r"\?(.*&)?against=previous"))
    expect(redline.locator("del", has_text="24")).to_have_count(1)
    expect(redline.locator("del", has_text="18")).to_have_count(0)
    expect(comparison.get_by_role("cell", name="Reduced presence")).to_be_visible()
    expect(
        comparison.get_by_role("cell", name="Full control by the North")
    ).to_have_count(0)
    assert page.evaluate("window.__sameDocument") is True

    # The pushed URL is shareable: loaded afresh it shows the same comparison.
    page.reload()
    expect(against_july).to_be_visible()
    expect(page.get_by_label("Compare with")).to_have_value("previous")
    assert page.evaluate("window.__sameDocument") is None

    page.get_by_label("Compare with").select_option("baseline")

    expect(page).to_have_url(re.compile(r"against=baseline"))
    expect(against_june).to_be_visible()
    expect(redline.locator("del", has_text="18")).to_have_count(1)
