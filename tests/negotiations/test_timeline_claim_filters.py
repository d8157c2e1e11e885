"""The timeline's filters for analysts: by evidence status and by who made a claim."""

import json
import re
from io import StringIO

import pytest
from django.core.management import call_command

from negotiations.management.commands.load_demo import DEMO

pytestmark = pytest.mark.django_db

URL = "/negotiations/gaza-2024/timeline/"


@pytest.fixture
def demo():
    call_command("load_demo", stdout=StringIO())
    return json.loads(DEMO.read_text())


def listed(client, **query):
    """Return the (kind, day) of every item the filtered timeline lists."""
    html = client.get(URL, {**query, "kind": ["position", "response"]}).content
    html = html.decode()
    total = int(re.search(r'id="timeline-heading"[^>]*>(\d+) item', html).group(1))
    items = re.findall(
        r'class="timeline-item kind-(\w+)".*?<time datetime="([\d-]+)"', html, re.DOTALL
    )
    assert len(items) == total, "the filter must fit one page for these tests"
    return sorted(items)


def claims(doc, keep):
    """Return the (kind, day) of the document's positions and responses kept."""
    found = [("position", p["as_of"]) for p in doc["positions"] if keep(p)]
    found += [("response", r["date"]) for r in doc["responses"] if keep(r)]
    return sorted(found)


def test_the_timeline_lists_only_claims_of_the_chosen_evidence_status(client, demo):
    claimed = listed(client, status="claimed")

    assert claimed == claims(demo, lambda claim: claim.get("status") == "claimed")
    assert len(claimed) == 5


def test_a_person_s_claims_are_those_attributed_to_them(client, demo):
    blinken = listed(client, attributed_to="person:antony-blinken")

    assert blinken == [("response", "2024-08-19")]


def test_an_actor_s_claims_include_those_of_its_people(client, demo):
    speakers = {person["slug"]: person.get("actor") for person in demo["people"]}

    def by_the_united_states(claim):
        who = claim.get("attributed_to")
        return who == "united-states" or speakers.get(who) == "united-states"

    american = listed(client, attributed_to="actor:united-states")

    assert american == claims(demo, by_the_united_states)
    assert ("response", "2024-08-19") in american  # Blinken's
    assert ("response", "2024-05-31") in american  # Biden's


def test_claim_filters_leave_out_versions_and_events(client, demo):
    html = client.get(URL, {"status": "stated"}).content.decode()

    assert "kind-version" not in html and "kind-event" not in html
    assert "kind-position" in html


def test_the_two_filters_combine(client, demo):
    both = listed(client, status="claimed", attributed_to="actor:united-states")

    assert both == claims(
        demo,
        lambda claim: (
            claim.get("status") == "claimed"
            and claim.get("attributed_to") in {"joe-biden", "antony-blinken"}
        ),
    )


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ({"status": "rumoured"}, "is not an evidence status"),
        ({"attributed_to": "person:nobody"}, "No actor or person"),
        ({"attributed_to": "antony-blinken"}, "write actor:&lt;slug&gt;"),
    ],
)
def test_an_unknown_status_or_speaker_is_a_clear_400(client, demo, query, message):
    response = client.get(URL, query)

    assert response.status_code == 400
    assert message in response.content.decode()


def test_the_filter_form_offers_both_filters_with_the_chosen_values_kept(client, demo):
    html = client.get(
        URL, {"status": "claimed", "attributed_to": "person:antony-blinken"}
    ).content.decode()

    assert re.search(r'<option value="claimed" selected>', html)
    assert re.search(r'<option value="person:antony-blinken" selected>', html)
    assert '<optgroup label="Actors and their people">' in html
