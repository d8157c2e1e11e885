"""Implementation arithmetic: where an agreement's commitments stand on a date.

Plain functions over values, as DESIGN.md "Implementation" defines them. Nothing
here runs a query or reads a request: callers pass small objects with attributes
(an entry's `as_of`, `status`, `progress`, `pk`; a commitment's `due` and
`due_text`) and get values or small frozen dataclasses back.

Entries follow the evidence rule of the gaps: only `stated` and `reported`
entries count (`stated` alone when narrowed), the latest on or before the day
wins and a `stated` entry beats a `reported` one on the same date. Claimed and
disputed entries are shown but never set progress. Unknown is None: a
commitment with no counted entry has no progress, which is not "not started".
"""

import datetime
import re
from collections.abc import Iterable
from dataclasses import dataclass

NOT_STARTED = "not-started"
MINIMAL = "minimal"
INTERMEDIATE = "intermediate"
COMPLETE = "complete"
# The Peace Accords Matrix's four levels, lowest first.
PROGRESS_LEVELS = (NOT_STARTED, MINIMAL, INTERMEDIATE, COMPLETE)

STATED = "stated"
REPORTED = "reported"
COUNTED_STATUSES = (STATED, REPORTED)

# "day 22 of phase one", "Day 7": a due date counted from the agreement's start.
_DAY_N = re.compile(r"\s*day\s+(\d{1,4})\b", re.IGNORECASE)
# "from day 1 of phase one", "every day from day 1", "throughout phase one",
# "daily": the sources date when an obligation over a period begins, so the
# commitment's `due` is that start, not a deadline (see is_ongoing).
_ONGOING = re.compile(r"\s*(from|every|each|throughout|daily)\b", re.IGNORECASE)


def counts(entry, evidence=None):
    """Return True where the entry counts as the owner's own account."""
    if evidence == STATED:
        return entry.status == STATED
    return entry.status in COUNTED_STATUSES


def entry_in_force(entries: Iterable, day: datetime.date, evidence=None):
    """Return the counted entry in force on `day`, or None.

    The latest counted entry on or before the day; on one date a stated entry
    beats a reported one, then the later id (`pk`, where the entries have one).
    """
    best, best_key = None, None
    for entry in entries:
        if entry.as_of > day or not counts(entry, evidence):
            continue
        key = (entry.as_of, entry.status == STATED, getattr(entry, "pk", 0) or 0)
        if best_key is None or key > best_key:
            best, best_key = entry, key
    return best


def progress_on(entries: Iterable, day: datetime.date, evidence=None):
    """Return the progress level in force on `day`, or None where none counts."""
    entry = entry_in_force(entries, day, evidence)
    return entry.progress if entry is not None else None


def is_overdue(due: datetime.date | None, progress, day: datetime.date):
    """Return True where the due date has passed and progress is not complete.

    Due today is not overdue. No counted entry at all is not complete either,
    so a commitment past its date with no report is overdue. Without a due
    date nothing is ever overdue.
    """
    if due is None:
        return False
    return due < day and progress != COMPLETE


def is_ongoing(due_text):
    """Return True where the due text describes an obligation over a period.

    DESIGN.md calls a commitment overdue when "its due date has passed" and
    it is not complete: a deadline. A cease-fire "from day 1" or aid trucks
    "every day from day 1" have no deadline; the date the format carries is
    when the obligation begins, and it is kept or not day after day, which
    "complete" cannot say. Such a commitment is never overdue: its reports'
    progress says how it is kept. The format has no field for this, so the
    due text decides: it starts "from", "every", "each", "throughout" or
    "daily". Texts such as "no later than day 16" or "by day 50" are
    deadlines.
    """
    return bool(_ONGOING.match(due_text or ""))


def level_index(progress):
    """Return the progress as 0-3 on the four-level bar, or None where unknown."""
    if progress not in PROGRESS_LEVELS:
        return None
    return PROGRESS_LEVELS.index(progress)


def day_number(due_text):
    """Return N where the text starts with "day N", else None."""
    match = _DAY_N.match(due_text or "")
    return int(match.group(1)) if match else None


def due_on(due, due_text, start=None):
    """Return the due date: the given date, else "day N" counted from `start`.

    Day 1 is the start itself. Without a date, a text starting "day N" and a
    start, the due date is unknown (None).
    """
    if due is not None:
        return due
    number = day_number(due_text)
    if number is None or number < 1 or start is None:
        return None
    return start + datetime.timedelta(days=number - 1)


