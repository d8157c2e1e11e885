"""Read what the public pages show: published rows only, in a fixed number of queries.

Each function runs one query (two or three where it prefetches sources or a
scale), whatever the size of the negotiation. Drafts never leave this module:
every read starts from the models' `public()`, and the positions that set a
side's value from `Position.objects.in_force()` and its evidence rule.
"""

import functools
from collections import defaultdict

from django.db.models import (
    Case,
    Count,
    F,
    IntegerField,
    Prefetch,
    Q,
    Value,
    When,
    Window,
)
from django.db.models.functions import RowNumber
from django.shortcuts import get_object_or_404

from parties.models import Actor, Person

from . import lineage
from .fetch_prepared import prepared
from .gaps import DEFAULT_EVIDENCE, OwnProposal, counted_statuses
from .models import (
    PROPOSAL_AUTHORS,
    VERSION_AUTHORS,
    Issue,
    Negotiation,
    Position,
    Proposal,
    Response,
    ScaleOption,
    Source,
    Term,
    Version,
)

# What a claim shows next to itself: its holder, value, attribution and sources.
_CLAIM_RELATED = ("actor", "attributed_actor", "attributed_person")


def published_negotiations():
    """Return every published negotiation with its sides (one query).

    Each carries the dates of its latest records (see with_latest_record).
    """
    return list(
        Negotiation.objects.public()
        .with_latest_record()
        .select_related("side_a", "side_b")
    )


def negotiation(slug):
    """Return the published negotiation with this slug, or raise Http404 (one query).

    It carries the dates of its latest records (see with_latest_record).
    """
    return get_object_or_404(
        Negotiation.objects.public()
        .with_latest_record()
        .select_related("side_a", "side_b", "baseline__proposal"),
        slug=slug,
    )


def _with_scale_values(issues):
    """Give each issue `scale_values`, its options' values from side A's end to B's."""
    for issue in issues:
        options = issue.scale.all()
        issue.scale_values = tuple(option.value for option in options)
        issue.scale_labels = {option.value: option.label for option in options}
    return issues


def _issue_queryset():
    return (
        Issue.objects.public()
        .select_related("side_a", "side_b")
        .prefetch_related(
            Prefetch("scale", queryset=ScaleOption.objects.order_by("rank"))
        )
    )


def issues(negotiations):
    """Return the issues of one or more negotiations, in rank order (two queries)."""
    if isinstance(negotiations, Negotiation):
        negotiations = [negotiations]
    return _with_scale_values(
        list(_issue_queryset().filter(negotiation__in=negotiations))
    )


def issue(negotiation, slug):
    """Return the negotiation's issue with this slug, or raise Http404 (two queries)."""
    found = get_object_or_404(_issue_queryset(), negotiation=negotiation, slug=slug)
    return _with_scale_values([found])[0]


def actors(negotiation):
    """Return the negotiation's actors, by name (one query)."""
    return list(Actor.objects.public().filter(negotiation=negotiation))


def actor(negotiation, slug):
    """Return the actor with its people, or raise Http404 (two queries)."""
    return get_object_or_404(
        Actor.objects.public().prefetch_related(
            Prefetch("people", queryset=Person.objects.order_by("name"))
        ),
        negotiation=negotiation,
        slug=slug,
    )


# The positions in force come from Position.objects.in_force() and its kin in
# models.py, ranked in SQL exactly as gaps.position_on ranks them, so that a page
# reads a few rows per issue instead of every position up to the day.


def _side_ids(negotiations):
    return [
        pk
        for negotiation in negotiations
        for pk in (negotiation.side_a_id, negotiation.side_b_id)
        if pk is not None
    ]


def _is_side(negotiations, field="actor_id", side_ids=None):
    """Return a Q: the row's actor (`field`) is a side on the row's issue.

    An issue with its own pair of sides (Issue.side_a/side_b) has those; any
    other issue has its negotiation's (or `side_ids`, the negotiations' sides'
    ids). One condition, so that reading the issues' sides adds no query.
    """
    if side_ids is None:
        side_ids = _side_ids(negotiations)
    return (
        Q(**{f"{field}__in": side_ids, "issue__side_a__isnull": True})
        | Q(**{field: F("issue__side_a")})
        | Q(**{field: F("issue__side_b")})
    )


