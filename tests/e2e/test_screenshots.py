"""README screenshots, written only when SCREENSHOTS=1.

    SCREENSHOTS=1 make test-e2e PYTEST_ARGS="-k screenshots"

Each page is saved as docs/screenshots/<page>-desktop.png (1280x800) and
<page>-phone.png (390x844), the first screenful of each.
"""

import os
from pathlib import Path

import pytest
from playwright.sync_api import expect

from tests.e2e.conftest import DESKTOP, PHONE
from tests.e2e.scenes import load_demo, make_harbour_talks

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.skipif(
        os.environ.get("SCREENSHOTS") != "1", reason="set SCREENSHOTS=1 to write them"
    ),
]

SCREENSHOTS = Path(__file__).resolve().parent.parent.parent / "docs" / "screenshots"
AUGUST_DRAFT = "/negotiations/harbour-talks/proposals/framework/August%20draft/"
# name: (URL, the heading to scroll to the top, or None for the page's top)
PAGES = {
    "state-of-play": ("/negotiations/gaza-2024/?as_of=2024-08-31", None),
    "sticking-point": ("/negotiations/gaza-2024/issues/philadelphi-corridor/", None),
    "timeline": ("/negotiations/gaza-2024/timeline/", None),
    "version-diff": (f"{AUGUST_DRAFT}?against=previous", "Full text"),
}


def test_screenshots_of_the_main_pages_for_the_readme(new_page):
    load_demo()
    make_harbour_talks()
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    for width, viewport in (("desktop", DESKTOP), ("phone", PHONE)):
        page = new_page(viewport=viewport)
        for name, (url, heading) in PAGES.items():
            page.goto(url)
            expect(page.get_by_role("heading", level=1)).to_be_visible()
            if heading:
                page.get_by_role("heading", name=heading).evaluate(
                    "element => element.scrollIntoView({block: 'start'})"
                )
            page.screenshot(path=str(SCREENSHOTS / f"{name}-{width}.png"))
