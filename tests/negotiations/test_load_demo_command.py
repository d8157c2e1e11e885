"""`manage.py load_demo`: the demo negotiation, loaded once so that edits are kept."""

from io import StringIO

import pytest
from django.core.management import call_command

from negotiations.models import Negotiation, Position

pytestmark = pytest.mark.django_db


def run(*args):
    stdout = StringIO()
    call_command("load_demo", *args, stdout=stdout)
    return stdout.getvalue()


def edit_a_position(note):
    """Change one position through the ORM, as the admin does (signals run)."""
    position = Position.objects.order_by("pk").first()
    position.summary = note
    position.save()


def refuse_to_be_asked(question):
    raise AssertionError(f"asked without need: {question}")


def test_the_demo_negotiation_is_loaded_and_published():
    output = run()

    negotiation = Negotiation.objects.get(slug="gaza-2024")
    assert negotiation.is_published is True
    assert Position.objects.filter(negotiation=negotiation).count() == 50
    assert output == (
        'Loaded the demo negotiation "gaza-2024": 6 actors, 14 people, 7 issues, '
        "175 sources, 7 proposals, 8 versions, 50 positions, 10 responses, 35 events, "
        "19 commitments, 53 implementation reports.\n"
    )


def test_a_second_run_keeps_the_edits():
    run()
    Negotiation.objects.filter(slug="gaza-2024").update(title="Edited by an editor")

    output = run()

    assert Negotiation.objects.get(slug="gaza-2024").title == "Edited by an editor"
    assert output == (
        'The demo negotiation "gaza-2024" is already loaded; left as it is '
        "(load_demo --replace loads it again).\n"
    )


def test_replace_refreshes_an_unedited_demo_without_asking(monkeypatch):
    run()
    first = Negotiation.objects.get(slug="gaza-2024")
    monkeypatch.setattr("builtins.input", refuse_to_be_asked)

    output = run("--replace")

    second = Negotiation.objects.get(slug="gaza-2024")
    assert second.pk != first.pk
    assert Position.objects.filter(negotiation=second).count() == 50
    assert output.startswith('Replaced the demo negotiation "gaza-2024": 6 actors')


def test_replace_asks_first_when_the_demo_was_edited_and_keeps_it_on_no(
    monkeypatch,
):
    run()
    edit_a_position("An editor's note")
    questions = []
    monkeypatch.setattr("builtins.input", lambda q: questions.append(q) or "no")

    output = run("--replace")

    assert "was edited since it was loaded" in questions[0]
    assert Position.objects.filter(summary="An editor's note").count() == 1
    assert output == "Left the demo negotiation as it is.\n"


def test_replace_of_an_edited_demo_goes_ahead_on_yes(monkeypatch):
    run()
    edit_a_position("An editor's note")
    monkeypatch.setattr("builtins.input", lambda question: "yes")

    run("--replace")

    assert Position.objects.filter(summary="An editor's note").exists() is False
    assert Position.objects.filter(negotiation__slug="gaza-2024").count() == 50


def test_replace_with_no_input_does_not_ask(monkeypatch):
    run()
    edit_a_position("An editor's note")
    monkeypatch.setattr("builtins.input", refuse_to_be_asked)

    run("--replace", "--no-input")

    assert Position.objects.filter(summary="An editor's note").exists() is False


def test_replace_loads_the_demo_when_none_is_there(monkeypatch):
    monkeypatch.setattr("builtins.input", refuse_to_be_asked)

    output = run("--replace")

    assert output.startswith('Loaded the demo negotiation "gaza-2024"')
