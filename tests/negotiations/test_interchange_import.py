"""Importing a document: what is written, its history; failures write nothing."""

import datetime
import threading

import pytest
from django.contrib.auth import get_user_model
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from negotiations.interchange import (
    DocumentError,
    NegotiationExists,
    bulk,
    equivalent,
    export_negotiation,
    import_negotiation,
)
from negotiations.models import (
    Event,
    Issue,
    Measure,
    Negotiation,
    Position,
    Proposal,
    Response,
    ScaleOption,
    Source,
    Term,
    Version,
)
from parties.models import Actor, Person
from tests.factories import make_negotiation, make_position
from tests.negotiations.documents import ODD_LABEL, count_rows, make_document

pytestmark = pytest.mark.django_db


def test_an_import_writes_every_object_of_the_document():
    negotiation = import_negotiation(make_document())

    assert negotiation.slug == "test-talks"
    assert Actor.objects.filter(negotiation=negotiation).count() == 3
    assert Person.objects.filter(negotiation=negotiation).count() == 1
    assert Issue.objects.filter(negotiation=negotiation).count() == 3
    assert ScaleOption.objects.filter(issue__negotiation=negotiation).count() == 3
    assert Source.objects.filter(negotiation=negotiation).count() == 2
    assert Proposal.objects.filter(negotiation=negotiation).count() == 1
    assert Version.objects.filter(proposal__negotiation=negotiation).count() == 2
    assert Term.objects.filter(version__proposal__negotiation=negotiation).count() == 5
    assert Position.objects.filter(negotiation=negotiation).count() == 5
    assert Response.objects.filter(negotiation=negotiation).count() == 1
    assert Event.objects.filter(negotiation=negotiation).count() == 2


def test_the_negotiation_gets_its_sides_baseline_and_change_stamp():
    before = timezone.now()

    negotiation = Negotiation.objects.get(pk=import_negotiation(make_document()).pk)

    assert (negotiation.side_a.slug, negotiation.side_b.slug) == ("north", "south")
    assert negotiation.baseline.label == "v1"
    assert negotiation.baseline.proposal.slug == "framework"
    assert negotiation.started_on == datetime.date(2024, 5, 1)
    assert negotiation.changed_at >= before


def test_issues_scales_and_versions_keep_the_document_order():
    doc = make_document()
    doc["issues"].reverse()

    negotiation = import_negotiation(doc)

    issues = Issue.objects.filter(negotiation=negotiation).order_by("rank")
    assert [issue.slug for issue in issues] == ["guarantees", "corridor", "prisoners"]
    scale = ScaleOption.objects.filter(issue__slug="corridor").order_by("rank")
    assert [option.value for option in scale] == ["keep", "share", "leave"]
    assert [option.rank for option in scale] == [0, 1, 2]
    versions = Version.objects.filter(proposal__negotiation=negotiation).order_by(
        "rank"
    )
    assert [version.label for version in versions] == ["v1", ODD_LABEL]


def test_values_are_stored_on_their_issues_measure():
    negotiation = import_negotiation(make_document())

    positions = Position.objects.filter(negotiation=negotiation).order_by("pk")
    numeric, _, ordinal, _, text = positions
    assert (numeric.measure, numeric.value_number, numeric.value_option) == (
        Measure.NUMERIC,
        500.0,
        None,
    )
    assert ordinal.measure == Measure.ORDINAL
    assert ordinal.value_number is None
    assert ordinal.value_option.value == "keep"
    assert ordinal.value_option.issue.slug == "corridor"
    assert (text.measure, text.value_number, text.value_option) == (
        Measure.TEXT,
        None,
        None,
    )


def test_an_unknown_value_is_stored_as_unknown_never_as_zero():
    negotiation = import_negotiation(make_document())

    term = Term.objects.get(
        version__proposal__negotiation=negotiation,
        version__label=ODD_LABEL,
        issue__slug="corridor",
    )
    assert term.measure == Measure.ORDINAL
    assert term.value is None


