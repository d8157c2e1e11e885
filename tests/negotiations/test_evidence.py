"""The evidence rule, own proposals, staleness and the date shown, end to end.

A hand-computed table over one negotiation that mixes stated, reported,
claimed and disputed positions, an own proposal, a stale value and unknowns;
properties that claims and denials never move a number; and the demo's two
misleading readings the rule exists to prevent.
"""

import datetime

import pytest
from django.core.management import call_command
from hypothesis import given
from hypothesis import strategies as st

from negotiations import fetch, pages, sides
from negotiations.gaps import gap, lean, position_on, trend
from negotiations.models import Measure, Negotiation, Status
from tests.factories import (
    make_issue,
    make_negotiation,
    make_person,
    make_position,
    make_proposal,
    make_version,
)

D = datetime.date
DAY = D(2024, 6, 30)
SINCE = D(2024, 5, 31)


def _mixed_negotiation():
    """Return the negotiation of the table below (staleness window: 30 days)."""
    negotiation = make_negotiation(slug="mixed", stale_after_days=30)
    a, b = negotiation.side_a, negotiation.side_b
    envoy = make_person(negotiation, slug="envoy", name="Envoy")
    numbers = make_issue(negotiation, slug="numbers", title="Numbers", rank=1)
    corridor = make_issue(
        negotiation,
        slug="corridor",
        title="Corridor",
        rank=2,
        measure=Measure.ORDINAL,
        scale=["a", "b", "c", "d"],
    )
    offer = make_issue(negotiation, slug="offer", title="Offer", rank=3)
    blank = make_issue(negotiation, slug="blank", title="Blank", rank=4)
    stated, reported = Status.STATED, Status.REPORTED
    claimed, disputed = Status.CLAIMED, Status.DISPUTED
    for actor, issue, value, day, status, person in [
        # Numbers: B's claimed move to A's figure must not close the gap.
        (a, numbers, 100, D(2024, 6, 1), stated, None),
        (b, numbers, 300, D(2024, 6, 1), reported, None),
        (b, numbers, 100, D(2024, 6, 20), claimed, envoy),
        # Corridor: A's only value is stale; B's only one was denied.
        (a, corridor, "a", D(2024, 5, 1), reported, None),
        (b, corridor, "a", D(2024, 6, 25), disputed, None),
        # Offer: B stated 150; A's value comes from its own proposal.
        (b, offer, 150, D(2024, 6, 5), stated, None),
        # Blank: A stated it, but the value is unknown.
        (a, blank, None, D(2024, 6, 1), stated, None),
        (b, blank, 10, D(2024, 6, 1), stated, None),
    ]:
        make_position(
            actor=actor,
            issue=issue,
            value=value,
            as_of=day,
            status=status,
            attributed_person=person,
        )
    own = make_proposal(negotiation, slug="a-plan", title="A's plan", authors=[a])
    make_version(own, label="v1", date=D(2024, 6, 10), terms={offer: 50, blank: None})
    negotiation.refresh_from_db()
    return negotiation


# issue, evidence: (A's value, B's value, gap amount, A's basis, A stale, B's
# newer uncounted status), hand-computed from the fixture above.
TABLE = {
    ("numbers", "reported"): (100, 300, 200, "position", False, "claimed"),
    ("numbers", "stated"): (100, None, None, "position", False, "claimed"),
    ("corridor", "reported"): ("a", None, None, "position", True, "disputed"),
    ("corridor", "stated"): (None, None, None, None, False, "disputed"),
    ("offer", "reported"): (50, 150, 100, "own proposal", False, None),
    ("offer", "stated"): (50, 150, 100, "own proposal", False, None),
    ("blank", "reported"): (None, 10, None, "position", False, None),
    ("blank", "stated"): (None, 10, None, "position", False, None),
}


@pytest.mark.django_db
@pytest.mark.parametrize(("slug", "evidence"), sorted(TABLE))
def test_the_state_of_play_gives_the_hand_computed_values(slug, evidence):
    negotiation = fetch.negotiation(_mixed_negotiation().slug)
    state = pages.state_of_play(negotiation, DAY, SINCE, evidence)
    row = next(row for row in state.rows if row.issue.slug == slug)
    a_value, b_value, amount, a_basis, a_stale, b_since = TABLE[slug, evidence]
    side_a, side_b = row.sides
    assert (side_a.position.value if side_a.position else None) == a_value
    assert (side_b.position.value if side_b.position else None) == b_value
    assert row.gap.amount == amount
    assert (side_a.position.basis if side_a.position else None) == a_basis
    assert side_a.stale is a_stale
    assert (side_b.since_then.status if side_b.since_then else None) == b_since
    # Unknown is never zero.
    assert row.gap.amount != 0


