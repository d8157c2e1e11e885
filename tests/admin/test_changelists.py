"""Change lists run the same number of queries however many rows they show."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from negotiations.models import Measure
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

CHANGELISTS = [
    "negotiations_negotiation",
    "negotiations_position",
    "negotiations_response",
    "negotiations_event",
    "negotiations_source",
    "negotiations_issue",
    "negotiations_proposal",
    "negotiations_version",
    "negotiations_term",
    "parties_actor",
    "parties_person",
]


def _fill(rows):
    """Make a negotiation with `rows` of every kind of row."""
    negotiation = make_negotiation()
    ordinal = make_issue(negotiation, measure=Measure.ORDINAL)
    numeric = make_issue(negotiation, measure=Measure.NUMERIC)
    proposal = make_proposal(negotiation, authors=[negotiation.side_a])
    for index in range(rows):
        day = datetime.date(2024, 1, 1) + datetime.timedelta(days=index)
        actor = make_actor(negotiation)
        make_person(negotiation, actor=actor)
        source = make_source(negotiation)
        make_issue(negotiation)
        make_position(
            actor=actor, issue=ordinal, value="middle", as_of=day, sources=[source]
        )
        make_position(actor=actor, issue=numeric, value=index, as_of=day)
        version = make_version(
            proposal,
            date=day,
            terms={ordinal: "b-end", numeric: index},
            is_published=index % 2 == 0,
        )
        make_response(version=version, actor=actor, sources=[source])
        make_event(negotiation, date=day, participants=[actor], sources=[source])
        make_proposal(negotiation, authors=[actor])
    make_negotiation()


def _queries(client, name, query=""):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(reverse(f"admin:{name}_changelist") + query)
    assert response.status_code == 200
    return len(queries)


def test_every_change_list_runs_as_many_queries_for_3_rows_as_for_12(
    publisher_client,
):
    _fill(3)
    small = {name: _queries(publisher_client, name) for name in CHANGELISTS}
    _fill(9)
    large = {name: _queries(publisher_client, name) for name in CHANGELISTS}
    assert large == small


def test_the_position_list_filtered_and_searched_runs_a_fixed_number_of_queries(
    publisher_client, django_assert_num_queries
):
    _fill(3)
    negotiation = make_negotiation(slug="big")
    issue = make_issue(negotiation, measure=Measure.NUMERIC, title="Prisoners")
    for index in range(30):
        make_position(
            actor=negotiation.side_a,
            issue=issue,
            value=index,
            as_of=datetime.date(2024, 1, 1) + datetime.timedelta(days=index),
        )
    url = reverse("admin:negotiations_position_changelist")
    query = f"?negotiation__id__exact={negotiation.pk}&q=prisoners&as_of__year=2024"
    # Session, user, the user's and the groups' permissions, the choices of
    # three filters, two counts (filtered and total), the rows, the dates.
    with django_assert_num_queries(11):
        response = publisher_client.get(url + query)
    assert response.context["cl"].result_count == 30
    assert len(response.context["cl"].result_list) == 30
