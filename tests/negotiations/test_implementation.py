"""The implementation arithmetic, on hand-computed dates and without a database."""

import datetime
from dataclasses import dataclass

from negotiations.implementation import (
    agreement_start,
    commitment_state,
    day_number,
    due_on,
    entries_by_day,
    entry_in_force,
    is_ongoing,
    is_overdue,
    progress_on,
    totals,
)

JAN_19 = datetime.date(2025, 1, 19)


def day(text):
    return datetime.date.fromisoformat(text)


@dataclass
class Entry:
    as_of: datetime.date
    progress: str
    status: str = "reported"
    pk: int = 0
    value: float | None = None


@dataclass
class Commitment:
    due: datetime.date | None = None
    due_text: str = ""


def test_progress_is_the_latest_counted_entry_on_or_before_the_day():
    entries = [
        Entry(day("2025-01-25"), "minimal", pk=1),
        Entry(day("2025-02-01"), "intermediate", pk=2),
        Entry(day("2025-02-09"), "complete", pk=3),
    ]
    assert progress_on(entries, day("2025-01-24"), None) is None
    assert progress_on(entries, day("2025-01-25"), None) == "minimal"
    assert progress_on(entries, day("2025-02-08"), None) == "intermediate"
    assert progress_on(entries, day("2025-02-09"), None) == "complete"


def test_claimed_and_disputed_entries_never_set_progress():
    entries = [
        Entry(day("2025-01-20"), "minimal", pk=1),
        Entry(day("2025-01-21"), "complete", status="claimed", pk=2),
        Entry(day("2025-01-22"), "not-started", status="disputed", pk=3),
    ]
    assert progress_on(entries, day("2025-01-30"), None) == "minimal"


def test_a_stated_entry_beats_a_reported_one_on_the_same_day():
    entries = [
        Entry(day("2025-01-20"), "intermediate", status="stated", pk=1),
        Entry(day("2025-01-20"), "complete", status="reported", pk=2),
    ]
    assert entry_in_force(entries, day("2025-01-20")).pk == 1


def test_the_stated_evidence_rule_skips_reported_entries():
    entries = [
        Entry(day("2025-01-20"), "minimal", status="stated", pk=1),
        Entry(day("2025-01-25"), "complete", status="reported", pk=2),
    ]
    assert progress_on(entries, day("2025-01-30"), None) == "complete"
    assert progress_on(entries, day("2025-01-30"), "stated") == "minimal"


def test_due_today_is_not_overdue():
    assert is_overdue(day("2025-03-09"), "intermediate", day("2025-03-09")) is False


def test_the_day_after_the_due_date_without_completion_is_overdue():
    assert is_overdue(day("2025-03-09"), "intermediate", day("2025-03-10")) is True


def test_complete_on_time_is_not_overdue():
    assert is_overdue(day("2025-02-09"), "complete", day("2025-02-10")) is False


def test_no_report_past_the_due_date_is_overdue():
    assert is_overdue(day("2025-02-03"), None, day("2025-02-04")) is True


def test_without_a_due_date_nothing_is_overdue():
    assert is_overdue(None, None, day("2030-01-01")) is False


def test_a_reversal_after_complete_makes_it_overdue_again():
    commitment = Commitment(due=day("2025-01-19"))
    entries = [
        Entry(day("2025-01-21"), "complete", pk=1),
        Entry(day("2025-03-02"), "not-started", pk=2),
    ]
    before = commitment_state(commitment, entries, day("2025-03-01"))
    after = commitment_state(commitment, entries, day("2025-03-02"))
    assert (before.progress, before.overdue) == ("complete", False)
    assert (after.progress, after.overdue) == ("not-started", True)
    assert after.level == 0


def test_day_n_is_counted_from_the_agreements_start_as_day_one():
    assert due_on(None, "day 22 of phase one", JAN_19) == day("2025-02-09")
    assert due_on(None, "Day 1", JAN_19) == JAN_19
    assert due_on(None, "day 50", JAN_19) == day("2025-03-09")


def test_a_given_due_date_wins_over_day_n():
    assert due_on(day("2025-02-22"), "day 28", JAN_19) == day("2025-02-22")