def agreement_start(commitments: Iterable):
    """Return the agreement's day 1 as the commitments state it, or None.

    A commitment with a due date whose text starts "day N" says day 1 is N - 1
    days before. Where such commitments disagree, the start is unknown.
    """
    starts = set()
    for commitment in commitments:
        number = day_number(commitment.due_text)
        if commitment.due is not None and number is not None and number >= 1:
            starts.add(commitment.due - datetime.timedelta(days=number - 1))
    return starts.pop() if len(starts) == 1 else None


@dataclass(frozen=True)
class CommitmentState:
    """Where one commitment stands on a date."""

    due: datetime.date | None
    entry: object | None  # the counted entry in force, if any
    progress: str | None
    overdue: bool
    # An obligation over a period: `due` is when it began, never a deadline.
    ongoing: bool = False

    @property
    def level(self):
        """Return the progress as 0-3 on the four-level bar, or None."""
        return level_index(self.progress)

    @property
    def value(self):
        """Return the amount delivered per the entry in force, or None."""
        return getattr(self.entry, "value", None) if self.entry else None


def commitment_state(commitment, entries, day, *, evidence=None, start=None):
    """Return the commitment's state on `day` from its entries."""
    due = due_on(commitment.due, commitment.due_text, start)
    entry = entry_in_force(entries, day, evidence)
    progress = entry.progress if entry is not None else None
    ongoing = is_ongoing(commitment.due_text)
    overdue = not ongoing and is_overdue(due, progress, day)
    return CommitmentState(
        due=due, entry=entry, progress=progress, overdue=overdue, ongoing=ongoing
    )


@dataclass(frozen=True)
class Totals:
    """How many commitments stand where on a date.

    Complete, under way (minimal or intermediate), not started, and no report
    (no counted entry yet) add up to all of them; overdue and ongoing (never
    overdue) cut across.
    """

    complete: int
    under_way: int
    not_started: int
    no_report: int
    overdue: int
    # Obligations over a period (is_ongoing), which are never overdue.
    ongoing: int = 0

    @property
    def total(self):
        return self.complete + self.under_way + self.not_started + self.no_report


def totals(states: Iterable[CommitmentState]):
    """Return the totals of some commitments' states."""
    states = list(states)
    progress = [state.progress for state in states]
    return Totals(
        complete=progress.count(COMPLETE),
        under_way=progress.count(MINIMAL) + progress.count(INTERMEDIATE),
        not_started=progress.count(NOT_STARTED),
        no_report=progress.count(None),
        overdue=sum(1 for state in states if state.overdue),
        ongoing=sum(1 for state in states if state.ongoing),
    )


def entries_by_day(entries: Iterable):
    """Return [(day, [entries])] in date order, each day's entries in given order.

    A day with more than one entry holds differing accounts (the owner's and a
    third party's, say): the page shows them side by side.
    """
    by_day = {}
    for entry in entries:
        by_day.setdefault(entry.as_of, []).append(entry)
    return sorted(by_day.items(), key=lambda item: item[0])


@dataclass(frozen=True)
class CommitmentRow:
    """One commitment on the page: its state on the day and its history to then."""

    commitment: object
    state: CommitmentState
    history: list  # [(day, [entries])], entries on or before the day


def commitment_rows(pairs, day, *, evidence=None, start=None):
    """Return a CommitmentRow per (commitment, entries) pair, in the given order.

    Entries after `day` are left out of the history, so a replayed date shows
    only what was known then.
    """
    rows = []
    for commitment, entries in pairs:
        known = [entry for entry in entries if entry.as_of <= day]
        state = commitment_state(commitment, known, day, evidence=evidence, start=start)
        rows.append(CommitmentRow(commitment, state, entries_by_day(known)))
    return rows


def latest_day(pairs):
    """Return the latest entry date among the pairs' entries, or None."""
    days = [entry.as_of for _, entries in pairs for entry in entries]
    return max(days) if days else None


@dataclass(frozen=True)
class AgreementSummary:
    """An agreement's totals on a date, for a short block on another page."""

    version: object
    day: datetime.date
    totals: Totals


def agreement_summary(commitments, day, *, evidence=None):
    """Return the AgreementSummary of one version's commitments, or None if none.

    Each commitment carries `version` and `public_entries`; day 1 is read from
    the commitments themselves (agreement_start), as on the agreement's page.
    """
    commitments = list(commitments)
    if not commitments:
        return None
    pairs = [(commitment, commitment.public_entries) for commitment in commitments]
    rows = commitment_rows(
        pairs, day, evidence=evidence, start=agreement_start(commitments)
    )
    states = [row.state for row in rows]
    return AgreementSummary(commitments[0].version, day, totals(states))
