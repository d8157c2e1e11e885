"""The actor page's values in force per issue, under the evidence rule it names."""

import datetime

import pytest

from negotiations import fetch, standing
from negotiations.models import Status
from tests.factories import make_position, make_proposal, make_version
from tests.negotiations.page_scenarios import page_text, small_negotiation

pytestmark = pytest.mark.django_db

D = datetime.date


def _section(html):
    start = html.index('class="actor-standing"')
    return html[start : html.index("</section>", start)]


def _value_block(html, title):
    start = html.index(f">{title}</a></h3>", html.index('class="actor-standing"'))
    return html[start : html.index('<div class="actor-value">', start)]


def test_a_sides_values_in_force_are_shown_per_issue_on_the_date(client):
    small_negotiation()
    response = client.get("/negotiations/small/actors/alpha/?as_of=2024-06-15")
    section = _section(response.content.decode())
    assert "Its values in force on <time" in section and "15 June 2024" in section
    assert "300 prisoners" in section and "500 prisoners" not in section
    text = page_text(response)
    assert "A value in force counts positions stated or reported" in text
    assert "and the proposals it wrote itself" in text


def test_the_narrow_rule_is_named_and_kept(client):
    small_negotiation()
    html = client.get(
        "/negotiations/small/actors/alpha/?evidence=stated"
    ).content.decode()
    assert "A value in force counts public statements only" in _section(html)
    assert "/issues/prisoners/?evidence=stated" in _section(html)


def test_a_stale_value_and_a_newer_claim_are_marked(client):
    negotiation, objects = small_negotiation()
    make_position(
        actor=objects["beta"],
        issue=objects["prisoners"],
        value=500,
        as_of=D(2024, 9, 1),
        status=Status.CLAIMED,
        attributed_actor=objects["gamma"],
        summary="Beta would take 500.",
    )
    html = client.get("/negotiations/small/actors/beta/?as_of=2024-09-20").content
    prisoners = _value_block(html.decode(), "Prisoners")
    # Beta's counted 1000 of 1 June is 111 days old (window: 60 days).
    assert "1,000 prisoners" in prisoners or "1000 prisoners" in prisoners
    assert 'class="stale"' in prisoners
    assert "Since then: claimed by <bdi>Gamma</bdi>" in prisoners
    assert "Not counted in the gap." in prisoners


def test_a_sides_own_proposal_sets_its_value_where_it_has_no_position(client):
    negotiation, objects = small_negotiation()
    plan = make_proposal(negotiation, slug="beta-plan", authors=[objects["beta"]])
    make_version(plan, label="v1", date=D(2024, 7, 8), terms={objects["phase"]: 60})
    html = client.get("/negotiations/small/actors/beta/?as_of=2024-07-20").content
    phase = _value_block(html.decode(), "Phase length")
    assert "60 days" in phase
    assert "From its own proposal of" in phase


def test_a_mediator_lists_only_the_issues_it_spoke_on_and_never_an_own_proposal(
    client,
):
    small_negotiation()
    html = client.get("/negotiations/small/actors/gamma/?as_of=2024-07-20").content
    section = _section(html.decode())
    assert ">Prisoners</a></h3>" in section and ">Corridor</a></h3>" not in section
    # Gamma's only position is a claim: it is shown, but no value counts.
    assert "unknown" in section and "Since then: claimed by" in section
    assert "and the proposals it wrote itself" not in section


def test_a_bad_date_is_a_400_naming_the_parameter(client):
    small_negotiation()
    response = client.get("/negotiations/small/actors/alpha/?as_of=2024-13-01")
    assert response.status_code == 400
    assert "Enter a real date as YYYY-MM-DD." in response.content.decode()


def test_the_actor_value_is_the_one_the_state_of_play_gives_its_side(client):
    negotiation, objects = small_negotiation()
    day = D(2024, 7, 20)
    shown = standing.DateShown(day, day, asked=True)
    values = dict(
        (issue.slug, value)
        for issue, value in standing.actor_standing(
            negotiation, objects["alpha"], shown
        ).values
    )
    prisoners = fetch.issue(negotiation, "prisoners")
    on_issue = standing.issue_standing(negotiation, prisoners, shown)
    assert values["prisoners"].position.pk == on_issue.sides[0].position.pk
    assert values["prisoners"].position.value_number == 500
