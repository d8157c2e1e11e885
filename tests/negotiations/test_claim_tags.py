"""The claim status and sources tags, built in Python, escape what they show."""

import datetime

import pytest

from negotiations.models import Status
from negotiations.templatetags.negotiation_tags import claim_status, sources
from tests.factories import make_actor, make_negotiation, make_position, make_source


@pytest.mark.django_db
def test_a_claimed_position_names_who_claimed_it_and_is_not_counted():
    negotiation = make_negotiation()
    mediator = make_actor(negotiation, name="Qatar <mediator>", role="mediator")
    position = make_position(
        negotiation=negotiation, status=Status.CLAIMED, attributed_actor=mediator
    )

    assert claim_status(position) == (
        '<span class="status status-claimed">Claimed by a third party: '
        "<bdi>Qatar &lt;mediator&gt;</bdi> · not counted in gaps</span>\n"
    )


@pytest.mark.django_db
def test_a_stated_position_shows_its_status_only():
    position = make_position(status=Status.STATED)

    assert claim_status(position) == (
        f'<span class="status status-stated">{position.get_status_display()}</span>\n'
    )


@pytest.mark.django_db
def test_sources_link_only_http_urls_and_escape_their_titles():
    negotiation = make_negotiation()
    linked = make_source(negotiation, title="Talks <resume>", publisher="Wire & Co")
    plain = make_source(
        negotiation,
        title="Note",
        url="javascript:alert(1)",
        publisher="",
        published_on=None,
    )
    position = make_position(negotiation=negotiation, sources=[linked, plain])
    day = datetime.date(2024, 7, 1)
    assert linked.published_on == day

    html = sources(position)

    assert html.startswith('<ul class="sources" aria-label="Sources">\n  <li>')
    assert (
        f'<a href="{linked.url}" rel="noopener noreferrer" dir="auto">'
        "Talks &lt;resume&gt;</a>, <bdi>Wire &amp; Co</bdi>, "
        '<time datetime="2024-07-01">1 Jul 2024</time></li>'
    ) in html
    assert '<li><span dir="auto">Note</span></li>' in html
    assert "javascript" not in html


@pytest.mark.django_db
def test_a_position_without_sources_is_marked_unsourced():
    assert sources(make_position()) == '<span class="unsourced">unsourced</span>\n'
