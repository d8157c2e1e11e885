"""Negotiations built by hand for the page tests, with numbers worked out below.

`small_negotiation()` on 2024-07-15, trend against 2024-06-15 (30 days before):

| issue       | Alpha (side A) | Beta (side B) | gap          | relative | trend     |
| ----------- | -------------- | ------------- | ------------ | -------- | --------- |
| prisoners   | 500 (was 300)  | 1000          | 500          | 50 %     | narrowing |
| corridor    | full control   | withdrawal    | 3 steps of 3 | 100 %    | unchanged |
| phase       | 42 days        | none          | unknown      | unknown  | unknown   |
| guarantees  | words          | words         | no number    | -        | -         |

The July framework (2024-07-05) offers 800 prisoners: lean (800 - 500) / (1000 - 500)
= 0.6, toward Beta; and "alternative arrangement" on the corridor: index 2 of 0..3,
lean 2/3, toward Beta.

`other_negotiation(size)` is a different shape: other actors, an ordinal issue with
five options, a numeric issue in days, a text issue, no events; `size` repeats
its positions, versions and responses to test that query counts do not grow.
"""

import datetime

from negotiations.models import Measure, Status
from parties.models import Actor
from tests.factories import (
    make_actor,
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

D = datetime.date


def small_negotiation():
    """Return the small negotiation above and a dict of its objects by name."""
    negotiation = make_negotiation(
        slug="small",
        title="Small talks",
        sides=({"slug": "alpha", "name": "Alpha"}, {"slug": "beta", "name": "Beta"}),
    )
    alpha, beta = negotiation.side_a, negotiation.side_b
    gamma = make_actor(
        negotiation, slug="gamma", name="Gamma", role=Actor.Role.MEDIATOR
    )
    envoy = make_person(negotiation, slug="envoy", name="Envoy Grey", actor=gamma)
    source = make_source(
        negotiation, key="wire-1", title="Alpha offers 500", publisher="Wire"
    )
    prisoners = make_issue(negotiation, slug="prisoners", title="Prisoners", rank=1)
    corridor = make_issue(
        negotiation,
        slug="corridor",
        title="Corridor",
        rank=2,
        measure=Measure.ORDINAL,
        scale=[
            ("control", "Full control"),
            ("reduced", "Reduced presence"),
            ("alternative", "Alternative arrangement"),
            ("withdraw", "Complete withdrawal"),
        ],
    )
    phase = make_issue(
        negotiation, slug="phase-length", title="Phase length", unit="days", rank=3
    )
    guarantees = make_issue(
        negotiation, slug="guarantees", title="Guarantees", measure=Measure.TEXT, rank=4
    )
    make_position(actor=alpha, issue=prisoners, value=300, as_of=D(2024, 6, 1))
    make_position(
        actor=alpha, issue=prisoners, value=500, as_of=D(2024, 7, 10), sources=[source]
    )
    make_position(actor=beta, issue=prisoners, value=1000, as_of=D(2024, 6, 1))
    make_position(
        actor=gamma,
        issue=prisoners,
        value=700,
        as_of=D(2024, 7, 1),
        status=Status.CLAIMED,
        attributed_person=envoy,
    )
    make_position(actor=alpha, issue=corridor, value="control", as_of=D(2024, 6, 1))
    make_position(actor=beta, issue=corridor, value="withdraw", as_of=D(2024, 6, 1))
    make_position(actor=alpha, issue=phase, value=42, as_of=D(2024, 6, 1))
    make_position(
        actor=alpha, issue=guarantees, as_of=D(2024, 6, 1), summary="No guarantees."
    )
    make_position(
        actor=beta, issue=guarantees, as_of=D(2024, 6, 1), summary="Full guarantees."
    )
    framework = make_proposal(negotiation, slug="framework", title="July framework")
    july = make_version(
        framework,
        label="2024-07-05",
        date=D(2024, 7, 5),
        terms={prisoners: 800, corridor: "alternative"},
        text="Phase one lasts six weeks.\n\nAlpha releases 800 prisoners.",
        baseline=True,
    )
    make_response(version=july, actor=beta, date=D(2024, 7, 6))
    make_event(
        negotiation, date=D(2024, 7, 4), title="Talks in Doha", participants=[gamma]
    )
    negotiation.refresh_from_db()
    return negotiation, {
        "alpha": alpha,
        "beta": beta,
        "gamma": gamma,
        "prisoners": prisoners,
        "corridor": corridor,
        "phase": phase,
        "guarantees": guarantees,
        "framework": framework,
        "july": july,
    }


def grow(negotiation, objects, times):
    """Add `times` more of everything: issues, actors, positions, versions, events.

    Every added claim has two sources and every event two participants, so that
    a page that fetched related rows one by one would run more queries.
    """
    alpha, beta, gamma = objects["alpha"], objects["beta"], objects["gamma"]
    framework = objects["framework"]
    for index in range(times):
        extra_issue = make_issue(
            negotiation,
            slug=f"extra-{index}",
            measure=Measure.ORDINAL,
            scale=["hold", "split", "yield"],
            rank=10 + index,
        )
        observer = make_actor(
            negotiation, slug=f"observer-{index}", role=Actor.Role.OBSERVER
        )
        person = make_person(negotiation, slug=f"aide-{index}", actor=alpha)
        sources = [make_source(negotiation) for _ in range(2)]
        for day, actor, value in [
            (D(2024, 6, 2), alpha, "hold"),
            (D(2024, 6, 2), beta, "yield"),
            (D(2024, 7, 2), alpha, "split"),
            (D(2024, 7, 3), observer, "split"),
            (D(2024, 7, 4), gamma, "hold"),
        ]:
            make_position(
                actor=actor,
                issue=extra_issue,
                value=value,
                as_of=day,
                sources=sources,
                attributed_person=person if actor == alpha else None,
            )
        make_position(
            actor=alpha,
            issue=objects["prisoners"],
            value=400 + index,
            as_of=D(2024, 6, 20 + index % 5),
            sources=sources,
            attributed_person=person,
        )
        version = make_version(
            framework,
            label=f"extra {index}",
            date=D(2024, 7, 5) - datetime.timedelta(days=index + 1),
            terms={extra_issue: "split", objects["prisoners"]: 600 + index},
            sources=sources,
            text=f"Extra text {index}.",
        )
        make_response(version=version, actor=beta, sources=sources)
        make_response(version=objects["july"], actor=observer, sources=sources)
        make_event(
            negotiation,
            date=D(2024, 6, 10 + index),
            participants=[gamma, observer, person],
            sources=sources,
        )
    negotiation.refresh_from_db()
    return negotiation


def page_text(response):
    """Return a page's text: no tags, whitespace collapsed, no space before ,.;:)"""
    import html as html_lib
    import re

    markup = response.content.decode()
    markup = re.sub(r"<(script|style)\b.*?</\1>", " ", markup, flags=re.S)
    text = html_lib.unescape(re.sub(r"<[^>]+>", " ", markup))
    text = re.sub(r"\s+", " ", text)
    return re.sub(r" ([,.;:)])", r"\1", text).replace("( ", "(")
