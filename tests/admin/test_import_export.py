"""Import and export in the admin: the same functions as the commands."""

import json

import pytest
from django.contrib.messages import get_messages
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from negotiations import interchange
from negotiations.models import Negotiation, Position
from tests.factories import make_negotiation
from tests.negotiations.documents import make_document, to_bytes

pytestmark = pytest.mark.django_db

IMPORT = reverse("admin:negotiations_negotiation_import")


def _upload(client, data, **fields):
    upload = SimpleUploadedFile("talks.json", data, content_type="application/json")
    return client.post(IMPORT, {"document": upload, **fields})


def _messages(response):
    return [str(message) for message in get_messages(response.wsgi_request)]


def test_the_negotiation_list_links_to_the_import(editor_client):
    page = editor_client.get(reverse("admin:negotiations_negotiation_changelist"))
    assert IMPORT in page.content.decode()


def test_a_publisher_imports_a_good_file_published(publisher_client, publisher):
    response = _upload(publisher_client, to_bytes(make_document()))

    negotiation = Negotiation.objects.get(slug="test-talks")
    assert response.status_code == 302
    assert response.url == reverse(
        "admin:negotiations_negotiation_change", args=[negotiation.pk]
    )
    assert negotiation.is_published is True
    assert Position.objects.published().count() == Position.objects.count() > 0
    assert "Imported “Test talks” (published)" in _messages(response)[0]


def test_an_editors_import_is_all_drafts(editor_client):
    page = editor_client.get(IMPORT)
    assert page.context["form"].fields["as_drafts"].disabled is True

    _upload(editor_client, to_bytes(make_document()), as_drafts="")

    negotiation = Negotiation.objects.get(slug="test-talks")
    assert negotiation.is_published is False
    assert Position.objects.count() > 0
    assert Position.objects.published().count() == 0


def test_a_publisher_may_import_as_drafts(publisher_client):
    _upload(publisher_client, to_bytes(make_document()), as_drafts="on")
    assert Position.objects.published().count() == 0


def test_history_records_the_import_and_who_made_it(publisher_client, publisher):
    _upload(publisher_client, to_bytes(make_document()))
    positions = Position.objects.all()
    records = Position.history.filter(history_type="+")
    assert records.count() == positions.count()
    assert {record.history_user for record in records} == {publisher}
    # The imported state can be restored from each position's history page.
    position = positions.first()
    page = publisher_client.get(
        reverse("admin:negotiations_position_history", args=[position.pk])
    )
    assert page.context["page_obj"][0].history_user == publisher


def test_every_problem_is_listed_with_its_path(editor_client):
    doc = make_document()
    doc["positions"][0]["issue"] = "philadelphia"
    doc["positions"][1]["status"] = "rumoured"
    doc["actors"][0]["slug"] = "Not A Slug"

    response = _upload(editor_client, to_bytes(doc))

    assert response.status_code == 200
    paths = [problem.path for problem in response.context["problems"]]
    assert "positions[0].issue" in paths
    assert "positions[1].status" in paths
    assert "actors[0].slug" in paths
    html = response.content.decode()
    assert "<code>positions[0].issue</code>" in html
    assert Negotiation.objects.count() == 0


def test_a_file_that_is_not_json_is_reported_at_the_root(editor_client):
    response = _upload(editor_client, b"{not json")
    assert response.status_code == 200
    assert [problem.path for problem in response.context["problems"]] == ["$"]
    assert Negotiation.objects.count() == 0


def test_a_file_over_20_mib_is_refused_with_a_clear_message(editor_client):
    response = _upload(editor_client, b" " * (20 * 1024 * 1024 + 1))
    assert response.status_code == 200
    assert response.context["form"].errors["document"] == [
        "The file is 20.0 MiB; the limit is 20 MiB."
    ]


def test_a_missing_file_is_asked_for(editor_client):
    response = editor_client.post(IMPORT, {})
    assert response.status_code == 200
    assert "document" in response.context["form"].errors


