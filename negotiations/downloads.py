"""Downloads for analysts' own tools: the positions table and the state of play as CSV.

Both tables are UTF-8 with a byte order mark, so that Excel reads Arabic and
Hebrew names right instead of guessing a legacy code page.

Spreadsheet formula injection: a text cell that starts with "=", "+", "-", "@",
a tab or a carriage return would be read by a spreadsheet as a formula (or,
for tab and CR, as a cell that may start one), so it gets a leading apostrophe:
`=HYPERLINK(...)` is written `'=HYPERLINK(...)` and shows as text. Numbers the
tracker formats itself (a value, a gap) are not text cells and stay numbers,
so a negative value is still a number a spreadsheet can sum.

Unknown is written "unknown" where a reader expects a value and left empty in
the raw-value columns; it is never written as 0. In the state of play, a side
without a position that counts reads "no position", and a text issue carries
each side's words; the `evidence` and `as_of` columns say which rule and date
the numbers were computed under.
"""

import csv

from django.db.models import prefetch_related_objects

from .formatting import claim_value as value_label
from .formatting import gap_amount
from .models import Measure, Position

FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")
BOM = "\ufeff"
UNKNOWN = "unknown"
# Rows fetched per database round trip while streaming the positions table.
CHUNK_SIZE = 500

POSITION_COLUMNS = (
    "negotiation",
    "actor",
    "issue",
    "as_of",
    "value_label",
    "value",
    "unit",
    "status",
    "attributed_to",
    "summary",
    "sources",
)

# Per side: who, the value in words and raw, its date, its status, what it
# rests on ("position" or "own proposal"), whether it is older than the
# negotiation's staleness window, and its sources' URLs.
SIDE_COLUMNS = (
    "value_label",
    "value",
    "as_of",
    "status",
    "basis",
    "stale",
    "sources",
)
# What a side without a position that counts reads.
NO_POSITION = "no position"

STATE_OF_PLAY_COLUMNS = (
    "negotiation",
    "as_of",
    "evidence",
    "issue_slug",
    "issue",
    "measure",
    "unit",
    "side_a",
    *(f"side_a_{column}" for column in SIDE_COLUMNS),
    "side_b",
    *(f"side_b_{column}" for column in SIDE_COLUMNS),
    "gap",
    "gap_label",
    "relative_gap",
    "trend",
    "trend_since",
)


def spreadsheet_safe(cell):
    """Return a cell for a CSV file: text that could start a formula gets a "'"."""
    if cell is None:
        return ""
    if isinstance(cell, (int, float)) and not isinstance(cell, bool):
        return cell
    text = str(cell)
    if text.startswith(FORMULA_TRIGGERS):
        return "'" + text
    return text


class _Echo:
    """A file-like object whose write() returns the line, for streaming csv.writer."""

    def write(self, line):
        return line


def csv_lines(header, rows):
    """Yield the CSV text of a header and rows, one line at a time, BOM first."""
    writer = csv.writer(_Echo())
    yield BOM + writer.writerow(header)
    for row in rows:
        yield writer.writerow([spreadsheet_safe(cell) for cell in row])


def raw_value(claim):
    """Return the stored value: a number, a scale option's value, or None."""
    if claim is None:
        return None
    if claim.value_option_id is not None:
        return claim.value_option.value
    number = claim.value_number
    if number is not None and number.is_integer():
        return int(number)
    return number


def _sources_cell(sources):
    return "; ".join(
        f"{source.title} <{source.url}>" if source.url else source.title
        for source in sources
    )


def published_positions(negotiation):
    """Return the published positions as a lazy queryset with what the table shows."""
    return (
        Position.objects.public()
        .filter(negotiation=negotiation)
        .select_related(
            "actor", "issue", "value_option", "attributed_actor", "attributed_person"
        )
        .prefetch_related("sources")
        .order_by("issue__rank", "issue_id", "as_of", "actor__name", "pk")
    )


def position_rows(negotiation):
    """Yield one row per published position, reading the database in chunks.

    Two queries per CHUNK_SIZE positions (the rows and their sources), so memory
    stays flat however large the negotiation grows.
    """
    positions = published_positions(negotiation).iterator(chunk_size=CHUNK_SIZE)
    for position in positions:
        issue = position.issue
        attributed = position.attributed_to
        yield (
            negotiation.slug,
            position.actor.name,
            issue.title,
            position.as_of.isoformat(),
            value_label(position, issue),
            raw_value(position),
            issue.unit,
            position.get_status_display(),
            str(attributed) if attributed is not None else "",
            position.summary,
            _sources_cell(position.sources.all()),
        )


def _side_cells(value, issue):
    """Return a side's cells (see SIDE_COLUMNS) from a pages.SideValue."""
    name = value.actor.name if value.actor is not None else UNKNOWN
    position = value.position
    if position is None:
        return (name, NO_POSITION, None, "", "", "", "", "")
    if issue.measure == Measure.TEXT:
        label = position.summary or UNKNOWN
    else:
        label = value_label(position, issue)
    # An own proposal rests on its version's sources (see own_proposal_sources).
    cited = (
        position.sources if position.basis == "position" else position.version.sources
    )
    urls = [source.url for source in cited.all() if source.url]
    return (
        name,
        label,
        raw_value(position),
        position.as_of.isoformat(),
        position.status,
        position.basis,
        "yes" if value.stale else "no",
        " ".join(urls),
    )


def _gap_cells(row):
    issue, found = row.issue, row.gap
    label = gap_amount(found, issue)
    if not found.measurable:
        return (label, label, label)
    if found.amount is None:
        return (UNKNOWN, label, UNKNOWN)
    amount = int(found.amount) if found.amount.is_integer() else found.amount
    return (amount, label, round(found.relative, 4))


def own_proposal_sources(state):
    """Read the sources of the versions the sides' own proposals come from.

    One query (none when no side's value is an own proposal), so that
    state_of_play_rows() writes an own proposal's sources without a query
    per row.
    """
    versions = [
        value.position.version
        for row in state.rows
        for value in row.sides
        if value.position is not None and value.position.basis == "own proposal"
    ]
    prefetch_related_objects(versions, "sources")


def state_of_play_rows(negotiation, state):
    """Yield one row per issue of a state of play (`pages.StateOfPlay`)."""
    for row in state.rows:
        issue = row.issue
        side_a, side_b = row.sides
        yield (
            negotiation.slug,
            state.as_of.isoformat(),
            state.evidence,
            issue.slug,
            issue.title,
            issue.measure,
            issue.unit,
            *_side_cells(side_a, issue),
            *_side_cells(side_b, issue),
            *_gap_cells(row),
            str(row.trend),
            state.since.isoformat(),
        )
