"""The demo, read on a phone (390 px) and a desktop (1280 px), page type by page type.

No page scrolls sideways; on a phone the columns that matter stay in view and
the chart's text stays legible; the embed card fits the size its snippet asks
for; the text has no "-0" and no space before a full stop; and the demo's
headline facts are on its pages.
"""

import re

import pytest
from playwright.sync_api import expect

from negotiations.templatetags.public_data import (
    CARD_HEIGHT,
    CARD_NARROWEST,
    CARD_WIDTH,
)
from tests.e2e.conftest import DESKTOP, PHONE, page_log
from tests.e2e.scenes import load_demo

pytestmark = pytest.mark.e2e

BASE = "/negotiations/gaza-2024/"
AGREEMENT = BASE + "proposals/january-2025-agreement/2025-01-15/"
BRIDGING = BASE + "proposals/us-bridging-proposal/2024-08-16/"
ISSUES = [
    "philadelphi-corridor",
    "netzarim-return",
    "end-of-war",
    "full-withdrawal",
    "prisoners-phase-one",
    "phase-one-length",
    "hostages-phase-one",
]
PAGE_TYPES = [
    "/",
    BASE,
    BASE + "?as_of=2024-08-20",
    BASE + "issues/philadelphi-corridor/",
    BASE + "actors/israel/",
    BASE + "actors/united-states/",
    BASE + "timeline/",
    AGREEMENT,
    AGREEMENT + "?view=side",
    BRIDGING + "?against=previous",
    "/search/?q=Philadelphi",
    BASE + "search/?q=hostages",
    BASE + "issues/philadelphi-corridor/card/",
    BASE + "issues/no-such-issue/",
]

WIDER_THAN_THE_SCREEN = """() => {
    const root = document.documentElement;
    return root.scrollWidth > root.clientWidth ? root.scrollWidth : null;
}"""
# The part of the element to the right of the screen, in pixels (0: all in view).
OFF_SCREEN = """(element) =>
    Math.max(0, element.getBoundingClientRect().right - window.innerWidth)"""
# The height on screen of each text of the chart, in pixels.
CHART_TEXT_HEIGHTS = """() => {
    const svg = document.querySelector("svg.gap-chart");
    const scale = svg.getBoundingClientRect().width / svg.viewBox.baseVal.width;
    return [...svg.querySelectorAll("text")].map(
        text => parseFloat(getComputedStyle(text).fontSize) * scale);
}"""
SMALLEST_TEXT = """() => {
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    let smallest = Infinity;
    while (walker.nextNode()) {
        if (!walker.currentNode.textContent.trim()) continue;
        const size = parseFloat(getComputedStyle(walker.currentNode.parentElement).fontSize);
        smallest = Math.min(smallest, size);
    }
    return smallest;
}"""
# A minus before a zero that is a number of its own (not in a date or "10").
MINUS_ZERO = re.compile(r"(?<![\w\-−])[-−]0(?:[.,]0+)?(?![\d.,]*\d)")
SPACE_BEFORE_STOP = re.compile(r"[ \t\u00a0]+\.(?=\s|$)")


def _expect_not_found(page):
    page_log(page).expect(404, "/issues/no-such-issue/")


@pytest.mark.parametrize("viewport", [PHONE, DESKTOP], ids=["phone", "desktop"])
def test_no_page_type_of_the_demo_scrolls_sideways(new_page, viewport):
    load_demo()
    page = new_page(viewport=viewport)
    _expect_not_found(page)
    too_wide = []
    for url in PAGE_TYPES:
        page.goto(url)
        width = page.evaluate(WIDER_THAN_THE_SCREEN)
        if width is not None:
            too_wide.append(f"{url} is {width}px wide")

    assert not too_wide, "\n".join(too_wide)