@pytest.mark.django_db
def test_the_card_and_the_csv_agree_with_the_state_of_play(client):
    negotiation = _mixed_negotiation()
    url = f"/negotiations/{negotiation.slug}/state-of-play.csv"
    body = b"".join(client.get(url, {"as_of": DAY.isoformat()})).decode("utf-8-sig")
    assert ",numbers,Numbers," in body
    assert "200" in body.split(",numbers,")[1].split("\n")[0]
    card = client.get(
        f"/negotiations/{negotiation.slug}/issues/numbers/card/",
        {"as_of": DAY.isoformat()},
    )
    html = card.content.decode()
    assert "Gap: <strong>200 prisoners</strong>" in html
    assert "Since then: claimed by" in html
    assert "Envoy" in html


@pytest.mark.django_db
def test_the_page_names_the_rule_and_marks_own_proposals_and_stale_values(client):
    negotiation = _mixed_negotiation()
    response = client.get(
        f"/negotiations/{negotiation.slug}/", {"as_of": DAY.isoformat()}
    )
    html = response.content.decode()
    assert "count positions stated or reported" in html
    assert "From its own proposal of" in html
    assert "Last on record" in html
    assert "Since then: claimed by" in html
    narrow = client.get(
        f"/negotiations/{negotiation.slug}/",
        {"as_of": DAY.isoformat(), "evidence": "stated"},
    )
    assert "count public statements only" in narrow.content.decode()
    assert narrow.context["state"].evidence == "stated"


@pytest.mark.django_db
@pytest.mark.parametrize(
    "path",
    ["/", "/negotiations/mixed/", "/negotiations/mixed/issues/numbers/"],
)
def test_a_bad_evidence_rule_is_a_400_that_says_why(client, path):
    _mixed_negotiation()
    response = client.get(path, {"evidence": "rumour"})
    assert response.status_code == 400
    assert "The evidence rule is" in response.content.decode()


# Properties: a claim or a denial never moves a number.

days = st.dates(min_value=D(2024, 1, 1), max_value=D(2024, 12, 31))
values = st.one_of(st.none(), st.integers(min_value=-50, max_value=50))


class Fake:
    def __init__(self, as_of, status, pk, value):
        self.as_of, self.status, self.pk, self.value = as_of, status, pk, value


def _positions(statuses):
    return st.lists(st.tuples(days, st.sampled_from(statuses), values), max_size=6).map(
        lambda rows: [
            Fake(day, status, pk, value) for pk, (day, status, value) in enumerate(rows)
        ]
    )


counted = _positions(["stated", "reported"])
uncounted = _positions(["claimed", "disputed"])


def _numbers(a_rows, b_rows, day, earlier, term, evidence):
    a, b = position_on(a_rows, day, evidence), position_on(b_rows, day, evidence)
    value_a = a.value if a else None
    value_b = b.value if b else None
    now = gap("numeric", value_a, value_b)
    then_a = position_on(a_rows, earlier, evidence)
    then_b = position_on(b_rows, earlier, evidence)
    then = gap(
        "numeric", then_a.value if then_a else None, then_b.value if then_b else None
    )
    return now, trend(then, now), lean("numeric", term, value_a, value_b)


@given(
    counted,
    counted,
    uncounted,
    uncounted,
    days,
    days,
    values,
    st.sampled_from(["reported", "stated"]),
)
def test_adding_a_claimed_or_disputed_position_never_changes_a_gap_trend_or_lean(
    a_rows, b_rows, a_claims, b_claims, day, earlier, term, evidence
):
    # Claims get pks above every counted position's, so they would win ties.
    for offset, claim in enumerate(a_claims + b_claims, start=100):
        claim.pk = offset
    before = _numbers(a_rows, b_rows, day, earlier, term, evidence)
    after = _numbers(a_rows + a_claims, b_rows + b_claims, day, earlier, term, evidence)
    assert after == before


# The demo's misleading readings.


@pytest.fixture
def demo(db):
    call_command("load_demo", stdout=None)
    return fetch.negotiation("gaza-2024")


