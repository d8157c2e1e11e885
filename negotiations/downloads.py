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
import io
from dataclasses import dataclass
from itertools import groupby
from operator import itemgetter

from django.db.models import prefetch_related_objects

from .formatting import claim_value as value_label
from .formatting import gap_amount, number, relative_gap, value_range
from .gaps import as_interval
from .models import Measure, Position, ScaleOption, Source, Status

FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")
BOM = "\ufeff"
UNKNOWN = "unknown"
# Rows fetched per database round trip while streaming the positions table.
CHUNK_SIZE = 2000
# Rows of the positions table's query read per round trip, and characters of
# CSV text per block sent: a few hundred rows, so that streaming holds well
# under a tenth of the table in memory (bench_pages.py measures it).
FETCH_ROWS = 250
BLOCK_SIZE = 16 * 1024

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
    # The gap as an interval: equal ends for two points, an empty max where a
    # range is open (the gap has no upper bound), empty when unknown.
    "gap_min",
    "gap_max",
    "relative_gap_min",
    "relative_gap_max",
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


def csv_blocks(header, rows, size=BLOCK_SIZE):
    """Yield the CSV text of a header and rows in blocks of about `size` characters.

    The same text as csv_lines(), BOM first, but a streamed response sends
    a few dozen blocks instead of a write per row.
    """
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    buffer.write(BOM)
    writer.writerow(header)
    for row in rows:
        # spreadsheet_safe() inlined for text, the commonest cell.
        writer.writerow(
            [
                ("'" + cell if cell.startswith(FORMULA_TRIGGERS) else cell)
                if type(cell) is str
                else spreadsheet_safe(cell)
                for cell in row
            ]
        )
        if buffer.tell() >= size:
            yield buffer.getvalue()
            buffer.seek(0)
            buffer.truncate()
    if buffer.tell():
        yield buffer.getvalue()


def raw_value(claim):
    """Return the stored value: a number, a scale option's value, or None."""
    if claim is None:
        return None
    if claim.value_option_id is not None:
        return claim.value_option.value
    if claim.value_number is None and (
        getattr(claim, "value_min", None) is not None
        or getattr(claim, "value_max", None) is not None
    ):
        return _range_raw(claim.value_min, claim.value_max)
    return _plain(claim.value_number)


def published_positions(negotiation):
    """Return the public positions of the negotiation as rows of plain values.

    One row per position and source it cites, the source's id last (a
    position without a source gives one row, its source None), in the
    table's order: position_rows() folds each position's rows into one.
    values_list, not model instances, and the sources' ids joined in, not
    fetched per chunk: the table of a 100,000-position negotiation must
    stream in seconds, well inside any worker timeout. The sources' titles
    and order come from _Names, so the database sorts narrow rows.
    """
    return (
        Position.objects.public()
        .filter(negotiation=negotiation)
        .order_by(
            "issue__rank",
            "issue_id",
            "as_of",
            "actor__name",
            "pk",
        )
        .values_list(
            "pk",
            "actor_id",
            "issue_id",
            "as_of",
            "value_option_id",
            "value_number",
            "value_min",
            "value_max",
            "status",
            "attributed_actor_id",
            "attributed_person_id",
            "summary",
            "sources",
        )
    )


@dataclass(frozen=True)
class _Names:
    """What the positions table shows of the negotiation's other rows, by id."""

    actors: dict
    attributions: dict
    people: dict
    issues: dict
    options: dict
    # {source id: (rank, cell text)}, ranked newest first, then by title.
    sources: dict

    @classmethod
    def of(cls, negotiation):
        """Read the names of the negotiation's rows. Runs five queries."""
        actors, attributions = {}, {}
        for pk, name, short_name in negotiation.actors.values_list(
            "pk", "name", "short_name"
        ):
            actors[pk] = name
            attributions[pk] = short_name or name
        issues = {
            pk: (title, measure, unit)
            for pk, title, measure, unit in negotiation.issues.values_list(
                "pk", "title", "measure", "unit"
            )
        }
        options = {
            pk: (value, label)
            for pk, value, label in ScaleOption.objects.filter(
                issue__negotiation=negotiation
            ).values_list("pk", "value", "label")
        }
        people = dict(negotiation.people.values_list("pk", "name"))
        cited = Position.sources.through.objects.filter(
            position__negotiation=negotiation
        ).values("source_id")
        sources = {
            pk: (rank, f"{title} <{url}>" if url else title)
            for rank, (pk, title, url) in enumerate(
                Source.objects.filter(pk__in=cited)
                .order_by("-published_on", "title", "pk")
                .values_list("pk", "title", "url")
            )
        }
        return cls(actors, attributions, people, issues, options, sources)


