"""From the public page's "Log a position" link to a published position."""

import html
import re

import pytest
from django.test import Client
from django.urls import reverse

from negotiations.models import Measure, Position
from tests.admin.conftest import form_data
from tests.factories import make_issue, make_negotiation

pytestmark = pytest.mark.django_db


def test_a_logged_position_is_public_only_once_published(
    editor_client, publisher_client
):
    negotiation = make_negotiation()
    issue = make_issue(negotiation, measure=Measure.NUMERIC, unit="prisoners")
    page = reverse(
        "negotiations:issue",
        kwargs={"negotiation": negotiation.slug, "issue": issue.slug},
    )
    reader = Client()
    reader.get(page)  # warm the page cache: publishing must move past it

    staff_page = editor_client.get(page).content.decode()
    link = re.search(
        r'href="([^"]*/admin/negotiations/position/add/[^"]*)"', staff_page
    )
    form = editor_client.get(html.unescape(link.group(1)))
    saved = editor_client.post(
        form.request["PATH_INFO"] + "?" + form.request["QUERY_STRING"],
        form_data(
            form,
            actor=str(negotiation.side_a.pk),
            value_number="1234",
            summary="Offers one thousand two hundred and thirty-four",
        ),
    )
    assert saved.status_code == 302
    position = Position.objects.get()
    assert position.issue == issue
    assert position.is_published is False
    assert "thirty-four" not in reader.get(page).content.decode()

    publisher_client.post(
        reverse("admin:negotiations_position_changelist"),
        {"action": "publish", "_selected_action": [position.pk]},
    )

    assert "thirty-four" in reader.get(page).content.decode()
