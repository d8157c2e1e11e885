"""What readers see changes only when a publisher applies an editor's change."""

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse

from negotiations import publishing
from negotiations.models import Issue, PendingChange, Source
from parties.models import Actor
from tests.admin.conftest import form_data
from tests.factories import (
    make_actor,
    make_issue,
    make_negotiation,
    make_position,
    make_source,
)

pytestmark = pytest.mark.django_db

PENDING_LIST = reverse("admin:negotiations_pendingchange_changelist")


def _change_url(obj):
    opts = obj._meta
    return reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[obj.pk])


def _edit(client, obj, **changes):
    url = _change_url(obj)
    response = client.post(url, form_data(client.get(url), **changes))
    assert response.status_code == 302, (
        response.context and response.context["adminform"].form.errors
    )
    obj.refresh_from_db()
    return response


def _act(client, action, pending):
    return client.post(
        PENDING_LIST,
        {"action": action, "_selected_action": [change.pk for change in pending]},
    )


def test_an_editors_rename_of_a_public_actor_waits_for_a_publisher(editor_client):
    actor = make_actor(make_negotiation(sides=False), name="Hamas")

    _edit(editor_client, actor, name="Renamed by an editor")

    assert actor.name == "Hamas"
    pending = PendingChange.objects.get()
    assert pending.changes == {"name": "Renamed by an editor"}
    assert pending.author.username == "edith"
    page = editor_client.get(actor.get_absolute_url())
    assert "Renamed by an editor" not in page.content.decode()


def test_an_editors_new_url_for_a_cited_source_never_reaches_the_csv(
    editor_client, client
):
    source = make_source(url="https://news.example/real")
    make_position(
        negotiation=source.negotiation, value=4, is_published=True, sources=[source]
    )

    _edit(editor_client, source, url="https://phish.example/login")

    assert source.url == "https://news.example/real"
    slug = source.negotiation.slug
    download = client.get(reverse("negotiations:positions_csv", args=[slug]))
    body = b"".join(download.streaming_content).decode()
    assert "phish.example" not in body
    assert "news.example/real" in body


@pytest.mark.parametrize(
    "make, field",
    [
        (lambda: make_issue(make_negotiation(sides=False)), "title"),
        (lambda: make_actor(make_negotiation(sides=False)), "short_name"),
    ],
)
def test_rows_of_a_published_negotiation_wait_for_a_publisher(
    editor_client, make, field
):
    row = make()
    before = getattr(row, field)
    _edit(editor_client, row, **{field: "Changed"})
    assert getattr(row, field) == before
    assert PendingChange.objects.get().changes == {field: "Changed"}


def test_an_editor_changes_rows_no_reader_sees_at_once(editor_client):
    draft_negotiation = make_negotiation(sides=False, is_published=False)
    actor = make_actor(draft_negotiation, name="Old")
    uncited = make_source(make_negotiation(sides=False), title="Old title")

    _edit(editor_client, actor, name="New")
    _edit(editor_client, uncited, title="New title")

    assert actor.name == "New"
    assert uncited.title == "New title"
    assert PendingChange.objects.count() == 0


def test_an_editor_still_adds_an_actor_to_a_published_negotiation(editor_client):
    negotiation = make_negotiation(sides=False)
    response = editor_client.post(
        reverse("admin:parties_actor_add"),
        {
            "negotiation": negotiation.pk,
            "name": "Qatar",
            "slug": "qatar",
            "role": "mediator",
            "kind": "state",
        },
    )
    assert response.status_code == 302
    assert Actor.objects.filter(slug="qatar").exists() is True
    assert PendingChange.objects.count() == 0


def test_a_publishers_change_applies_at_once(publisher_client):
    issue = make_issue(make_negotiation(sides=False), title="Old")
    _edit(publisher_client, issue, title="New")
    assert issue.title == "New"
    assert PendingChange.objects.count() == 0