def _plain(number_value):
    """Return a stored number as the CSV writes it: 5.0 as 5."""
    if number_value is not None and number_value.is_integer():
        return int(number_value)
    return number_value


def _range_raw(low, high):
    """Return a range's raw cell: "700..1000", an open end left empty ("..5000")."""
    ends = ["" if end is None else str(_plain(end)) for end in (low, high)]
    return "..".join(ends)


def _value_cells(measure, unit, option, number_value, low=None, high=None):
    """Return (value label, raw value) of a position; unknown is never 0."""
    if option is not None:
        value, label = option
        return (label if measure == Measure.ORDINAL else UNKNOWN), value
    if number_value is None and (low is not None or high is not None):
        return value_range(low, high, unit), _range_raw(low, high)
    raw = number_value
    if raw is not None and raw.is_integer():
        raw = int(raw)
    if measure == Measure.TEXT:
        return "no number", raw
    if number_value is None:
        return UNKNOWN, None
    suffix = f" {unit}" if unit else ""
    return f"{number(number_value)}{suffix}", raw


def _sources_cell(names, cited):
    """Return the sources cell of one position's joined rows: "A <url>; B"."""
    if len(cited) == 1:
        source_id = cited[0][-1]
        return "" if source_id is None else names.sources[source_id][1]
    return "; ".join(
        text for _rank, text in sorted(names.sources[row[-1]] for row in cited)
    )


def position_rows(negotiation):
    """Yield one row per public position, reading the database in chunks.

    Five queries for the names, then one for the positions with their
    sources' ids, read FETCH_ROWS rows at a time from one server-side cursor:
    memory stays flat however many rows.
    """
    names = _Names.of(negotiation)
    statuses = dict(Status.choices)
    rows = published_positions(negotiation).iterator(chunk_size=FETCH_ROWS)
    for _pk, joined in groupby(rows, key=itemgetter(0)):
        cited = list(joined)
        (
            _,
            actor_id,
            issue_id,
            as_of,
            option_id,
            number_value,
            low,
            high,
            status,
            attributed_actor_id,
            attributed_person_id,
            summary,
            *_,
        ) = cited[0]
        title, measure, unit = names.issues[issue_id]
        label, raw = _value_cells(
            measure, unit, names.options.get(option_id), number_value, low, high
        )
        if attributed_person_id is not None:
            attributed = names.people[attributed_person_id]
        elif attributed_actor_id is not None:
            attributed = names.attributions[attributed_actor_id]
        else:
            attributed = ""
        yield (
            negotiation.slug,
            names.actors[actor_id],
            title,
            as_of.isoformat(),
            label,
            raw,
            unit,
            statuses.get(status, status),
            attributed,
            summary,
            _sources_cell(names, cited),
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


def _cell_number(value, places=None):
    if value is None:
        return None
    if places is not None:
        return round(value, places)
    return int(value) if float(value).is_integer() else value


def _gap_cells(row):
    issue, found = row.issue, row.gap
    label = gap_amount(found, issue)
    if not found.measurable:
        return (label, label, label)
    if found.amount is None:
        return (UNKNOWN, label, UNKNOWN)
    if found.is_range:
        # One number cannot say an interval: the label and the relative phrase,
        # and the ends in the gap_min.. columns.
        return (label, label, relative_gap(found))
    return (_cell_number(found.amount), label, round(found.relative, 4))


def _interval_cells(row):
    found = row.gap
    if not found.measurable or found.amount is None:
        return (None, None, None, None)
    interval = as_interval(found)
    return (
        _cell_number(interval.amount_min),
        _cell_number(interval.amount_max),
        _cell_number(interval.relative_min, 4),
        _cell_number(interval.relative_max, 4),
    )


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
            *_interval_cells(row),
        )
