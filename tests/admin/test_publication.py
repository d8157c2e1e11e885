"""Drafts stay private until a publisher publishes them."""

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse

from negotiations.models import (
    Event,
    Negotiation,
    PendingChange,
    Position,
    Response,
    Term,
    Version,
)
from tests.admin.conftest import form_data
from tests.factories import (
    make_event,
    make_negotiation,
    make_position,
    make_response,
    make_source,
    make_term,
    make_version,
)

pytestmark = pytest.mark.django_db


def _changelist(model):
    return reverse(f"admin:negotiations_{model._meta.model_name}_changelist")


def _change(obj):
    return reverse(f"admin:negotiations_{obj._meta.model_name}_change", args=[obj.pk])


def _action(client, model, action, objs):
    return client.post(
        _changelist(model),
        {"action": action, "_selected_action": [obj.pk for obj in objs]},
    )


def test_publisher_publishes_an_editors_draft(publisher_client, publisher):
    source = make_source()
    position = make_position(
        negotiation=source.negotiation, value=5, is_published=False, sources=[source]
    )
    assert list(Position.objects.published()) == []

    response = _action(publisher_client, Position, "publish", [position])

    assert response.status_code == 302
    assert list(Position.objects.published()) == [position]
    record = position.history.first()
    assert record.history_user == publisher
    assert record.history_change_reason == "Published"
    # The publish record keeps the sources, so reverting to it keeps them too.
    assert [row.source for row in record.sources.all()] == [source]


def test_publishing_moves_the_negotiations_changed_at(publisher_client):
    position = make_position(value=5, is_published=False)
    before = Negotiation.objects.get().changed_at
    _action(publisher_client, Position, "publish", [position])
    assert Negotiation.objects.get().changed_at > before


@pytest.mark.parametrize(
    "make",
    [
        lambda: make_position(value=1),
        lambda: make_response(),
        lambda: make_version(),
        lambda: make_event(),
        lambda: make_negotiation(),
    ],
)
def test_publisher_unpublishes_any_kind_of_claim(publisher_client, make):
    obj = make()
    model = type(obj)
    _action(publisher_client, model, "unpublish", [obj])
    obj.refresh_from_db()
    assert obj.is_published is False


def test_editors_see_no_publish_actions(editor_client):
    make_position(value=1, is_published=False)
    # With no action left, the changelist shows no action form at all.
    actions = editor_client.get(_changelist(Position)).context["action_form"]
    choices = [name for name, _ in actions.fields["action"].choices] if actions else []
    assert "publish" not in choices
    assert "unpublish" not in choices
    assert "delete_selected" not in choices


def test_an_editor_cannot_publish_by_forging_the_action(editor_client):
    position = make_position(value=5, is_published=False)
    response = _action(editor_client, Position, "publish", [position])
    position.refresh_from_db()
    assert position.is_published is False
    assert response.status_code in (200, 302)


@pytest.mark.parametrize("model", [Position, Response, Version, Event, Negotiation])
def test_editors_forms_show_publication_but_do_not_let_them_set_it(
    editor_client, model
):
    response = editor_client.get(
        reverse(f"admin:negotiations_{model._meta.model_name}_add")
    )
    form = response.context["adminform"].form
    assert "is_published" not in form.fields
    assert "is_published" in response.context["adminform"].readonly_fields


def test_an_editors_save_never_publishes(editor_client):
    position = make_position(value=5, is_published=False)
    url = _change(position)
    response = editor_client.post(
        url, form_data(editor_client.get(url), is_published="on", summary="New")
    )
    assert response.status_code == 302
    position.refresh_from_db()
    assert position.summary == "New"
    assert position.is_published is False


def test_a_publisher_can_publish_from_the_form(publisher_client):
    position = make_position(value=5, is_published=False)
    url = _change(position)
    publisher_client.post(url, form_data(publisher_client.get(url), is_published="on"))
    position.refresh_from_db()
    assert position.is_published is True


def test_a_published_position_is_read_only_to_editors(editor_client):
    position = make_position(value=5, summary="As published")
    url = _change(position)
    page = editor_client.get(url)
    assert page.context["has_change_permission"] is False

    response = editor_client.post(url, {"summary": "Changed", "edit_token": "x"})

    assert response.status_code == 200
    (refusal,) = response.context["adminform"].form.non_field_errors()
    assert "is published now (last saved by someone on" in refusal
    assert "only a publisher can change it" in refusal
    position.refresh_from_db()
    assert position.summary == "As published"


def test_an_editor_whose_row_was_published_meanwhile_keeps_their_words(
    editor_client, publisher_client
):
    position = make_position(value=5, summary="Draft words", is_published=False)
    url = _change(position)
    opened = editor_client.get(url)
    _action(publisher_client, Position, "publish", [position])

    typed = "A long paragraph the editor typed while it was being published."
    response = editor_client.post(url, form_data(opened, summary=typed))

    assert response.status_code == 200
    form = response.context["adminform"].form
    assert form["summary"].value() == typed
    assert typed in response.content.decode()
    (refusal,) = form.non_field_errors()
    assert "published now (last saved by paula on" in refusal
    assert "kept in the form below" in refusal
    position.refresh_from_db()
    assert position.summary == "Draft words"
    assert position.is_published is True


def test_a_published_row_tells_an_editor_before_they_type(editor_client):
    position = make_position(value=5)
    page = editor_client.get(_change(position))
    told = [str(m) for m in get_messages(page.wsgi_request)]
    assert any("only a publisher can change it" in m for m in told)


def test_a_published_versions_terms_are_read_only_to_editors(editor_client):
    version = make_version()
    page = editor_client.get(_change(version))
    terms, _commitments = page.context["inline_admin_formsets"]
    assert terms.has_add_permission is False
    assert terms.has_change_permission is False


def test_on_a_proposal_an_editor_cannot_change_a_published_version_inline(
    editor_client,
):
    version = make_version(label="July")
    url = reverse("admin:negotiations_proposal_change", args=[version.proposal.pk])
    page = editor_client.get(url)
    data = form_data(page, title="Renamed proposal", **{"versions-0-label": "Renamed"})
    response = editor_client.post(url, data)
    assert response.status_code == 302
    version.refresh_from_db()
    assert version.label == "July"
    # Readers see the proposal through its published version: the new title
    # waits for a publisher.
    assert version.proposal.title != "Renamed proposal"
    assert PendingChange.objects.get().changes == {"title": "Renamed proposal"}


def test_an_editor_cannot_delete_a_term_of_a_published_version(editor_client):
    term = make_term(version=make_version())
    url = reverse("admin:negotiations_term_delete", args=[term.pk])
    assert editor_client.post(url, {"post": "yes"}).status_code == 403
    assert Term.objects.count() == 1


def test_an_editor_deletes_a_term_of_a_draft_version(editor_client):
    term = make_term(version=make_version(is_published=False))
    url = reverse("admin:negotiations_term_delete", args=[term.pk])
    assert editor_client.post(url, {"post": "yes"}).status_code == 302
    assert Term.objects.count() == 0
