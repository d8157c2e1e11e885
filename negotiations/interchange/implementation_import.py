"""Write a checked document's commitments and implementation entries (format 2).

Called by writing._Writer once versions, issues, actors and sources exist; it
uses the writer's maps from slugs to ids and its bulk helpers, so commitments
and entries go in by table like every other row.
"""

import datetime

from ..models import Commitment, ImplementationEntry, Measure


def _day(text):
    return datetime.date.fromisoformat(text) if text else None


def _measured(writer, issue_slug, value):
    """Return the measure and value fields; a commitment without an issue is text."""
    if issue_slug is None:
        return {"measure": Measure.TEXT, "value_number": None, "value_option_id": None}
    return writer.measured(issue_slug, value)


def write_implementation(writer):
    """Insert the document's commitments, their owers and sources, then entries."""
    commitments = writer.doc.get("commitments") or []
    negotiation_id = writer.negotiation.pk
    ids = writer.insert(
        Commitment,
        [
            {
                "negotiation_id": negotiation_id,
                "version_id": writer.version_ids[
                    commitment["version"]["proposal"], commitment["version"]["version"]
                ],
                "slug": commitment["slug"],
                "issue_id": (
                    writer.issues[commitment["issue"]][0]
                    if commitment.get("issue") is not None
                    else None
                ),
                "title": commitment["title"],
                "summary": commitment.get("summary", ""),
                "due": _day(commitment.get("due")),
                "due_text": commitment.get("due_text", ""),
                "rank": rank,
                **_measured(writer, commitment.get("issue"), commitment.get("value")),
            }
            for rank, commitment in enumerate(commitments)
        ],
    )
    entries = list(zip(commitments, ids, strict=True))
    # Link order is owed_by order: the first link is the holder.
    owers = [
        (pk, writer.actor_ids[slug])
        for commitment, pk in entries
        for slug in commitment.get("owed_by", [])
    ]
    writer.link(Commitment, "owed_by", owers)
    writer.link_sources(Commitment, entries)
    by_slug = {
        commitment["slug"]: (pk, commitment.get("issue")) for commitment, pk in entries
    }
    reports = writer.doc.get("implementation") or []
    ids = writer.insert(
        ImplementationEntry,
        [
            {
                "negotiation_id": negotiation_id,
                "commitment_id": by_slug[entry["commitment"]][0],
                "as_of": _day(entry["as_of"]),
                "progress": entry["progress"],
                "status": entry["status"],
                "summary": entry.get("summary", ""),
                "is_published": writer.publish,
                **_measured(
                    writer, by_slug[entry["commitment"]][1], entry.get("value")
                ),
                **writer.attribution(entry),
            }
            for entry in reports
        ],
    )
    writer.link_sources(ImplementationEntry, list(zip(reports, ids, strict=True)))
