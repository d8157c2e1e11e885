"""Read the timeline: published items of every kind, a page at a time.

The timeline is paginated in the database: `timeline_keys` is one UNION ALL over
the kinds asked for, counted and sliced there; `timeline_rows` then fetches only
the page's rows of each kind, with what an item shows. Every read starts from
the models' `public()`.
"""

from django.db.models import F, IntegerField, Q, Value

from parties.models import Person

from .fetch import _CLAIM_RELATED, _version_queryset
from .models import (
    VERSION_AUTHORS,
    Commitment,
    Event,
    ImplementationEntry,
    Position,
    Response,
    Version,
)

# The kinds of timeline item, in the order items of one day are listed.
TIMELINE_KINDS = ("version", "position", "response", "event", "implementation")


def _timeline_keyed(queryset, kind, day):
    """Return the rows as (day, kind rank, item id), for the timeline's UNION."""
    rank = Value(TIMELINE_KINDS.index(kind), output_field=IntegerField())
    return (
        queryset.order_by()
        .annotate(day=F(day), kind_rank=rank, item_id=F("pk"))
        .values_list("day", "kind_rank", "item_id")
    )


def _dated(queryset, day, start, until):
    if start is not None:
        queryset = queryset.filter(**{f"{day}__gte": start})
    if until is not None:
        queryset = queryset.filter(**{f"{day}__lte": until})
    return queryset


def timeline_people(negotiation):
    """Return the negotiation's people with their actors, by name (one query)."""
    return list(Person.objects.filter(negotiation=negotiation).select_related("actor"))


def _claims(queryset, status, attributed_to):
    """Narrow claims to an evidence status and to whoever they are attributed to.

    An actor stands for itself and its people: a claim attributed to Antony
    Blinken is one of the United States' claims.
    """
    if status:
        queryset = queryset.filter(status=status)
    if isinstance(attributed_to, Person):
        queryset = queryset.filter(attributed_person=attributed_to)
    elif attributed_to is not None:
        queryset = queryset.filter(
            Q(attributed_actor=attributed_to)
            | Q(attributed_person__actor=attributed_to)
        )
    return queryset


def _timeline_parts(
    negotiation, kinds, actor, issue, start, until, status=None, attributed_to=None
):
    """Return each asked-for kind's matching published rows as a keyed queryset.

    Versions and events are no claims: they have no evidence status and are
    attributed to no one, so filtering by either leaves them out.
    """
    parts = []
    if status or attributed_to is not None:
        kinds = [kind for kind in kinds if kind in ("position", "response")]
    if "version" in kinds:
        versions = Version.objects.public().filter(proposal__negotiation=negotiation)
        if actor is not None:
            versions = versions.filter(**{VERSION_AUTHORS: actor})
        if issue is not None:
            versions = versions.filter(terms__issue=issue)
        versions = _dated(versions, "date", start, until)
        parts.append(_timeline_keyed(versions, "version", "date"))
    if "position" in kinds:
        positions = Position.objects.public().filter(negotiation=negotiation)
        if actor is not None:
            positions = positions.filter(actor=actor)
        if issue is not None:
            positions = positions.filter(issue=issue)
        positions = _claims(positions, status, attributed_to)
        positions = _dated(positions, "as_of", start, until)
        parts.append(_timeline_keyed(positions, "position", "as_of"))
    if "response" in kinds:
        responses = Response.objects.public().filter(negotiation=negotiation)
        if actor is not None:
            responses = responses.filter(actor=actor)
        if issue is not None:
            responses = responses.filter(version__terms__issue=issue)
        responses = _claims(responses, status, attributed_to)
        responses = _dated(responses, "date", start, until)
        parts.append(_timeline_keyed(responses, "response", "date"))
    if "event" in kinds and issue is None:
        events = Event.objects.public().filter(negotiation=negotiation)
        if actor is not None:
            # A subquery, not a join: an actor taking part twice over (itself
            # and through its people) must not list the event twice.
            taking_part = Event.objects.filter(
                Q(participant_actors=actor) | Q(participant_people__actor=actor)
            )
            events = events.filter(pk__in=taking_part.values("pk"))
        if start is not None:
            events = events.filter(Q(end_date__gte=start) | Q(date__gte=start))
        events = _dated(events, "date", None, until)
        parts.append(_timeline_keyed(events, "event", "date"))
    if "implementation" in kinds:
        parts.append(_implementation_part(negotiation, actor, issue, start, until))
    return parts


