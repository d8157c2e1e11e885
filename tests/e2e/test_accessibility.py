"""axe-core, run inside each main page, finds no serious or critical violation.

One test walks every page: the live server's database is emptied after each
test, which costs more than a page does.
"""

import pytest

from tests.e2e.conftest import PHONE, describe_violations, run_axe
from tests.e2e.scenes import make_harbour_talks

pytestmark = pytest.mark.e2e

ROOT = "/negotiations/harbour-talks/"
PAGES = {
    "negotiations": "/",
    "state of play": ROOT + "?as_of=2024-08-30",
    "sticking point": ROOT + "issues/corridor/",
    "actor": ROOT + "actors/lakeland/",
    "timeline": ROOT + "timeline/",
    "version against baseline": ROOT + "proposals/framework/August%20draft/",
    "version side by side": (
        ROOT + "proposals/framework/August%20draft/?against=previous&view=side"
    ),
    "search": "/search/?q=corridor",
    "search in a negotiation": ROOT + "search/?q=prisoners",
}
PHONE_PAGES = ["state of play", "timeline", "version side by side"]


def _audit(page, name, found):
    violations = run_axe(page)
    if violations:
        found.append(f"{name} ({page.url}):\n{describe_violations(violations)}")


def test_main_pages_have_no_serious_accessibility_violation(new_page):
    make_harbour_talks()
    # axe-core goes in as an inline script, which the site's policy refuses:
    # the audit's pages set the policy aside (the site's own scripts are unchanged).
    page = new_page(bypass_csp=True)
    found = []
    for name, url in PAGES.items():
        page.goto(url)
        _audit(page, name, found)

    phone = new_page(viewport=PHONE, bypass_csp=True)
    for name in PHONE_PAGES:
        phone.goto(PAGES[name])
        _audit(phone, f"{name} at phone width", found)

    page.goto(PAGES["state of play"])
    page.get_by_label("State of play on", exact=True).fill("2024-07-20")
    page.get_by_role("button", name="Show").click()
    page.get_by_role("heading", name="State of play on 20 July 2024").wait_for()
    _audit(page, "state of play after an htmx swap", found)

    assert not found, "axe found serious or critical violations:\n" + "\n".join(found)