def _counted_case(evidence):
    return Case(
        When(status__in=counted_statuses(evidence), then=Value(1)),
        default=Value(0),
        output_field=IntegerField(),
    )


# The order other actors' positions are listed in: mediators, parties, observers.
_ROLE_RANK = Case(
    When(actor__role=Actor.Role.MEDIATOR, then=Value(0)),
    When(actor__role=Actor.Role.PARTY, then=Value(1)),
    When(actor__role=Actor.Role.OBSERVER, then=Value(2)),
    default=Value(3),
    output_field=IntegerField(),
)


def positions_in_force(negotiation, *, on, others, evidence=DEFAULT_EVIDENCE):
    """Return the positions on record on `on`, with their sources (two queries).

    For each side and issue, the latest position that counts under `evidence`
    (the one in force) and the latest one that does not (a claim or a denied
    report, which gaps.newer_uncounted shows beside it when newer); per issue,
    the first `others` other actors' latest positions of any status (mediators,
    then parties, then observers, each by name). Every row carries `is_side`,
    and the others' rows `others_in_force`: how many other actors hold a
    position on that issue that day, shown or not. Its SQL is compiled once
    per process (fetch_prepared).
    """
    side_ids = _side_ids([negotiation])
    rows = prepared(
        ("positions_in_force", evidence, len(side_ids)),
        functools.partial(_positions_in_force, evidence=evidence),
        [negotiation.pk, on, others, *side_ids],
    )
    return _with_sources(rows)


def _with_sources(positions):
    """Give each position its sources as prefetch_related("sources") would.

    One query, none without positions. Django's prefetch builds a filtered
    QuerySet per position to hold its list, which cost more than the query on
    a state of play's 300 positions; each gets a plain QuerySet holding it.
    """
    if not positions:
        return positions
    listed = defaultdict(list)
    rows = Source.objects.filter(positions__in=positions).annotate(
        holder_id=F("positions__id")
    )
    for source in rows:
        listed[source.holder_id].append(source)
    for position in positions:
        held = Source.objects.all()
        held._result_cache = listed[position.pk]
        held._prefetch_done = True
        position._prefetched_objects_cache = {"sources": held}
    return positions


def _positions_in_force(negotiation_id, on, others, *side_ids, evidence):
    sides = _is_side((), side_ids=list(side_ids))
    # The sides keep a counted and an uncounted latest row; others one row.
    bucket = Case(
        When(sides, then=_counted_case(evidence) + 1),
        default=Value(0),
        output_field=IntegerField(),
    )
    in_force = (
        Position.objects.public()
        .filter(negotiation_id=negotiation_id, as_of__lte=on)
        .latest_per_holder(bucket)
        .order_by()
    )
    is_side = Case(When(sides, then=Value(True)), default=False)
    holders = [F("issue_id"), is_side]
    return (
        Position.objects.filter(pk__in=in_force.values("pk"))
        .annotate(
            is_side=is_side,
            place=Window(
                RowNumber(),
                partition_by=holders,
                order_by=[_ROLE_RANK.asc(), F("actor__name").asc(), F("actor_id")],
            ),
            others_in_force=Window(Count("pk"), partition_by=holders),
        )
        .filter(Q(is_side=True) | Q(place__lte=others))
        .select_related(*_CLAIM_RELATED, "value_option")
        .order_by("issue_id", "place")
    )


def _day_bucket(days, field):
    """Which of the days' intervals a row falls in: 0 up to the first day, 1 after
    it up to the second, and so on; None for a single day."""
    if len(days) < 2:
        return None
    return Case(
        *(
            When(**{f"{field}__lte": day}, then=Value(index))
            for index, day in enumerate(days[:-1])
        ),
        default=Value(len(days) - 1),
        output_field=IntegerField(),
    )


