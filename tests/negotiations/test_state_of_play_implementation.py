"""The state of play's short implementation block for a negotiation with an agreement."""

import datetime
import re
from io import StringIO

import pytest
from django.core.management import call_command

from negotiations.models import Negotiation
from tests.factories import make_commitment, make_implementation_entry, make_version
from tests.negotiations.page_scenarios import small_negotiation

pytestmark = pytest.mark.django_db

D = datetime.date
URL = "/negotiations/small/"


def _agreement(negotiation, objects, *, commitments=1, entries=1, label="signed"):
    version = make_version(negotiation=negotiation, label=label, date=D(2025, 1, 15))
    for number in range(commitments):
        commitment = make_commitment(
            version=version, issue=objects["prisoners"], value=30, due=D(2025, 2, 1)
        )
        for day in range(entries):
            make_implementation_entry(
                commitment=commitment,
                as_of=D(2025, 1, 20 + day),
                progress="complete" if number == 0 else "minimal",
            )
    return version


def _block(html):
    start = html.index('class="implementation-summary"')
    return html[start : html.index("</section>", start)]


def test_the_block_gives_the_totals_and_the_overdue_count_on_the_date(client):
    negotiation, objects = small_negotiation()
    _agreement(negotiation, objects, commitments=3)
    html = client.get(URL, {"as_of": "2025-02-10"}).content.decode()
    block = _block(html)
    assert "of 3 commitments: 1 complete, 2 under way, 0 not started" in block
    assert "<strong>2 overdue</strong>" in block
    assert "/proposals/" in block and "/implementation/?as_of=2025-02-10" in block


def test_due_today_is_not_yet_overdue_in_the_block(client):
    negotiation, objects = small_negotiation()
    _agreement(negotiation, objects, commitments=2)
    block = _block(client.get(URL, {"as_of": "2025-02-01"}).content.decode())
    assert "<strong>0 overdue</strong>" in block


def test_no_block_before_the_agreement_or_without_one(client):
    negotiation, objects = small_negotiation()
    assert "implementation-summary" not in client.get(URL).content.decode()
    _agreement(negotiation, objects)
    before = client.get(URL, {"as_of": "2025-01-10"}).content.decode()
    assert "implementation-summary" not in before


def test_a_draft_agreement_gives_no_block(client):
    negotiation, objects = small_negotiation()
    version = _agreement(negotiation, objects)
    version.is_published = False
    version.save()
    html = client.get(URL, {"as_of": "2025-02-10"}).content.decode()
    assert "implementation-summary" not in html


def test_draft_entries_do_not_count_in_the_block(client):
    negotiation, objects = small_negotiation()
    version = _agreement(negotiation, objects, entries=0)
    make_implementation_entry(
        commitment=version.commitments.get(),
        as_of=D(2025, 1, 20),
        progress="complete",
        is_published=False,
    )
    block = _block(client.get(URL, {"as_of": "2025-02-10"}).content.decode())
    assert "0 complete" in block and "1 with no report yet" in block


@pytest.mark.parametrize("size", [1, 4])
def test_the_state_of_play_with_an_agreement_runs_the_same_queries_at_two_sizes(
    client, django_assert_num_queries, size
):
    negotiation, objects = small_negotiation()
    _agreement(negotiation, objects, commitments=size, entries=size)
    _agreement(negotiation, objects, commitments=size, entries=size, label="older")
    # The page's ten, and the commitments' entries.
    with django_assert_num_queries(11):
        assert client.get(URL, {"as_of": "2025-02-10"}).status_code == 200


def test_the_demo_block_agrees_with_the_agreement_page_on_each_date(client):
    call_command("load_demo", stdout=StringIO())
    assert Negotiation.objects.filter(slug="gaza-2024").exists()
    for day in ("2025-02-10", "2025-03-10"):
        html = client.get("/negotiations/gaza-2024/", {"as_of": day}).content.decode()
        block = _block(html)
        link = re.search(r'href="([^"]*/implementation/)\?as_of=' + day, block)
        page = client.get(link.group(1), {"as_of": day}).content.decode()
        totals = dict(re.findall(r"<dt>([^<]+)</dt><dd>(\d+)</dd>", page))
        assert f"{totals['Complete']} complete" in block
        assert f"{totals['Under way']} under way" in block
        assert f"<strong>{totals['Overdue']} overdue</strong>" in block


def test_a_later_implementation_report_is_the_latest_record_every_page_opens_on(
    client,
):
    negotiation, objects = small_negotiation()
    version = _agreement(negotiation, objects, entries=0)
    make_implementation_entry(
        commitment=version.commitments.get(), as_of=D(2025, 3, 2), progress="minimal"
    )
    # Nothing else after 15 Jan 2025, and today is long after: DESIGN.md's
    # "date shown" counts implementation entries among the records.
    state = client.get(URL).context["state"]
    assert state.as_of == D(2025, 3, 2) and state.shown.quiet is True
    page = client.get(
        "/negotiations/small/proposals/"
        + f"{version.proposal.slug}/signed/implementation/"
    )
    assert page.context["day"] == D(2025, 3, 2)
    issue = client.get(URL + "issues/prisoners/").context["standing"]
    assert issue.shown.day == D(2025, 3, 2)
