"""The positions in force, read in SQL, are the ones gaps.position_on picks.

The sides' rows come with the latest position that does not count, for
gaps.newer_uncounted; other actors' rows are their latest of any status.
"""

import datetime
import random
from collections import defaultdict

import pytest

from negotiations import fetch
from negotiations.gaps import STATUS_PREFERENCE, newer_uncounted, position_on
from negotiations.models import Position, Status
from parties.models import Actor
from tests.factories import (
    make_actor,
    make_issue,
    make_negotiation,
    make_person,
    make_position,
)

pytestmark = pytest.mark.django_db

D = datetime.date
STATUSES = [Status.STATED, Status.REPORTED, Status.CLAIMED, Status.DISPUTED]
DAYS = [D(2024, 6, day) for day in (1, 5, 9, 12, 20)]


def _tangled_negotiation(seed=7):
    """Return a negotiation whose actors often hold several positions on one day.

    Same-day positions differ by who they are attributed to (the rule that keeps
    claims apart), and run through every status, in a shuffled order of entry so
    that the highest pk is not always the firmest status. Some are drafts.
    """
    chance = random.Random(seed)
    negotiation = make_negotiation(slug="tangled")
    actors = [
        negotiation.side_a,
        negotiation.side_b,
        make_actor(negotiation, slug="envoy", role=Actor.Role.MEDIATOR),
        make_actor(negotiation, slug="watcher", role=Actor.Role.OBSERVER),
    ]
    people = [make_person(negotiation, slug=f"aide-{index}") for index in range(4)]
    issues = [make_issue(negotiation, slug=f"issue-{index}") for index in range(3)]
    claims = []
    for issue in issues:
        for actor in actors:
            for day in chance.sample(DAYS[:4], 2):
                for person in chance.sample(people, chance.randint(1, 4)):
                    claims.append((issue, actor, day, person))
    chance.shuffle(claims)
    for issue, actor, day, person in claims:
        make_position(
            actor=actor,
            issue=issue,
            value=chance.randint(1, 100),
            as_of=day,
            status=chance.choice(STATUSES),
            attributed_person=person,
            is_published=chance.random() > 0.15,
        )
    return negotiation


def _held(negotiation, actor_ids=None):
    held = defaultdict(list)
    for position in Position.objects.public().filter(negotiation=negotiation):
        if actor_ids is None or position.actor_id in actor_ids:
            held[position.issue_id, position.actor_id].append(position)
    return held


def _expected(negotiation, day, actor_ids=None, evidence="reported"):
    """Return {(issue id, actor id): pk} of position_on over every published row."""
    found = {
        key: position_on(rows, day, evidence)
        for key, rows in _held(negotiation, actor_ids).items()
    }
    return {key: p.pk for key, p in found.items() if p is not None}


def _latest_of_any_status(rows, day):
    def rank(position):
        status = position.status
        order = STATUS_PREFERENCE.index(status) if status in STATUS_PREFERENCE else 9
        return (position.as_of, -order, position.pk)

    kept = [p for p in rows if p.as_of <= day]
    return max(kept, key=rank) if kept else None


@pytest.mark.parametrize("evidence", ["reported", "stated"])
@pytest.mark.parametrize("day", DAYS)
def test_positions_in_force_are_those_position_on_picks_among_same_day_ties(
    day, evidence
):
    negotiation = _tangled_negotiation()
    # A limit above the number of actors keeps every other actor's position.
    found = fetch.positions_in_force(negotiation, on=day, others=10, evidence=evidence)
    sides = {negotiation.side_a_id, negotiation.side_b_id}
    by_key = defaultdict(list)
    for position in found:
        by_key[position.issue_id, position.actor_id].append(position)
    for key, rows in _held(negotiation).items():
        kept = by_key.get(key, [])
        if key[1] in sides:
            in_force = position_on(rows, day, evidence)
            assert position_on(kept, day, evidence) == in_force
            assert newer_uncounted(kept, day, in_force, evidence) == newer_uncounted(
                rows, day, in_force, evidence
            )
        else:
            latest = _latest_of_any_status(rows, day)
            assert kept == ([latest] if latest else [])


def test_an_unrecognised_status_ranks_after_disputed_and_never_counts():
    negotiation = make_negotiation()
    issue = make_issue(negotiation)
    envoy = make_actor(negotiation, slug="envoy", role=Actor.Role.MEDIATOR)
    people = [make_person(negotiation) for _ in range(2)]
    odd = make_position(
        actor=envoy, issue=issue, status="", attributed_person=people[0]
    )
    disputed = make_position(
        actor=envoy, issue=issue, status=Status.DISPUTED, attributed_person=people[1]
    )
    assert position_on([odd, disputed], odd.as_of) is None
    found = fetch.positions_in_force(negotiation, on=odd.as_of, others=4)
    assert [p.pk for p in found] == [disputed.pk]


@pytest.mark.parametrize("evidence", ["reported", "stated"])
@pytest.mark.parametrize("days", [[DAYS[1]], [DAYS[0], DAYS[3]], DAYS])
def test_side_positions_on_hold_what_position_on_picks_on_each_day(days, evidence):
    negotiation = _tangled_negotiation(seed=11)
    rows = fetch.side_positions_on([negotiation], days, evidence=evidence)
    held = defaultdict(list)
    for position in rows:
        held[position.issue_id, position.actor_id].append(position)
    sides = {negotiation.side_a_id, negotiation.side_b_id}
    for day in days:
        found = {key: position_on(kept, day, evidence) for key, kept in held.items()}
        assert {key: p.pk for key, p in found.items() if p is not None} == _expected(
            negotiation, day, sides, evidence
        )


@pytest.mark.parametrize("days", [[DAYS[1]], [DAYS[0], DAYS[3]], DAYS])
def test_side_positions_on_keep_the_newer_uncounted_ones_when_asked(days):
    negotiation = _tangled_negotiation(seed=5)
    rows = fetch.side_positions_on([negotiation], days, uncounted=True)
    held = defaultdict(list)
    for position in rows:
        held[position.issue_id, position.actor_id].append(position)
    sides = {negotiation.side_a_id, negotiation.side_b_id}
    for key, every in _held(negotiation, sides).items():
        for day in days:
            in_force = position_on(every, day)
            assert position_on(held[key], day) == in_force
            assert newer_uncounted(held[key], day, in_force) == newer_uncounted(
                every, day, in_force
            )


def test_other_actors_are_listed_mediators_first_then_by_name_up_to_the_limit():
    negotiation = make_negotiation()
    issue = make_issue(negotiation)
    names = [
        ("zeta", Actor.Role.MEDIATOR),
        ("alpha", Actor.Role.OBSERVER),
        ("beta", Actor.Role.PARTY),
        ("gamma", Actor.Role.MEDIATOR),
        ("delta", Actor.Role.PARTY),
    ]
    for name, role in names:
        actor = make_actor(negotiation, slug=name, name=name.title(), role=role)
        make_position(actor=actor, issue=issue, value=1)
    make_position(actor=negotiation.side_a, issue=issue, value=2)
    found = fetch.positions_in_force(negotiation, on=D(2030, 1, 1), others=3)
    others = [p for p in found if not p.is_side]
    assert [p.actor.slug for p in others] == ["gamma", "zeta", "beta"]
    assert {p.others_in_force for p in others} == {5}
    assert [p.actor_id for p in found if p.is_side] == [negotiation.side_a_id]
