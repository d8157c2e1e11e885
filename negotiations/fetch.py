"""Read what the public pages show: published rows only, in a fixed number of queries.

Each function runs one query (two or three where it prefetches sources or a
scale), whatever the size of the negotiation. Drafts never leave this module:
every claim, version and event is filtered on `is_published`, and so is the
negotiation itself.
"""

from django.db.models import F, Prefetch, Q
from django.shortcuts import get_object_or_404

from parties.models import Actor, Person

from .models import (
    Event,
    Issue,
    Negotiation,
    Position,
    Proposal,
    Response,
    ScaleOption,
    Term,
    Version,
)

# What a claim shows next to itself: its holder, value, attribution and sources.
_CLAIM_RELATED = ("actor", "attributed_actor", "attributed_person")


def published_negotiations():
    """Return every published negotiation with its sides (one query)."""
    return list(Negotiation.objects.published().select_related("side_a", "side_b"))


def negotiation(slug):
    """Return the published negotiation with this slug, or raise Http404 (one query)."""
    return get_object_or_404(
        Negotiation.objects.published().select_related(
            "side_a", "side_b", "baseline__proposal"
        ),
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
    return Issue.objects.prefetch_related(
        Prefetch("scale", queryset=ScaleOption.objects.order_by("rank"))
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
    return list(Actor.objects.filter(negotiation=negotiation))


def actor(negotiation, slug):
    """Return the actor with its people, or raise Http404 (two queries)."""
    return get_object_or_404(
        Actor.objects.prefetch_related(
            Prefetch("people", queryset=Person.objects.order_by("name"))
        ),
        negotiation=negotiation,
        slug=slug,
    )


def positions(negotiation, *, until=None, issue=None, actor=None, start=None):
    """Return published positions by date, with their sources (two queries).

    `until` and `start` bound `as_of` (inclusive); `issue` and `actor` narrow.
    """
    queryset = (
        Position.objects.published()
        .filter(negotiation=negotiation)
        .select_related(*_CLAIM_RELATED, "issue", "value_option")
        .prefetch_related("sources")
        .order_by("as_of", "id")
    )
    if until is not None:
        queryset = queryset.filter(as_of__lte=until)
    if start is not None:
        queryset = queryset.filter(as_of__gte=start)
    if issue is not None:
        queryset = queryset.filter(issue=issue)
    if actor is not None:
        queryset = queryset.filter(actor=actor)
    return list(queryset)


def side_positions(negotiations, *, until):
    """Return the published positions of these negotiations' sides (one query)."""
    return list(
        Position.objects.published()
        .filter(negotiation__in=negotiations, as_of__lte=until)
        .filter(
            Q(actor_id=F("negotiation__side_a")) | Q(actor_id=F("negotiation__side_b"))
        )
        .select_related("value_option")
        .only(
            "id",
            "negotiation_id",
            "actor_id",
            "issue_id",
            "as_of",
            "status",
            "value_number",
            "value_option__value",
        )
        .order_by("as_of", "id")
    )


def _version_queryset(negotiation):
    return (
        Version.objects.published()
        .filter(proposal__negotiation=negotiation)
        .select_related("proposal__author")
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


def versions(negotiation, *, start=None, until=None, actor=None, issue=None):
    """Return published versions in date order, with their sources (two queries).

    `actor` keeps the versions of proposals it authored; `issue` those with a
    term on it.
    """
    queryset = _version_queryset(negotiation).prefetch_related("sources")
    if start is not None:
        queryset = queryset.filter(date__gte=start)
    if until is not None:
        queryset = queryset.filter(date__lte=until)
    if actor is not None:
        queryset = queryset.filter(proposal__author=actor)
    if issue is not None:
        queryset = queryset.filter(terms__issue=issue)
    return list(queryset.order_by("date", "proposal_id", "rank", "id"))


def version_list(negotiation):
    """Return every published version of the negotiation in proposal order (one query).

    It serves the comparison control and finds the previous version of a proposal.
    """
    return list(
        _version_queryset(negotiation).order_by("proposal_id", "rank", "date", "id")
    )


def version_detail(negotiation, proposal_slug, label):
    """Return a published version with its terms and sources, or raise Http404.

    Three queries: the version, its terms, its sources.
    """
    return get_object_or_404(
        _version_queryset(negotiation).prefetch_related(
            Prefetch("terms", queryset=Term.objects.select_related("value_option")),
            "sources",
        ),
        proposal__slug=proposal_slug,
        label=label,
    )


def terms(versions_or_issue):
    """Return the terms of some versions, or one issue's published terms (one query)."""
    queryset = Term.objects.select_related("value_option", "version__proposal")
    if isinstance(versions_or_issue, Issue):
        queryset = queryset.filter(
            issue=versions_or_issue, version__is_published=True
        ).order_by("version__date", "version__rank", "version_id")
    else:
        queryset = queryset.filter(version__in=versions_or_issue)
    return list(queryset)


def proposals_by(actor):
    """Return the proposals an actor authored, with published versions (two queries)."""
    return list(
        Proposal.objects.filter(author=actor).prefetch_related(
            Prefetch(
                "versions",
                queryset=Version.objects.published().order_by("rank", "date", "id"),
            )
        )
    )


def responses(
    negotiation, *, version=None, actor=None, issue=None, start=None, until=None
):
    """Return published responses in date order, with their sources (two queries)."""
    queryset = (
        Response.objects.published()
        .filter(negotiation=negotiation, version__is_published=True)
        .select_related(*_CLAIM_RELATED, "version__proposal")
        .prefetch_related("sources")
        .order_by("date", "id")
    )
    if version is not None:
        queryset = queryset.filter(version=version)
    if actor is not None:
        queryset = queryset.filter(actor=actor)
    if issue is not None:
        queryset = queryset.filter(version__terms__issue=issue)
    if start is not None:
        queryset = queryset.filter(date__gte=start)
    if until is not None:
        queryset = queryset.filter(date__lte=until)
    return list(queryset)


def events(negotiation, *, actor=None, start=None, until=None):
    """Return published events by date, with participants and sources (four queries)."""
    queryset = (
        Event.objects.published()
        .filter(negotiation=negotiation)
        .prefetch_related("participant_actors", "participant_people", "sources")
        .order_by("date", "id")
    )
    if actor is not None:
        queryset = queryset.filter(
            Q(participant_actors=actor) | Q(participant_people__actor=actor)
        ).distinct()
    if start is not None:
        queryset = queryset.filter(Q(end_date__gte=start) | Q(date__gte=start))
    if until is not None:
        queryset = queryset.filter(date__lte=until)
    return list(queryset)
