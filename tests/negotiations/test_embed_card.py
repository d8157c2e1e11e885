import datetime
import re

import pytest
from django.template import Context, Template
from django.test import RequestFactory
from django.urls import reverse

from negotiations import fetch
from negotiations.embeds import issue_card
from negotiations.gaps import Trend
from negotiations.models import Measure
from tests.factories import make_issue, make_negotiation, make_position, make_source

pytestmark = pytest.mark.django_db


def _card(client, negotiation, issue, **query):
    url = reverse(
        "negotiations:issue_card",
        kwargs={"negotiation": negotiation.slug, "issue": issue.slug},
    )
    return client.get(url, query)


def _corridor(negotiation):
    return make_issue(
        negotiation,
        slug="corridor",
        title="Philadelphi Corridor",
        measure=Measure.ORDINAL,
        scale=[
            ("control", "Full control"),
            ("patrols", "Patrols"),
            ("out", "Withdrawal"),
        ],
    )


def test_the_card_shows_both_sides_the_gap_and_the_sources(client):
    negotiation = make_negotiation(slug="talks")
    issue = _corridor(negotiation)
    make_position(
        issue=issue,
        value="control",
        as_of=datetime.date(2024, 7, 1),
        sources=[
            make_source(negotiation, title="Wire report", url="https://wire.example/1")
        ],
    )
    make_position(
        actor=negotiation.side_b,
        issue=issue,
        value="out",
        as_of=datetime.date(2024, 7, 2),
    )
    response = _card(client, negotiation, issue, as_of="2024-07-31")
    assert response.status_code == 200
    html = response.content.decode()
    assert "Full control" in html
    assert "Withdrawal" in html
    assert "2 steps of 2" in html
    assert "100 %" in html
    assert 'href="https://wire.example/1"' in html
    assert "unsourced" in html  # side B's position has no source
    assert 'href="http://testserver/negotiations/talks/issues/corridor/"' in html
    assert "<svg" in html


def test_the_card_has_no_script_and_may_be_framed(client):
    negotiation = make_negotiation()
    issue = _corridor(negotiation)
    response = _card(client, negotiation, issue)
    html = response.content.decode().lower()
    assert "<script" not in html
    assert not re.search(r"\son[a-z]+\s*=", html)  # no inline event handlers
    assert "x-frame-options" not in {header.lower() for header in response.headers}


def test_other_pages_still_refuse_to_be_framed(client):
    negotiation = make_negotiation()
    url = reverse("negotiations:search", kwargs={"negotiation": negotiation.slug})
    assert client.get(url)["X-Frame-Options"] == "DENY"


def test_an_unknown_side_reads_unknown_never_zero(client):
    negotiation = make_negotiation()
    issue = make_issue(negotiation, title="Prisoners")
    make_position(issue=issue, value=500)
    html = _card(client, negotiation, issue, as_of="2024-07-31").content.decode()
    assert "Gap: <strong>unknown</strong>" in html
    assert "No position that counts on record" in html
    assert "Trend since" in html and ": unknown." in html


def test_a_text_issue_card_says_there_is_no_number(client):
    negotiation = make_negotiation()
    issue = make_issue(negotiation, measure=Measure.TEXT)
    html = _card(client, negotiation, issue).content.decode()
    assert "no number" in html
    assert "<svg" not in html


def test_the_card_escapes_stored_text(client):
    negotiation = make_negotiation(title="<script>alert(1)</script>")
    issue = make_issue(negotiation, title="<img src=x onerror=alert(1)>")
    html = _card(client, negotiation, issue).content.decode()
    assert "<img src=x" not in html
    assert "&lt;img src=x" in html
    assert "<script>alert" not in html


def test_a_bad_date_gets_400(client):
    negotiation = make_negotiation()
    issue = make_issue(negotiation)
    assert _card(client, negotiation, issue, as_of="2024-02-30").status_code == 400


