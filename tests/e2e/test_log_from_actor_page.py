"""Logging a position from an actor page: the value control follows the issue."""

import re

import pytest
from playwright.sync_api import expect

from negotiations import roles
from tests.e2e.scenes import make_harbour_talks
from tests.e2e.test_publishing_flow import _log_in, _staff

pytestmark = pytest.mark.e2e


def _choose_issue(page, name):
    page.locator(".field-issue .select2-selection").click()
    page.locator(".select2-container--open .select2-search__field").fill(name[:5])
    page.get_by_role("option", name=name, exact=True).click()


def test_the_value_control_is_the_chosen_issue_s_and_a_draft_is_flagged(new_page):
    talks = make_harbour_talks()
    actor = talks.negotiation.side_a
    editor = new_page()
    _log_in(
        editor,
        "edna",
        _staff("edna", roles.EDITORS),
        f"/negotiations/harbour-talks/actors/{actor.slug}/",
    )
    editor.get_by_role("link", name="Log a position").click()
    option = editor.locator("#id_value_option")
    number = editor.locator("#id_value_number")

    expect(editor.get_by_text("Choose the issue first")).to_be_visible()
    expect(option).to_be_hidden()
    expect(number).to_be_hidden()

    _choose_issue(editor, "Coastal corridor")
    expect(option).to_be_visible()
    expect(number).to_be_hidden()
    labels = option.locator("option").all_inner_texts()
    assert labels[0] == "---------"
    assert all(":" not in label for label in labels), labels
    option.select_option(label="Reduced presence")

    _choose_issue(editor, "Prisoners released in phase one")
    expect(number).to_be_visible()
    expect(option).to_be_hidden()
    number.fill("0")
    editor.get_by_label("Summary:").fill("None at all, the North says.")
    editor.get_by_role("button", name="Save", exact=True).click()

    expect(editor.get_by_text("is it really 0, not unknown?")).to_be_visible()
    editor.get_by_label(re.compile("the value is 0 and there is no source")).check()
    editor.get_by_role("button", name="Save", exact=True).click()

    expect(
        editor.get_by_text("readers will not see it until it is published")
    ).to_be_visible()
