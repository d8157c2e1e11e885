"""Read what the implementation pages show: public rows, in a fixed number of queries.

Like fetch.py, for commitments and implementation entries: drafts never leave
this module, and each function's docstring says how many queries it runs,
whatever the number of commitments or entries.
"""

from django.db.models import Prefetch
from django.shortcuts import get_object_or_404

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
    entries = (
        ImplementationEntry.objects.public()
        .select_related(*_ENTRY_RELATED)
        .prefetch_related("sources")
        .order_by("as_of", "pk")
    )
    if until is not None:
        entries = entries.filter(as_of__lte=until)
    rows = list(
        Commitment.objects.filter(version=version)
        .select_related("issue", "value_option")
        .prefetch_related(
            Prefetch("issue__scale", queryset=ScaleOption.objects.order_by("rank")),
            "sources",
            Prefetch("entries", queryset=entries, to_attr="public_entries"),
        )
        .order_by("rank", "pk")
    )
    for commitment in rows:
        if commitment.issue is not None:
            options = commitment.issue.scale.all()
            commitment.issue.scale_values = tuple(o.value for o in options)
            commitment.issue.scale_labels = {o.value: o.label for o in options}
    return _owers(rows)


def has_commitments(version):
    """Return True where the version has any commitment (one query)."""
    return Commitment.objects.filter(version=version).exists()
