"""A replacing import that loses a race to another one says what happened."""

import threading

import pytest
from django.core.management import CommandError, call_command
from django.db import connection

from negotiations import interchange
from negotiations.interchange import importing
from negotiations.models import Negotiation
from tests.negotiations.documents import make_document, to_bytes


def _lose_the_race(monkeypatch):
    """Let another import's negotiation take the slug just before this one writes."""
    original = importing._Writer.write

    def write(self):
        Negotiation.objects.create(
            slug=self.doc["negotiation"]["slug"], title="Another run's import"
        )
        return original(self)

    monkeypatch.setattr(importing._Writer, "write", write)


@pytest.mark.django_db
def test_a_replacing_import_that_loses_the_race_says_so(monkeypatch):
    _lose_the_race(monkeypatch)

    with pytest.raises(interchange.ReplacedMeanwhile) as caught:
        interchange.import_negotiation(make_document(), replace=True)

    assert "another import of" in str(caught.value)
    assert "finished while this one ran" in str(caught.value)


@pytest.mark.django_db
def test_the_command_does_not_tell_a_replacing_run_to_use_replace(
    monkeypatch, tmp_path
):
    path = tmp_path / "talks.json"
    path.write_bytes(to_bytes(make_document()))
    _lose_the_race(monkeypatch)

    with pytest.raises(CommandError) as caught:
        call_command("import_negotiation", str(path), "--replace")

    assert "use --replace" not in str(caught.value)
    assert "another import of the same negotiation finished first" in str(caught.value)


@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(
    connection.vendor != "postgresql", reason="row locks need PostgreSQL"
)
def test_four_simultaneous_replacing_imports_each_end_in_a_clear_outcome():
    document = make_document()
    interchange.import_negotiation(document)
    outcomes = []
    start = threading.Barrier(4)

    def replace():
        try:
            start.wait()
            interchange.import_negotiation(document, replace=True)
            outcomes.append("replaced")
        except interchange.ReplacedMeanwhile:
            outcomes.append("lost the race")
        except Exception as error:  # noqa: BLE001  (the test reports any other)
            outcomes.append(repr(error))
        finally:
            connection.close()

    threads = [threading.Thread(target=replace) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert set(outcomes) <= {"replaced", "lost the race"}, outcomes
    assert "replaced" in outcomes
    assert Negotiation.objects.filter(slug=document["negotiation"]["slug"]).count() == 1
