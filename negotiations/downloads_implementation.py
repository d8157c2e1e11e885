"""The implementation table as CSV: one row per published implementation entry.

Same conventions as downloads.py: UTF-8 with a byte order mark, text cells that
could start a spreadsheet formula get a leading apostrophe (downloads.csv_lines
does it), and unknown is empty in the raw-value columns, never 0.
"""

from .downloads import CHUNK_SIZE, raw_value
from .models import Commitment, ImplementationEntry
from .templatetags.implementation_tags import amount_label

IMPLEMENTATION_COLUMNS = (
    "negotiation",
    "proposal",
    "version",
    "commitment",
    "commitment_title",
    "owed_by",
    "due",
    "due_text",
    "amount_due_label",
    "amount_due",
    "as_of",
    "progress",
    "amount_delivered_label",
    "amount_delivered",
    "unit",
    "status",
    "attributed_to",
    "summary",
    "sources",
)


def _owers(negotiation):
    """Return {commitment id: "A; B"} in owed_by order (one query)."""
    links = (
        Commitment.owed_by.through.objects.filter(commitment__negotiation=negotiation)
        .order_by("pk")
        .values_list("commitment_id", "actor__name")
    )
    owers = {}
    for commitment_id, name in links:
        owers.setdefault(commitment_id, []).append(name)
    return {pk: "; ".join(names) for pk, names in owers.items()}


def implementation_rows(negotiation):
    """Yield one row per public entry, in chunks (two queries a chunk, one more).

    Only entries on commitments of published versions: a draft agreement's
    commitments stay out with it.
    """
    owers = _owers(negotiation)
    entries = (
        ImplementationEntry.objects.public()
        .filter(negotiation=negotiation)
        .select_related(
            "commitment__version__proposal",
            "commitment__issue",
            "commitment__value_option",
            "value_option",
            "attributed_actor",
            "attributed_person",
        )
        # Each row holds its own copy of the version: never its full text.
        .defer(
            "commitment__version__text",
            "commitment__version__summary",
            "commitment__version__proposal__summary",
        )
        .prefetch_related("sources")
        .order_by("commitment__version__date", "commitment__rank", "as_of", "pk")
    )
    for entry in entries.iterator(chunk_size=CHUNK_SIZE):
        commitment = entry.commitment
        issue = commitment.issue
        attributed = entry.attributed_to
        sources = "; ".join(
            f"{source.title} <{source.url}>" if source.url else source.title
            for source in entry.sources.all()
        )
        yield (
            negotiation.slug,
            commitment.version.proposal.slug,
            commitment.version.label,
            commitment.slug,
            commitment.title,
            owers.get(commitment.pk, ""),
            commitment.due.isoformat() if commitment.due else "",
            commitment.due_text,
            amount_label(commitment, issue),
            raw_value(commitment),
            entry.as_of.isoformat(),
            entry.progress,
            amount_label(entry, issue),
            raw_value(entry),
            issue.unit if issue is not None else "",
            entry.get_status_display(),
            str(attributed) if attributed is not None else "",
            entry.summary,
            sources,
        )
