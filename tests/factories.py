"""Plain `make_*` helpers that build test data with sensible defaults.

Everything is published unless the caller says otherwise. A helper that needs a
parent (an actor needs a negotiation, a position an actor and an issue) makes
one when none is given, taking the negotiation from whatever parent was passed.

    negotiation = make_negotiation()            # two party actors as its sides
    issue = make_issue(negotiation, measure="ordinal", scale=["keep", "split", "leave"])
    make_position(actor=negotiation.side_a, issue=issue, value="keep")
"""

import datetime
import itertools

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
    Status,
    Term,
    Version,
)
from parties.models import Actor, Person

DEFAULT_DAY = datetime.date(2024, 7, 1)

_serial = itertools.count(1)


def _next(prefix):
    return f"{prefix}-{next(_serial)}"


def make_negotiation(*, sides=True, **overrides):
    """Return a published negotiation; with `sides`, two party actors as its sides.

    The sides are the actors with slugs "side-a" and "side-b" (names "Side A" and
    "Side B") unless `sides` is a pair of dicts of overrides for make_actor.
    """
    fields = {
        "slug": _next("negotiation"),
        "title": "Test negotiation",
        "started_on": datetime.date(2024, 5, 1),
        "is_published": True,
    }
    fields.update(overrides)
    negotiation = Negotiation.objects.create(**fields)
    if sides:
        side_fields = (
            sides
            if isinstance(sides, (list, tuple))
            else (
                {"slug": "side-a", "name": "Side A"},
                {"slug": "side-b", "name": "Side B"},
            )
        )
        negotiation.side_a = make_actor(negotiation, **side_fields[0])
        negotiation.side_b = make_actor(negotiation, **side_fields[1])
        negotiation.save(update_fields=["side_a", "side_b"])
    return negotiation


def make_actor(negotiation=None, **overrides):
    """Return an actor (a party unless `role` says otherwise)."""
    negotiation = negotiation or make_negotiation(sides=False)
    slug = overrides.pop("slug", None) or _next("actor")
    fields = {
        "name": slug.replace("-", " ").title(),
        "kind": Actor.Kind.STATE,
        "role": Actor.Role.PARTY,
    }
    fields.update(overrides)
    return Actor.objects.create(negotiation=negotiation, slug=slug, **fields)


def make_person(negotiation=None, **overrides):
    """Return a person; pass `actor` to say whom they speak for."""
    actor = overrides.get("actor")
    negotiation = negotiation or (actor.negotiation if actor else make_negotiation())
    slug = overrides.pop("slug", None) or _next("person")
    fields = {"name": slug.replace("-", " ").title(), "title": "Spokesperson"}
    fields.update(overrides)
    return Person.objects.create(negotiation=negotiation, slug=slug, **fields)


def make_source(negotiation=None, **overrides):
    """Return a source with a title, publisher, URL and date."""
    negotiation = negotiation or make_negotiation()
    key = overrides.pop("key", None) or _next("source")
    fields = {
        "title": f"Report {key}",
        "publisher": "Newswire",
        "url": f"https://news.example/{key}",
        "published_on": DEFAULT_DAY,
    }
    fields.update(overrides)
    return Source.objects.create(negotiation=negotiation, key=key, **fields)


def make_issue(negotiation=None, *, measure=Measure.NUMERIC, scale=None, **overrides):
    """Return an issue; an ordinal one gets `scale` options in order from side A's end.

    `scale` items are option values, or (value, label) pairs; an ordinal issue
    without a scale gets three options "a-end", "middle", "b-end".
    """
    negotiation = negotiation or make_negotiation()
    slug = overrides.pop("slug", None) or _next("issue")
    fields = {
        "title": slug.replace("-", " ").capitalize(),
        "unit": "prisoners" if measure == Measure.NUMERIC else "",
        "rank": next(_serial),
    }
    fields.update(overrides)
    issue = Issue.objects.create(
        negotiation=negotiation, slug=slug, measure=measure, **fields
    )
    if measure == Measure.ORDINAL and scale is None:
        scale = ["a-end", "middle", "b-end"]
    for rank, option in enumerate(scale or ()):
        value, label = option if isinstance(option, (list, tuple)) else (option, None)
        ScaleOption.objects.create(
            issue=issue,
            value=value,
            label=label or value.replace("-", " ").capitalize(),
            rank=rank,
        )
    return issue


def _measured(issue, value):
    """Return the fields that store `value` on the issue's measure."""
    if value is None or issue.measure == Measure.TEXT:
        return {"measure": issue.measure, "value_number": None, "value_option": None}
    if issue.measure == Measure.ORDINAL:
        option = ScaleOption.objects.get(issue=issue, value=value)
        return {"measure": issue.measure, "value_number": None, "value_option": option}
    return {"measure": issue.measure, "value_number": value, "value_option": None}


def _add_sources(claim, sources):
    if sources:
        claim.sources.set(sources)
    return claim


