"""The sticking point page on the date shown: the sides' values and commitments."""

import datetime
from io import StringIO

import pytest
from django.core.management import call_command

from negotiations.models import Negotiation, Status
from tests.factories import (
    make_commitment,
    make_implementation_entry,
    make_position,
    make_version,
)
from tests.negotiations.page_scenarios import page_text, small_negotiation

pytestmark = pytest.mark.django_db

D = datetime.date
URL = "/negotiations/small/issues/prisoners/"


@pytest.fixture
def demo():
    call_command("load_demo", stdout=StringIO())
    return Negotiation.objects.get(slug="gaza-2024")


def _section(html, heading_id):
    start = html.index(f'id="{heading_id}"')
    return html[start : html.index("</section>", start)]


def test_the_sides_are_shown_on_the_date_asked_for(client):
    small_negotiation()
    html = client.get(URL + "?as_of=2024-06-15").content.decode()
    standing = _section(html, "standing-heading")
    assert "15 June 2024" in standing
    # Alpha's 500 of 10 July is not yet on record; its 300 of 1 June is.
    assert "300" in standing and "500" not in standing


def test_a_value_older_than_the_window_reads_last_on_record(client):
    negotiation, _ = small_negotiation()
    negotiation.stale_after_days = 60
    negotiation.save()
    html = client.get(URL + "?as_of=2024-09-20").content.decode()
    standing = _section(html, "standing-heading")
    # Beta's 1 June value is 111 days old; Alpha's 10 July one only 72 days.
    assert standing.count('class="stale"') == 2
    assert 'Last on record <time datetime="2024-06-01">' in standing


def test_a_newer_claim_is_shown_beside_the_value_and_not_counted(client):
    _, objects = small_negotiation()
    make_position(
        actor=objects["beta"],
        issue=objects["prisoners"],
        value=500,
        as_of=D(2024, 7, 20),
        status=Status.CLAIMED,
        attributed_actor=objects["gamma"],
        summary="Beta would accept 500.",
    )
    response = client.get(URL + "?as_of=2024-07-25")
    standing = page_text(response)
    assert (
        "Since then: claimed by Gamma on 20 Jul 2024 that Beta would accept 500."
        in (standing)
    )
    assert "Not counted in the gap." in standing
    html = _section(response.content.decode(), "standing-heading")
    # The gap is still Alpha's 500 against Beta's counted 1000.
    assert "Gap: <strong>500" in html


def test_the_narrow_rule_is_named_on_the_standing(client):
    small_negotiation()
    html = client.get(URL + "?evidence=stated").content.decode()
    assert "Each side’s value counts public statements only." in html


def test_a_bad_date_is_a_400_naming_the_parameter(client):
    small_negotiation()
    response = client.get(URL + "?as_of=2024-02-30")
    assert response.status_code == 400
    assert "Enter a real date as YYYY-MM-DD." in response.content.decode()


def _agreement(negotiation, objects, *, commitments=1, entries=1):
    version = make_version(negotiation=negotiation, label="signed", date=D(2025, 1, 15))
    for number in range(commitments):
        commitment = make_commitment(
            version=version,
            issue=objects["prisoners"],
            value=30,
            due=D(2025, 2, 1),
            due_text="day 14 of phase one",
            owed_by=[negotiation.side_a],
            title=f"Release round {number}",
        )
        for day in range(entries):
            make_implementation_entry(
                commitment=commitment,
                as_of=D(2025, 1, 20 + day),
                progress="intermediate",
                value=10 + day,
            )
    return version


def test_the_commitments_on_the_issue_read_their_progress_on_the_date(client):
    negotiation, objects = small_negotiation()
    _agreement(negotiation, objects)
    text = page_text(client.get(URL + "?as_of=2025-02-10"))
    assert "Release round 0" in text
    assert "Progress: Intermediate, as of 20 Jan 2025" in text
    assert "overdue" in text
    early = page_text(client.get(URL + "?as_of=2025-01-19"))
    assert "Progress: no report" in early
    assert "overdue" not in early


def test_commitments_of_a_draft_agreement_or_draft_entries_stay_hidden(client):
    negotiation, objects = small_negotiation()
    version = _agreement(negotiation, objects)
    make_implementation_entry(
        commitment=version.commitments.get(),
        as_of=D(2025, 1, 25),
        progress="complete",
        is_published=False,
    )
    text = page_text(client.get(URL + "?as_of=2025-02-10"))
    assert "Progress: Intermediate" in text
    assert "Progress: Complete" not in text
    version.is_published = False
    version.save()
    text = page_text(client.get(URL + "?as_of=2025-02-10"))
    assert "Release round 0" not in text
    assert "No published agreement has a commitment on this sticking point." in text


@pytest.mark.parametrize("size", [1, 4])
def test_the_page_with_commitments_runs_the_same_queries_at_two_sizes(
    client, django_assert_num_queries, size
):
    negotiation, objects = small_negotiation()
    _agreement(negotiation, objects, commitments=size, entries=size)
    # The 13 of the page without commitments (test_issue_page), then scales,
    # sources, entries, entries' sources, owers and the agreement's
    # commitments' due dates.
    with django_assert_num_queries(19):
        assert client.get(URL + "?as_of=2025-02-10").status_code == 200


def test_the_demo_philadelphi_page_reads_the_withdrawal_overdue_after_day_50(
    client, demo
):
    url = "/negotiations/gaza-2024/issues/philadelphi-corridor/"
    before = _section(
        client.get(url + "?as_of=2025-03-09").content.decode(), "commitments-heading"
    )
    after = _section(
        client.get(url + "?as_of=2025-03-10").content.decode(), "commitments-heading"
    )
    assert "overdue-flag" not in before
    assert "overdue-flag" in after
    assert "/implementation/?as_of=2025-03-10" in after
