"""The database itself refuses links across negotiations and moves of a row."""

import pytest
from django.db import IntegrityError, connection, transaction

from negotiations.models import Issue, Position, Source
from parties.models import Actor
from tests.factories import (
    make_actor,
    make_issue,
    make_negotiation,
    make_position,
    make_source,
    make_term,
    make_version,
)

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="the guards are PostgreSQL triggers",
    ),
]


def _refused(action):
    with pytest.raises(IntegrityError) as caught, transaction.atomic():
        action()
    return str(caught.value)


def test_a_position_cannot_hold_an_actor_of_another_negotiation():
    position = make_position(value=3)
    stranger = make_actor(make_negotiation(sides=False))

    message = _refused(
        lambda: Position.objects.filter(pk=position.pk).update(actor=stranger)
    )

    assert "negotiations_position.actor_id" in message
    assert Position.objects.get(pk=position.pk).actor_id != stranger.pk


def test_a_position_cannot_cite_a_source_of_another_negotiation():
    position = make_position(value=3)
    foreign_source = make_source(make_negotiation(sides=False))

    message = _refused(lambda: position.sources.add(foreign_source))

    assert "negotiations_position_sources.source_id" in message


def test_a_term_cannot_name_an_issue_of_another_negotiation():
    version = make_version()
    foreign_issue = make_issue(make_negotiation(sides=False))

    _refused(lambda: make_term(version=version, issue=foreign_issue, value=1))


def test_a_bulk_insert_with_one_stray_row_writes_nothing():
    negotiation = make_negotiation()
    other = make_negotiation(sides=False)
    rows = [Source(negotiation=negotiation, key=f"s{i}", title="t") for i in range(3)]
    Source.objects.bulk_create(rows)
    stray = make_issue(other)
    good = make_issue(negotiation)

    def insert():
        Position.objects.bulk_create(
            [
                Position(
                    negotiation=negotiation,
                    actor=negotiation.side_a,
                    issue=issue,
                    as_of="2024-06-01",
                    measure=issue.measure,
                )
                for issue in (good, stray)
            ]
        )

    _refused(insert)
    assert Position.objects.count() == 0


@pytest.mark.parametrize(
    "make, model",
    [(make_issue, Issue), (make_source, Source), (make_actor, Actor)],
)
def test_no_row_moves_to_another_negotiation(make, model):
    row = make(make_negotiation(sides=False))
    other = make_negotiation(sides=False)

    message = _refused(
        lambda: model.objects.filter(pk=row.pk).update(negotiation=other)
    )

    assert "fixed once the row exists" in message
    assert model.objects.get(pk=row.pk).negotiation_id == row.negotiation_id


def test_rows_of_the_same_negotiation_link_as_before():
    negotiation = make_negotiation()
    source = make_source(negotiation)
    issue = make_issue(negotiation)
    position = make_position(issue=issue, value=2, sources=[source])
    assert list(position.sources.all()) == [source]
