"""`manage.py validate_negotiation FILE`: every problem one a line, exit status 1."""

import subprocess
import sys
from io import StringIO

import pytest
from django.conf import settings
from django.core.management import CommandError, call_command

from tests.negotiations.documents import make_document, to_bytes


def run(*args):
    stdout, stderr = StringIO(), StringIO()
    call_command("validate_negotiation", *args, stdout=stdout, stderr=stderr)
    return stdout.getvalue(), stderr.getvalue()


def test_a_valid_document_is_reported_with_what_it_holds(tmp_path):
    path = tmp_path / "talks.json"
    path.write_bytes(to_bytes(make_document()))

    stdout, stderr = run(str(path))

    assert stdout == (
        f'{path} is valid: "test-talks" with 3 actors, 1 person, 3 issues, 2 sources, '
        "1 proposal, 2 versions, 5 positions, 1 response, 2 events.\n"
    )
    assert stderr == ""


def test_every_problem_is_printed_one_a_line(tmp_path):
    doc = make_document()
    doc["positions"][3]["issue"] = "philadelphia"
    del doc["positions"][2]["status"]
    path = tmp_path / "bad.json"
    path.write_bytes(to_bytes(doc))
    stderr = StringIO()

    with pytest.raises(CommandError) as caught:
        call_command("validate_negotiation", str(path), stderr=stderr)

    assert stderr.getvalue().splitlines() == [
        "positions[2].status: required",
        'positions[3].issue: no issue with slug "philadelphia"',
    ]
    assert str(caught.value) == f"{path} is not valid: 2 problem(s)."


def test_a_missing_file_is_a_clear_error():
    with pytest.raises(CommandError) as caught:
        run("/no/such/file.json")

    assert (
        str(caught.value) == "Cannot read /no/such/file.json: No such file or directory"
    )


def test_the_command_exits_with_status_1_and_no_traceback(tmp_path):
    path = tmp_path / "deep.json"
    path.write_bytes(b"[" * 100_000 + b"]" * 100_000)

    finished = subprocess.run(
        [sys.executable, "manage.py", "validate_negotiation", str(path)],
        cwd=settings.BASE_DIR,
        capture_output=True,
        check=False,
        text=True,
        timeout=120,
    )

    assert finished.returncode == 1
    assert finished.stderr.splitlines() == [
        (
            "$[0][0][0][0][0][0][0][0]: nested more than 8 levels deep, "
            "deeper than the schema allows"
        ),
        f"CommandError: {path} is not valid: 1 problem(s).",
    ]
    assert finished.stdout == ""


def test_the_command_exits_with_status_0_for_a_valid_document(tmp_path):
    path = tmp_path / "talks.json"
    path.write_bytes(to_bytes(make_document()))

    finished = subprocess.run(
        [sys.executable, "manage.py", "validate_negotiation", str(path)],
        cwd=settings.BASE_DIR,
        capture_output=True,
        check=False,
        text=True,
        timeout=120,
    )

    assert finished.returncode == 0
    assert finished.stdout.startswith(f"{path} is valid")
