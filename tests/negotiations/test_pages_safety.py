"""Stored text is escaped everywhere, and right-to-left text keeps its direction."""

import datetime

import pytest

from negotiations.labels import version_url
from negotiations.models import Measure, Source
from tests.factories import (
    make_event,
    make_issue,
    make_negotiation,
    make_person,
    make_position,
    make_proposal,
    make_response,
    make_source,
    make_version,
)

pytestmark = pytest.mark.django_db

D = datetime.date
HOSTILE = '<script>alert(1)</script>"><img src=x onerror=alert(2)>'


def _hostile_negotiation():
    negotiation = make_negotiation(
        slug="hostile",
        title=HOSTILE,
        summary=HOSTILE,
        sides=(
            {"slug": "side-a", "name": HOSTILE, "description": HOSTILE},
            {"slug": "side-b", "name": "B" + HOSTILE},
        ),
    )
    side_a, side_b = negotiation.side_a, negotiation.side_b
    person = make_person(
        negotiation, slug="p", name=HOSTILE, title=HOSTILE, actor=side_a
    )
    source = make_source(negotiation, title=HOSTILE, publisher=HOSTILE)
    # Written past model validation, as a bad import or a raw SQL edit might.
    Source.objects.filter(pk=source.pk).update(url="javascript:alert(3)")
    numeric = make_issue(
        negotiation, slug="n", title=HOSTILE, description=HOSTILE, unit=HOSTILE
    )
    ordinal = make_issue(
        negotiation,
        slug="o",
        title=HOSTILE,
        measure=Measure.ORDINAL,
        scale=[("x", HOSTILE), ("y", "Y" + HOSTILE)],
    )
    for issue, (a, b) in ((numeric, (1, 2)), (ordinal, ("x", "y"))):
        make_position(
            actor=side_a,
            issue=issue,
            value=a,
            summary=HOSTILE,
            sources=[source],
            attributed_person=person,
            as_of=D(2024, 6, 1),
        )
        make_position(
            actor=side_b, issue=issue, value=b, summary=HOSTILE, as_of=D(2024, 6, 1)
        )
    proposal = make_proposal(negotiation, slug="prop", title=HOSTILE, authors=[side_a])
    base = make_version(
        proposal,
        label="<b>v1</b>",
        date=D(2024, 6, 2),
        summary=HOSTILE,
        text=HOSTILE + " one",
        terms={numeric: (1, HOSTILE), ordinal: ("y", HOSTILE)},
        sources=[source],
        baseline=True,
    )
    later = make_version(
        proposal,
        label=HOSTILE[:40],
        date=D(2024, 6, 3),
        text=HOSTILE + " two",
        terms={numeric: (2, HOSTILE)},
    )
    make_response(version=base, actor=side_b, summary=HOSTILE, sources=[source])
    make_event(
        negotiation,
        title=HOSTILE,
        place=HOSTILE,
        summary=HOSTILE,
        date=D(2024, 6, 4),
        participants=[side_a, person],
        sources=[source],
    )
    return negotiation, base, later


def _urls(base, later):
    return [
        "/",
        "/negotiations/hostile/?as_of=2024-07-01",
        "/negotiations/hostile/timeline/",
        "/negotiations/hostile/issues/n/",
        "/negotiations/hostile/issues/o/",
        "/negotiations/hostile/actors/side-a/",
        "/negotiations/hostile/actors/side-b/",
        version_url(base),
        version_url(later),
        version_url(later) + "?view=side",
    ]


@pytest.mark.parametrize("index", range(10))
def test_hostile_text_is_escaped_on_every_page(client, index):
    _, base, later = _hostile_negotiation()
    response = client.get(_urls(base, later)[index])
    assert response.status_code == 200
    html = response.content.decode()
    assert "<script>alert" not in html
    assert "<img src=x" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "javascript:" not in html


def test_hostile_text_in_the_htmx_partials_is_escaped_too(client):
    _, base, later = _hostile_negotiation()
    for url in _urls(base, later):
        html = client.get(url, headers={"HX-Request": "true"}).content.decode()
        assert "<script>alert" not in html and "<img src=x" not in html, url


def test_a_source_with_a_non_http_url_is_shown_without_a_link(client):
    _hostile_negotiation()
    html = client.get("/negotiations/hostile/issues/n/").content.decode()
    assert 'href="javascript' not in html
    assert '<span dir="auto">&lt;script&gt;' in html


def _rtl_negotiation():
    negotiation = make_negotiation(
        slug="rtl",
        title="مفاوضات وقف إطلاق النار",
        summary="ملخص المفاوضات",
        sides=(
            {"slug": "israel", "name": "ישראל"},
            {"slug": "hamas", "name": "حماس"},
        ),
    )
    issue = make_issue(negotiation, slug="prisoners", title="الأسرى")
    source = make_source(negotiation, title="מקור", publisher="הארץ")
    make_position(
        actor=negotiation.side_a,
        issue=issue,
        value=100,
        summary="עמדת ישראל",
        sources=[source],
        as_of=D(2024, 6, 1),
    )
    make_position(
        actor=negotiation.side_b,
        issue=issue,
        value=300,
        summary="موقف حماس",
        as_of=D(2024, 6, 1),
    )
    proposal = make_proposal(negotiation, slug="plan", title="الخطة")
    version = make_version(proposal, label="١٢", summary="ملخص", text="نص كامل")
    make_event(negotiation, title="محادثات في القاهرة", summary="ملخص")
    return negotiation, version


def test_right_to_left_text_sits_in_dir_auto_containers_and_bdi(client):
    _, version = _rtl_negotiation()
    state = client.get("/negotiations/rtl/?as_of=2024-07-01").content.decode()
    assert '<h1 dir="auto">مفاوضات وقف إطلاق النار</h1>' in state
    assert '<p class="summary" dir="auto">ملخص المفاوضات</p>' in state
    assert "<bdi>ישראל</bdi>" in state and "<bdi>حماس</bdi>" in state
    assert '<p class="stance-summary" dir="auto">עמדת ישראל</p>' in state
    assert "<bdi>הארץ</bdi>" in state
    timeline = client.get("/negotiations/rtl/timeline/").content.decode()
    assert '<h3 dir="auto">محادثات في القاهرة</h3>' in timeline
    assert "<bdi>١٢</bdi>" in timeline
    page = client.get(version_url(version)).content.decode()
    assert '<div class="full-text" dir="auto">نص كامل</div>' in page
