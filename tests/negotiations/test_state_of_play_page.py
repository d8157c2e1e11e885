import datetime
import re

import pytest
from django.urls import reverse

from negotiations.gaps import Trend
from tests.factories import (
    make_actor,
    make_issue,
    make_negotiation,
    make_position,
    make_source,
)
from tests.negotiations.page_scenarios import grow, page_text, small_negotiation

pytestmark = pytest.mark.django_db

URL = "/negotiations/small/"


def test_gaps_match_the_hand_computed_table(client):
    small_negotiation()
    response = client.get(URL, {"as_of": "2024-07-15"})
    rows = {row.issue.slug: row for row in response.context["state"].rows}
    # issue: (amount, relative, trend), worked out in page_scenarios.py.
    expected = {
        "prisoners": (500.0, 0.5, Trend.NARROWING),
        "corridor": (3.0, 1.0, Trend.UNCHANGED),
        "phase-length": (None, None, Trend.UNKNOWN),
        "guarantees": (None, None, Trend.UNKNOWN),
    }
    assert {
        slug: (row.gap.amount, row.gap.relative, row.trend)
        for slug, row in rows.items()
    } == expected
    assert rows["guarantees"].gap.measurable is False
    assert rows["prisoners"].lean == pytest.approx(0.6)
    assert rows["corridor"].lean == pytest.approx(2 / 3)


def test_gaps_read_in_words_with_units_steps_unknown_and_no_number(client):
    small_negotiation()
    text = page_text(client.get(URL, {"as_of": "2024-07-15"}))
    assert "Gap: 500 prisoners; relative gap 50 %" in text
    assert "Trend since 15 Jun 2024: narrowing (then 700 prisoners, 70 %)" in text
    assert "Gap: 3 steps of 3; relative gap 100 %" in text
    assert "Gap: unknown" in text
    assert "Gap: no number" in text
    assert "2 of 4 sticking points measured; gaps narrowing on 1" in text


def test_state_of_play_shows_each_sides_position_status_date_and_sources(client):
    small_negotiation()
    response = client.get(URL, {"as_of": "2024-07-15"})
    html = response.content.decode()
    text = page_text(response)
    assert "1,000 prisoners" in text
    assert "Full control" in text and "Complete withdrawal" in text
    assert "as of 10 Jul 2024" in text
    assert 'href="https://news.example/wire-1" rel="noopener noreferrer"' in html
    assert "Alpha offers 500" in text and "Wire" in text
    assert 'class="unsourced">unsourced<' in html


def test_mediators_positions_stand_beside_the_sides_with_who_claimed_them(client):
    small_negotiation()
    text = page_text(client.get(URL, {"as_of": "2024-07-15"}))
    assert "Mediators and other actors (1)" in text
    assert "700 prisoners" in text
    assert "Claimed by a third party: Envoy Grey" in text


def test_latest_version_term_and_its_lean_are_shown(client):
    small_negotiation()
    text = page_text(client.get(URL, {"as_of": "2024-07-15"}))
    assert "Latest proposal on this date: July framework, version 2024-07-05" in text
    assert "Latest proposal: 800 prisoners. Where it sits: leans toward Beta" in text
    assert "Latest proposal: no term recorded on this sticking point." in text
    assert "says nothing" not in text


def test_as_of_replays_a_past_date(client):
    small_negotiation()
    response = client.get(URL, {"as_of": "2024-06-05"})
    rows = {row.issue.slug: row for row in response.context["state"].rows}
    assert rows["prisoners"].gap.amount == 700.0
    # Before the July framework there is no proposal to show.
    assert response.context["state"].version is None
    assert "No proposal had been published by this date." in page_text(response)


def test_a_date_before_any_data_shows_unknowns_not_zeros(client):
    small_negotiation()
    response = client.get(URL, {"as_of": "2020-01-01"})
    state = response.context["state"]
    assert all(row.gap.amount is None for row in state.rows)
    assert all(row.side_a is None and row.side_b is None for row in state.rows)
    text = page_text(response)
    assert "No position is on record on or before this date" in text
    assert "0 of 4 sticking points measured" in text
    assert " 0 %" not in text


def test_since_sets_the_date_the_trend_compares_with(client):
    small_negotiation()
    response = client.get(URL, {"as_of": "2024-07-15", "since": "2024-07-12"})
    rows = {row.issue.slug: row for row in response.context["state"].rows}
    assert rows["prisoners"].trend == Trend.UNCHANGED
    assert "Trend since 12 Jul 2024" in page_text(response)


def test_as_of_defaults_to_today_and_since_to_thirty_days_before(client):
    negotiation, objects = small_negotiation()
    today = datetime.date.today()
    make_position(
        actor=negotiation.side_a, issue=objects["prisoners"], value=1, as_of=today
    )
    state = client.get(URL).context["state"]
    assert state.as_of == today
    assert state.since == today - datetime.timedelta(days=30)


def test_a_quiet_record_shows_its_latest_date_and_says_so(client):
    small_negotiation()
    response = client.get(URL)
    state = response.context["state"]
    assert state.as_of == datetime.date(2024, 7, 10)
    assert state.since == datetime.date(2024, 6, 10)
    text = page_text(response)
    assert "Latest record 10 Jul 2024; nothing recorded since." in text


