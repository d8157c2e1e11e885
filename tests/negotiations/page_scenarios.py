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


def other_negotiation(size=1):
    """Return a negotiation of another shape, and its objects by name.

    Sides "Government" (A) and "Rebels" (B), an observer "Union" and a mediator
    "Council"; an ordinal "autonomy" issue with five options, a numeric
    "ceasefire-length" in days, a text "amnesty" issue; no events. `size` times
    over: both sides move on autonomy and length, and a proposal version with
    terms and a response.

    On 2025-03-31 (size 1): autonomy Government "limited" (1) vs Rebels
    "federal" (3): 2 steps of 4, relative 0.5; 30 days earlier Government was at
    "none" (0): 3 steps, 0.75, so narrowing. Length 30 vs 90 days: gap 60,
    relative 60 / 90 = 0.667, unchanged. Amnesty: no number.
    """
    negotiation = make_negotiation(
        slug="other",
        title="Northern peace process",
        sides=(
            {"slug": "government", "name": "Government"},
            {"slug": "rebels", "name": "Rebels", "kind": Actor.Kind.ARMED_GROUP},
        ),
    )
    government, rebels = negotiation.side_a, negotiation.side_b
    union = make_actor(
        negotiation, slug="union", name="Union", role=Actor.Role.OBSERVER
    )
    council = make_actor(
        negotiation, slug="council", name="Council", role=Actor.Role.MEDIATOR
    )
    autonomy = make_issue(
        negotiation,
        slug="autonomy",
        title="Regional autonomy",
        measure=Measure.ORDINAL,
        scale=[
            ("none", "No autonomy"),
            ("limited", "Limited self-rule"),
            ("regional", "Regional assembly"),
            ("federal", "Federal state"),
            ("independence", "Independence"),
        ],
        rank=1,
    )
    length = make_issue(
        negotiation,
        slug="ceasefire-length",
        title="Cease-fire length",
        unit="days",
        rank=2,
    )
    amnesty = make_issue(
        negotiation, slug="amnesty", title="Amnesty", measure=Measure.TEXT, rank=3
    )
    source = make_source(negotiation, key="gazette", title="Official gazette")
    plan = make_proposal(
        negotiation, slug="council-plan", title="Council plan", authors=[council]
    )
    for round_number in range(size):
        start = D(2025, 1, 1) + datetime.timedelta(days=round_number)
        make_position(actor=government, issue=autonomy, value="none", as_of=start)
        make_position(actor=rebels, issue=autonomy, value="federal", as_of=start)
        make_position(actor=government, issue=length, value=30, as_of=start)
        make_position(
            actor=rebels, issue=length, value=90, as_of=start, sources=[source]
        )
        make_position(
            actor=union,
            issue=autonomy,
            value="regional",
            as_of=start,
            status=Status.DISPUTED,
        )
        make_position(actor=government, issue=amnesty, as_of=start, summary="None.")
        version = make_version(
            plan,
            label=f"draft {round_number + 1}",
            date=D(2025, 2, 1) + datetime.timedelta(days=round_number),
            rank=round_number,
            terms={autonomy: "regional", length: 60, amnesty: (None, "Partial.")},
            text=f"The parties agree to a cease-fire of 60 days. Round {round_number}.",
            sources=[source],
        )
        make_response(
            version=version,
            actor=rebels,
            response="countered",
            date=version.date,
            sources=[source],
        )
        make_position(
            actor=government,
            issue=autonomy,
            value="limited",
            as_of=D(2025, 3, 20) + datetime.timedelta(days=round_number),
        )
    negotiation.refresh_from_db()
    return negotiation, {
        "government": government,
        "rebels": rebels,
        "union": union,
        "council": council,
        "autonomy": autonomy,
        "length": length,
        "amnesty": amnesty,
        "plan": plan,
    }
