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
