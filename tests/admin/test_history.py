"""Every change is kept with who, when and what, and any earlier state comes back."""

import pytest
from django.urls import reverse

from negotiations.models import Measure, Position
from tests.admin.conftest import form_data
from tests.factories import make_issue, make_position, make_source

pytestmark = pytest.mark.django_db


def _urls(position):
    change = reverse("admin:negotiations_position_change", args=[position.pk])
    history = reverse("admin:negotiations_position_history", args=[position.pk])
    return change, history


def _edit(client, position, **changes):
    change, _ = _urls(position)
    response = client.post(change, form_data(client.get(change), **changes))
    assert response.status_code == 302
    position.refresh_from_db()


def test_the_history_page_shows_who_changed_which_fields(editor_client):
    position = make_position(value=5, is_published=False, summary="First")
    _edit(editor_client, position, value_number="30", summary="Second")

    page = editor_client.get(_urls(position)[1])

    text = page.content.decode()
    assert page.status_code == 200
    latest = page.context["page_obj"][0]
    changes = {c["field"]: (c["old"], c["new"]) for c in latest.history_delta_changes}
    assert changes == {"Value": ("5.0", "30.0"), "Summary": ("First", "Second")}
    assert latest.history_user.username == "edith"
    assert "edith" in text
    assert "Updated at" not in text


def test_restoring_an_earlier_state_takes_one_save(editor_client, editor):
    issue = make_issue(measure=Measure.NUMERIC)
    first, second = make_source(issue.negotiation), make_source(issue.negotiation)
    position = make_position(
        issue=issue, value=5, is_published=False, summary="First", sources=[first]
    )
    _edit(
        editor_client,
        position,
        value_number="30",
        summary="Second",
        sources=[second.pk],
    )
    # make_position sets the sources after creating the row: take the state
    # that has them.
    with_sources = position.history.filter(
        value_number=5, historicalposition_sources__source=first
    ).latest("history_date")

    url = reverse(
        "admin:negotiations_position_simple_history",
        args=[position.pk, with_sources.history_id],
    )
    restore_page = editor_client.get(url)
    response = editor_client.post(url, form_data(restore_page))

    assert response.status_code == 302
    position.refresh_from_db()
    assert position.value_number == 5
    assert position.summary == "First"
    assert list(position.sources.all()) == [first]
    latest = position.history.latest("history_date")
    assert latest.history_user == editor
    assert latest.history_change_reason.startswith("Reverted to the version of")


def test_a_restore_on_a_stale_page_is_refused(editor_client, second_editor_client):
    position = make_position(value=5, is_published=False)
    _edit(editor_client, position, value_number="30")
    oldest = position.history.earliest("history_date")
    url = reverse(
        "admin:negotiations_position_simple_history",
        args=[position.pk, oldest.history_id],
    )
    restore_page = editor_client.get(url)
    _edit(second_editor_client, position, value_number="99")

    response = editor_client.post(url, form_data(restore_page))

    assert response.status_code == 200
    assert (
        "after you opened it" in response.context["adminform"].form.errors["__all__"][0]
    )
    assert Position.objects.get().value_number == 99


def test_an_editors_restore_does_not_publish(editor_client, publisher_client):
    position = make_position(value=5)
    change, _ = _urls(position)
    publisher_client.post(
        change, form_data(publisher_client.get(change), is_published="")
    )
    position.refresh_from_db()
    assert position.is_published is False
    published_state = position.history.filter(is_published=True).latest("history_date")
    url = reverse(
        "admin:negotiations_position_simple_history",
        args=[position.pk, published_state.history_id],
    )

    response = editor_client.post(url, form_data(editor_client.get(url)))

    assert response.status_code == 302
    position.refresh_from_db()
    assert position.is_published is False


def test_editors_cannot_restore_a_published_position(editor_client):
    position = make_position(value=5)
    page = editor_client.get(_urls(position)[1])
    assert page.context["revert_disabled"] is True
    assert "restore this state" not in page.content.decode()


def test_an_editor_restores_a_state_that_was_once_published(
    editor_client, publisher_client
):
    position = make_position(value=5, is_published=False, summary="Checked")
    change, history = _urls(position)
    for action in ("publish", "unpublish"):
        publisher_client.post(
            reverse("admin:negotiations_position_changelist"),
            {"action": action, "_selected_action": [position.pk]},
        )
    _edit(editor_client, position, summary="Garbled")
    published = position.history.filter(is_published=True).first()
    url = reverse(
        "admin:negotiations_position_simple_history",
        args=[position.pk, published.history_id],
    )

    response = editor_client.post(url, form_data(editor_client.get(url)))

    assert response.status_code == 302
    position.refresh_from_db()
    assert position.summary == "Checked"
    # The state comes back, not the publication: only a publisher publishes.
    assert position.is_published is False