def side_positions_on(
    negotiations,
    days,
    *,
    issue=None,
    with_sources=False,
    evidence=DEFAULT_EVIDENCE,
    uncounted=False,
):
    """Return the sides' positions that can be in force on any of `days` (one query).

    For each issue and side, the latest position that counts under `evidence`
    on or before the last day, and the latest on or before each earlier day:
    `gaps.position_on` over these rows finds the position in force on any of the
    days, as over all of them. With `uncounted`, the latest position that does
    not count is kept too, per day, for gaps.newer_uncounted. Sides come from the
    negotiations as fetched. `issue` narrows to one issue. Values only, unless
    `with_sources`: then whole rows with their attribution and sources (two
    queries). Own proposals are read by own_proposals(). Its SQL is compiled
    once per process and shape (fetch_prepared).
    """
    days = sorted(set(days))
    if not days:
        return []
    values, shape = _shaped_values(negotiations, days, issue)
    build = functools.partial(
        _side_positions_on,
        shape,
        with_sources=with_sources,
        evidence=evidence,
        uncounted=uncounted,
    )
    key = ("side_positions_on", shape, with_sources, evidence, uncounted)
    return prepared(key, build, values)


def _shaped_values(negotiations, days, issue):
    """Return a prepared query's values, and its shape: how many of each kind."""
    groups = (
        [negotiation.pk for negotiation in negotiations],
        _side_ids(negotiations),
        list(days),
        [] if issue is None else [issue.pk],
    )
    return [value for group in groups for value in group], tuple(map(len, groups))


def _unshaped(values, shape):
    """Return the groups of values _shaped_values() flattened."""
    groups, start = [], 0
    for count in shape:
        groups.append(list(values[start : start + count]))
        start += count
    return groups


def _side_positions_on(shape, *values, with_sources, evidence, uncounted):
    negotiation_ids, side_ids, days, issue_ids = _unshaped(values, shape)
    queryset = Position.objects.public().filter(
        _is_side((), side_ids=side_ids),
        negotiation__in=negotiation_ids,
        as_of__lte=days[-1],
    )
    if issue_ids:
        queryset = queryset.filter(issue_id=issue_ids[0])
    bucket = _day_bucket(days, "as_of")
    if uncounted:
        counted = _counted_case(evidence)
        bucket = counted if bucket is None else bucket * 2 + counted
    else:
        queryset = queryset.counted(evidence)
    latest = queryset.latest_per_holder(bucket)
    if with_sources:
        return (
            latest.select_related(*_CLAIM_RELATED, "value_option")
            .prefetch_related("sources")
            .order_by("as_of", "id")
        )
    return (
        latest.select_related("value_option")
        .only(
            "id",
            "negotiation_id",
            "actor_id",
            "issue_id",
            "as_of",
            "status",
            "condition",
            "value_number",
            "value_min",
            "value_max",
            "value_option__value",
        )
        .order_by("as_of", "id")
    )


def own_proposals(negotiations, days, *, issue=None):
    """Return the stances the sides' own proposals give them (one query).

    A version authored by a side is that side's stated position, as of its
    date, on each issue where its term has a known value. Per side and issue,
    the latest such term on or before each of `days`, as gaps.OwnProposal rows
    that gaps.position_on weighs beside the positions. Its SQL is compiled once
    per process and shape (fetch_prepared).
    """
    days = sorted(set(days))
    if not days:
        return []
    values, shape = _shaped_values(negotiations, days, issue)
    rows = prepared(
        ("own_proposals", shape), functools.partial(_own_proposals, shape), values
    )
    return [
        OwnProposal(
            negotiation_id=term.version.proposal.negotiation_id,
            actor_id=term.author_id,
            issue_id=term.issue_id,
            as_of=term.as_of,
            term=term,
            version=term.version,
        )
        for term in rows
    ]


