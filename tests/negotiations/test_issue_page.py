import datetime
import re

import pytest

from tests.factories import (
    make_negotiation,
    make_position,
    make_proposal,
    make_term,
    make_version,
)
from tests.negotiations.page_scenarios import grow, page_text, small_negotiation

pytestmark = pytest.mark.django_db

URL = "/negotiations/small/issues/prisoners/"


def test_chart_is_an_accessible_inline_svg(client):
    small_negotiation()
    html = client.get(URL).content.decode()
    svg = re.search(r"<svg[^>]*>", html).group()
    assert 'role="img"' in svg
    assert 'aria-labelledby="gap-chart-title gap-chart-desc"' in svg
    assert (
        '<title id="gap-chart-title">Relative gap between Alpha and Beta on Prisoners'
        in html
    )
    assert '<desc id="gap-chart-desc">' in html
    # Markers and a numbered dashed line, not colour alone.
    assert html.count("<circle") == 2
    assert 'class="version-number">1</text>' in html
    assert "<script" not in html.split("<main", 1)[1]


def test_chart_numbers_are_also_in_a_table(client):
    small_negotiation()
    text = page_text(client.get(URL))
    assert "The gap each time a side changed position" in text
    # 1 Jun: 300 vs 1,000; 1 Jul (the mediator moves, not a side) is not a row;
    # 10 Jul: 500 vs 1,000.
    assert "1 Jun 2024 300 prisoners 1,000 prisoners 700 prisoners 70 %" in text
    assert "10 Jul 2024 500 prisoners 1,000 prisoners 500 prisoners 50 %" in text


def test_every_position_ever_taken_is_listed_with_status_and_sources(client):
    small_negotiation()
    response = client.get(URL)
    positions = response.context["history"].positions
    assert [(p.actor.slug, p.value) for p in positions] == [
        ("alpha", 300),
        ("beta", 1000),
        ("gamma", 700),
        ("alpha", 500),
    ]
    text = page_text(response)
    assert "Claimed by a third party: Envoy Grey" in text
    assert "Alpha offers 500, Wire" in text


def test_every_versions_term_is_listed_with_its_lean(client):
    small_negotiation()
    text = page_text(client.get(URL))
    assert "July framework, 2024-07-05" in text
    assert "800 prisoners" in text
    # On 5 July Alpha stood at 300 and Beta at 1,000: (800 - 300) / 700.
    assert "leans toward Beta (0.71 on a scale from 0 = Alpha to 1 = Beta)" in text


def test_ordinal_issue_lists_its_scale_and_counts_steps(client):
    small_negotiation()
    text = page_text(client.get("/negotiations/small/issues/corridor/"))
    assert (
        "Full control Reduced presence Alternative arrangement Complete withdrawal"
        in text
    )
    assert "3 steps of 3" in text


def test_text_issue_says_no_number_instead_of_a_chart(client):
    small_negotiation()
    response = client.get("/negotiations/small/issues/guarantees/")
    text = page_text(response)
    assert "there is no number, so no gap to chart" in text
    assert "<svg" not in response.content.decode()
    assert "No guarantees." in text


def test_issue_with_only_one_side_charts_an_unknown_gap(client):
    small_negotiation()
    html = client.get("/negotiations/small/issues/phase-length/").content.decode()
    assert 'fill="url(#hatch)"' in html
    assert ">unknown</text>" in html
    assert "<circle" not in html


def test_issue_without_positions_has_an_empty_state(client):
    negotiation = make_negotiation(slug="quiet")
    from tests.factories import make_issue

    make_issue(negotiation, slug="borders")
    text = page_text(client.get("/negotiations/quiet/issues/borders/"))
    assert "Neither side has a position on record on this sticking point yet" in text
    assert "No position on this sticking point has been published yet." in text
    assert "No published proposal version has a term on this sticking point." in text


def test_staff_see_a_prefilled_log_a_position_link(client, django_user_model):
    negotiation, objects = small_negotiation()
    anonymous = client.get(URL).content.decode()
    assert "Log a position" not in anonymous
    staff = django_user_model.objects.create_user("ed", password="pw", is_staff=True)
    client.force_login(staff)
    html = client.get(URL).content.decode()
    link = re.search(r'href="(/admin/negotiations/position/add/\?[^"]+)"', html)
    if link is None:
        pytest.skip("The admin does not register Position yet.")
    query = link.group(1).replace("&amp;", "&")
    assert f"negotiation={negotiation.pk}" in query
    assert f"issue={objects['prisoners'].pk}" in query
    assert "status=reported" in query and "as_of=" in query


def test_htmx_request_gets_only_the_issue_history(client):
    small_negotiation()
    html = client.get(URL, headers={"HX-Request": "true"}).content.decode()
    assert "<html" not in html
    assert html.startswith('<div id="issue-history"')


@pytest.mark.parametrize("times", [0, 4])
def test_issue_page_runs_the_same_queries_whatever_the_size(
    client, django_assert_num_queries, times
):
    negotiation, objects = small_negotiation()
    grow(negotiation, objects, times)
    # negotiation; issue, scale; the sides' positions (values); terms with
    # versions, their proposals' authors; the latest positions, sources; how
    # many there are; on the date shown the sides' positions, their sources
    # and own proposals; commitments.
    with django_assert_num_queries(13):
        assert client.get(URL).status_code == 200


