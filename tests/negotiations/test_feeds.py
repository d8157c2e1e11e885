import datetime
import xml.etree.ElementTree as ET

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from negotiations.models import Measure, Negotiation, Position, Version
from tests.factories import (
    make_issue,
    make_negotiation,
    make_position,
    make_proposal,
    make_response,
    make_source,
    make_term,
    make_version,
)

pytestmark = pytest.mark.django_db

ATOM = "{http://www.w3.org/2005/Atom}"


def _feed(client, negotiation, issue=None):
    if issue is None:
        url = reverse("negotiations:feed", kwargs={"negotiation": negotiation.slug})
    else:
        url = reverse(
            "negotiations:issue_feed",
            kwargs={"negotiation": negotiation.slug, "issue": issue.slug},
        )
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/atom+xml")
    return ET.fromstring(response.content)


def _entries(root):
    return root.findall(f"{ATOM}entry")


def _touch(obj, when):
    # updated_at is auto_now: set it behind the model's back to order entries.
    type(obj).objects.filter(pk=obj.pk).update(updated_at=when)


def _claims(negotiation):
    issue = make_issue(negotiation, slug="prisoners", title="Prisoners released")
    position = make_position(
        issue=issue,
        value=500,
        summary="Offers 500.",
        sources=[make_source(negotiation, title="Wire report")],
    )
    version = make_version(
        make_proposal(negotiation, slug="bridge", title="Bridging proposal"),
        label="16 August",
        terms={issue: 700},
    )
    response = make_response(version=version, summary="Rejects it.")
    return issue, position, version, response


def test_feed_is_atom_with_an_id_updated_and_one_entry_per_claim(client):
    negotiation = make_negotiation(slug="talks", title="Talks")
    _claims(negotiation)
    root = _feed(client, negotiation)
    assert root.tag == f"{ATOM}feed"
    assert root.find(f"{ATOM}title").text == "Talks"
    assert root.find(f"{ATOM}id").text.startswith("tag:testserver,2024:negotiation-")
    assert root.find(f"{ATOM}updated").text
    entries = _entries(root)
    assert len(entries) == 3
    for entry in entries:
        for element in ("id", "title", "updated", "link"):
            assert entry.find(f"{ATOM}{element}") is not None, element


def test_entries_are_newest_first_by_updated_at(client):
    negotiation = make_negotiation()
    _issue, position, version, response = _claims(negotiation)
    now = timezone.now()
    _touch(version, now - datetime.timedelta(days=2))
    _touch(response, now - datetime.timedelta(days=1))
    _touch(position, now)
    entries = _entries(_feed(client, negotiation))
    ids = [entry.find(f"{ATOM}id").text for entry in entries]
    assert [entry_id.rsplit(":", 1)[1] for entry_id in ids] == [
        f"position-{position.pk}",
        f"response-{response.pk}",
        f"version-{version.pk}",
    ]


def test_an_entry_id_does_not_change_when_the_claim_does(client):
    negotiation = make_negotiation()
    _issue, position, _version, _response = _claims(negotiation)

    def position_entry():
        for entry in _entries(_feed(client, negotiation)):
            if entry.find(f"{ATOM}id").text.endswith(f":position-{position.pk}"):
                return entry
        raise AssertionError("no entry for the position")

    before = position_entry()
    Position.objects.filter(pk=position.pk).update(
        summary="Now offers 600.",
        value_number=600,
        as_of=datetime.date(2024, 8, 1),
        updated_at=timezone.now() + datetime.timedelta(minutes=5),
    )
    after = position_entry()
    assert after.find(f"{ATOM}id").text == before.find(f"{ATOM}id").text
    assert after.find(f"{ATOM}updated").text != before.find(f"{ATOM}updated").text
    assert "600" in after.find(f"{ATOM}title").text


def test_entries_link_to_the_claim_on_its_page(client):
    negotiation = make_negotiation(slug="talks")
    issue, position, version, response = _claims(negotiation)
    links = {
        entry.find(f"{ATOM}id").text.rsplit(":", 1)[1]: entry.find(f"{ATOM}link").get(
            "href"
        )
        for entry in _entries(_feed(client, negotiation))
    }
    base = "http://testserver/negotiations/talks"
    day = position.as_of.isoformat()
    assert links[f"position-{position.pk}"] == (
        f"{base}/timeline/?issue=prisoners&kind=position&start={day}&end={day}"
        f"#position-{position.pk}"
    )
    assert links[f"version-{version.pk}"] == f"{base}/proposals/bridge/16%20August/"
    assert links[f"response-{response.pk}"] == (
        f"{base}/proposals/bridge/16%20August/#response-{response.pk}"
    )


def test_an_entry_says_its_value_status_and_sources(client):
    negotiation = make_negotiation()
    _claims(negotiation)
    entries = _entries(_feed(client, negotiation))
    (position_entry,) = [e for e in entries if ":position-" in e.find(f"{ATOM}id").text]
    assert position_entry.find(f"{ATOM}title").text.startswith(
        "Side A on Prisoners released: 500 prisoners"
    )
    summary = position_entry.find(f"{ATOM}summary")
    assert summary.get("type") == "html"
    assert "Stated publicly" in summary.text
    assert 'href="https://news.example/' in summary.text
    assert position_entry.find(f"{ATOM}author/{ATOM}name").text == "Side A"


def test_an_unknown_value_reads_unknown_and_an_unsourced_claim_says_so(client):
    negotiation = make_negotiation()
    make_position(issue=make_issue(negotiation, title="Weeks"), value=None)
    (entry,) = _entries(_feed(client, negotiation))
    assert entry.find(f"{ATOM}title").text.startswith("Side A on Weeks: unknown")
    assert "Unsourced." in entry.find(f"{ATOM}summary").text