def test_numbers_are_read_as_numbers():
    doc = make_document()
    doc["positions"][0]["value"] = 1e3
    doc["positions"][1]["value"] = -0.0

    negotiation = import_negotiation(doc)

    values = Position.objects.filter(negotiation=negotiation, issue__slug="prisoners")
    assert sorted(values.values_list("value_number", flat=True)) == [0.0, 1000.0]


def test_attribution_names_an_actor_or_a_person():
    negotiation = import_negotiation(make_document())

    by_mediator = Position.objects.get(negotiation=negotiation, status="claimed")
    by_spokesperson = Position.objects.get(
        negotiation=negotiation, attributed_person__isnull=False
    )
    assert by_mediator.attributed_actor.slug == "broker"
    assert by_mediator.attributed_person is None
    assert by_spokesperson.attributed_person.slug == "spokesperson"
    assert by_spokesperson.attributed_actor is None


def test_sources_participants_and_an_absent_event_slug_are_written():
    negotiation = import_negotiation(make_document())

    first = Position.objects.filter(negotiation=negotiation).order_by("pk").first()
    assert sorted(first.sources.values_list("key", flat=True)) == ["paper-2", "wire-1"]
    round_one = Event.objects.get(negotiation=negotiation, slug="round-one")
    assert list(
        round_one.participant_actors.values_list("slug", flat=True).order_by("slug")
    ) == [
        "broker",
        "north",
    ]
    assert list(round_one.participant_people.values_list("slug", flat=True)) == [
        "spokesperson"
    ]
    assert Event.objects.get(negotiation=negotiation, title="A statement").slug == ""
    response = Response.objects.get(negotiation=negotiation)
    assert response.version.label == ODD_LABEL
    assert list(response.sources.values_list("key", flat=True)) == ["wire-1"]


def test_an_import_publishes_the_negotiation_and_every_claim_by_default():
    negotiation = import_negotiation(make_document())

    assert negotiation.is_published is True
    for model, lookup in _claims(negotiation):
        assert set(
            model.objects.filter(**lookup).values_list("is_published", flat=True)
        ) == {True}


def test_a_draft_import_leaves_the_negotiation_and_every_claim_unpublished():
    negotiation = import_negotiation(make_document(), publish=False)

    assert Negotiation.objects.get(pk=negotiation.pk).is_published is False
    for model, lookup in _claims(negotiation):
        assert set(
            model.objects.filter(**lookup).values_list("is_published", flat=True)
        ) == {False}


def _claims(negotiation):
    return [
        (Version, {"proposal__negotiation": negotiation}),
        (Position, {"negotiation": negotiation}),
        (Response, {"negotiation": negotiation}),
        (Event, {"negotiation": negotiation}),
    ]


# ---- History -------------------------------------------------------------------------


def test_every_imported_object_gets_one_creation_history_row_with_the_user():
    user = get_user_model().objects.create_user("editor")

    negotiation = import_negotiation(make_document(), user=user)

    for model in (Negotiation, Actor, Person, Source, Issue, ScaleOption, Proposal):
        history = model.history.all()
        assert history.count() == model.objects.count(), model
        assert set(history.values_list("history_type", "history_user")) == {
            ("+", user.pk)
        }
    for model in (Version, Term, Position, Response, Event):
        assert model.history.filter(history_type="+", history_user=user).count() == (
            model.objects.count()
        )
    record = Negotiation.history.get()
    assert (record.side_a_id, record.baseline_id) == (
        negotiation.side_a_id,
        negotiation.baseline_id,
    )


def test_many_to_many_rows_get_history_rows_linked_to_the_creation_record():
    import_negotiation(make_document())

    for field in (
        Version._meta.get_field("sources"),
        Position._meta.get_field("sources"),
        Response._meta.get_field("sources"),
        Event._meta.get_field("sources"),
        Event._meta.get_field("participant_actors"),
        Event._meta.get_field("participant_people"),
    ):
        through = field.remote_field.through
        historical = getattr(field.model.history.model, field.name).model
        name, target = field.m2m_field_name(), field.m2m_reverse_field_name()
        live = set(through.objects.values_list("id", f"{name}_id", f"{target}_id"))
        recorded = set(
            historical.objects.values_list("id", f"{name}_id", f"{target}_id")
        )
        assert live and recorded == live, field
        for row in historical.objects.select_related("history"):
            assert row.history.history_type == "+"
            assert row.history.id == getattr(row, f"{name}_id")


