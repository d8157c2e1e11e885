"""`manage.py import_negotiation FILE [--replace] [--draft] [--dry-run]`."""

import subprocess
import sys
from io import StringIO

import pytest
from django.conf import settings
from django.core.management import CommandError, call_command

from negotiations.models import Negotiation, Position
from tests.negotiations.documents import count_rows, make_document, to_bytes

pytestmark = pytest.mark.django_db

HELD = (
    "3 actors, 1 person, 3 issues, 2 sources, 1 proposal, 2 versions, "
    "5 positions, 1 response, 2 events"
)


@pytest.fixture
def document_file(tmp_path):
    def write(doc=None, name="talks.json"):
        path = tmp_path / name
        path.write_bytes(to_bytes(doc or make_document()))
        return str(path)

    return write


def run(*args):
    stdout, stderr = StringIO(), StringIO()
    call_command("import_negotiation", *args, stdout=stdout, stderr=stderr)
    return stdout.getvalue(), stderr.getvalue()


def test_a_document_is_imported_and_published(document_file):
    stdout, _ = run(document_file())

    assert stdout == f'Imported "test-talks" published with {HELD}.\n'
    assert Negotiation.objects.get(slug="test-talks").is_published is True
    assert set(Position.objects.values_list("is_published", flat=True)) == {True}


def test_draft_imports_everything_unpublished(document_file):
    stdout, _ = run(document_file(), "--draft")

    assert stdout == f'Imported "test-talks" as drafts with {HELD}.\n'
    assert Negotiation.objects.get(slug="test-talks").is_published is False
    assert set(Position.objects.values_list("is_published", flat=True)) == {False}


def test_a_dry_run_writes_nothing(document_file):
    before = count_rows()

    stdout, _ = run(document_file(), "--dry-run")

    assert stdout == (
        f'Dry run: "test-talks" would be imported published with {HELD}; '
        "nothing was written.\n"
    )
    assert count_rows() == before


def test_a_bad_document_lists_every_problem_and_imports_nothing(document_file):
    doc = make_document()
    doc["positions"][3]["issue"] = "philadelphia"
    doc["events"][0]["end_date"] = "2024-05-01"
    path = document_file(doc)
    before = count_rows()
    stderr = StringIO()

    with pytest.raises(CommandError) as caught:
        call_command("import_negotiation", path, stderr=stderr)

    assert stderr.getvalue().splitlines() == [
        'positions[3].issue: no issue with slug "philadelphia"',
        "events[0].end_date: 2024-05-01 is before the event's date 2024-05-06",
    ]
    assert str(caught.value) == f"Nothing was imported: 2 problem(s) in {path}."
    assert count_rows() == before


def test_an_existing_slug_is_refused_without_replace(document_file):
    path = document_file()
    run(path)
    before = count_rows()
    stderr = StringIO()

    with pytest.raises(CommandError) as caught:
        call_command("import_negotiation", path, stderr=stderr)

    assert stderr.getvalue() == (
        'negotiation.slug: a negotiation with slug "test-talks" already exists; '
        "replace it or change the slug\n"
    )
    assert str(caught.value) == (
        "Nothing was imported; use --replace to replace that negotiation."
    )
    assert count_rows() == before


def test_replace_swaps_the_negotiation(document_file):
    run(document_file())
    doc = make_document()
    doc["negotiation"]["title"] = "Second edition"

    stdout, _ = run(document_file(doc, name="second.json"), "--replace")

    assert stdout.startswith('Imported "test-talks" published')
    assert Negotiation.objects.get().title == "Second edition"


def test_a_file_over_20_mib_is_refused_without_reading_it_whole(
    document_file, tmp_path
):
    path = tmp_path / "huge.json"
    with open(path, "wb") as huge:
        huge.truncate(25_000_000)
    stderr = StringIO()

    with pytest.raises(CommandError):
        call_command("import_negotiation", str(path), stderr=stderr)

    assert stderr.getvalue() == (
        "$: the document is 25,000,000 bytes; the limit is 20 MiB (20,971,520 bytes)\n"
    )


def test_a_bad_document_exits_with_status_1(document_file):
    text = to_bytes(make_document()).decode().replace('"value": 500', '"value": NaN')

    finished = subprocess.run(
        [sys.executable, "manage.py", "import_negotiation", "-"],
        input=text,
        cwd=settings.BASE_DIR,
        capture_output=True,
        check=False,
        text=True,
        timeout=120,
    )

    assert finished.returncode == 1
    assert finished.stderr.splitlines() == [
        "positions[0].value: NaN is not allowed: numbers must be finite",
        "CommandError: Nothing was imported: 1 problem(s) in -.",
    ]
