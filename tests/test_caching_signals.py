"""Every write to anything in a negotiation moves its changed_at, in one UPDATE."""

import datetime
from pathlib import Path

import pytest
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from negotiations.caching import mark_changed
from negotiations.models import Issue, Negotiation, Position, ScaleOption
from tests.factories import (
    make_actor,
    make_event,
    make_issue,
    make_negotiation,
    make_person,
    make_position,
    make_proposal,
    make_response,
    make_source,
    make_version,
)

pytestmark = pytest.mark.django_db

LONG_AGO = datetime.datetime(2000, 1, 1, tzinfo=datetime.UTC)


def _age(negotiation):
    """Set the negotiation's changed_at far in the past, without a signal."""
    Negotiation.objects.filter(pk=negotiation.pk).update(changed_at=LONG_AGO)


def _moved(negotiation):
    return Negotiation.objects.get(pk=negotiation.pk).changed_at > LONG_AGO


def _world():
    """Return a negotiation with one of everything, and its rows by kind."""
    negotiation = make_negotiation()
    source = make_source(negotiation)
    issue = make_issue(negotiation, measure="ordinal")
    version = make_version(make_proposal(negotiation), terms={issue: "middle"})
    person = make_person(negotiation, actor=negotiation.side_a)
    rows = {
        "negotiation": negotiation,
        "actor": make_actor(negotiation, role="mediator"),
        "person": person,
        "source": source,
        "issue": issue,
        "scale option": issue.scale.first(),
        "proposal": version.proposal,
        "version": version,
        "term": version.terms.get(),
        "position": make_position(actor=negotiation.side_a, issue=issue, value="a-end"),
        "response": make_response(version=version),
        "event": make_event(negotiation),
    }
    return negotiation, rows


KINDS = [
    "negotiation",
    "actor",
    "person",
    "source",
    "issue",
    "scale option",
    "proposal",
    "version",
    "term",
    "position",
    "response",
    "event",
]


@pytest.mark.parametrize("kind", KINDS)
def test_saving_any_row_of_a_negotiation_moves_its_changed_at(kind):
    negotiation, rows = _world()
    _age(negotiation)

    rows[kind].save()

    assert _moved(negotiation) is True


@pytest.mark.parametrize("kind", [kind for kind in KINDS if kind != "negotiation"])
def test_deleting_any_row_of_a_negotiation_moves_its_changed_at(kind):
    negotiation, rows = _world()
    row = rows[kind]
    if kind == "scale option":
        # Values point at options with PROTECT; free this one first.
        Position.objects.filter(value_option=row).delete()
        row.issue.terms.all().delete()
    if kind == "actor":
        row = make_actor(negotiation, role="observer")
    if kind == "issue":
        # Options of an ordinal issue are PROTECTed by the values that use them.
        row = make_issue(negotiation)
    _age(negotiation)

    row.delete()

    assert _moved(negotiation) is True


def test_publishing_a_position_moves_changed_at():
    position = make_position(is_published=False)
    _age(position.negotiation)

    position.is_published = True
    position.save(update_fields=["is_published"])

    assert _moved(position.negotiation) is True


def test_a_save_runs_one_update_of_changed_at_and_writes_no_extra_history():
    negotiation, rows = _world()
    position = rows["position"]
    history_before = position.history.count()
    negotiation_history_before = negotiation.history.count()

    with CaptureQueriesContext(connection) as queries:
        position.save()

    updates = [
        query["sql"]
        for query in queries.captured_queries
        if query["sql"].startswith('UPDATE "negotiations_negotiation"')
    ]
    assert len(updates) == 1
    assert '"changed_at"' in updates[0]
    assert position.history.count() == history_before + 1
    assert negotiation.history.count() == negotiation_history_before


@pytest.mark.parametrize(
    "change",
    [
        "version sources add",
        "position sources remove",
        "response sources clear",
        "event sources add",
        "event actors add",
        "event people add",
        "source positions add (reverse)",
        "actor events remove (reverse)",
    ],
)
def test_many_to_many_changes_move_changed_at(change):
    negotiation, rows = _world()
    source = rows["source"]
    event = rows["event"]
    rows["position"].sources.add(source)
    rows["response"].sources.add(source)
    event.participant_actors.add(negotiation.side_a)
    other_position = make_position(actor=rows["actor"], issue=rows["issue"])
    _age(negotiation)

    {
        "version sources add": lambda: rows["version"].sources.add(source),
        "position sources remove": lambda: rows["position"].sources.remove(source),
        "response sources clear": lambda: rows["response"].sources.clear(),
        "event sources add": lambda: event.sources.add(source),
        "event actors add": lambda: event.participant_actors.add(rows["actor"]),
        "event people add": lambda: event.participant_people.add(rows["person"]),
        "source positions add (reverse)": lambda: source.positions.add(other_position),
        "actor events remove (reverse)": lambda: negotiation.side_a.events.remove(
            event
        ),
    }[change]()

    assert _moved(negotiation) is True