def test_on_a_phone_this_version_and_the_gap_stay_in_view(new_page):
    load_demo()
    page = new_page(viewport=PHONE)

    page.goto(AGREEMENT)
    this_version = page.locator("table.term-diff td[data-label$='(this version)']")
    expect(this_version.first).to_be_visible()
    assert this_version.count() == 7
    assert [cell.evaluate(OFF_SCREEN) for cell in this_version.all()] == [0] * 7

    page.goto(BASE + "issues/philadelphi-corridor/")
    gaps = page.locator("table td[data-label='Gap']")
    assert gaps.count() > 3
    assert {cell.evaluate(OFF_SCREEN) for cell in gaps.all()} == {0}
    expect(gaps.first).to_have_css("display", "block")


def test_on_a_phone_the_chart_text_is_at_least_11_px(new_page):
    load_demo()
    page = new_page(viewport=PHONE)
    smallest = {}
    for issue in ISSUES:
        page.goto(BASE + f"issues/{issue}/")
        smallest[issue] = round(min(page.evaluate(CHART_TEXT_HEIGHTS)), 1)

    assert all(size >= 11 for size in smallest.values()), smallest


@pytest.mark.parametrize("width", [CARD_WIDTH, CARD_NARROWEST])
def test_the_card_fits_its_snippet_size_with_no_text_under_12_px(new_page, width):
    load_demo()
    page = new_page(viewport={"width": width, "height": CARD_HEIGHT})
    measured = {}
    for issue in ISSUES:
        page.goto(BASE + f"issues/{issue}/card/")
        measured[issue] = page.evaluate(
            "() => [document.documentElement.scrollWidth,"
            " document.documentElement.scrollHeight]"
        ) + [page.evaluate(SMALLEST_TEXT)]

    assert all(
        wide <= width and high <= CARD_HEIGHT and smallest >= 12
        for wide, high, smallest in measured.values()
    ), measured
    assert page.locator("script").count() == 0


def test_the_issue_page_offers_a_snippet_of_the_card_s_stated_size(page):
    load_demo()
    page.goto(BASE + "issues/philadelphi-corridor/")
    page.get_by_text("Embed this sticking point on your site").click()

    snippet = page.get_by_label("Embed code").input_value()

    assert f'width="{CARD_WIDTH}" height="{CARD_HEIGHT}"' in snippet


def test_no_page_of_the_demo_shows_minus_zero_or_a_space_before_a_stop(page):
    load_demo()
    urls = PAGE_TYPES[:-1] + [BASE + f"issues/{issue}/" for issue in ISSUES]
    found = []
    for url in urls:
        page.goto(url)
        text = page.evaluate("document.body.innerText")
        for pattern in (MINUS_ZERO, SPACE_BEFORE_STOP):
            for match in pattern.finditer(text):
                context = text[max(0, match.start() - 40) : match.end() + 10]
                found.append(f"{url}: {context!r}")

    assert not found, "\n".join(found)


def test_the_agreement_s_headline_facts_are_on_its_page(page):
    load_demo()
    page.goto(AGREEMENT)
    rows = page.locator("table.term-diff tbody tr")

    hostages = rows.filter(has_text="Hostages released in phase one")
    length = rows.filter(has_text="Length of phase one")

    expect(hostages.locator("td[data-label$='(this version)']")).to_contain_text("33")
    expect(length.locator("td[data-label$='(this version)']")).to_contain_text(
        "42 days"
    )


def test_blinken_s_word_that_israel_accepted_is_shown_as_his_claim(page):
    load_demo()
    page.goto(BRIDGING)

    israel = page.locator("li", has_text="Accepted").filter(
        has=page.get_by_role("link", name="Israel", exact=True)
    )

    expect(israel.locator(".status-claimed")).to_have_text(
        "Claimed by a third party: Antony Blinken · not counted in gaps"
    )


def test_a_filter_s_new_count_is_announced_politely(page):
    load_demo()
    page.goto(BASE + "timeline/")
    live = page.locator("#live-status")
    expect(live).to_have_attribute("aria-live", "polite")

    page.get_by_label("Sticking point").select_option("philadelphi-corridor")

    expect(live).to_have_text(re.compile(r"^\d+ items?(, page 1 of \d+)?$"))
    heading = page.locator("#timeline-heading")
    expect(live).to_have_text(heading.inner_text())