def make_position(*, actor=None, issue=None, value=None, sources=(), **overrides):
    """Return a published position; `value` is a number or a scale option's value."""
    negotiation = (
        overrides.pop("negotiation", None)
        or (issue.negotiation if issue else None)
        or (actor.negotiation if actor else None)
        or make_negotiation()
    )
    actor = actor or negotiation.side_a or make_actor(negotiation)
    issue = issue or make_issue(negotiation)
    fields = {
        "as_of": DEFAULT_DAY,
        "status": Status.STATED,
        "summary": f"{actor} on {issue}",
        "is_published": True,
    }
    fields.update(overrides)
    position = Position.objects.create(
        negotiation=negotiation,
        actor=actor,
        issue=issue,
        **_measured(issue, value),
        **fields,
    )
    return _add_sources(position, sources)


def make_proposal(negotiation=None, *, authors=(), **overrides):
    """Return a proposal; it has no author unless `authors` lists actors."""
    negotiation = negotiation or make_negotiation()
    slug = overrides.pop("slug", None) or _next("proposal")
    fields = {"title": slug.replace("-", " ").capitalize(), "summary": ""}
    fields.update(overrides)
    proposal = Proposal.objects.create(negotiation=negotiation, slug=slug, **fields)
    proposal.authors.set(authors)
    return proposal


def make_version(proposal=None, *, terms=None, sources=(), **overrides):
    """Return a published version; `terms` maps issues to values (or (value, text)).

    Pass `baseline=True` to make it its negotiation's baseline.
    """
    baseline = overrides.pop("baseline", False)
    proposal = proposal or make_proposal(overrides.pop("negotiation", None))
    fields = {
        "label": _next("v"),
        "date": DEFAULT_DAY,
        "summary": "",
        "text": "",
        "is_published": True,
    }
    fields.update(overrides)
    version = Version.objects.create(proposal=proposal, **fields)
    for issue, value in (terms or {}).items():
        value, text = value if isinstance(value, tuple) else (value, "")
        make_term(version=version, issue=issue, value=value, text=text)
    if baseline:
        negotiation = proposal.negotiation
        negotiation.baseline = version
        negotiation.save(update_fields=["baseline"])
    return _add_sources(version, sources)


def make_term(*, version=None, issue=None, value=None, **overrides):
    """Return what a version says on an issue."""
    version = version or make_version()
    issue = issue or make_issue(version.proposal.negotiation)
    fields = {"text": ""}
    fields.update(overrides)
    return Term.objects.create(
        version=version, issue=issue, **_measured(issue, value), **fields
    )


def make_response(*, version=None, actor=None, sources=(), **overrides):
    """Return a published response (accepted, unless `response` says otherwise)."""
    version = version or make_version()
    negotiation = overrides.pop("negotiation", None) or version.proposal.negotiation
    actor = actor or negotiation.side_b or make_actor(negotiation)
    fields = {
        "date": version.date,
        "response": Response.Answer.ACCEPTED,
        "status": Status.STATED,
        "summary": f"{actor} answers {version}",
        "is_published": True,
    }
    fields.update(overrides)
    response = Response.objects.create(
        negotiation=negotiation, actor=actor, version=version, **fields
    )
    return _add_sources(response, sources)


def make_event(negotiation=None, *, participants=(), sources=(), **overrides):
    """Return a published event; `participants` are actors or people."""
    negotiation = negotiation or make_negotiation()
    fields = {
        "date": DEFAULT_DAY,
        "title": _next("Round of talks"),
        "kind": Event.Kind.TALKS,
        "is_published": True,
    }
    fields.update(overrides)
    event = Event.objects.create(negotiation=negotiation, **fields)
    actors = [p for p in participants if isinstance(p, Actor)]
    people = [p for p in participants if isinstance(p, Person)]
    if actors:
        event.participant_actors.set(actors)
    if people:
        event.participant_people.set(people)
    return _add_sources(event, sources)


# ---- Implementation (format 2) --------------------------------------------------


def make_commitment(
    *, version=None, issue=None, value=None, owed_by=(), sources=(), **overrides
):
    """Return a commitment of a version; without `issue` it has no value."""
    from negotiations.models import Commitment

    version = version or make_version()
    negotiation = version.proposal.negotiation
    slug = overrides.pop("slug", None) or _next("commitment")
    fields = {"title": slug.replace("-", " ").capitalize(), "due": DEFAULT_DAY}
    fields.update(overrides)
    measured = (
        _measured(issue, value)
        if issue is not None
        else {"measure": Measure.TEXT, "value_number": None, "value_option": None}
    )
    commitment = Commitment.objects.create(
        negotiation=negotiation,
        version=version,
        slug=slug,
        issue=issue,
        **measured,
        **fields,
    )
    for actor in owed_by:  # one at a time: the link order is the owed_by order
        commitment.owed_by.add(actor)
    return _add_sources(commitment, sources)


def make_implementation_entry(*, commitment=None, value=None, sources=(), **overrides):
    """Return a published, reported implementation entry on a commitment."""
    from negotiations.models import ImplementationEntry

    commitment = commitment or make_commitment()
    fields = {
        "as_of": DEFAULT_DAY,
        "progress": "intermediate",
        "status": Status.REPORTED,
        "is_published": True,
    }
    fields.update(overrides)
    measured = (
        _measured(commitment.issue, value)
        if commitment.issue is not None
        else {"measure": Measure.TEXT, "value_number": None, "value_option": None}
    )
    entry = ImplementationEntry.objects.create(
        negotiation=commitment.negotiation, commitment=commitment, **measured, **fields
    )
    return _add_sources(entry, sources)
