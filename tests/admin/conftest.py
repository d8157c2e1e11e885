"""Fixtures for the editors' admin: an editor, a publisher, and their clients."""

import pytest
from django.apps import apps
from django.contrib.auth.models import Group, User
from django.test import Client

from negotiations import roles


def _member(username, group_name):
    # The migration makes the groups; a flushed transactional test drops them,
    # and sync_groups is idempotent, so make sure they are there.
    roles.sync_groups(apps)
    user = User.objects.create_user(username, password="not-used", is_staff=True)
    user.groups.add(Group.objects.get(name=group_name))
    return user


@pytest.fixture
def editor(db):
    return _member("edith", roles.EDITORS)


@pytest.fixture
def second_editor(db):
    return _member("bruno", roles.EDITORS)


@pytest.fixture
def publisher(db):
    return _member("paula", roles.PUBLISHERS)


def _client_for(user):
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def editor_client(editor):
    return _client_for(editor)


@pytest.fixture
def second_editor_client(second_editor):
    return _client_for(second_editor)


@pytest.fixture
def publisher_client(publisher):
    return _client_for(publisher)


def _values(form, data):
    for bound in form:
        if bound.field.disabled:
            continue
        value = bound.value()
        if value is None or value is False or value == "":
            continue
        if value is True:
            data[bound.html_name] = "on"
        elif isinstance(value, (list, tuple)):
            data[bound.html_name] = [str(getattr(v, "pk", v)) for v in value]
        else:
            data[bound.html_name] = str(getattr(value, "pk", value))


def form_data(response, **changes):
    """Return what a browser would post back from an admin change form, changed."""
    data = {}
    _values(response.context["adminform"].form, data)
    # The history (restore) form has no inlines.
    for inline in response.context.get("inline_admin_formsets", ()):
        formset = inline.formset
        _values(formset.management_form, data)
        for form in formset.forms:
            _values(form, data)
    data.update(changes)
    return data


def errors_of(response):
    """Return the admin form's errors by field ("__all__" for the whole form)."""
    return {
        name: list(messages)
        for name, messages in response.context["adminform"].form.errors.items()
    }