def test_an_empty_many_to_many_add_leaves_changed_at_alone():
    negotiation, rows = _world()
    _age(negotiation)

    rows["version"].sources.add()

    assert _moved(negotiation) is False


def test_a_write_in_one_negotiation_leaves_the_others_alone():
    negotiation, rows = _world()
    other = make_negotiation()
    _age(other)

    rows["term"].save()
    rows["scale option"].save()
    rows["version"].save()

    assert _moved(other) is False


def test_deleting_a_negotiation_sends_no_update_per_row():
    # Sides and ordinal values are PROTECTed: a deletable negotiation has neither.
    negotiation = make_negotiation(sides=False)
    actor = make_actor(negotiation)
    issue = make_issue(negotiation)
    for day in range(1, 6):
        make_position(
            actor=actor, issue=issue, value=day, as_of=datetime.date(2024, 7, day)
        )
    make_version(make_proposal(negotiation), terms={issue: 3})

    with CaptureQueriesContext(connection) as queries:
        Negotiation.objects.filter(pk=negotiation.pk).delete()

    updates = [
        query["sql"]
        for query in queries.captured_queries
        if query["sql"].startswith('UPDATE "negotiations_negotiation"')
        and '"changed_at"' in query["sql"]
    ]
    assert updates == []
    assert Negotiation.objects.filter(pk=negotiation.pk).exists() is False


def test_mark_changed_moves_changed_at_after_a_bulk_write_that_sends_no_signal():
    negotiation = make_negotiation()
    issue = make_issue(negotiation, measure="ordinal")
    _age(negotiation)

    ScaleOption.objects.bulk_create(
        [ScaleOption(issue=issue, value="new-end", label="New end", rank=9)]
    )
    assert _moved(negotiation) is False
    mark_changed(pk=negotiation.pk)

    assert _moved(negotiation) is True


def test_a_rolled_back_write_leaves_changed_at_as_it_was():
    negotiation, rows = _world()
    _age(negotiation)

    with pytest.raises(RuntimeError), transaction.atomic():
        rows["event"].save()
        raise RuntimeError("the editor's save failed")

    assert _moved(negotiation) is False


def test_a_person_without_an_actor_still_moves_changed_at():
    negotiation = make_negotiation()
    _age(negotiation)

    make_person(negotiation)

    assert _moved(negotiation) is True


def _demo_document():
    from negotiations.interchange import load_document

    path = Path(__file__).resolve().parent.parent / "negotiations/data/gaza-2024.json"
    return load_document(path.read_bytes())


def test_an_import_stamps_the_new_negotiation_with_the_time_of_the_import():
    from negotiations.interchange import import_negotiation

    started = timezone.now()
    negotiation = import_negotiation(_demo_document())

    assert Negotiation.objects.get(pk=negotiation.pk).changed_at >= started


def test_replacing_a_negotiation_by_import_gives_its_slug_a_new_changed_at():
    from negotiations.interchange import import_negotiation

    doc = _demo_document()
    first = import_negotiation(doc)
    before = Negotiation.objects.get(pk=first.pk).changed_at

    second = import_negotiation(doc, replace=True)

    after = Negotiation.objects.get(slug=doc["negotiation"]["slug"]).changed_at
    assert second.slug == first.slug
    assert after > before


CONFINED = ["issue", "scale option", "term", "position"]


def _age_all(negotiation):
    Negotiation.objects.filter(pk=negotiation.pk).update(
        changed_at=LONG_AGO, shared_changed_at=LONG_AGO
    )
    Issue.objects.filter(negotiation=negotiation).update(changed_at=LONG_AGO)


def _stamps(negotiation, issue):
    negotiation = Negotiation.objects.get(pk=negotiation.pk)
    return (
        negotiation.changed_at > LONG_AGO,
        negotiation.shared_changed_at > LONG_AGO,
        Issue.objects.get(pk=issue.pk).changed_at > LONG_AGO,
    )


@pytest.mark.parametrize("kind", CONFINED)
def test_a_write_confined_to_a_sticking_point_leaves_the_shared_stamp(kind):
    negotiation, rows = _world()
    _age_all(negotiation)

    rows[kind].save()

    # changed_at, shared_changed_at, the sticking point's changed_at.
    assert _stamps(negotiation, rows["issue"]) == (True, False, True)


@pytest.mark.parametrize("kind", [kind for kind in KINDS if kind not in CONFINED])
def test_any_other_write_moves_every_stamp_but_the_sticking_points(kind):
    negotiation, rows = _world()
    _age_all(negotiation)

    rows[kind].save()

    assert _stamps(negotiation, rows["issue"]) == (True, True, False)


def test_deleting_a_sticking_point_moves_its_negotiations_changed_at():
    negotiation = make_negotiation()
    issue = make_issue(negotiation)
    _age_all(negotiation)

    issue.delete()

    assert _moved(negotiation) is True


def test_a_source_added_to_a_position_is_confined_to_its_sticking_point():
    negotiation, rows = _world()
    _age_all(negotiation)

    rows["position"].sources.add(rows["source"])

    assert _stamps(negotiation, rows["issue"]) == (True, False, True)