def test_without_copy_the_rows_and_their_history_are_the_same(monkeypatch):
    monkeypatch.setattr(bulk, "USE_COPY", False)

    negotiation = import_negotiation(make_document())

    assert Position.objects.filter(negotiation=negotiation).count() == 5
    assert Position.history.filter(history_type="+").count() == 5
    through = Event.participant_people.through
    historical = Event.history.model.participant_people.model
    assert through.objects.count() == historical.objects.count() == 1
    assert equivalent(export_negotiation(negotiation), make_document()) is True


def test_a_historical_version_lists_its_sources():
    negotiation = import_negotiation(make_document())

    record = Version.history.get(proposal__negotiation=negotiation, label="v1")
    assert [link.source.key for link in record.sources.all()] == ["wire-1"]


# ---- Nothing is written on failure ---------------------------------------------------


def test_a_document_with_problems_writes_nothing():
    doc = make_document()
    doc["positions"][3]["issue"] = "philadelphia"
    before = count_rows()

    with pytest.raises(DocumentError) as caught:
        import_negotiation(doc)

    assert str(caught.value) == 'positions[3].issue: no issue with slug "philadelphia"'
    assert count_rows() == before


def test_an_existing_slug_is_refused_without_replace_and_nothing_is_written():
    import_negotiation(make_document())
    before = count_rows()

    with pytest.raises(NegotiationExists) as caught:
        import_negotiation(make_document())

    assert str(caught.value) == (
        'negotiation.slug: a negotiation with slug "test-talks" already exists; '
        "replace it or change the slug"
    )
    assert count_rows() == before


def test_a_failure_in_the_middle_of_an_import_writes_nothing(monkeypatch):
    _fail_on(monkeypatch, Event)
    before = count_rows()

    with pytest.raises(RuntimeError):
        import_negotiation(make_document())

    assert count_rows() == before


def test_a_dry_run_writes_nothing_but_returns_the_negotiation():
    before = count_rows()

    negotiation = import_negotiation(make_document(), dry_run=True)

    assert negotiation.slug == "test-talks"
    assert count_rows() == before


def _fail_on(monkeypatch, failing_model):
    """Make the importer's bulk insert raise when it reaches failing_model."""
    real_insert = bulk.insert_rows

    def insert(model, rows):
        if model is failing_model:
            raise RuntimeError("the database went away")
        return real_insert(model, rows)

    monkeypatch.setattr(bulk, "insert_rows", insert)


# ---- Replacing -----------------------------------------------------------------------


def test_replace_swaps_the_old_negotiation_for_the_new_one():
    old = import_negotiation(make_document())
    make_position(
        actor=old.side_a, issue=Issue.objects.get(negotiation=old, slug="prisoners")
    )
    doc = make_document()
    doc["negotiation"]["title"] = "Test talks, second edition"
    doc["positions"] = doc["positions"][:2]

    new = import_negotiation(doc, replace=True)

    assert Negotiation.objects.get().title == "Test talks, second edition"
    assert not Negotiation.objects.filter(pk=old.pk).exists()
    assert Position.objects.count() == 2
    assert set(Position.objects.values_list("negotiation", flat=True)) == {new.pk}
    assert Actor.objects.count() == 3


def test_replace_records_the_deletion_of_every_old_object():
    user = get_user_model().objects.create_user("editor")
    old = import_negotiation(make_document())

    import_negotiation(make_document(), replace=True, user=user)

    for model in (Negotiation, Actor, Person, Issue, ScaleOption, Source, Proposal):
        deleted = model.history.filter(history_type="-")
        assert deleted.count() == model.objects.count(), model
        assert set(deleted.values_list("history_user", flat=True)) == {user.pk}
    for model in (Version, Term, Position, Response, Event):
        assert model.history.filter(history_type="-").count() == model.objects.count()
    assert Negotiation.history.get(history_type="-").id == old.pk