def _row(negotiation, slug, day):
    since = day - datetime.timedelta(days=30)
    state = pages.state_of_play(negotiation, day, since)
    return next(row for row in state.rows if row.issue.slug == slug)


def test_the_demos_philadelphi_gap_on_21_august_2024_is_not_zero(demo):
    row = _row(demo, "philadelphi-corridor", D(2024, 8, 21))
    assert not row.gap.agreed
    assert row.gap.amount != 0
    israel = row.sides[0]
    assert israel.position.status != "disputed"
    assert israel.since_then is not None and israel.since_then.status == "disputed"


def test_the_demos_israeli_withdrawal_on_15_july_2024_is_not_bidens_claim(demo):
    # Biden's claim of 31 May ("Israel accepted") no longer sets Israel's value.
    # What does is Israel's own proposal of 27 May, whose term is the phased
    # withdrawal that Hamas was reported to accept on 6 July: by DESIGN.md's
    # own-proposal rule the sides then stand on the same option, and the page
    # says why ("from its own proposal of 27 May 2024"), never on a claim.
    row = _row(demo, "full-withdrawal", D(2024, 7, 15))
    israel, hamas = row.sides
    assert israel.position.basis == "own proposal"
    assert israel.position.as_of == D(2024, 5, 27)
    assert israel.position.status == "stated"
    assert hamas.position.status in ("stated", "reported")


def test_without_own_proposals_the_demos_israeli_withdrawal_is_unknown(demo):
    # The positions alone: Israel's only one by 15 July is Biden's claim.
    positions = fetch.side_positions_on([demo], [D(2024, 7, 15)])
    issue = fetch.issue(demo, "full-withdrawal")
    israel = [
        p for p in positions if p.issue_id == issue.pk and p.actor_id == demo.side_a_id
    ]
    assert position_on(israel, D(2024, 7, 15)) is None


def test_the_demo_opens_on_its_latest_record_not_on_today(client, demo):
    response = client.get("/negotiations/gaza-2024/")
    state = response.context["state"]
    latest = sides.latest_record_on(demo)
    assert state.as_of == latest
    assert state.shown.quiet
    assert "nothing recorded since" in response.content.decode()
    assert Negotiation.objects.get(slug="gaza-2024").stale_after_days == 60


@pytest.mark.django_db
def test_the_evidence_rule_is_kept_in_links_and_in_the_htmx_forms(client):
    negotiation = _mixed_negotiation()
    base = f"/negotiations/{negotiation.slug}/"
    html = client.get(base, {"evidence": "stated"}).content.decode()
    assert f'href="{base}issues/numbers/?evidence=stated"' in html
    assert f'href="{base}actors/{negotiation.side_a.slug}/?evidence=stated"' in html
    assert 'name="evidence"' in html and '<option value="stated" selected>' in html
    fragment = client.get(
        base, {"evidence": "stated"}, headers={"HX-Request": "true"}
    ).content.decode()
    assert "count public statements only" in fragment
    assert "evidence=stated" in fragment
    issue_page = client.get(base + "issues/numbers/", {"evidence": "stated"})
    assert issue_page.context["history"].evidence == "stated"
    assert f'href="{base}?evidence=stated"' in issue_page.content.decode()


@pytest.mark.django_db
@pytest.mark.parametrize("versions", [1, 5])
def test_own_proposals_add_no_query_per_version(
    client, django_assert_num_queries, versions
):
    negotiation = _mixed_negotiation()
    offer = negotiation.issues.get(slug="offer")
    plan = make_proposal(
        negotiation, slug="b-plan", title="B's plan", authors=[negotiation.side_b]
    )
    for index in range(versions):
        make_version(
            plan,
            label=f"v{index}",
            date=D(2024, 6, 11) + datetime.timedelta(days=index),
            terms={offer: 140 - index},
        )
    base = f"/negotiations/{negotiation.slug}/"
    # As in test_state_of_play_page: ten queries, whatever the size.
    with django_assert_num_queries(10):
        assert client.get(base, {"as_of": DAY.isoformat()}).status_code == 200
    with django_assert_num_queries(6):
        card = client.get(base + "issues/offer/card/", {"as_of": DAY.isoformat()})
    assert card.status_code == 200
    # B's latest own proposal beats its older stated position.
    assert f"{140 - (versions - 1)} prisoners" in card.content.decode()
