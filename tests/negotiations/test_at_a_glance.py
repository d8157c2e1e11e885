"""The state of play's at-a-glance table: one row per sticking point, from the rows."""

import re

import pytest

from negotiations.models import Source
from tests.factories import make_negotiation
from tests.negotiations.page_scenarios import small_negotiation
from tests.negotiations.test_evidence import DAY, _mixed_negotiation

pytestmark = pytest.mark.django_db

URL = "/negotiations/small/"


def _glance(response):
    """Return the at-a-glance table's markup."""
    html = response.content.decode()
    return re.search(r'<table id="at-a-glance".*?</table>', html, re.DOTALL).group()


def _rows(glance):
    return re.findall(r'<tr class="glance-row.*?</tr>', glance, re.DOTALL)


def _text(markup):
    text = re.sub(r"<[^>]+>", " ", markup)
    return re.sub(r"\s+", " ", text).strip()


def test_the_glance_has_one_row_per_sticking_point_linking_to_its_card(client):
    small_negotiation()
    response = client.get(URL, {"as_of": "2024-07-15"})
    html = response.content.decode()
    rows = _rows(_glance(response))
    slugs = [row.issue.slug for row in response.context["state"].rows]
    assert len(rows) == len(slugs) == 4
    for row, slug in zip(rows, slugs):
        assert f'href="#issue-{slug}"' in row
        assert f'id="issue-{slug}"' in html


def test_the_glance_comes_before_the_first_card(client):
    small_negotiation()
    html = client.get(URL, {"as_of": "2024-07-15"}).content.decode()
    assert html.index('id="at-a-glance"') < html.index('class="issue-state"')


def test_each_row_gives_the_sides_values_gap_trend_and_latest_term(client):
    small_negotiation()
    rows = _rows(_glance(client.get(URL, {"as_of": "2024-07-15"})))
    prisoners, corridor, phase_length, guarantees = map(_text, rows)
    assert "1,000 prisoners" in prisoners and "500 prisoners" in prisoners
    assert "↘ narrowing" in prisoners
    assert "800 prisoners" in prisoners
    assert "3 steps of 3" in corridor and "→ unchanged" in corridor
    assert "unknown" in phase_length and "no term recorded" in phase_length
    assert "no number" in guarantees and "words only" in guarantees


def test_the_gap_bar_width_is_an_svg_attribute_not_an_inline_style(client):
    small_negotiation()
    glance = _glance(client.get(URL, {"as_of": "2024-07-15"}))
    assert "style=" not in glance
    assert '<rect class="glance-bar-fill" width="50.0"' in glance
    assert '<rect class="glance-bar-fill" width="100.0"' in glance


def test_the_glance_names_the_evidence_rule_in_force(client):
    small_negotiation()
    reported = _glance(client.get(URL, {"as_of": "2024-07-15"}))
    stated = _glance(client.get(URL, {"as_of": "2024-07-15", "evidence": "stated"}))
    assert "counting positions stated or reported" in _text(reported)
    assert "counting public statements only" in _text(stated)


def test_the_glance_marks_own_proposals_stale_values_and_newer_claims(client):
    negotiation = _mixed_negotiation()
    response = client.get(f"/negotiations/{negotiation.slug}/", {"as_of": str(DAY)})
    numbers, corridor, offer, _ = map(_text, _rows(_glance(response)))
    assert "since then: claimed by Envoy on 20 Jun 2024" in numbers
    assert "200 prisoners" in numbers
    assert "last on record 1 May 2024" in corridor
    assert "since then: a disputed report of 25 Jun 2024" in corridor
    assert "from its own proposal of 10 Jun 2024" in offer


def test_a_position_resting_only_on_copies_is_marked_second_hand(client):
    small_negotiation()
    # Alpha's 500 prisoners rests on one source: make it a mirror's copy.
    Source.objects.filter(key="wire-1").update(kind=Source.Kind.MIRROR)
    rows = _rows(_glance(client.get(URL, {"as_of": "2024-07-15"})))
    prisoners, corridor = _text(rows[0]), _text(rows[1])
    assert "500 prisoners second-hand sources only" in prisoners
    assert "second-hand" not in corridor


def test_the_htmx_partial_carries_the_glance_and_the_date_control(client):
    small_negotiation()
    response = client.get(URL, {"as_of": "2024-07-15"}, headers={"HX-Request": "true"})
    html = response.content.decode()
    assert html.startswith('<h2 id="state-heading"')
    assert 'id="at-a-glance"' in html
    assert '<form class="date-control"' in html


def test_an_empty_negotiation_has_no_glance(client):
    make_negotiation(slug="empty")
    html = client.get("/negotiations/empty/").content.decode()
    assert 'id="at-a-glance"' not in html
