"""Two editors on one row: the second save is refused, and nothing is lost."""

import threading
import time

import pytest
from django.db import connection, transaction
from django.test import Client
from django.urls import reverse

from negotiations.models import Measure, Position, Term, Version
from tests.admin.conftest import errors_of, form_data
from tests.factories import make_issue, make_position, make_version

pytestmark = pytest.mark.django_db


def _change_url(obj):
    opts = obj._meta
    return reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[obj.pk])


def test_the_change_form_carries_an_edit_token(editor_client):
    position = make_position(value=5, is_published=False)
    response = editor_client.get(_change_url(position))
    token = response.context["adminform"].form["edit_token"].value()
    assert token
    assert f'name="edit_token" value="{token}"' in response.content.decode()


def test_the_second_of_two_saves_is_refused_with_who_when_and_what(
    editor_client, second_editor_client
):
    position = make_position(value=5, is_published=False, summary="Opening offer")
    url = _change_url(position)
    opened_by_a = editor_client.get(url)
    opened_by_b = second_editor_client.get(url)

    saved = editor_client.post(
        url, form_data(opened_by_a, value_number="30", summary="Raised to 30")
    )
    refused = second_editor_client.post(url, form_data(opened_by_b, value_number="40"))

    assert saved.status_code == 302
    assert refused.status_code == 200
    errors = errors_of(refused)
    assert errors["__all__"][0].startswith("Edith changed this position on ")
    assert "after you opened it" in errors["__all__"][0]
    assert "Value: theirs “30”, yours “40”." in errors["__all__"]
    assert "Summary: theirs “Raised to 30”, yours “Opening offer”." in errors["__all__"]
    assert errors["value_number"] == ["Now “30” (edith); yours is kept here."]
    form = refused.context["adminform"].form
    assert form["value_number"].value() == "40"
    position.refresh_from_db()
    assert position.value_number == 30
    assert position.summary == "Raised to 30"


def test_saving_again_after_a_refusal_applies_the_second_editors_values(
    editor_client, second_editor_client
):
    position = make_position(value=5, is_published=False)
    url = _change_url(position)
    opened_by_a = editor_client.get(url)
    opened_by_b = second_editor_client.get(url)
    editor_client.post(url, form_data(opened_by_a, value_number="30"))
    refused = second_editor_client.post(url, form_data(opened_by_b, value_number="40"))

    again = second_editor_client.post(url, form_data(refused))

    assert again.status_code == 302
    position.refresh_from_db()
    assert position.value_number == 40


def test_a_save_without_a_token_is_refused(editor_client):
    position = make_position(value=5, is_published=False)
    url = _change_url(position)
    data = form_data(editor_client.get(url), value_number="6")
    del data["edit_token"]
    response = editor_client.post(url, data)
    assert response.status_code == 200
    assert "after you opened it" in errors_of(response)["__all__"][0]
    position.refresh_from_db()
    assert position.value_number == 5


def test_a_term_changed_on_its_own_page_makes_a_stale_version_form_refuse(
    editor_client, second_editor_client
):
    issue = make_issue(measure=Measure.NUMERIC)
    version = make_version(
        negotiation=issue.negotiation, terms={issue: 10}, is_published=False
    )
    term = Term.objects.get()
    version_form = editor_client.get(_change_url(version))
    term_form = second_editor_client.get(_change_url(term))
    second_editor_client.post(
        _change_url(term), form_data(term_form, value_number="12")
    )

    response = editor_client.post(
        _change_url(version), form_data(version_form, summary="Edited")
    )

    assert response.status_code == 200
    assert errors_of(response)["__all__"][0].startswith("Bruno changed this version")
    assert Version.objects.get().summary == ""
    assert Term.objects.get().value_number == 12


@pytest.mark.django_db(transaction=True)
def test_a_save_waits_for_a_concurrent_save_then_is_refused(second_editor):
    position = make_position(value=5, is_published=False)
    url = _change_url(position)
    client = Client()
    client.force_login(second_editor)
    data = form_data(client.get(url), value_number="40")
    outcome = {}

    def save_in_another_request():
        try:
            outcome["response"] = client.post(url, data)
        finally:
            connection.close()

    with transaction.atomic():
        # Another save holds the row: the request must wait for it, then see it.
        locked = Position.objects.select_for_update().get(pk=position.pk)
        thread = threading.Thread(target=save_in_another_request)
        thread.start()
        time.sleep(1)
        assert thread.is_alive() is True
        locked.value_number = 30
        locked.save()
    thread.join(timeout=30)

    response = outcome["response"]
    assert response.status_code == 200
    assert "after you opened it" in errors_of(response)["__all__"][0]
    position.refresh_from_db()
    assert position.value_number == 30