def test_replacing_asks_first_and_shows_what_will_be_replaced(publisher_client):
    _upload(publisher_client, to_bytes(make_document()))
    before = Position.objects.count()
    smaller = make_document()
    smaller["negotiation"]["title"] = "Test talks, second edition"
    del smaller["positions"][0]

    asked = _upload(publisher_client, to_bytes(smaller))

    assert asked.status_code == 200
    assert asked.context["can_replace"] is True
    counts = {label: row for label, *row in asked.context["counts"]}
    assert counts["Positions"] == [before, before, before - 1]
    assert Negotiation.objects.get().title == "Test talks"

    replaced = publisher_client.post(
        IMPORT, {"confirm": "yes", "token": asked.context["token"], "as_drafts": "0"}
    )

    assert replaced.status_code == 302
    assert Negotiation.objects.get().title == "Test talks, second edition"
    assert Position.objects.count() == before - 1
    assert "Replaced" in _messages(replaced)[0]


def test_a_confirmation_works_once(publisher_client):
    _upload(publisher_client, to_bytes(make_document()))
    asked = _upload(publisher_client, to_bytes(make_document()))
    confirm = {"confirm": "yes", "token": asked.context["token"], "as_drafts": "0"}
    publisher_client.post(IMPORT, confirm)

    again = publisher_client.post(IMPORT, confirm)

    assert again.status_code == 302
    assert "expired or was already used" in _messages(again)[-1]


def test_another_user_cannot_redeem_a_confirmation(publisher_client, publisher):
    from django.contrib.auth.models import User
    from django.test import Client

    _upload(publisher_client, to_bytes(make_document()))
    asked = _upload(publisher_client, to_bytes(make_document()))
    other = User.objects.create_superuser("root", password="x")
    client = Client()
    client.force_login(other)

    response = client.post(
        IMPORT, {"confirm": "yes", "token": asked.context["token"], "as_drafts": "0"}
    )

    assert "expired or was already used" in _messages(response)[-1]


def test_an_editor_cannot_replace_a_negotiation(editor_client, publisher_client):
    _upload(publisher_client, to_bytes(make_document()))
    changed = make_document()
    changed["negotiation"]["title"] = "Changed"

    asked = _upload(editor_client, to_bytes(changed))

    assert asked.context["can_replace"] is False
    assert asked.context["token"] is None
    assert "Only a publisher can replace" in asked.content.decode()
    assert Negotiation.objects.get().title == "Test talks"


def test_the_change_form_offers_both_downloads(editor_client):
    negotiation = make_negotiation()
    page = editor_client.get(
        reverse("admin:negotiations_negotiation_change", args=[negotiation.pk])
    )
    html = page.content.decode()
    assert "Download JSON (published only)" in html
    assert "Download JSON with drafts" in html


def test_download_is_the_interchange_export_with_or_without_drafts(publisher_client):
    _upload(publisher_client, to_bytes(make_document()))
    negotiation = Negotiation.objects.get()
    draft = Position.objects.first()
    Position.objects.filter(pk=draft.pk).update(is_published=False)
    url = reverse("admin:negotiations_negotiation_export", args=[negotiation.pk])

    published_only = publisher_client.get(url)
    with_drafts = publisher_client.get(url + "?drafts=1")

    assert published_only["Content-Disposition"] == (
        'attachment; filename="test-talks.json"'
    )
    assert with_drafts["Content-Disposition"] == (
        'attachment; filename="test-talks-with-drafts.json"'
    )
    everything = json.loads(with_drafts.content)
    public = json.loads(published_only.content)
    assert len(everything["positions"]) == len(public["positions"]) + 1
    assert interchange.equivalent(everything, make_document())
    assert published_only.content == interchange.dump_document(
        interchange.export_negotiation(negotiation)
    )


def test_a_negotiation_without_sides_cannot_be_downloaded_yet(editor_client):
    negotiation = make_negotiation(sides=False)
    url = reverse("admin:negotiations_negotiation_export", args=[negotiation.pk])
    response = editor_client.get(url)
    assert response.status_code == 302
    assert _messages(response)[0].startswith("Cannot download it yet:")


def test_downloading_an_unknown_negotiation_is_a_404(editor_client):
    url = reverse("admin:negotiations_negotiation_export", args=[987654])
    assert editor_client.get(url).status_code == 404
