"""The admin's login page in a real browser: the smoke test of the e2e setup."""

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.e2e


def test_admin_login_form_is_labelled_and_refuses_a_wrong_password(page):
    page.goto("/admin/login/")
    expect(page.get_by_label("Username")).to_be_visible()
    expect(page.get_by_label("Password")).to_be_visible()

    page.get_by_label("Username").fill("nobody")
    page.get_by_label("Password").fill("not the password")
    page.get_by_role("button", name="Log in").click()

    expect(page.get_by_text("Please enter the correct username")).to_be_visible()
    assert "/admin/login/" in page.url
