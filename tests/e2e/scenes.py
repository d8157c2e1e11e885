"""Negotiations the browser flows read: built with the `make_*` helpers.

Each is built in one transaction: the live server's database runs in autocommit,
where a commit per row makes a scene take seconds instead of a fraction of one.

`make_harbour_talks()` is a small but complete negotiation: two sides and a
mediator, an ordinal and a numeric sticking point whose gap narrows over the
summer, a proposal with three versions of long full text, responses and events.
"""

import datetime
import io
from dataclasses import dataclass

from django.core.management import call_command
from django.db import transaction

from negotiations.models import Event, Measure, Negotiation, Response
from parties.models import Actor
from tests.factories import (
    make_actor,
    make_event,
    make_issue,
    make_negotiation,
    make_position,
    make_proposal,
    make_response,
    make_source,
    make_version,
)

JUNE_10 = datetime.date(2024, 6, 10)
JULY_15 = datetime.date(2024, 7, 15)
AUGUST_20 = datetime.date(2024, 8, 20)

CORRIDOR_SCALE = [
    ("full-control", "Full control by the North"),
    ("reduced-presence", "Reduced presence"),
    ("international-monitors", "International monitors"),
    ("full-withdrawal", "Full withdrawal"),
]

_CLAUSES = [
    (
        "The parties agree to a complete and lasting cessation of hostilities in the "
        "harbour district, to begin at six in the morning on the day after signature."
    ),
    (
        "During the first phase, the North releases {captives} captives held since the "
        "spring, in return for the release of {prisoners} prisoners held by the South."
    ),
    (
        "Forces withdraw from populated areas along the coastal road; the corridor is "
        "{corridor} for the duration of the first phase."
    ),
    (
        "Displaced residents may return to their homes in the northern quarter on foot "
        "and by vehicle, subject to inspection arrangements agreed by the mediators."
    ),
    (
        "Humanitarian convoys of no fewer than {trucks} trucks a day enter through the "
        "eastern crossing, with fuel for the water plant and the hospital."
    ),
    (
        "Negotiations on the second phase begin no later than the sixteenth day of the "
        "first phase and conclude before it ends; the cease-fire holds while they last."
    ),
    (
        "The mediators guarantee the implementation of this agreement and meet weekly "
        "with both delegations to resolve disputes over its terms."
    ),
]


def _full_text(**values):
    """Return a long agreement text, one numbered clause a paragraph."""
    clauses = [clause.format(**values) for clause in _CLAUSES]
    return "\n\n".join(
        f"{number}. {clause}" for number, clause in enumerate(clauses, 1)
    )


@dataclass(frozen=True)
class HarbourTalks:
    negotiation: object
    north: object
    south: object
    mediator: object
    corridor: object
    prisoners: object
    framework: object
    first: object
    second: object
    third: object


@transaction.atomic
def make_harbour_talks(**negotiation_fields):
    """Return a published negotiation with positions, versions and events."""
    fields = {
        "slug": "harbour-talks",
        "title": "Harbour cease-fire talks",
        "summary": "Indirect talks on a phased cease-fire in the harbour district.",
        "started_on": datetime.date(2024, 6, 1),
    }
    fields.update(negotiation_fields)
    negotiation = make_negotiation(
        sides=(
            {"slug": "north", "name": "Northern Alliance", "short_name": "North"},
            {"slug": "south", "name": "Southern Front", "short_name": "South"},
        ),
        **fields,
    )
    north, south = negotiation.side_a, negotiation.side_b
    mediator = make_actor(
        negotiation,
        slug="lakeland",
        name="Lakeland",
        role=Actor.Role.MEDIATOR,
    )
    wire = make_source(negotiation, key="wire", title="Talks resume in the capital")
    daily = make_source(negotiation, key="daily", title="Mediators table a framework")
    corridor = make_issue(
        negotiation,
        slug="corridor",
        title="Coastal corridor",
        measure=Measure.ORDINAL,
        scale=CORRIDOR_SCALE,
    )
    prisoners = make_issue(
        negotiation, slug="prisoners", title="Prisoners released in phase one"
    )
    for actor, issue, value, day in [
        (north, corridor, "full-control", JUNE_10),
        (south, corridor, "full-withdrawal", JUNE_10),
        (north, prisoners, 300, JUNE_10),
        (south, prisoners, 1500, JUNE_10),
        (north, corridor, "international-monitors", JULY_15),
        (south, prisoners, 900, JULY_15),
        (north, prisoners, 600, AUGUST_20),
    ]:
        make_position(
            actor=actor,
            issue=issue,
            value=value,
            as_of=day,
            summary=f"{actor.name} wants {value} on the {issue.title.lower()}.",
            sources=[wire],
        )
    make_position(
        actor=mediator,
        issue=corridor,
        value="reduced-presence",
        as_of=JULY_15,
        summary="Lakeland suggests a reduced presence.",
        sources=[daily],
    )
    framework = make_proposal(
        negotiation, slug="framework", title="Lakeland framework", authors=[mediator]
    )
    first = make_version(
        framework,
        label="June draft",
        date=datetime.date(2024, 6, 12),
        summary="The first framework the mediators tabled.",
        text=_full_text(captives=18, prisoners=500, corridor="held", trucks=200),
        terms={corridor: "full-control", prisoners: 500},
        sources=[daily],
        baseline=True,
    )
    second = make_version(
        framework,
        label="July draft",
        date=datetime.date(2024, 7, 18),
        summary="The mediators' revision after the July round.",
        text=_full_text(
            captives=24, prisoners=800, corridor="under reduced presence", trucks=400
        ),
        terms={corridor: "reduced-presence", prisoners: 800},
        sources=[daily],
    )
    third = make_version(
        framework,
        label="August draft",
        date=datetime.date(2024, 8, 22),
        summary="A bridging text put to both sides in August.",
        text=_full_text(
            captives=33,
            prisoners=950,
            corridor="watched by international monitors",
            trucks=600,
        ),
        terms={corridor: "international-monitors", prisoners: 950},
        sources=[daily],
    )
    make_response(
        version=second,
        actor=south,
        response=Response.Answer.COUNTERED,
        date=datetime.date(2024, 7, 25),
        summary="The South counters on the corridor.",
        sources=[wire],
    )
    make_response(
        version=third,
        actor=north,
        response=Response.Answer.ACCEPTED_WITH_RESERVATIONS,
        date=datetime.date(2024, 8, 25),
        summary="The North accepts with reservations on the corridor.",
        sources=[wire],
    )
    make_event(
        negotiation,
        slug="capital-round",
        title="Round of talks in the capital",
        date=datetime.date(2024, 7, 14),
        kind=Event.Kind.TALKS,
        participants=[north, south, mediator],
        sources=[wire],
    )
    make_event(
        negotiation,
        slug="port-strike",
        title="Strike on the port",
        date=datetime.date(2024, 8, 2),
        kind=Event.Kind.MILITARY,
        sources=[wire],
    )
    return HarbourTalks(
        negotiation=negotiation,
        north=north,
        south=south,
        mediator=mediator,
        corridor=corridor,
        prisoners=prisoners,
        framework=framework,
        first=first,
        second=second,
        third=third,
    )


