"""Names in Arabic and Hebrew read right to left wherever a page shows them."""

import pytest

from tests.e2e.scenes import ARABIC_NAME, HEBREW_NAME, make_rtl_talks

pytestmark = pytest.mark.e2e

ROOT = "/negotiations/rtl-talks/"
TITLE = "مفاوضات وقف إطلاق النار"
ISSUE = "שחרור חטופים"
PAGES = {
    "/": [TITLE],
    ROOT: [TITLE, HEBREW_NAME, ARABIC_NAME, ISSUE],
    ROOT + "actors/arabic-side/": [ARABIC_NAME],
    ROOT + "actors/hebrew-side/": [HEBREW_NAME],
    ROOT + "issues/hostages/": [ISSUE],
    ROOT + "timeline/": [TITLE, HEBREW_NAME, ARABIC_NAME],
}

# Each element's direction, whether set by dir="rtl", resolved from dir="auto"
# or <bdi>, or inherited through CSS.
DIRECTION = """element => (
    element.matches(':dir(rtl)') || getComputedStyle(element).direction === 'rtl'
)"""


def _directions(page, text):
    """Return (outer HTML, is right to left) for each visible element showing `text`."""
    found = page.get_by_text(text, exact=True)
    results = []
    for index in range(found.count()):
        element = found.nth(index)
        if element.is_visible():
            html = element.evaluate("element => element.outerHTML.slice(0, 120)")
            results.append((html, element.evaluate(DIRECTION)))
    return results


def test_arabic_and_hebrew_names_render_right_to_left_on_every_page(page):
    make_rtl_talks()
    wrong = []
    for url, names in PAGES.items():
        page.goto(url)
        for name in names:
            directions = _directions(page, name)
            if not directions:
                wrong.append(f"{url}: {name} is not shown")
            wrong += [
                f"{url}: left to right: {html}" for html, rtl in directions if not rtl
            ]

    assert not wrong, "\n".join(wrong)
