"""README screenshots, written only when SCREENSHOTS=1.

    SCREENSHOTS=1 make test-e2e PYTEST_ARGS="-k screenshots"

Each page of the demo is saved as docs/screenshots/<page>-desktop.png
(1280x800) and <page>-phone.png (390x844), the first screenful of each: the
state of play (on a phone, its glance), a sticking point, the timeline, and
the January 2025 agreement read against the 2 July baseline.
"""

import os
from pathlib import Path

import pytest
from playwright.sync_api import expect

from tests.e2e.conftest import DESKTOP, PHONE
from tests.e2e.scenes import load_demo

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.skipif(
        os.environ.get("SCREENSHOTS") != "1", reason="set SCREENSHOTS=1 to write them"
    ),
]

SCREENSHOTS = Path(__file__).resolve().parent.parent.parent / "docs" / "screenshots"
BASE = "/negotiations/gaza-2024/"
AGREEMENT = BASE + "proposals/january-2025-agreement/2025-01-15/"
# name: (URL, the element to scroll to the top, or None for the page's top)
PAGES = {
    "state-of-play": (BASE, None),
    "sticking-point": (BASE + "issues/philadelphi-corridor/", None),
    "timeline": (BASE + "timeline/", None),
    "agreement": (AGREEMENT, "#comparison-heading"),
}


def test_screenshots_of_the_main_pages_for_the_readme(new_page):
    load_demo()
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    for width, viewport in (("desktop", DESKTOP), ("phone", PHONE)):
        page = new_page(viewport=viewport)
        for name, (url, top) in PAGES.items():
            page.goto(url)
            expect(page.get_by_role("heading", level=1)).to_be_visible()
            if top:
                page.locator(top).evaluate(
                    "element => element.scrollIntoView({block: 'start'})"
                )
            page.screenshot(path=str(SCREENSHOTS / f"{name}-{width}.png"))