def _own_proposals(shape, *values):
    negotiation_ids, side_ids, days, issue_ids = _unshaped(values, shape)
    terms = Term.objects.public().filter(
        version__proposal__negotiation__in=negotiation_ids,
        version__date__lte=days[-1],
    )
    if issue_ids:
        terms = terms.filter(issue_id=issue_ids[0])
    return (
        terms.own_proposals(
            _is_side((), "author_id", side_ids), _day_bucket(days, "version__date")
        )
        .select_related("value_option", "version__proposal")
        .order_by("version__date", "id")
    )


def _version_queryset(negotiation):
    return (
        Version.objects.public()
        .filter(proposal__negotiation=negotiation)
        .select_related("proposal")
    )


def latest_version(negotiation, *, until):
    """Return the latest published version dated on or before `until`, with terms.

    One query, and one more for its terms when there is such a version.
    """
    return (
        _version_queryset(negotiation)
        .filter(date__lte=until)
        .prefetch_related(
            Prefetch("terms", queryset=Term.objects.select_related("value_option"))
        )
        .order_by("-date", "-rank", "-id")
        .first()
    )


def version_list(negotiation):
    """Return every published version of the negotiation in proposal order (one query).

    It serves the comparison control and finds the previous version of a proposal.
    """
    return list(
        _version_queryset(negotiation).order_by("proposal_id", "rank", "date", "id")
    )


def version_detail(negotiation, proposal_slug, label):
    """Return a published version with its terms, sources and authors, or 404.

    Four queries: the version, its terms, its sources, its proposal's authors.
    """
    return get_object_or_404(
        _version_queryset(negotiation).prefetch_related(
            Prefetch("terms", queryset=Term.objects.select_related("value_option")),
            "sources",
            "proposal__authors",
        ),
        proposal__slug=proposal_slug,
        label=label,
    )


def terms(versions_or_issue):
    """Return the terms of some versions, or one issue's published terms.

    One query; for an issue, one more for the proposals' authors, which tell
    whose own proposal each term is.
    """
    queryset = Term.objects.public().select_related("value_option", "version__proposal")
    if isinstance(versions_or_issue, Issue):
        queryset = (
            queryset.filter(issue=versions_or_issue)
            .prefetch_related(f"version__{VERSION_AUTHORS}")
            .order_by("version__date", "version__rank", "version_id")
        )
    else:
        queryset = queryset.filter(version__in=versions_or_issue)
    return list(queryset)


def amends_map(negotiation):
    """Return {version pk: pk of the version it amends, or None} (one query).

    Published versions only: a draft's terms are never inherited on a page.
    """
    rows = Version.objects.public().filter(proposal__negotiation=negotiation)
    return dict(rows.values_list("pk", "amends_id"))


def effective_terms(versions, amends):
    """Return {version pk: {issue id: EffectiveTerm}}, inherited terms included.

    `amends` is amends_map() (or the same pairs read from fetched versions).
    One query reads the terms of every version on the versions' amended chains,
    however long; each term comes with its version and proposal, so an
    inherited one can say which version it is "as in".
    """
    chain_ids = set()
    for version in versions:
        chain_ids.add(version.pk)
        chain_ids.update(lineage.amended_chain(version.pk, amends))
    rows = (
        Term.objects.public()
        .filter(version_id__in=chain_ids)
        .select_related("value_option", "version__proposal")
    )
    by_version = defaultdict(dict)
    for term in rows:
        by_version[term.version_id][term.issue_id] = term
    return {
        version.pk: lineage.effective_terms(version.pk, amends, by_version)
        for version in versions
    }


def version_terms(negotiation, version):
    """Return {issue id: term} in effect for a version fetched with its terms.

    No query for a version that amends none (its prefetched terms are all it
    has); two for one that does: the negotiation's lineage and the chain's terms.
    """
    if version.amends_id is None:
        return {term.issue_id: term for term in version.terms.all()}
    effective = effective_terms([version], amends_map(negotiation))[version.pk]
    return {issue_id: held.term for issue_id, held in effective.items()}


