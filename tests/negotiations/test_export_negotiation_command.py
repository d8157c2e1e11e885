"""`manage.py export_negotiation SLUG [--output FILE] [--include-drafts]`."""

import json
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from negotiations.interchange import equivalent, import_negotiation, load_document
from tests.factories import make_negotiation
from tests.negotiations.documents import make_document

pytestmark = pytest.mark.django_db


def run(*args):
    stdout, stderr = StringIO(), StringIO()
    call_command("export_negotiation", *args, stdout=stdout, stderr=stderr)
    return stdout.getvalue(), stderr.getvalue()


def test_the_document_goes_to_standard_output():
    import_negotiation(make_document())

    stdout, stderr = run("test-talks")

    assert equivalent(json.loads(stdout), make_document()) is True
    assert stdout.endswith("}\n")
    assert stderr == ""


def test_output_writes_a_file_that_loads_back(tmp_path):
    import_negotiation(make_document())
    path = tmp_path / "out.json"

    stdout, _ = run("test-talks", "--output", str(path))

    data = path.read_bytes()
    assert stdout == f'Exported "test-talks" to {path} ({len(data):,} bytes).\n'
    assert equivalent(load_document(data), make_document()) is True


def test_drafts_are_written_only_when_asked_for():
    import_negotiation(make_document(), publish=False)

    public, _ = run("test-talks")
    everything, _ = run("test-talks", "--include-drafts")

    assert json.loads(public)["positions"] == []
    assert len(json.loads(everything)["positions"]) == 5


def test_an_unknown_slug_is_a_clear_error():
    with pytest.raises(CommandError) as caught:
        run("nowhere")

    assert str(caught.value) == 'There is no negotiation with slug "nowhere".'


def test_a_negotiation_without_a_baseline_is_refused_with_the_reason():
    make_negotiation(slug="unfinished")
    stderr = StringIO()

    with pytest.raises(CommandError) as caught:
        call_command(
            "export_negotiation", "unfinished", stdout=StringIO(), stderr=stderr
        )

    assert stderr.getvalue() == (
        "negotiation.baseline: required: the negotiation has no baseline\n"
    )
    assert str(caught.value) == '"unfinished" cannot be written as a document.'