def test_the_feed_never_shows_a_draft(client):
    negotiation = make_negotiation()
    issue = make_issue(negotiation)
    make_position(issue=issue, summary="Draft", is_published=False)
    draft = make_version(make_proposal(negotiation), is_published=False)
    make_response(version=draft)
    make_response(version=make_version(make_proposal(negotiation)), is_published=False)
    entries = _entries(_feed(client, negotiation))
    ids = [entry.find(f"{ATOM}id").text.rsplit(":", 1)[1] for entry in entries]
    assert [entry_id.split("-")[0] for entry_id in ids] == ["version"]


def test_an_unpublished_negotiation_has_no_feed(client):
    negotiation = make_negotiation(is_published=False)
    url = reverse("negotiations:feed", kwargs={"negotiation": negotiation.slug})
    assert client.get(url).status_code == 404


def test_the_sticking_point_feed_keeps_only_claims_on_that_issue(client):
    negotiation = make_negotiation()
    issue, position, version, response = _claims(negotiation)
    other = make_issue(negotiation, slug="weeks", measure=Measure.NUMERIC)
    make_position(issue=other, value=6)
    other_version = make_version(make_proposal(negotiation), label="other")
    make_term(version=other_version, issue=other, value=6)
    make_response(version=other_version)
    root = _feed(client, negotiation, issue)
    assert root.find(f"{ATOM}id").text.endswith(f":issue-{issue.pk}")
    ids = {entry.find(f"{ATOM}id").text.rsplit(":", 1)[1] for entry in _entries(root)}
    assert ids == {
        f"position-{position.pk}",
        f"version-{version.pk}",
        f"response-{response.pk}",
    }


def test_an_unknown_sticking_point_has_no_feed(client):
    negotiation = make_negotiation()
    url = reverse(
        "negotiations:issue_feed",
        kwargs={"negotiation": negotiation.slug, "issue": "no-such-issue"},
    )
    assert client.get(url).status_code == 404


def test_an_empty_feed_is_still_valid_atom(client):
    root = _feed(client, make_negotiation())
    assert _entries(root) == []
    assert root.find(f"{ATOM}updated").text


def test_stored_markup_is_escaped_in_titles_and_summaries(client):
    negotiation = make_negotiation()
    make_position(
        issue=make_issue(negotiation, title="<b>Bold</b> issue"),
        summary="<script>alert(1)</script>",
    )
    (entry,) = _entries(_feed(client, negotiation))
    assert "<b>Bold</b> issue" in entry.find(f"{ATOM}title").text
    # The summary is HTML: stored text in it arrives escaped once more.
    assert "&lt;script&gt;" in entry.find(f"{ATOM}summary").text


@pytest.mark.parametrize("count", [1, 10])
def test_feed_query_count_does_not_grow_with_the_entries(
    client, django_assert_num_queries, count
):
    negotiation = make_negotiation()
    issue = make_issue(negotiation)
    for number in range(count):
        version = make_version(make_proposal(negotiation), terms={issue: number})
        make_position(
            issue=issue,
            value=number,
            as_of=datetime.date(2024, 7, 1) + datetime.timedelta(days=number),
            sources=[make_source(negotiation)],
        )
        make_response(version=version)
    url = reverse("negotiations:feed", kwargs={"negotiation": negotiation.slug})
    # The negotiation, then each kind and its sources; the versions' authors.
    with django_assert_num_queries(8):
        assert client.get(url).status_code == 200


def test_feed_is_cut_at_fifty_entries(client):
    negotiation = make_negotiation()
    issue = make_issue(negotiation)
    Position.objects.bulk_create(
        Position(
            negotiation=negotiation,
            actor=negotiation.side_a,
            issue=issue,
            measure=issue.measure,
            as_of=datetime.date(2024, 1, 1) + datetime.timedelta(days=number),
            is_published=True,
        )
        for number in range(60)
    )
    assert len(_entries(_feed(client, negotiation))) == 50


def test_the_demo_feed_lists_its_newest_published_claims(client):
    call_command("load_demo", stdout=None)
    demo = Negotiation.objects.get(slug="gaza-2024")
    published = (
        Position.objects.filter(negotiation=demo, is_published=True).count()
        + Version.objects.filter(proposal__negotiation=demo, is_published=True).count()
        + demo.responses.filter(is_published=True).count()
    )
    entries = _entries(_feed(client, demo))
    assert len(entries) == min(published, 50)
    ids = [entry.find(f"{ATOM}id").text for entry in entries]
    assert len(set(ids)) == len(ids)


def test_an_entry_is_published_on_the_claims_own_date_and_updated_on_its_change(
    client,
):
    negotiation = make_negotiation(slug="dated")
    issue, position, version, response = _claims(negotiation)
    Position.objects.filter(pk=position.pk).update(as_of=datetime.date(2024, 7, 2))
    changed = timezone.now()
    _touch(position, changed)
    entries = {
        entry.find(f"{ATOM}id").text.rsplit(":", 1)[1]: entry
        for entry in _entries(_feed(client, negotiation))
    }
    entry = entries[f"position-{position.pk}"]
    assert entry.find(f"{ATOM}published").text.startswith("2024-07-02T00:00:00")
    assert entry.find(f"{ATOM}updated").text.startswith(changed.strftime("%Y-%m-%d"))
    version_entry = entries[f"version-{version.pk}"]
    published = version_entry.find(f"{ATOM}published").text
    assert published.startswith(version.date.isoformat())
    response_entry = entries[f"response-{response.pk}"]
    published = response_entry.find(f"{ATOM}published").text
    assert published.startswith(response.date.isoformat())