def test_an_unknown_issue_or_unpublished_negotiation_is_not_found(client):
    negotiation = make_negotiation()
    issue = make_issue(negotiation)
    hidden = make_negotiation(is_published=False)
    url = reverse(
        "negotiations:issue_card",
        kwargs={"negotiation": negotiation.slug, "issue": "nope"},
    )
    assert client.get(url).status_code == 404
    assert _card(client, hidden, make_issue(hidden)).status_code == 404
    assert _card(client, negotiation, issue).status_code == 200


@pytest.mark.parametrize("count", [1, 10])
def test_card_query_count_does_not_grow_with_positions(
    client, django_assert_num_queries, count
):
    negotiation = make_negotiation()
    issue = make_issue(negotiation)
    for number in range(count):
        make_position(
            issue=issue,
            value=number,
            as_of=datetime.date(2024, 1, 1) + datetime.timedelta(days=number),
            sources=[make_source(negotiation)],
        )
    # The negotiation, the issue and its scale, the positions and their sources,
    # the sides' own proposals.
    with django_assert_num_queries(6):
        assert _card(client, negotiation, issue).status_code == 200


def test_the_embed_snippet_offers_iframe_code_that_survives_copying():
    negotiation = make_negotiation(slug="talks")
    issue = make_issue(negotiation, slug="corridor", title='The "corridor" & <more>')
    request = RequestFactory().get("/")
    html = Template(
        "{% load public_data %}{% embed_snippet negotiation issue %}"
    ).render(Context({"negotiation": negotiation, "issue": issue, "request": request}))
    textarea = re.search(r"<textarea[^>]*>(.*)</textarea>", html, re.S).group(1)
    # What the reader sees (and copies) is the textarea's text, unescaped once.
    assert textarea == (
        "&lt;iframe src=&quot;"
        "http://testserver/negotiations/talks/issues/corridor/card/&quot; "
        "title=&quot;The &amp;quot;corridor&amp;quot; &amp;amp; &amp;lt;more&amp;gt;: "
        "where the sides stand&quot; width=&quot;480&quot; height=&quot;500&quot; "
        "style=&quot;border:0;width:100%;max-width:480px&quot; "
        "loading=&quot;lazy&quot;&gt;"
        "&lt;/iframe&gt;"
    )


def test_feed_links_give_the_alternate_lines_for_a_page_head():
    negotiation = make_negotiation(slug="talks", title="Talks")
    issue = make_issue(negotiation, slug="corridor", title="Corridor")
    html = Template("{% load public_data %}{% feed_links negotiation issue %}").render(
        Context({"negotiation": negotiation, "issue": issue})
    )
    assert html.splitlines() == [
        '<link rel="alternate" type="application/atom+xml" '
        'href="/negotiations/talks/feed/" title="Talks: new and changed claims">',
        '<link rel="alternate" type="application/atom+xml" '
        'href="/negotiations/talks/issues/corridor/feed/" '
        'title="Corridor: new and changed claims">',
    ]


def test_the_card_takes_each_sides_position_in_force_and_its_trend():
    negotiation = make_negotiation(slug="long")
    issue = make_issue(negotiation, slug="prisoners")
    side_a, side_b = negotiation.side_a, negotiation.side_b
    day = datetime.date(2024, 1, 1)
    make_position(actor=side_a, issue=issue, value=10, as_of=day)
    make_position(actor=side_b, issue=issue, value=50, as_of=day)
    make_position(actor=side_b, issue=issue, value=40, as_of=day.replace(month=2))
    current = make_position(
        actor=side_b, issue=issue, value=20, as_of=day.replace(month=3)
    )
    make_position(actor=side_b, issue=issue, value=90, as_of=day.replace(month=5))

    card = issue_card(
        negotiation,
        fetch.issue(negotiation, "prisoners"),
        as_of=day.replace(month=4),
        since=day.replace(month=1, day=15),
    )

    assert card.side_b.pk == current.pk
    assert card.side_a.value == 10
    assert card.gap.amount == 10
    assert card.trend == Trend.NARROWING