def proposals_by(actor):
    """Return the proposals an actor authored, with public versions (two queries).

    A proposal whose every version is a draft is left out: its title alone
    would say what is being drafted.
    """
    return list(
        Proposal.objects.public()
        .filter(**{PROPOSAL_AUTHORS: actor})
        .prefetch_related(
            Prefetch(
                "versions",
                queryset=Version.objects.public().order_by("rank", "date", "id"),
            )
        )
    )


def responses(negotiation, *, version=None):
    """Return published responses in date order, with their sources (two queries)."""
    queryset = (
        Response.objects.public()
        .filter(negotiation=negotiation)
        .select_related(*_CLAIM_RELATED, "version__proposal")
        .prefetch_related("sources")
        .order_by("date", "id")
    )
    if version is not None:
        queryset = queryset.filter(version=version)
    return list(queryset)


# The timeline, the sticking point and the actor: bounded reads. Each returns a
# page or the latest rows, never every row of a history that keeps growing.


def latest_positions(negotiation, *, limit, issue=None, actor=None):
    """Return the `limit` latest published positions, in date order, with sources.

    Two queries. `issue` or `actor` narrows; the latest are those with the
    latest `as_of`, ties broken by id, as the timeline orders them.
    """
    queryset = Position.objects.public().filter(negotiation=negotiation)
    if issue is not None:
        queryset = queryset.filter(issue=issue)
    if actor is not None:
        queryset = queryset.filter(actor=actor)
    latest = (
        queryset.select_related(*_CLAIM_RELATED, "issue", "value_option")
        .prefetch_related("sources")
        .order_by("-as_of", "-id")[:limit]
    )
    return list(latest)[::-1]


def count_positions(negotiation, *, issue=None, actor=None):
    """Return how many published positions there are on the issue or of the actor.

    One query.
    """
    queryset = Position.objects.public().filter(negotiation=negotiation)
    if issue is not None:
        queryset = queryset.filter(issue=issue)
    if actor is not None:
        queryset = queryset.filter(actor=actor)
    return queryset.count()


def side_history(negotiation, issue):
    """Return both sides' published positions on the issue by date (one query).

    Values only, no sources: what the gap over time needs. It grows with the
    sides' own history on the issue, not with other actors' positions.
    """
    if issue.has_own_sides:
        side_ids = [issue.side_a_id, issue.side_b_id]
    else:
        side_ids = [pk for pk in (negotiation.side_a_id, negotiation.side_b_id) if pk]
    if not side_ids:
        return []
    return list(
        Position.objects.public()
        .filter(negotiation=negotiation, issue=issue, actor_id__in=side_ids)
        .select_related("value_option")
        .only(
            "id",
            "actor_id",
            "issue_id",
            "as_of",
            "status",
            "condition",
            "value_number",
            "value_min",
            "value_max",
            "value_option__value",
            "value_option__label",
        )
        .order_by("as_of", "id")
    )


def latest_responses(negotiation, *, actor, limit):
    """Return the actor's `limit` latest published responses, in date order.

    Two queries: the responses with their versions, and their sources.
    """
    latest = (
        Response.objects.public()
        .filter(negotiation=negotiation, actor=actor)
        .select_related(*_CLAIM_RELATED, "version__proposal")
        .prefetch_related("sources")
        .order_by("-date", "-id")[:limit]
    )
    return list(latest)[::-1]


def count_responses(negotiation, *, actor):
    """Return how many published responses of the actor there are (one query)."""
    return (
        Response.objects.public().filter(negotiation=negotiation, actor=actor).count()
    )


def actor_positions_on(negotiation, actor, day, *, evidence=DEFAULT_EVIDENCE):
    """Return the actor's positions on record on `day`, with sources (two queries).

    Per issue, its latest position that counts under `evidence` and its latest
    one that does not: what gaps.position_on and gaps.newer_uncounted read.
    """
    latest = (
        Position.objects.public()
        .filter(negotiation=negotiation, actor=actor, as_of__lte=day)
        .latest_per_holder(_counted_case(evidence))
    )
    return list(
        latest.select_related(*_CLAIM_RELATED, "value_option")
        .prefetch_related("sources")
        .order_by("as_of", "id")
    )
