"""A negotiation whose issues have their own sides and whose values are ranges.

Modelled on the 2019-2020 US-Taliban talks: the United States and the Taliban
negotiated the withdrawal, the Afghan government and the Taliban the prisoner
releases. Every expected number is computed by hand in the comments.
"""

import csv
import datetime
import io

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from negotiations.gaps import RangeGap, Trend
from tests.factories import (
    make_actor,
    make_issue,
    make_negotiation,
    make_position,
    make_proposal,
    make_version,
)
from tests.negotiations.page_scenarios import page_text

pytestmark = pytest.mark.django_db

BASE = "/negotiations/us-taliban/"
FEB = datetime.date(2020, 2, 1)
MARCH = datetime.date(2020, 3, 10)


def us_taliban(extra_issues=0, slug="us-taliban"):
    """Return the talks: withdrawal between the sides, prisoners between others.

    `extra_issues` adds prisoner-like issues with their own sides and ranges,
    to check that query counts do not grow with the negotiation.
    """
    negotiation = make_negotiation(
        slug=slug,
        title="US-Taliban talks",
        started_on=datetime.date(2019, 1, 1),
        sides=(
            {"slug": "united-states", "name": "United States"},
            {"slug": "taliban", "name": "Taliban"},
        ),
    )
    us, taliban = negotiation.side_a, negotiation.side_b
    government = make_actor(
        negotiation, slug="afghan-government", name="Afghan government"
    )
    withdrawal = make_issue(
        negotiation, slug="withdrawal", title="Withdrawal", unit="troops"
    )
    make_position(
        actor=us, issue=withdrawal, value=8600, as_of=datetime.date(2019, 9, 1)
    )
    make_position(
        actor=taliban, issue=withdrawal, value=0, as_of=datetime.date(2019, 9, 1)
    )
    for index in range(1 + extra_issues):
        prisoners = make_issue(
            negotiation,
            slug="prisoners" if index == 0 else f"prisoners-{index}",
            title="Prisoners" if index == 0 else f"Prisoners {index}",
            side_a=government,
            side_b=taliban,
        )
        make_position(actor=taliban, issue=prisoners, value=5000, as_of=FEB)
        make_position(
            actor=government, issue=prisoners, value_min=700, value_max=1000, as_of=FEB
        )
        make_position(
            actor=government,
            issue=prisoners,
            value_min=1500,
            value_max=5000,
            as_of=MARCH,
        )
        # The United States is a side of the negotiation, not of this issue: were
        # it read as side A, the gap would be 0.
        make_position(actor=us, issue=prisoners, value=5000, as_of=MARCH)
    return negotiation


def test_the_state_of_play_shows_the_interval_gap_between_the_issues_own_sides(client):
    us_taliban()
    response = client.get(BASE, {"as_of": "2020-03-31"})
    rows = {row.issue.slug: row for row in response.context["state"].rows}
    prisoners = rows["prisoners"]
    assert [value.actor.name for value in prisoners.sides] == [
        "Afghan government",
        "Taliban",
    ]
    # 1,500-5,000 against 5,000: the ranges meet (0), at most 5,000 - 1,500.
    assert isinstance(prisoners.gap, RangeGap)
    interval = prisoners.gap.interval
    assert (interval.amount_min, interval.amount_max) == (0, 3500)
    # Relative: 0 where they meet, 3,500 / 5,000 = 70 % at the far corner.
    assert (interval.relative_min, interval.relative_max) == (0, pytest.approx(0.7))
    # On 1 Mar the gap was 4,000-4,300 (80-86 %, middle 83 %); now middle 35 %.
    assert prisoners.trend == Trend.NARROWING
    withdrawal = rows["withdrawal"]
    assert [value.actor.name for value in withdrawal.sides] == [
        "United States",
        "Taliban",
    ]
    assert (withdrawal.gap.amount, withdrawal.gap.relative) == (8600, 1.0)
    text = page_text(response)
    assert "Gap: between 0 and 3,500 prisoners; relative gap between 0 % and 70 %" in (
        text
    )
    assert "(then between 4,000 and 4,300 prisoners, between 80 % and 86 %)" in text
    assert "between 1,500 and 5,000 prisoners" in text
    assert "Gap: 8,600 troops; relative gap 100 %" in text
    assert "2 of 2 sticking points measured" in text


def test_an_open_range_gives_a_gap_with_no_upper_bound_and_an_unknown_trend(client):
    negotiation = us_taliban()
    government = negotiation.actors.get(slug="afghan-government")
    prisoners = negotiation.issues.get(slug="prisoners")
    # "Up to 1,000": no lower bound, so the gap may be anything above 4,000.
    make_position(
        actor=government,
        issue=prisoners,
        value_max=1000,
        as_of=datetime.date(2020, 3, 20),
    )
    response = client.get(BASE, {"as_of": "2020-03-31"})
    row = {row.issue.slug: row for row in response.context["state"].rows}["prisoners"]
    assert (row.gap.interval.amount_min, row.gap.interval.amount_max) == (4000, None)
    assert row.trend == Trend.UNKNOWN
    text = page_text(response)
    assert "Gap: at least 4,000 prisoners; relative gap between 80 % and 100 %" in text
    assert "up to 1,000 prisoners" in text


