"""Read what the implementation pages show: public rows, in a fixed number of queries.

Like fetch.py, for commitments and implementation entries: drafts never leave
this module, and each function's docstring says how many queries it runs,
whatever the number of commitments or entries.
"""

from collections import defaultdict

from django.db.models import Prefetch
from django.shortcuts import get_object_or_404

from .implementation import agreement_start
from .models import Commitment, ImplementationEntry, ScaleOption, Version

_ENTRY_RELATED = ("attributed_actor", "attributed_person", "value_option")


def version(negotiation, proposal_slug, label):
    """Return the published version with its proposal, or raise Http404 (one query)."""
    return get_object_or_404(
        Version.objects.public()
        .filter(proposal__negotiation=negotiation)
        .select_related("proposal"),
        proposal__slug=proposal_slug,
        label=label,
    )


def version_exists(negotiation, proposal_slug, suffix, label):
    """Return True where a published version is labelled label + suffix (one query)."""
    return (
        Version.objects.public()
        .filter(
            proposal__negotiation=negotiation,
            proposal__slug=proposal_slug,
            label=label + suffix,
        )
        .exists()
    )


def _owers(commitments):
    """Give each commitment `owers`, its actors in owed_by order (one query)."""
    links = (
        Commitment.owed_by.through.objects.filter(commitment__in=commitments)
        .select_related("actor")
        .order_by("pk")
    )
    by_commitment = {}
    for link in links:
        by_commitment.setdefault(link.commitment_id, []).append(link.actor)
    for commitment in commitments:
        commitment.owers = by_commitment.get(commitment.pk, [])
    return commitments


def commitments(version, *, until=None):
    """Return the version's commitments with everything the page shows.

    Each commitment carries its issue (with `scale_values` and `scale_labels`),
    value, `owers` and sources, and `public_entries`: its published entries on
    or before `until` (all when None) by date, each with its attribution, value
    and sources. Seven queries: commitments, scales, owers, sources, entries,
    entries' sources, and none more for any number of rows.
    """
    queryset = Commitment.objects.filter(version=version).order_by("rank", "pk")
    return _owers(_with_entries(queryset, until))


def _with_entries(queryset, until):
    """Return the commitments with their issue, scale, sources and public entries.

    Five queries: commitments, scales, sources, entries, entries' sources.
    """
    entries = (
        ImplementationEntry.objects.public()
        .select_related(*_ENTRY_RELATED)
        .prefetch_related("sources")
        .order_by("as_of", "pk")
    )
    if until is not None:
        entries = entries.filter(as_of__lte=until)
    rows = list(
        queryset.select_related("issue", "value_option").prefetch_related(
            Prefetch("issue__scale", queryset=ScaleOption.objects.order_by("rank")),
            "sources",
            Prefetch("entries", queryset=entries, to_attr="public_entries"),
        )
    )
    for commitment in rows:
        if commitment.issue is not None:
            options = commitment.issue.scale.all()
            commitment.issue.scale_values = tuple(o.value for o in options)
            commitment.issue.scale_labels = {o.value: o.label for o in options}
    return rows


def issue_commitments(negotiation, issue, *, until=None):
    """Return the public commitments on the issue, agreement by agreement.

    As commitments() does for one version, each with `public_entries` on or
    before `until` and `owers`, and its version and proposal; by the version's
    date, then rank. Each version also gets `start`, its day 1 as all its
    commitments state it (implementation.agreement_start). Seven queries
    (commitments, scales, sources, entries, entries' sources, owers, the
    agreements' due dates; one when there is none), whatever the number of
    agreements, commitments or entries.
    """
    queryset = (
        Commitment.objects.public()
        .filter(negotiation=negotiation, issue=issue)
        .select_related("version__proposal")
        # Each commitment holds its own copy of the version: never its full text.
        .defer("version__text")
        .order_by("version__date", "version_id", "rank", "pk")
    )
    rows = _owers(_with_entries(queryset, until))
    versions = {commitment.version_id for commitment in rows}
    # Day 1 comes from the whole agreement, not only this issue's commitments.
    timing = defaultdict(list)
    for row in Commitment.objects.filter(version_id__in=versions).only(
        "version_id", "due", "due_text"
    ):
        timing[row.version_id].append(row)
    for commitment in rows:
        commitment.version.start = agreement_start(timing[commitment.version_id])
    return rows


def has_commitments(version):
    """Return True where the version has any commitment (one query)."""
    return Commitment.objects.filter(version=version).exists()


def latest_agreement(negotiation, *, until):
    """Return the commitments of the latest public agreement dated on or before `until`.

    An agreement is a version with commitments. Each commitment has its
    `version` (with its proposal) and `public_entries`: its published entries
    on or before `until`, values only. Empty when there is no such version.
    Two queries, whatever the number of agreements, commitments or entries.
    """
    entries = (
        ImplementationEntry.objects.public()
        .filter(as_of__lte=until)
        .only("id", "commitment_id", "as_of", "status", "progress")
        .order_by("as_of", "pk")
    )
    rows = list(
        Commitment.objects.public()
        .filter(negotiation=negotiation, version__date__lte=until)
        .select_related("version__proposal")
        .only(
            "id",
            "version_id",
            "due",
            "due_text",
            "rank",
            "version__id",
            "version__label",
            "version__date",
            "version__proposal__id",
            "version__proposal__slug",
            "version__proposal__title",
        )
        .prefetch_related(
            Prefetch("entries", queryset=entries, to_attr="public_entries")
        )
        .order_by("-version__date", "-version_id", "rank", "pk")
    )
    latest = rows[0].version_id if rows else None
    return [commitment for commitment in rows if commitment.version_id == latest]
