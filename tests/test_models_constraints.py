import datetime

import pytest
from django.db import IntegrityError, transaction

from negotiations.models import Issue, Measure, Negotiation, Position, ScaleOption
from parties.models import Actor

pytestmark = pytest.mark.django_db


def _negotiation():
    negotiation = Negotiation.objects.create(slug="n", title="N")
    a = Actor.objects.create(negotiation=negotiation, slug="a", name="A")
    numeric = Issue.objects.create(
        negotiation=negotiation, slug="days", title="Days", measure=Measure.NUMERIC
    )
    ordinal = Issue.objects.create(
        negotiation=negotiation, slug="o", title="O", measure=Measure.ORDINAL
    )
    option = ScaleOption.objects.create(issue=ordinal, value="x", label="X", rank=0)
    return negotiation, a, numeric, ordinal, option


def test_database_refuses_a_number_on_an_ordinal_issue():
    negotiation, actor, _, ordinal, _ = _negotiation()
    with pytest.raises(IntegrityError), transaction.atomic():
        Position.objects.create(
            negotiation=negotiation,
            actor=actor,
            issue=ordinal,
            measure=Measure.ORDINAL,
            as_of=datetime.date(2024, 1, 1),
            value_number=3,
        )


def test_database_refuses_a_second_position_for_the_same_claim():
    negotiation, actor, numeric, _, _ = _negotiation()
    fields = dict(
        negotiation=negotiation,
        actor=actor,
        issue=numeric,
        measure=Measure.NUMERIC,
        as_of=datetime.date(2024, 1, 1),
    )
    Position.objects.create(**fields, value_number=1)
    with pytest.raises(IntegrityError), transaction.atomic():
        Position.objects.create(**fields, value_number=2)


def _position(negotiation, actor, issue, **values):
    return Position.objects.create(
        negotiation=negotiation,
        actor=actor,
        issue=issue,
        measure=issue.measure,
        as_of=datetime.date(2024, 1, 1),
        **values,
    )


@pytest.mark.parametrize(
    "values",
    [
        {"value_min": 9, "value_max": 3},
        {"value_number": 5, "value_max": 7},
    ],
    ids=["min above max", "point and range"],
)
def test_database_refuses_a_broken_range(values):
    negotiation, actor, numeric, _, _ = _negotiation()
    with pytest.raises(IntegrityError), transaction.atomic():
        _position(negotiation, actor, numeric, **values)


def test_database_refuses_a_range_on_an_ordinal_issue():
    negotiation, actor, _, ordinal, _ = _negotiation()
    with pytest.raises(IntegrityError), transaction.atomic():
        _position(negotiation, actor, ordinal, value_min=1)


def test_database_takes_a_range_open_at_one_end():
    negotiation, actor, numeric, _, _ = _negotiation()

    position = _position(negotiation, actor, numeric, value_max=5000)

    assert str(Position.objects.get(pk=position.pk).value) == "up to 5,000"


@pytest.mark.parametrize(
    "sides", [("a", None), ("a", "a")], ids=["one side", "the same actor twice"]
)
def test_database_refuses_an_issue_with_one_side_or_the_same_side_twice(sides):
    negotiation, actor, numeric, _, _ = _negotiation()
    actors = {"a": actor, None: None}
    with pytest.raises(IntegrityError), transaction.atomic():
        Issue.objects.filter(pk=numeric.pk).update(
            side_a=actors[sides[0]], side_b=actors[sides[1]]
        )
