"""The state of play at a glance: marks beside a side's value, arrows for trends."""

import datetime
from types import SimpleNamespace

from negotiations.gaps import OwnProposal, Trend
from negotiations.glance import TREND_ARROWS, Mark, glance_lines, side_marks
from negotiations.sides import SideValue

JULY_27 = datetime.date(2024, 7, 27)
AUGUST_20 = datetime.date(2024, 8, 20)
SEPTEMBER_3 = datetime.date(2024, 9, 3)


class _Sources(list):
    """A prefetched relation: .all() gives the list."""

    def all(self):
        return self


def _position(
    as_of=AUGUST_20, status="stated", attributed_to="", basis="position", kinds=()
):
    sources = _Sources(SimpleNamespace(kind=kind) for kind in kinds)
    return SimpleNamespace(
        as_of=as_of,
        status=status,
        attributed_to=attributed_to,
        basis=basis,
        sources=sources,
    )


def _value(position=None, since_then=None, stale=False):
    return SideValue(None, "Side A", position, since_then, stale)


def test_a_fresh_stated_position_has_no_mark():
    assert side_marks(_value(_position())) == ()


def test_no_position_has_no_mark():
    assert side_marks(_value(None)) == ()


def test_a_stale_value_is_marked_last_on_record_with_its_date():
    marks = side_marks(_value(_position(), stale=True))

    assert marks == (Mark("stale", "last on record", AUGUST_20),)


def test_a_value_from_an_own_proposal_names_the_proposal_date():
    proposal = OwnProposal(1, 2, 3, JULY_27, term=None, version=None)

    marks = side_marks(_value(proposal))

    assert marks == (Mark("own-proposal", "from its own proposal of", JULY_27),)


def test_a_stale_own_proposal_does_not_repeat_its_date():
    proposal = OwnProposal(1, 2, 3, JULY_27, term=None, version=None)

    marks = side_marks(_value(proposal, stale=True))

    assert [mark.kind for mark in marks] == ["own-proposal", "stale"]
    assert marks[1].day is None


def test_a_position_resting_only_on_copies_is_marked_second_hand():
    position = _position(kinds=("aggregator", "mirror"))

    marks = side_marks(_value(position))

    assert marks == (Mark("second-hand", "second-hand sources only"),)


def test_one_first_hand_source_or_none_gives_no_second_hand_mark():
    assert side_marks(_value(_position(kinds=("mirror", "news-report")))) == ()
    assert side_marks(_value(_position(kinds=()))) == ()


def test_a_newer_claim_is_marked_with_who_claimed_it_and_when():
    claim = _position(SEPTEMBER_3, status="claimed", attributed_to="Antony Blinken")

    marks = side_marks(_value(_position(), since_then=claim))

    assert marks == (
        Mark("claimed-since", "since then: claimed by", SEPTEMBER_3, "Antony Blinken"),
    )


def test_a_claim_attributed_to_a_person_is_marked_with_their_name():
    person = SimpleNamespace(name="Antony Blinken")
    claim = _position(SEPTEMBER_3, status="claimed", attributed_to=person)

    (mark,) = side_marks(_value(_position(), since_then=claim))

    assert mark.who == "Antony Blinken"


def test_a_newer_claim_without_attribution_is_a_third_partys():
    claim = _position(SEPTEMBER_3, status="claimed", attributed_to=None)

    (mark,) = side_marks(_value(_position(), since_then=claim))

    assert mark.who == "a third party"


def test_a_newer_disputed_report_is_marked_disputed():
    report = _position(SEPTEMBER_3, status="disputed")

    (mark,) = side_marks(_value(_position(), since_then=report))

    assert mark == Mark(
        "disputed-since", "since then: a disputed report of", SEPTEMBER_3
    )


def test_marks_read_source_then_age_then_newer_claims():
    proposal = OwnProposal(1, 2, 3, JULY_27, term=None, version=None)
    claim = _position(SEPTEMBER_3, status="claimed")

    marks = side_marks(_value(proposal, since_then=claim, stale=True))

    assert [mark.kind for mark in marks] == ["own-proposal", "stale", "claimed-since"]


def test_every_trend_has_an_arrow():
    assert set(TREND_ARROWS) == set(Trend)


def test_glance_lines_follow_the_rows_with_their_arrow_and_marks():
    rows = [
        SimpleNamespace(
            issue="corridor",
            trend=Trend.NARROWING,
            gap="one step",
            sides=(_value(_position(), stale=True), _value(None)),
        ),
        SimpleNamespace(
            issue="prisoners",
            trend=Trend.UNKNOWN,
            gap="unknown",
            sides=(_value(None), _value(None)),
        ),
    ]

    lines = glance_lines(rows)

    assert [line.issue for line in lines] == ["corridor", "prisoners"]
    assert [line.arrow for line in lines] == ["↘", "?"]
    assert [len(side.marks) for side in lines[0].sides] == [1, 0]
    assert lines[0].trend is Trend.NARROWING
    assert lines[0].gap == "one step"