def _implementation_part(negotiation, actor, issue, start, until):
    """Return the public implementation entries matching the filters, keyed.

    An actor matches the entries on commitments it owes; an issue, those on
    commitments on that issue.
    """
    entries = ImplementationEntry.objects.public().filter(negotiation=negotiation)
    if actor is not None:
        # A subquery, not a join: several owers must not list an entry twice.
        owed = Commitment.objects.filter(owed_by=actor).values("pk")
        entries = entries.filter(commitment__in=owed)
    if issue is not None:
        entries = entries.filter(commitment__issue=issue)
    entries = _dated(entries, "as_of", start, until)
    return _timeline_keyed(entries, "implementation", "as_of")


def timeline_keys(
    negotiation,
    *,
    kinds=TIMELINE_KINDS,
    actor=None,
    issue=None,
    start=None,
    until=None,
    status=None,
    attributed_to=None,
):
    """Return (day, kind rank, id) of each matching published item, in list order.

    Unevaluated: a UNION ALL over the kinds asked for, ordered by day, kind and
    id, so that counting it and slicing a page of it each run one query in the
    database. `start` and `until` bound the day (inclusive); an event that began
    before `start` and ends on or after it is kept. Events concern no one issue,
    so filtering by issue leaves them out. `status` (an evidence status) and
    `attributed_to` (an Actor, with its people, or a Person) keep only claims.
    """
    parts = _timeline_parts(
        negotiation, kinds, actor, issue, start, until, status, attributed_to
    )
    if not parts:
        # Nothing can match: an empty queryset counts to 0 without a query.
        parts = [_timeline_keyed(Position.objects.none(), "position", "as_of")]
    first, *rest = parts
    keys = first.union(*rest, all=True) if rest else first
    return keys.order_by("day", "kind_rank", "item_id")


def _timeline_querysets(negotiation):
    """Return, per kind, the published rows with what a timeline item shows."""
    return {
        "version": _version_queryset(negotiation).prefetch_related(
            "sources", "proposal__authors"
        ),
        "position": (
            Position.objects.public()
            .filter(negotiation=negotiation)
            .select_related(*_CLAIM_RELATED, "issue", "value_option")
            .prefetch_related("sources")
        ),
        "response": (
            Response.objects.public()
            .filter(negotiation=negotiation)
            .select_related(*_CLAIM_RELATED, "version__proposal")
            .prefetch_related("sources")
        ),
        "event": (
            Event.objects.public()
            .filter(negotiation=negotiation)
            .prefetch_related("participant_actors", "participant_people", "sources")
        ),
        "implementation": (
            ImplementationEntry.objects.public()
            .filter(negotiation=negotiation)
            .select_related(
                "attributed_actor",
                "attributed_person",
                "value_option",
                "commitment__issue",
                "commitment__version__proposal",
            )
            .prefetch_related("sources")
        ),
    }


def timeline_rows(negotiation, ids_by_kind):
    """Return {(kind, id): row} for the ids of each kind, with their related rows.

    One query per kind that has ids, and one per related list it prefetches
    (sources; an event's actors and people too): ten at most, for a page of any
    length. Ids no longer published are left out.
    """
    querysets = _timeline_querysets(negotiation)
    rows = {}
    for kind, ids in ids_by_kind.items():
        if ids:
            for row in querysets[kind].filter(pk__in=ids):
                rows[kind, row.pk] = row
    return rows
