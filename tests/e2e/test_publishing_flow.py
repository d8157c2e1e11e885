"""An editor logs a position, a publisher publishes it, then readers see it."""

import re

import pytest
from django.apps import apps
from django.contrib.auth.models import Group, User
from playwright.sync_api import expect

from negotiations import roles
from tests.e2e.scenes import make_harbour_talks

pytestmark = pytest.mark.e2e

SUMMARY = "The South drops its demand for a full withdrawal from the corridor."


def _staff(username, group):
    """Return the password of a new staff user in the named group."""
    # The live server's database is emptied between tests, groups included.
    roles.sync_groups(apps)
    password = f"{username}-password-2024"
    user = User.objects.create_user(username, password=password, is_staff=True)
    user.groups.add(Group.objects.get(name=group))
    return password


def _log_in(page, username, password, next_url):
    page.goto(f"/admin/login/?next={next_url}")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Log in").click()


def _south_on_the_corridor(page):
    """Return the state of play's card for the South on the coastal corridor."""
    issue = page.get_by_role("article", name="Coastal corridor")
    return issue.locator(".stance").filter(
        has=page.get_by_role("link", name="Southern Front")
    )


def test_a_logged_position_reaches_readers_only_once_a_publisher_publishes_it(
    new_page,
):
    make_harbour_talks()
    editor, publisher, reader = new_page(), new_page(), new_page()

    _log_in(
        editor,
        "edna",
        _staff("edna", roles.EDITORS),
        "/negotiations/harbour-talks/issues/corridor/",
    )
    editor.get_by_role("link", name="Log a position").click()
    expect(editor.get_by_role("heading", name="Add position")).to_be_visible()
    # Django's autocomplete widgets (select2) are comboboxes without a name.
    editor.locator(".field-actor .select2-selection").click()
    editor.locator(".select2-container--open .select2-search__field").fill("South")
    editor.get_by_role("option", name="South", exact=True).click()
    editor.get_by_label(re.compile(r"^Value")).select_option(label="Reduced presence")
    editor.get_by_label("Status:").select_option(label="Stated publicly")
    editor.get_by_label("Summary:").fill(SUMMARY)
    editor.locator(".field-sources .select2-search__field").fill("Talks")
    editor.get_by_role("option", name="Talks resume in the capital").click()
    editor.get_by_role("button", name="Save", exact=True).click()
    expect(editor.get_by_text("was added successfully")).to_be_visible()

    reader.goto("/negotiations/harbour-talks/")
    south = _south_on_the_corridor(reader)
    expect(south.get_by_text("Full withdrawal")).to_be_visible()
    expect(reader.get_by_text(SUMMARY)).to_have_count(0)

    _log_in(
        publisher,
        "pat",
        _staff("pat", roles.PUBLISHERS),
        "/admin/negotiations/position/?is_published__exact=0",
    )
    publisher.get_by_role("checkbox", name="South on Coastal corridor").check()
    publisher.get_by_label("Action:").select_option(
        label="Publish the selected positions"
    )
    publisher.get_by_role("button", name="Go").click()
    expect(publisher.get_by_text("Published 1 position.")).to_be_visible()

    reader.reload()
    expect(south.get_by_text("Reduced presence")).to_be_visible()
    expect(south.get_by_text(SUMMARY)).to_be_visible()
    expect(
        south.get_by_role("link", name="Talks resume in the capital")
    ).to_be_visible()
