import pytest

from negotiations.models import Measure
from tests.factories import (
    make_event,
    make_issue,
    make_negotiation,
    make_person,
    make_position,
    make_response,
    make_source,
    make_version,
)

pytestmark = pytest.mark.django_db


def test_make_negotiation_gives_a_published_negotiation_with_two_sides():
    negotiation = make_negotiation()
    assert negotiation.is_published is True
    assert negotiation.side_a.slug == "side-a"
    assert negotiation.side_b.negotiation == negotiation


def test_make_position_stores_an_ordinal_value_as_its_scale_option():
    negotiation = make_negotiation()
    issue = make_issue(negotiation, measure=Measure.ORDINAL, scale=["x", ("y", "Why")])
    position = make_position(actor=negotiation.side_b, issue=issue, value="y")
    assert position.value == "y"
    assert position.value_option.label == "Why"
    assert position.negotiation == negotiation


def test_make_version_adds_terms_sources_and_can_become_the_baseline():
    negotiation = make_negotiation()
    issue = make_issue(negotiation)
    source = make_source(negotiation)
    version = make_version(
        negotiation=negotiation, terms={issue: 30}, sources=[source], baseline=True
    )
    negotiation.refresh_from_db()
    assert negotiation.baseline == version
    assert [term.value for term in version.terms.all()] == [30]
    assert list(version.sources.all()) == [source]


def test_make_response_and_make_event_default_to_published():
    version = make_version()
    response = make_response(version=version)
    person = make_person(version.proposal.negotiation)
    event = make_event(version.proposal.negotiation, participants=[person])
    assert response.is_published is True
    assert event.is_published is True
    assert list(event.participant_people.all()) == [person]