def test_gap_widens_when_a_side_moves_away(client):
    negotiation = make_negotiation(slug="widening")
    issue = make_issue(negotiation, slug="days")
    make_position(
        actor=negotiation.side_a, issue=issue, value=10, as_of=datetime.date(2024, 1, 1)
    )
    make_position(
        actor=negotiation.side_b, issue=issue, value=20, as_of=datetime.date(2024, 1, 1)
    )
    make_position(
        actor=negotiation.side_b, issue=issue, value=40, as_of=datetime.date(2024, 3, 1)
    )
    response = client.get("/negotiations/widening/", {"as_of": "2024-03-05"})
    assert response.context["state"].rows[0].trend == Trend.WIDENING
    assert "widening on 1" in page_text(response)


def test_date_control_is_a_get_form_that_htmx_swaps_and_pushes(client):
    small_negotiation()
    html = client.get(URL).content.decode()
    form = re.search(r"<form class=\"date-control\"[^>]*>", html).group()
    assert 'method="get"' in form
    assert 'data-hx-get="/negotiations/small/"' in form
    assert 'data-hx-target="#state-of-play"' in form
    # The results' container stays, so an error swapped into it keeps the target.
    assert 'data-hx-swap="innerHTML"' in form
    assert '<section id="state-of-play"' in html
    assert 'data-hx-push-url="true"' in form
    assert '<button type="submit">' in html
    assert 'id="state-of-play"' in html


def test_htmx_request_gets_only_the_state_of_play_partial(client):
    small_negotiation()
    response = client.get(URL, {"as_of": "2024-07-15"}, headers={"HX-Request": "true"})
    html = response.content.decode()
    assert response.status_code == 200
    assert "<html" not in html
    assert html.startswith('<h2 id="state-heading"')
    assert "HX-Request" in response["Vary"]


def test_page_has_a_title_and_a_breadcrumb_back(client):
    small_negotiation()
    html = client.get(URL).content.decode()
    assert "<title>Small talks: state of play" in html
    assert 'aria-label="Breadcrumb"' in html
    assert f'href="{reverse("negotiations:negotiation_list")}"' in html


def test_an_empty_negotiation_says_so(client):
    make_negotiation(slug="empty")
    text = page_text(client.get("/negotiations/empty/"))
    assert "No sticking points have been recorded for this negotiation yet." in text


@pytest.mark.parametrize("times", [0, 4])
def test_state_of_play_runs_the_same_queries_whatever_the_size(
    client, django_assert_num_queries, times
):
    negotiation, objects = small_negotiation()
    grow(negotiation, objects, times)
    # negotiation; issues, scales; positions in force, their sources; the sides'
    # positions at the trend's date; their own proposals; latest version, its
    # terms; the latest agreement's commitments.
    with django_assert_num_queries(10):
        response = client.get(URL, {"as_of": "2024-07-15"})
    assert response.status_code == 200


def test_a_negotiation_whose_sides_are_not_set_yet_still_renders(client):
    negotiation = make_negotiation(slug="unsided", sides=False)
    issue = make_issue(negotiation, slug="days")
    mediator = make_actor(negotiation, slug="envoy", role="mediator")
    make_position(actor=mediator, issue=issue, value=5, as_of=datetime.date(2024, 1, 1))
    for url in ["/", "/negotiations/unsided/", "/negotiations/unsided/issues/days/"]:
        response = client.get(url)
        assert response.status_code == 200, url
    text = page_text(client.get("/negotiations/unsided/"))
    assert "Side A not set" in text
    assert "Gap: unknown" in text


def test_a_few_other_actors_show_per_issue_and_the_rest_wait_on_the_issue_page(client):
    negotiation = make_negotiation(slug="crowded")
    issue = make_issue(negotiation, slug="days", unit="days")
    source = make_source(negotiation, key="wire-9", title="Envoys speak")
    for index in range(6):
        role = "mediator" if index == 5 else "observer"
        actor = make_actor(negotiation, slug=f"actor-{index}", role=role)
        make_position(
            actor=actor,
            issue=issue,
            value=index,
            as_of=datetime.date(2024, 1, 1),
            sources=[source] if index % 2 else [],
        )
    response = client.get("/negotiations/crowded/", {"as_of": "2024-02-01"})
    (row,) = response.context["state"].rows
    # The mediator first, then the observers by name.
    assert [p.actor.slug for p in row.others] == [
        "actor-5",
        "actor-0",
        "actor-1",
        "actor-2",
    ]
    assert row.more_others == 2
    html = response.content.decode()
    text = page_text(response)
    assert "Mediators and other actors (6)" in text
    assert "And 2 more actors’ positions on the sticking point page." in text
    assert 'href="/negotiations/crowded/issues/days/">the sticking point page' in html
    others = html[html.index('class="others-list"') : html.index("more-others")]
    # Every claim shown links its sources or is marked unsourced.
    assert others.count('<li class="other-position">') == 4
    assert others.count("Envoys speak") == 2
    assert others.count('class="unsourced">unsourced<') == 2


def test_no_more_link_when_every_other_actor_is_shown(client):
    small_negotiation()
    response = client.get(URL, {"as_of": "2024-07-15"})
    rows = {row.issue.slug: row for row in response.context["state"].rows}
    assert rows["prisoners"].more_others == 0
    assert "more-others" not in response.content.decode()
