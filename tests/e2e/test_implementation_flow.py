"""The implementation page in a real browser: accessible, and replayed by date."""

import datetime

import pytest

from negotiations.models import Status
from tests.e2e.conftest import PHONE, describe_violations, run_axe
from tests.e2e.scenes import make_harbour_talks
from tests.factories import make_commitment, make_implementation_entry, make_source

pytestmark = pytest.mark.e2e

URL = "/negotiations/harbour-talks/proposals/framework/August%20draft/implementation/"
D = datetime.date


def _agreement():
    scene = make_harbour_talks()
    negotiation, version, prisoners = scene.negotiation, scene.third, scene.prisoners
    source = make_source(negotiation, key="release-report")
    release = make_commitment(
        version=version,
        slug="first-release",
        title="First release of prisoners",
        issue=prisoners,
        value=300,
        due=D(2024, 9, 1),
        due_text="day 7 of phase one",
        owed_by=[negotiation.side_a],
        sources=[source],
    )
    make_implementation_entry(
        commitment=release, as_of=D(2024, 9, 1), value=150, sources=[source]
    )
    make_implementation_entry(
        commitment=release,
        as_of=D(2024, 9, 1),
        progress="complete",
        status=Status.CLAIMED,
        attributed_actor=negotiation.side_b,
    )
    make_commitment(version=version, slug="aid", title="Aid every day", due=None)


def test_the_implementation_page_is_accessible_and_replays_by_date(new_page):
    _agreement()
    # axe-core goes in as an inline script, which the site's policy refuses:
    # the audited pages set the policy aside (the site's own scripts are unchanged).
    page = new_page(bypass_csp=True)
    found = []
    page.goto(URL + "?as_of=2024-09-05")
    violations = run_axe(page)
    if violations:
        found.append(describe_violations(violations))
    page.get_by_label("Implementation on", exact=True).fill("2024-08-20")
    page.get_by_role("button", name="Show").click()
    page.get_by_role("heading", name="On 20 August 2024").wait_for()
    assert "as_of=2024-08-20" in page.url
    assert (
        page.locator("#commitment-first-release")
        .get_by_text("No report on this commitment up to this date.")
        .is_visible()
    )
    phone = new_page(viewport=PHONE, bypass_csp=True)
    phone.goto(URL + "?as_of=2024-09-05")
    violations = run_axe(phone)
    if violations:
        found.append("phone: " + describe_violations(violations))
    assert not found, "\n".join(found)