def _long_history(objects, count):
    """Add `count` positions of Gamma on prisoners and of Alpha on corridor, daily."""
    first = datetime.date(2023, 1, 1)
    for index in range(count):
        make_position(
            actor=objects["gamma"],
            issue=objects["prisoners"],
            value=600 + index,
            as_of=first + datetime.timedelta(days=index),
        )


def test_a_long_history_lists_the_latest_positions_and_links_the_rest(client):
    _, objects = small_negotiation()
    _long_history(objects, 60)
    response = client.get(URL)
    history = response.context["history"]
    # 60 added (all in 2023) and the 4 of the small negotiation: the 50 latest
    # are the 4 of 2024 and the last 46 added, in date order.
    assert history.position_count == 64
    assert len(history.positions) == 50
    days = [p.as_of for p in history.positions]
    assert days == sorted(days)
    assert days[0] == datetime.date(2023, 1, 15)
    assert [p.value for p in history.positions][-4:] == [300, 1000, 700, 500]
    text = page_text(response)
    assert "The latest 50 of 64 positions, in date order." in text
    html = response.content.decode()
    assert (
        'href="/negotiations/small/timeline/?issue=prisoners&amp;kind=position"' in html
    )
    # Each shown position keeps its anchor, status and sources.
    assert f'id="position-{history.positions[-1].pk}"' in html
    assert "Alpha offers 500, Wire" in text


def test_the_gap_reads_every_change_of_a_side_however_long_the_history(client):
    _, objects = small_negotiation()
    first = datetime.date(2023, 1, 1)
    for index in range(60):
        make_position(
            actor=objects["alpha"],
            issue=objects["prisoners"],
            value=100 + index,
            as_of=first + datetime.timedelta(days=index),
        )
    history = client.get(URL).context["history"]
    # 60 days in 2023 and the sides' two days of 2024.
    assert len(history.points) == 62
    assert history.points[0].side_a.value == 100
    assert history.points[0].gap.amount is None
    assert history.points[-1].gap.amount == 500


def test_the_gap_ignores_other_actors_and_drafts(client):
    _, objects = small_negotiation()
    make_position(
        actor=objects["alpha"],
        issue=objects["prisoners"],
        value=900,
        as_of=datetime.date(2024, 7, 12),
        is_published=False,
    )
    history = client.get(URL).context["history"]
    assert [point.day.isoformat() for point in history.points] == [
        "2024-06-01",
        "2024-07-10",
    ]


def test_a_short_history_says_every_position_is_listed(client):
    small_negotiation()
    response = client.get(URL)
    text = page_text(response)
    assert "Every position taken on it" in text
    assert "positions, in date order" not in text


def test_issue_page_runs_the_same_queries_with_a_long_history(
    client, django_assert_num_queries
):
    _, objects = small_negotiation()
    _long_history(objects, 60)
    with django_assert_num_queries(13):
        assert client.get(URL).status_code == 200


def _many_versions(objects, count):
    """Add `count` versions of one proposal with a term on prisoners, daily in 2023."""
    proposal = make_proposal(objects["alpha"].negotiation, slug="drafts-of-2023")
    first = datetime.date(2023, 1, 1)
    for index in range(count):
        version = make_version(
            proposal, label=f"r{index}", date=first + datetime.timedelta(days=index)
        )
        make_term(version=version, issue=objects["prisoners"], value=400 + index)


def test_many_versions_list_the_latest_terms_and_link_the_rest(client):
    _, objects = small_negotiation()
    _many_versions(objects, 60)
    response = client.get(URL)
    history = response.context["history"]
    # 60 added in 2023 and the July framework of 2024: the 50 latest are listed,
    # numbered as among all 61, and only they are marked on the chart.
    assert history.term_count == 61
    assert [entry.number for entry in history.terms] == list(range(12, 62))
    assert history.terms[-1].term.version.proposal == objects["framework"]
    assert [number for number, _ in history.version_days] == list(range(12, 62))
    text = page_text(response)
    assert "What the latest proposal versions say" in text
    assert "The latest 50 of 61 versions with a term on it, in date order." in text
    html = response.content.decode()
    assert (
        'href="/negotiations/small/timeline/?issue=prisoners&amp;kind=version"' in html
    )
    assert '<td data-label="No.">61</td>' in html
    assert 'class="version-number">12</text>' in html
    assert 'class="version-number">11</text>' not in html


def test_few_versions_say_every_term_is_listed(client):
    small_negotiation()
    text = page_text(client.get(URL))
    assert "What each proposal version says" in text
    assert "versions with a term on it" not in text


def test_issue_page_runs_the_same_queries_with_many_versions(
    client, django_assert_num_queries
):
    _, objects = small_negotiation()
    _many_versions(objects, 60)
    with django_assert_num_queries(13):
        assert client.get(URL).status_code == 200
