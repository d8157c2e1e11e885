"""A reader searches the demo negotiation from the site's navigation."""

import re

import pytest
from playwright.sync_api import expect

from tests.e2e.scenes import load_demo

pytestmark = pytest.mark.e2e


def test_searching_every_negotiation_finds_philadelphi_in_the_demo(page):
    load_demo()
    page.goto("/")
    page.get_by_role("navigation", name="Site").get_by_role(
        "link", name="Search"
    ).click()

    page.get_by_role("searchbox", name="Search every negotiation").fill("Philadelphi")
    page.get_by_role("button", name="Search").click()

    expect(page).to_have_url(re.compile(r"/search/\?(.*&)?q=Philadelphi"))
    results = page.locator("#search-results")
    expect(
        results.get_by_role(
            "link", name="Philadelphi Corridor (Gaza-Egypt border)"
        ).first
    ).to_be_visible()
    page.reload()
    expect(
        page.get_by_role("searchbox", name="Search every negotiation")
    ).to_have_value("Philadelphi")
    expect(
        results.get_by_role(
            "link", name="Philadelphi Corridor (Gaza-Egypt border)"
        ).first
    ).to_be_visible()
