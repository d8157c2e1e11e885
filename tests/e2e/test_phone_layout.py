"""At phone width no main page scrolls sideways, long names included."""

import pytest

from parties.models import Actor
from tests.e2e.conftest import PHONE
from tests.e2e.scenes import make_harbour_talks
from tests.factories import make_actor

pytestmark = pytest.mark.e2e

ROOT = "/negotiations/harbour-talks/"
PAGES = [
    "/",
    ROOT,
    ROOT + "issues/corridor/",
    ROOT + "actors/ocha/",
    ROOT + "timeline/",
    ROOT + "proposals/framework/August%20draft/",
    "/search/?q=corridor",
]

# Wide tables sit in their own scrolling region on purpose; anything else that
# sticks out past the viewport makes the whole page scroll sideways.
STICKING_OUT = """() => [...document.querySelectorAll('body *')]
    .filter(element => !element.closest('.table-scroll'))
    .filter(element => element.getBoundingClientRect().right > innerWidth + 1)
    .slice(0, 3)
    .map(element => element.tagName.toLowerCase()
        + (element.id ? '#' + element.id : '')
        + ` ends at ${Math.round(element.getBoundingClientRect().right)}px`)"""


def test_no_main_page_scrolls_sideways_at_phone_width(new_page):
    talks = make_harbour_talks()
    make_actor(
        talks.negotiation,
        slug="ocha",
        name="United Nations Office for the Coordination of Humanitarian Affairs",
        role=Actor.Role.OBSERVER,
    )
    page = new_page(viewport=PHONE)
    too_wide = []
    for url in PAGES:
        page.goto(url)
        width = page.evaluate("document.documentElement.scrollWidth")
        if width > PHONE["width"]:
            too_wide.append(f"{url} is {width}px wide: {page.evaluate(STICKING_OUT)}")

    assert not too_wide, "\n".join(too_wide)
