"""A prepared query gives the rows its QuerySet gives, for any values."""

import datetime

import pytest

from negotiations.fetch_prepared import prepared
from negotiations.models import Position
from tests.factories import make_issue, make_negotiation, make_position

pytestmark = pytest.mark.django_db

D = datetime.date


def _up_to(negotiation_id, day):
    return (
        Position.objects.public()
        .filter(negotiation_id=negotiation_id, as_of__lte=day)
        .select_related("actor")
        .prefetch_related("sources")
        .order_by("as_of", "id")
    )


def _two_negotiations():
    made = []
    for slug in ("first", "second"):
        negotiation = make_negotiation(slug=slug)
        issue = make_issue(negotiation)
        for day in (D(2024, 6, 1), D(2024, 6, 5), D(2024, 6, 9)):
            make_position(actor=negotiation.side_a, issue=issue, as_of=day)
        made.append(negotiation)
    return made


def test_a_prepared_query_gives_its_querysets_rows_for_each_value():
    first, second = _two_negotiations()
    key = ("test-up-to", "each value")
    for negotiation in (first, second):
        for day in (D(2024, 5, 1), D(2024, 6, 5), D(2024, 7, 1)):
            rows = prepared(key, _up_to, [negotiation.pk, day])
            expected = list(_up_to(negotiation.pk, day))
            assert [row.pk for row in rows] == [row.pk for row in expected]
            # Related rows and prefetches come as the QuerySet gives them.
            assert [row.actor.name for row in rows] == [
                row.actor.name for row in expected
            ]
            assert all(row.sources.all() is not None for row in rows)


def test_a_prepared_query_runs_the_queries_of_its_queryset(
    django_assert_num_queries,
):
    first, _ = _two_negotiations()
    key = ("test-up-to", "query count")
    prepared(key, _up_to, [first.pk, D(2024, 6, 5)])
    # The positions, then their sources.
    with django_assert_num_queries(2):
        rows = prepared(key, _up_to, [first.pk, D(2024, 6, 9)])
    assert len(rows) == 3


def _attributed(negotiation_id, attributed_actor_id):
    return Position.objects.filter(
        negotiation_id=negotiation_id, attributed_actor_id=attributed_actor_id
    ).order_by("id")


def test_a_value_that_could_reshape_the_sql_is_not_prepared():
    first, _ = _two_negotiations()
    key = ("test-attributed", "none")
    # None compiles as IS NULL: the QuerySet runs as usual whenever it is given.
    assert len(prepared(key, _attributed, [first.pk, None])) == 3
    assert prepared(key, _attributed, [first.pk, first.side_b_id]) == []
    assert len(prepared(key, _attributed, [first.pk, None])) == 3
    assert prepared(key, _attributed, [first.pk, first.side_a_id]) == []