# Markup that runs script if any page ever writes stored text without escaping it.
HOSTILE = (
    "<script>window.__pwned=1</script>",
    '"><img src=x onerror="window.__pwned=1">',
)


@transaction.atomic
def make_hostile_talks():
    """Return a published negotiation whose every free-text field carries HOSTILE."""
    script, image = HOSTILE
    both = f"{script} {image}"
    negotiation = make_negotiation(
        slug="hostile-talks",
        title=f"Talks {both}",
        summary=f"Summary {both}",
        sides=(
            {"slug": "red", "name": f"Red {script}", "short_name": image[:40]},
            {"slug": "blue", "name": f"Blue {image}", "description": both},
        ),
    )
    red, blue = negotiation.side_a, negotiation.side_b
    # A stored javascript: URL must never become a live link.
    source = make_source(
        negotiation,
        key="hostile",
        title=f"Source {both}",
        publisher=image,
        url="javascript:window.__pwned=1",
    )
    ordinal = make_issue(
        negotiation,
        slug="crossing",
        title=f"Crossing {script}",
        description=both,
        measure=Measure.ORDINAL,
        scale=[("closed", f"Closed {script}"), ("open", f"Open {image}")],
    )
    numeric = make_issue(
        negotiation, slug="detainees", title=f"Detainees {image}", unit=script[:60]
    )
    for actor, issue, value, day in [
        (red, ordinal, "closed", JUNE_10),
        (blue, ordinal, "open", JUNE_10),
        (red, numeric, 10, JUNE_10),
        (blue, numeric, 40, JULY_15),
    ]:
        make_position(
            actor=actor,
            issue=issue,
            value=value,
            as_of=day,
            summary=both,
            sources=[source],
        )
    proposal = make_proposal(
        negotiation, slug="plan", title=f"Plan {both}", authors=[red]
    )
    first = make_version(
        proposal,
        label=script,
        date=JUNE_10,
        summary=both,
        text=f"Clause one {script}.\n\nClause two {image}.",
        terms={ordinal: ("closed", both), numeric: (10, both)},
        sources=[source],
        baseline=True,
    )
    second = make_version(
        proposal,
        label=image[:40],
        date=JULY_15,
        summary=both,
        text=f"Clause one {image}.\n\nClause two {script} and more.",
        terms={ordinal: ("open", both), numeric: (25, script)},
        sources=[source],
    )
    make_response(version=second, actor=blue, summary=both, sources=[source])
    make_event(
        negotiation,
        slug="meeting",
        title=f"Meeting {both}",
        place=image,
        summary=both,
        participants=[red, blue],
        sources=[source],
    )
    return negotiation, [first, second]


ARABIC_NAME = "حركة المقاومة الإسلامية"
HEBREW_NAME = "מדינת ישראל"


@transaction.atomic
def make_rtl_talks():
    """Return a published negotiation whose sides are named in Arabic and Hebrew."""
    negotiation = make_negotiation(
        slug="rtl-talks",
        title="مفاوضات وقف إطلاق النار",
        sides=(
            {"slug": "hebrew-side", "name": HEBREW_NAME},
            {"slug": "arabic-side", "name": ARABIC_NAME},
        ),
    )
    issue = make_issue(
        negotiation, slug="hostages", title="שחרור חטופים", unit="people"
    )
    make_position(
        actor=negotiation.side_a,
        issue=issue,
        value=30,
        as_of=JUNE_10,
        summary="עמדה רשמית של ישראל",
    )
    make_position(
        actor=negotiation.side_b,
        issue=issue,
        value=12,
        as_of=JUNE_10,
        summary="موقف رسمي",
    )
    make_event(negotiation, slug="cairo", title="جولة محادثات في القاهرة", date=JULY_15)
    return negotiation


def load_demo():
    """Load the demo negotiation (2024 Gaza talks) through its management command."""
    call_command("load_demo", stdout=io.StringIO())
    return Negotiation.objects.get(slug="gaza-2024")
