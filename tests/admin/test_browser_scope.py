"""In a real browser: the position form's autocompletes follow its negotiation."""

import contextlib
import os
from pathlib import Path

import pytest

from tests.factories import make_issue, make_negotiation

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")


@pytest.fixture
def open_page(live_server):
    """Return a context manager that opens a page of the live server.

    Make the test's data before opening it: under Playwright's event loop the
    ORM would open a second database connection that nothing closes.
    """
    if not Path(CHROMIUM).exists():
        pytest.skip(f"No Chromium at {CHROMIUM}.")
    sync_api = pytest.importorskip("playwright.sync_api")

    @contextlib.contextmanager
    def opened():
        with sync_api.sync_playwright() as playwright:
            browser = playwright.chromium.launch(
                executable_path=CHROMIUM, args=["--no-sandbox", "--disable-gpu"]
            )
            page = browser.new_page(base_url=live_server.url)
            errors = []
            page.on("pageerror", lambda error: errors.append(str(error)))
            yield page
            browser.close()
        assert errors == []

    return opened


def _sign_in(page, username):
    page.goto("/admin/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", "not-used")
    page.click("input[type=submit]")


def _actor_choices(page):
    page.click("#id_actor + .select2 .select2-selection")
    page.wait_for_selector(".select2-results__option:not(.loading-results)")
    page.wait_for_timeout(300)
    choices = sorted(page.locator(".select2-results__option").all_inner_texts())
    page.keyboard.press("Escape")
    return choices


def test_the_actor_list_and_the_add_source_popup_follow_the_negotiation(
    open_page, editor
):
    here = make_negotiation(
        sides=({"slug": "north", "name": "North"}, {"slug": "south", "name": "South"})
    )
    there = make_negotiation(
        sides=({"slug": "east", "name": "East"}, {"slug": "west", "name": "West"})
    )
    add_url = (
        "/admin/negotiations/position/add/"
        f"?negotiation={here.pk}&issue={make_issue(here).pk}"
    )

    with open_page() as page:
        _sign_in(page, editor.username)
        page.goto(add_url)
        assert _actor_choices(page) == ["North", "South"]

        page.select_option("#id_negotiation", str(there.pk))
        assert _actor_choices(page) == ["East", "West"]

        with page.expect_popup() as opened:
            page.click("#add_id_sources")
        popup = opened.value
        popup.wait_for_load_state()
        assert popup.locator("#id_negotiation").input_value() == str(there.pk)