def test_day_n_without_a_start_or_at_the_text_start_only_is_unknown():
    assert due_on(None, "day 22", None) is None
    assert due_on(None, "after the women (around day 14)", JAN_19) is None
    assert day_number("from day 1") is None
    assert day_number("day 14 of phase one") == 14


def test_the_agreement_start_comes_from_commitments_with_a_date_and_a_day():
    commitments = [
        Commitment(day("2025-01-25"), "day 7 of phase one"),
        Commitment(day("2025-02-09"), "day 22 of phase one"),
        Commitment(day("2025-03-02"), "from day 43"),
        Commitment(None, "day 3"),
    ]
    assert agreement_start(commitments) == JAN_19


def test_the_agreement_start_is_unknown_where_commitments_disagree():
    commitments = [
        Commitment(day("2025-01-25"), "day 7"),
        Commitment(day("2025-01-25"), "day 8"),
    ]
    assert agreement_start(commitments) is None
    assert agreement_start([]) is None


def test_totals_count_each_level_and_overdue_across_them():
    today = day("2025-02-10")
    states = [
        commitment_state(Commitment(day("2025-02-09")), [], today),
        commitment_state(
            Commitment(day("2025-03-09")), [Entry(JAN_19, "minimal")], today
        ),
        commitment_state(
            Commitment(day("2025-02-01")), [Entry(JAN_19, "intermediate")], today
        ),
        commitment_state(Commitment(None), [Entry(JAN_19, "complete")], today),
        commitment_state(Commitment(None), [Entry(JAN_19, "not-started")], today),
    ]
    result = totals(states)
    assert (result.complete, result.under_way, result.not_started) == (1, 2, 1)
    assert (result.no_report, result.overdue, result.total) == (1, 2, 5)


def test_the_value_delivered_is_the_entry_in_forces_value():
    entries = [Entry(JAN_19, "intermediate", value=2.0)]
    state = commitment_state(Commitment(), entries, JAN_19)
    assert state.value == 2.0
    assert commitment_state(Commitment(), [], JAN_19).value is None


def test_entries_of_one_day_are_grouped_as_side_by_side_accounts():
    first = Entry(day("2025-02-10"), "intermediate", status="claimed")
    second = Entry(day("2025-02-10"), "complete")
    earlier = Entry(JAN_19, "minimal")
    grouped = entries_by_day([first, second, earlier])
    assert grouped == [(JAN_19, [earlier]), (day("2025-02-10"), [first, second])]


def test_due_texts_that_start_a_period_read_as_ongoing():
    for text in (
        "from day 1 (19 January) to day 42 (1 March)",
        "every day from day 1",
        "From day 43, as long as phase-two talks continue",
        "throughout phase one",
        "daily",
    ):
        assert is_ongoing(text) is True, text


def test_deadlines_and_missing_texts_are_not_ongoing():
    for text in (
        "no later than day 16 of phase one",
        "reduction during phase one; withdrawal complete by day 50",
        "day 7 of phase one",
        "with each hostage release, through day 42",
        "",
        None,
    ):
        assert is_ongoing(text) is False, text


def test_an_ongoing_obligation_past_its_start_is_never_overdue():
    commitment = Commitment(due=day("2025-01-19"), due_text="every day from day 1")
    entries = [Entry(day("2025-03-02"), "not-started", pk=1)]
    state = commitment_state(commitment, entries, day("2025-03-10"))
    assert (state.progress, state.overdue, state.ongoing) == (
        "not-started",
        False,
        True,
    )
    # Its date is still shown: when the obligation began.
    assert state.due == day("2025-01-19")


def test_totals_count_ongoing_obligations_apart_from_overdue():
    ongoing = Commitment(due=day("2025-01-19"), due_text="from day 1 of phase one")
    deadline = Commitment(due=day("2025-02-03"), due_text="no later than day 16")
    states = [
        commitment_state(commitment, [], day("2025-03-10"))
        for commitment in (ongoing, deadline)
    ]
    result = totals(states)
    assert (result.overdue, result.ongoing, result.no_report) == (1, 1, 2)