def test_the_editor_is_told_before_typing(editor_client):
    actor = make_actor(make_negotiation(sides=False))
    page = editor_client.get(_change_url(actor))
    told = [str(message) for message in get_messages(page.wsgi_request)]
    assert any("your changes will wait for a publisher" in m for m in told)


def test_a_publisher_applies_the_change_with_history_and_can_undo_it(
    editor_client, publisher_client, publisher
):
    issue = make_issue(make_negotiation(sides=False), title="Hostages")
    _edit(editor_client, issue, title="Captives")

    response = _act(publisher_client, "apply_changes", PendingChange.objects.all())

    assert response.status_code == 302
    issue.refresh_from_db()
    assert issue.title == "Captives"
    assert PendingChange.objects.count() == 0
    record = issue.history.first()
    assert record.history_user == publisher
    assert record.history_change_reason.startswith("Applied edith's change of")
    # Undo: restore the state before, as for any change.
    earlier = issue.history.filter(title="Hostages").first()
    url = reverse(
        "admin:negotiations_issue_simple_history",
        args=[issue.pk, earlier.history_id],
    )
    page = publisher_client.get(url)
    assert publisher_client.post(url, form_data(page)).status_code == 302
    issue.refresh_from_db()
    assert issue.title == "Hostages"


def test_a_publisher_discards_a_change(editor_client, publisher_client):
    actor = make_actor(make_negotiation(sides=False), name="Egypt")
    _edit(editor_client, actor, name="Wrong")
    _act(publisher_client, "discard_changes", PendingChange.objects.all())
    actor.refresh_from_db()
    assert actor.name == "Egypt"
    assert PendingChange.objects.count() == 0


def test_an_editor_cannot_apply_a_change_even_by_a_forged_post(editor_client):
    actor = make_actor(make_negotiation(sides=False), name="Egypt")
    _edit(editor_client, actor, name="Wrong")
    assert editor_client.get(PENDING_LIST).status_code == 200

    _act(editor_client, "apply_changes", PendingChange.objects.all())

    actor.refresh_from_db()
    assert actor.name == "Egypt"
    assert PendingChange.objects.count() == 1


def test_a_change_that_no_longer_fits_is_kept_and_explained(
    editor_client, publisher_client
):
    negotiation = make_negotiation(sides=False)
    issue = make_issue(negotiation, slug="hostages")
    _edit(editor_client, issue, slug="prisoners")
    make_issue(negotiation, slug="prisoners")

    response = _act(publisher_client, "apply_changes", PendingChange.objects.all())

    told = [str(message) for message in get_messages(response.wsgi_request)]
    assert any(m.startswith("Not applied") for m in told)
    assert Issue.objects.get(pk=issue.pk).slug == "hostages"
    assert PendingChange.objects.count() == 1


def test_an_editors_restore_of_a_public_row_becomes_a_pending_change(
    editor_client, publisher_client
):
    source = make_source(title="First title")
    make_position(
        negotiation=source.negotiation, value=1, is_published=True, sources=[source]
    )
    _edit(publisher_client, source, title="Second title")
    first = source.history.filter(title="First title").first()
    url = reverse(
        "admin:negotiations_source_simple_history", args=[source.pk, first.history_id]
    )

    response = editor_client.post(url, form_data(editor_client.get(url)))

    assert response.status_code == 302
    assert Source.objects.get(pk=source.pk).title == "Second title"
    assert PendingChange.objects.get().changes == {"title": "First title"}


def test_scale_options_of_a_public_issue_are_read_only_to_an_editor(editor_client):
    issue = make_issue(make_negotiation(sides=False), measure="ordinal")
    page = editor_client.get(_change_url(issue))
    formset = page.context["inline_admin_formsets"][0]
    assert formset.has_change_permission is False
    assert formset.has_add_permission is False


def test_shown_publicly_follows_the_public_querysets():
    negotiation = make_negotiation(sides=False, is_published=False)
    actor = make_actor(negotiation)
    assert publishing.shown_publicly(actor) is False
    negotiation.is_published = True
    negotiation.save()
    assert publishing.shown_publicly(actor) is True