def test_the_issue_page_names_the_issues_sides_and_draws_the_interval_as_a_band(
    client,
):
    us_taliban()
    response = client.get(BASE + "issues/prisoners/")
    text = page_text(response)
    assert "Relative gap between Afghan government and Taliban" in text
    assert "Date Afghan government Taliban Gap Relative gap" in text
    # 700-1,000 against 5,000: 4,000 to 4,300; 4,000 / 5,000 = 80 %, 4,300 / 5,000
    # = 86 %.
    assert (
        "1 Feb 2020 between 700 and 1,000 prisoners 5,000 prisoners"
        " between 4,000 and 4,300 prisoners between 80 % and 86 %"
    ) in text
    assert (
        "10 Mar 2020 between 1,500 and 5,000 prisoners 5,000 prisoners"
        " between 0 and 3,500 prisoners between 0 % and 70 %"
    ) in text
    chart = response.context["chart"]
    markup = response.content.decode()
    assert markup.count('class="gap-band"') == 2
    # Bands from 86 % down to 80 %, then 70 % down to 0 %; circles at the middle.
    assert [marker.label for marker in chart.markers] == [
        "80\u201386 %",
        "0\u201370 %",
    ]
    assert 'style="' not in markup.split('class="gap-chart"')[1].split("</svg>")[0]


def test_the_card_and_the_csv_agree_with_the_state_of_play(client):
    us_taliban()
    card = client.get(BASE + "issues/prisoners/card/", {"as_of": "2020-03-31"})
    text = page_text(card)
    assert "Afghan government" in text and "United States" not in text
    assert "Gap: between 0 and 3,500 prisoners, between 0 % and 70 % of the widest" in (
        text
    )
    assert card.context["card"].trend == Trend.NARROWING
    response = client.get(BASE + "state-of-play.csv", {"as_of": "2020-03-31"})
    body = response.content.decode("utf-8")
    rows = {row["issue_slug"]: row for row in csv.DictReader(io.StringIO(body[1:]))}
    prisoners = rows["prisoners"]
    assert (prisoners["side_a"], prisoners["side_b"]) == (
        "Afghan government",
        "Taliban",
    )
    assert prisoners["gap_label"] == "between 0 and 3,500 prisoners"
    assert prisoners["relative_gap"] == "between 0 % and 70 %"
    assert (prisoners["gap_min"], prisoners["gap_max"]) == ("0", "3500")
    assert (prisoners["relative_gap_min"], prisoners["relative_gap_max"]) == (
        "0.0",
        "0.7",
    )
    assert prisoners["trend"] == "narrowing"
    withdrawal = rows["withdrawal"]
    assert (withdrawal["side_a"], withdrawal["gap"]) == ("United States", "8600")
    assert (withdrawal["gap_min"], withdrawal["gap_max"]) == ("8600", "8600")


def test_the_home_page_counts_the_interval_gaps(client):
    us_taliban()
    text = page_text(client.get("/"))
    # Shown on the latest record (10 Mar 2020), trend since 9 Feb: the prisoners'
    # gap narrowed (middle 83 % to 35 %), the withdrawal's held.
    assert "2 of 2 sticking points measured; gaps narrowing on 1" in text


def test_the_version_page_moves_toward_the_issues_own_side(client):
    negotiation = us_taliban()
    government = negotiation.actors.get(slug="afghan-government")
    taliban = negotiation.side_b
    prisoners = negotiation.issues.get(slug="prisoners")
    january = datetime.date(2020, 1, 10)
    make_position(actor=government, issue=prisoners, value=500, as_of=january)
    make_position(actor=taliban, issue=prisoners, value=5000, as_of=january)
    proposal = make_proposal(negotiation, slug="exchange", title="Exchange")
    for label, day, value in (
        ("one", datetime.date(2020, 1, 15), 3000),
        ("two", datetime.date(2020, 1, 20), 4000),
        ("three", datetime.date(2020, 2, 15), 4500),
    ):
        make_version(proposal, label=label, date=day, terms={prisoners: value})
    two = client.get(BASE + "proposals/exchange/two/", {"against": "previous"})
    change = two.context["comparison"].changes[0]
    # On 20 Jan the government (500) and the Taliban (5,000) hold points: 3,000 to
    # 4,000 moves toward the Taliban. The United States (no position on record
    # then) is not a side of this issue.
    assert (change.issue.slug, change.toward) == ("prisoners", "b")
    assert "Taliban" in page_text(two).split("Moves toward")[1]
    three = client.get(BASE + "proposals/exchange/three/", {"against": "previous"})
    # On 15 Feb the government holds 700-1,000, a range: no single value to move
    # toward or away from, so the direction is unknown.
    assert three.context["comparison"].changes[0].toward is None


PAGES = (
    "?as_of=2020-03-31",
    "issues/prisoners/",
    "issues/prisoners/card/?as_of=2020-03-31",
    "state-of-play.csv?as_of=2020-03-31",
)


def _queries(client, url):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
        if response.streaming:
            b"".join(response.streaming_content)
        assert response.status_code == 200
    return len(queries)


@pytest.mark.parametrize("page", PAGES)
def test_pages_run_the_same_queries_with_more_issues_of_their_own_sides(client, page):
    us_taliban()
    us_taliban(extra_issues=4, slug="us-taliban-big")
    small = _queries(client, BASE + page)
    assert _queries(client, "/negotiations/us-taliban-big/" + page) == small


def test_the_home_page_runs_the_same_queries_with_more_issues_of_their_own_sides(
    client,
):
    us_taliban()
    small = _queries(client, "/")
    us_taliban(extra_issues=4, slug="us-taliban-big")
    assert _queries(client, "/") == small
