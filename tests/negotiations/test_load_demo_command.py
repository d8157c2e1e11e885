"""`manage.py load_demo`: the demo negotiation, loaded once so that edits are kept."""

from io import StringIO

import pytest
from django.core.management import call_command

from negotiations.models import Negotiation, Position

pytestmark = pytest.mark.django_db


def run():
    stdout = StringIO()
    call_command("load_demo", stdout=stdout)
    return stdout.getvalue()


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
    assert (
        output == 'The demo negotiation "gaza-2024" is already loaded; left as it is.\n'
    )
