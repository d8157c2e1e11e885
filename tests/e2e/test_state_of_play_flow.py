"""A reader replays the state of play on past dates and opens a sticking point."""

import re

import pytest
from playwright.sync_api import expect

from tests.e2e.scenes import make_harbour_talks

pytestmark = pytest.mark.e2e


def test_moving_the_date_swaps_the_state_of_play_in_place_and_back_restores_it(page):
    make_harbour_talks()
    page.goto("/negotiations/harbour-talks/?as_of=2024-06-20")
    state = page.locator("#state-of-play")
    june = page.get_by_role("heading", name="State of play on 20 June 2024")
    expect(june).to_be_visible()
    expect(state.get_by_text("Full control by the North").first).to_be_visible()
    # A full reload would wipe this marker; an htmx swap keeps it.
    page.evaluate("window.__sameDocument = true")

    page.get_by_label("State of play on", exact=True).fill("2024-07-20")
    page.get_by_role("button", name="Show").click()

    expect(
        page.get_by_role("heading", name="State of play on 20 July 2024")
    ).to_be_visible()
    expect(page).to_have_url(
        re.compile(r"/negotiations/harbour-talks/\?.*as_of=2024-07-20")
    )
    expect(state.get_by_text("International monitors").first).to_be_visible()
    expect(state.get_by_text("Full control by the North")).to_have_count(0)
    assert page.evaluate("window.__sameDocument") is True

    page.go_back()

    expect(june).to_be_visible()
    expect(page).to_have_url(re.compile(r"as_of=2024-06-20"))
    expect(state.get_by_text("Full control by the North").first).to_be_visible()


def test_a_sticking_point_shows_its_gap_chart_with_a_title(page):
    make_harbour_talks()
    page.goto("/negotiations/harbour-talks/")

    # The card's heading links to the sticking point page (the glance's row
    # above it links to the card).
    card = page.get_by_role("heading", level=3, name="Coastal corridor")
    card.get_by_role("link").click()

    expect(
        page.get_by_role("heading", level=1, name="Coastal corridor")
    ).to_be_visible()
    chart = page.get_by_role("img", name="Relative gap between")
    expect(chart).to_be_visible()
    assert chart.evaluate("element => element.tagName.toLowerCase()") == "svg"
    title = chart.locator("title")
    expect(title).to_have_text(
        "Relative gap between Northern Alliance and Southern Front "
        "on Coastal corridor, over time"
    )
    assert chart.locator("path.gap-line").get_attribute("d")
