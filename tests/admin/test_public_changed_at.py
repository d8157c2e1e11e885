"""The public "last changed" date moves with what readers see, not with drafts."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from negotiations.models import Negotiation
from tests.admin.conftest import form_data
from tests.factories import make_issue, make_negotiation, make_position

pytestmark = pytest.mark.django_db

LONG_AGO = timezone.make_aware(datetime.datetime(2024, 3, 1, 12, 0))


@pytest.fixture
def negotiation():
    negotiation = make_negotiation(slug="talks")
    make_issue(negotiation, slug="prisoners")
    Negotiation.objects.filter(pk=negotiation.pk).update(public_changed_at=LONG_AGO)
    return negotiation


def _issue(negotiation):
    return negotiation.issues.get()


def _stamps(negotiation):
    return Negotiation.objects.values_list("changed_at", "public_changed_at").get(
        pk=negotiation.pk
    )


def test_saving_a_draft_leaves_the_public_date_alone(client, negotiation):
    changed_before, _ = _stamps(negotiation)

    make_position(issue=_issue(negotiation), value=3, is_published=False)

    changed_at, public_changed_at = _stamps(negotiation)
    assert changed_at > changed_before
    assert public_changed_at == LONG_AGO
    assert "1 Mar 2024" in client.get("/").content.decode()


def test_an_editors_draft_edit_in_the_admin_leaves_it_alone(editor_client, negotiation):
    position = make_position(issue=_issue(negotiation), value=3, is_published=False)
    Negotiation.objects.filter(pk=negotiation.pk).update(public_changed_at=LONG_AGO)
    url = reverse("admin:negotiations_position_change", args=[position.pk])

    editor_client.post(url, form_data(editor_client.get(url), summary="Draft"))

    assert _stamps(negotiation)[1] == LONG_AGO


def test_publishing_moves_the_public_date(publisher_client, negotiation):
    position = make_position(issue=_issue(negotiation), value=3, is_published=False)
    Negotiation.objects.filter(pk=negotiation.pk).update(public_changed_at=LONG_AGO)

    publisher_client.post(
        reverse("admin:negotiations_position_changelist"),
        {"action": "publish", "_selected_action": [position.pk]},
    )

    assert _stamps(negotiation)[1] > LONG_AGO


def test_editing_or_removing_a_published_row_moves_it(negotiation):
    position = make_position(issue=_issue(negotiation), value=3)
    Negotiation.objects.filter(pk=negotiation.pk).update(public_changed_at=LONG_AGO)
    position.summary = "Corrected"
    position.save()
    assert _stamps(negotiation)[1] > LONG_AGO

    Negotiation.objects.filter(pk=negotiation.pk).update(public_changed_at=LONG_AGO)
    position.delete()
    assert _stamps(negotiation)[1] > LONG_AGO
