"""The editors and publishers groups hold the rights the newsroom expects."""

import importlib
from pathlib import Path

import pytest
from django.apps import apps
from django.contrib.auth.models import Group, Permission
from django.urls import reverse

from negotiations import roles
from negotiations.models import Negotiation, Position
from tests.factories import make_issue, make_negotiation, make_position, make_source

pytestmark = pytest.mark.django_db

migration_0003 = importlib.import_module("negotiations.migrations.0003_editor_groups")
migration_0008 = importlib.import_module("negotiations.migrations.0008_implementation")

MODELS = {
    "negotiations": [
        "negotiation",
        "source",
        "issue",
        "scaleoption",
        "proposal",
        "version",
        "term",
        "position",
        "response",
        "event",
    ],
    "parties": ["actor", "person"],
}


def _codenames(group_name):
    group = Group.objects.get(name=group_name)
    return {
        (p.content_type.app_label, p.codename)
        for p in group.permissions.select_related("content_type")
    }


def _all(action):
    return {(app, f"{action}_{m}") for app, models in MODELS.items() for m in models}


def test_the_migration_made_both_groups_and_the_publish_permission():
    assert set(Group.objects.values_list("name", flat=True)) >= {
        "editors",
        "publishers",
    }
    permission = Permission.objects.get(codename="publish_claims")
    assert permission.content_type.model == "negotiation"


def test_editors_view_add_and_change_everything_but_delete_only_terms():
    held = _codenames("editors")
    assert _all("view") | _all("add") | _all("change") <= held
    assert held & _all("delete") == {("negotiations", "delete_term")}
    assert ("negotiations", "publish_claims") not in held


def test_publishers_also_delete_and_publish():
    held = _codenames("publishers")
    assert _all("view") | _all("add") | _all("change") | _all("delete") <= held
    assert ("negotiations", "publish_claims") in held


def test_the_groups_migrations_import_no_live_code_and_match_the_roles():
    source = Path(migration_0003.__file__).read_text()
    assert "from negotiations" not in source
    assert "import roles" not in source
    # The groups' later migrations add the rights on the models they create.
    editors = migration_0003.EDITOR_PERMISSIONS + migration_0008.EDITOR_PERMISSIONS
    publishers = (
        migration_0003.PUBLISHER_PERMISSIONS + migration_0008.PUBLISHER_PERMISSIONS
    )
    assert sorted(editors) == sorted(roles.editor_permissions())
    assert sorted(publishers) == roles.publisher_permissions()
    later = Path(migration_0008.__file__).read_text()
    assert "import roles" not in later


def test_syncing_the_groups_again_changes_nothing():
    before = (_codenames("editors"), _codenames("publishers"))
    roles.sync_groups(apps)
    assert (_codenames("editors"), _codenames("publishers")) == before
    assert Group.objects.filter(name__in=["editors", "publishers"]).count() == 2


def test_can_publish_follows_the_group(editor, publisher, django_user_model):
    superuser = django_user_model.objects.create_superuser("root", password="x")
    assert roles.can_publish(editor) is False
    assert roles.can_publish(publisher) is True
    assert roles.can_publish(superuser) is True


def test_an_editor_sees_every_model_in_the_admin(editor_client):
    response = editor_client.get(reverse("admin:index"))
    shown = {
        model["object_name"].lower()
        for app in response.context["app_list"]
        for model in app["models"]
    }
    expected = {m for models in MODELS.values() for m in models} - {"scaleoption"}
    assert expected <= shown


def test_an_editor_cannot_delete_a_position(editor_client):
    position = make_position(value=1, is_published=False)
    url = reverse("admin:negotiations_position_delete", args=[position.pk])
    assert editor_client.get(url).status_code == 403
    assert editor_client.post(url, {"post": "yes"}).status_code == 403
    assert Position.objects.count() == 1


def test_a_publisher_deletes_a_position_and_history_keeps_it(publisher_client):
    position = make_position(value=1)
    url = reverse("admin:negotiations_position_delete", args=[position.pk])
    response = publisher_client.post(url, {"post": "yes"})
    assert response.status_code == 302
    assert Position.objects.count() == 0
    assert Position.history.filter(id=position.pk, history_type="-").count() == 1


def test_an_editor_adds_a_source(editor_client):
    negotiation = make_source().negotiation
    response = editor_client.post(
        reverse("admin:negotiations_source_add"),
        {"negotiation": negotiation.pk, "title": "Cabinet statement", "url": ""},
    )
    assert response.status_code == 302
    assert negotiation.sources.get(title="Cabinet statement").key == "cabinet-statement"


def test_staff_without_a_group_see_nothing(client, django_user_model):
    user = django_user_model.objects.create_user("nobody", password="x", is_staff=True)
    client.force_login(user)
    url = reverse("admin:negotiations_position_changelist")
    assert client.get(url).status_code == 403


def test_a_publisher_deletes_a_whole_negotiation_with_history(
    publisher_client, publisher
):
    negotiation = make_negotiation()
    issue = make_issue(negotiation)
    make_position(actor=negotiation.side_a, issue=issue, value=3)
    url = reverse("admin:negotiations_negotiation_delete", args=[negotiation.pk])

    page = publisher_client.get(url)
    response = publisher_client.post(url, {"post": "yes"})

    assert dict(page.context["model_count"])["positions"] == 1
    assert page.context["protected"] == []
    assert response.status_code == 302
    assert Negotiation.objects.count() == 0
    assert Position.objects.count() == 0
    deleted = Position.history.get(history_type="-")
    assert deleted.history_user == publisher


def test_an_editor_cannot_delete_a_negotiation(editor_client):
    negotiation = make_negotiation(is_published=False)
    url = reverse("admin:negotiations_negotiation_delete", args=[negotiation.pk])
    assert editor_client.post(url, {"post": "yes"}).status_code == 403
    assert Negotiation.objects.count() == 1
