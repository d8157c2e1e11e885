"""Write a negotiation's commitments and implementation entries (format 2).

Called by exporting._Exporter after the proposals, whose exported versions it
reads: a commitment of a version left out (a draft) is left out with its
entries, and a draft entry is written only with include_drafts. Four queries
whatever the size: commitments, their owers, entries, and sources per kind.
"""

from ..models import Commitment, ImplementationEntry


def export_implementation(exporter):
    """Return (commitments, implementation) as document arrays, empty where none."""
    from .exporting import _attributed_to, _day, _put, _value

    rows = Commitment.objects.filter(
        negotiation=exporter.negotiation, version__in=exporter.version_ids
    )
    owers = {}
    through = Commitment.owed_by.through
    links = through.objects.filter(commitment__in=rows.values("pk")).order_by("pk")
    for commitment_id, slug in links.values_list("commitment_id", "actor__slug"):
        owers.setdefault(commitment_id, []).append(slug)
    sources = exporter.source_keys(Commitment, rows.values("pk"))
    commitments = []
    for row in rows.order_by("rank", "pk").values(
        "pk",
        "slug",
        "version__proposal__slug",
        "version__label",
        "issue__slug",
        "title",
        "summary",
        "due",
        "due_text",
        "value_number",
        "value_min",
        "value_max",
        "value_option__value",
    ):
        commitment = {
            "slug": row["slug"],
            "version": {
                "proposal": row["version__proposal__slug"],
                "version": row["version__label"],
            },
        }
        _put(commitment, "issue", row["issue__slug"])
        _put(commitment, "owed_by", owers.get(row["pk"]))
        commitment["title"] = row["title"]
        _put(commitment, "summary", row["summary"])
        _put(commitment, "due", _day(row["due"]))
        _put(commitment, "due_text", row["due_text"])
        _put(commitment, "value", _value(row))
        _put(commitment, "sources", sources.get(row["pk"]))
        commitments.append(commitment)

    entries = exporter.published(
        ImplementationEntry.objects.filter(commitment__in=rows.values("pk"))
    )
    sources = exporter.source_keys(ImplementationEntry, entries.values("pk"))
    implementation = []
    for row in entries.order_by("pk").values(
        "pk",
        "commitment__slug",
        "as_of",
        "progress",
        "value_number",
        "value_min",
        "value_max",
        "value_option__value",
        "status",
        "attributed_actor__slug",
        "attributed_person__slug",
        "summary",
    ):
        entry = {
            "commitment": row["commitment__slug"],
            "as_of": _day(row["as_of"]),
            "progress": row["progress"],
        }
        _put(entry, "value", _value(row))
        entry["status"] = row["status"]
        _put(entry, "attributed_to", _attributed_to(row))
        _put(entry, "summary", row["summary"])
        _put(entry, "sources", sources.get(row["pk"]))
        implementation.append(entry)
    return commitments, implementation