def test_replace_leaves_other_negotiations_alone():
    other = make_negotiation(slug="other-talks")
    make_position(actor=other.side_a)
    import_negotiation(make_document())
    before = Position.objects.filter(negotiation=other).count()

    import_negotiation(make_document(), replace=True)

    assert Position.objects.filter(negotiation=other).count() == before
    assert Negotiation.objects.filter(slug="other-talks").exists()


def test_a_replace_that_fails_midway_leaves_the_old_negotiation_as_it_was(monkeypatch):
    old = import_negotiation(make_document())
    before = count_rows()
    _fail_on(monkeypatch, Position)
    doc = make_document()
    doc["negotiation"]["title"] = "Never seen"

    with pytest.raises(RuntimeError):
        import_negotiation(doc, replace=True)

    assert count_rows() == before
    kept = Negotiation.objects.get(slug="test-talks")
    assert (kept.pk, kept.title) == (old.pk, "Test talks")
    assert Position.objects.filter(negotiation=kept).count() == 5


@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(
    connection.vendor != "postgresql", reason="needs concurrent readers"
)
def test_readers_see_the_old_negotiation_until_a_replace_commits(monkeypatch):
    import_negotiation(make_document())
    reached, resume = threading.Event(), threading.Event()
    real_insert = bulk.insert_rows

    def insert(model, rows):
        if model is Position:  # the old rows are deleted and half the new written
            reached.set()
            resume.wait(timeout=30)
        return real_insert(model, rows)

    monkeypatch.setattr(bulk, "insert_rows", insert)
    doc = make_document()
    doc["negotiation"]["title"] = "Test talks, second edition"

    def replace():
        try:
            import_negotiation(doc, replace=True)
        finally:
            connection.close()

    writer = threading.Thread(target=replace)
    writer.start()
    try:
        assert reached.wait(timeout=30) is True
        seen = Negotiation.objects.get(slug="test-talks")
        assert seen.title == "Test talks"
        assert Position.objects.filter(negotiation=seen).count() == 5
        assert Actor.objects.filter(negotiation__slug="test-talks").count() == 3
    finally:
        resume.set()
        writer.join(timeout=30)
    assert (
        Negotiation.objects.get(slug="test-talks").title == "Test talks, second edition"
    )
    assert Negotiation.objects.count() == 1


def test_a_replace_with_a_bad_document_leaves_the_old_negotiation_as_it_was():
    import_negotiation(make_document())
    before = count_rows()
    doc = make_document()
    doc["events"][0]["end_date"] = "2024-01-01"

    with pytest.raises(DocumentError):
        import_negotiation(doc, replace=True)

    assert count_rows() == before


def test_replace_imports_a_new_slug_as_usual():
    negotiation = import_negotiation(make_document(), replace=True)

    assert Negotiation.objects.get().pk == negotiation.pk


# ---- Bounded queries -----------------------------------------------------------------


def test_an_import_runs_the_same_queries_for_5_or_500_positions():
    small = make_document()
    large = make_document()
    large["positions"] = [
        dict(position, as_of=f"2024-{month:02}-{day:02}")
        for position in small["positions"]
        for month in range(1, 11)
        for day in range(1, 11)
    ]

    small_queries = _queries(small)
    large_queries = _queries(large)

    assert len(large["positions"]) == 500
    # SQLite caps the parameters of one INSERT, so its batches hold fewer rows.
    allowance = 0 if connection.vendor == "postgresql" else 10
    assert large_queries <= small_queries + allowance


def _queries(doc):
    with CaptureQueriesContext(connection) as context:
        import_negotiation(doc, dry_run=True)
    return len(context.captured_queries)


@pytest.mark.skipif(
    connection.vendor != "postgresql", reason="ANALYZE is run on PostgreSQL only"
)
def test_an_import_analyzes_only_tables_it_filled():
    # make_document() has no commitments or implementation reports.
    with CaptureQueriesContext(connection) as queries:
        import_negotiation(make_document())

    analyzed = " ".join(
        query["sql"] for query in queries if query["sql"].startswith("ANALYZE")
    )
    assert "negotiations_position" in analyzed
    assert "commitment" not in analyzed
    assert "implementationentry" not in analyzed
