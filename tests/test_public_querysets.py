"""The publication rule, on the models' QuerySets: `public()` is what readers see."""

import pytest

from negotiations.models import (
    Event,
    Issue,
    Negotiation,
    Position,
    Proposal,
    Response,
    Source,
    Term,
    Version,
)
from parties.models import Actor, Person
from tests.factories import (
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


def test_a_draft_negotiation_hides_everything_in_it():
    negotiation = make_negotiation(is_published=False)
    issue = make_issue(negotiation)
    version = make_version(make_proposal(negotiation), terms={issue: 5})
    make_position(actor=negotiation.side_a, issue=issue, value=3)
    make_response(version=version)
    make_event(negotiation)
    make_person(negotiation)

    for model in (Negotiation, Issue, Actor, Person, Proposal, Version, Term):
        assert list(model.objects.public()) == [], model.__name__
    for model in (Position, Response, Event, Source):
        assert list(model.objects.public()) == [], model.__name__


def test_a_published_claim_of_a_published_negotiation_is_public():
    negotiation = make_negotiation()
    issue = make_issue(negotiation)
    position = make_position(actor=negotiation.side_a, issue=issue, value=3)
    draft = make_position(
        actor=negotiation.side_b, issue=issue, value=4, is_published=False
    )

    assert list(Position.objects.public()) == [position]
    assert draft not in Position.objects.public()


def test_a_response_to_a_draft_version_waits_for_the_version():
    negotiation = make_negotiation()
    draft_version = make_version(make_proposal(negotiation), is_published=False)
    response = make_response(version=draft_version)

    assert list(Response.objects.public()) == []
    Version.objects.filter(pk=draft_version.pk).update(is_published=True)
    assert list(Response.objects.public()) == [response]


def test_a_term_is_public_only_with_its_version():
    negotiation = make_negotiation()
    issue = make_issue(negotiation)
    proposal = make_proposal(negotiation)
    shown = make_version(proposal, terms={issue: 1})
    make_version(proposal, terms={issue: 2}, is_published=False)

    assert [term.version for term in Term.objects.public()] == [shown]


def test_a_proposal_whose_every_version_is_a_draft_is_not_public():
    negotiation = make_negotiation()
    drafted = make_proposal(negotiation)
    make_version(drafted, is_published=False)
    shown = make_proposal(negotiation)
    make_version(shown)

    assert list(Proposal.objects.public()) == [shown]


def test_a_source_cited_only_by_drafts_is_not_public():
    negotiation = make_negotiation()
    issue = make_issue(negotiation)
    cited = make_source(negotiation)
    drafted = make_source(negotiation)
    uncited = make_source(negotiation)
    make_position(actor=negotiation.side_a, issue=issue, value=1, sources=[cited])
    make_position(
        actor=negotiation.side_b,
        issue=issue,
        value=2,
        sources=[drafted],
        is_published=False,
    )

    public = set(Source.objects.public())
    assert cited in public
    assert drafted not in public
    assert uncited not in public
