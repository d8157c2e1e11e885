"""The implementation page of an agreement version, its CSV and its feed."""

import datetime
import re
from io import StringIO

import pytest
from django.core.management import call_command

from negotiations.models import Negotiation, Status, Version
from negotiations.templatetags.implementation_tags import implementation_path
from tests.factories import (
    make_commitment,
    make_implementation_entry,
    make_issue,
    make_negotiation,
    make_source,
    make_version,
)
from tests.negotiations.page_scenarios import page_text

pytestmark = pytest.mark.django_db

D = datetime.date


@pytest.fixture
def demo():
    call_command("load_demo", stdout=StringIO())
    return Negotiation.objects.get(slug="gaza-2024")


def _agreement_url():
    version = Version.objects.get(
        proposal__slug="january-2025-agreement", label="2025-01-15"
    )
    return implementation_path(version, "gaza-2024")


def _commitment_block(html, slug):
    start = html.index(f'id="commitment-{slug}"')
    end = html.find('<li id="commitment-', start + 1)
    return html[start : end if end != -1 else len(html)]


def test_the_demo_on_10_february_shows_netzarim_complete_and_philadelphi_not_due(
    client, demo
):
    response = client.get(_agreement_url() + "?as_of=2025-02-10")
    assert response.status_code == 200
    html = response.content.decode()
    netzarim = _commitment_block(html, "netzarim-withdrawal")
    philadelphi = _commitment_block(html, "philadelphi-withdrawal")
    assert "Progress: <strong>Complete</strong>" in netzarim
    assert "overdue-flag" not in netzarim
    assert "overdue-flag" not in philadelphi
    assert "Progress: <strong>Not started</strong>" in philadelphi


def test_the_demo_on_10_march_shows_philadelphi_overdue(client, demo):
    html = client.get(_agreement_url() + "?as_of=2025-03-10").content.decode()
    philadelphi = _commitment_block(html, "philadelphi-withdrawal")
    assert "overdue-flag" in philadelphi


def test_due_on_day_50_itself_is_not_yet_overdue(client, demo):
    html = client.get(_agreement_url() + "?as_of=2025-03-09").content.decode()
    assert "overdue-flag" not in _commitment_block(html, "philadelphi-withdrawal")


def test_the_version_page_links_to_its_implementation_page(client, demo):
    version = Version.objects.get(
        proposal__slug="january-2025-agreement", label="2025-01-15"
    )
    html = client.get(version.get_absolute_url()).content.decode()
    assert _agreement_url() in html


def test_a_bad_date_is_a_400_naming_the_parameter(client, demo):
    response = client.get(_agreement_url() + "?as_of=2025-02-30")
    assert response.status_code == 400
    assert "Enter a real date as YYYY-MM-DD." in response.content.decode()
    assert client.get(_agreement_url() + "?evidence=rumour").status_code == 400


def test_htmx_gets_only_the_partial(client, demo):
    response = client.get(
        _agreement_url() + "?as_of=2025-02-10", headers={"HX-Request": "true"}
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "<html" not in html and 'id="commitment-netzarim-withdrawal"' in html


def _agreement(negotiation, *, commitments=1, entries=1):
    issue = make_issue(negotiation, slug="prisoners", title="Prisoners")
    version = make_version(negotiation=negotiation, label="a / b?", date=D(2025, 1, 15))
    for number in range(commitments):
        source = make_source(negotiation)
        commitment = make_commitment(
            version=version,
            issue=issue,
            value=30,
            due=D(2025, 2, 1),
            owed_by=[negotiation.side_a, negotiation.side_b],
            sources=[source],
        )
        for day in range(entries):
            make_implementation_entry(
                commitment=commitment,
                as_of=D(2025, 1, 20 + day),
                value=10 + day,
                sources=[source],
            )
            make_implementation_entry(
                commitment=commitment,
                as_of=D(2025, 1, 20 + day),
                progress="complete",
                status=Status.CLAIMED,
                attributed_actor=negotiation.side_b,
            )
    return version


@pytest.mark.parametrize("size", [1, 4])
def test_the_page_runs_the_same_queries_at_two_sizes(
    client, django_assert_num_queries, size
):
    negotiation = make_negotiation(slug="sized")
    version = _agreement(negotiation, commitments=size, entries=size)
    # negotiation, version, commitments, scales, sources, entries, entries'
    # sources, owers.
    with django_assert_num_queries(8):
        response = client.get(implementation_path(version) + "?as_of=2025-02-10")
    assert response.status_code == 200


def test_claimed_entries_are_shown_not_counted(client):
    negotiation = make_negotiation(slug="claims")
    version = _agreement(negotiation)
    text = page_text(client.get(implementation_path(version) + "?as_of=2025-02-10"))
    assert "Progress: Intermediate" in text
    assert "shown, not counted" in text
    assert "10 prisoners of 30 prisoners" in text
    assert "overdue" in text


def test_drafts_stay_out_of_page_csv_and_feed(client):
    negotiation = make_negotiation(slug="drafts")
    version = _agreement(negotiation)
    from negotiations.models import ImplementationEntry

    ImplementationEntry.objects.update(is_published=False, summary="SECRET DRAFT")
    urls = [
        implementation_path(version),
        "/negotiations/drafts/implementation.csv",
        "/negotiations/drafts/implementation/feed/",
    ]
    for url in urls:
        response = client.get(url)
        body = b"".join(response) if response.streaming else response.content
        assert response.status_code == 200
        assert b"SECRET DRAFT" not in body


def test_a_draft_versions_implementation_page_is_not_found(client):
    negotiation = make_negotiation(slug="draft-version")
    version = _agreement(negotiation)
    Version.objects.filter(pk=version.pk).update(is_published=False)
    assert client.get(implementation_path(version)).status_code == 404


def test_a_negotiation_without_any_agreement_has_empty_states(client):
    negotiation = make_negotiation(slug="no-agreement")
    version = make_version(negotiation=negotiation, label="v1")
    page = client.get(implementation_path(version))
    assert page.status_code == 200
    assert "No commitment of this version has been recorded." in page.content.decode()
    csv = client.get("/negotiations/no-agreement/implementation.csv")
    assert csv.status_code == 200
    assert b"".join(csv).decode("utf-8-sig").count("\n") == 1
    feed = client.get("/negotiations/no-agreement/implementation/feed/")
    assert feed.status_code == 200
    assert b"<entry>" not in feed.content


def test_the_csv_lists_each_public_entry_formula_escaped(client):
    negotiation = make_negotiation(slug="csv")
    version = _agreement(negotiation)
    from negotiations.models import ImplementationEntry

    ImplementationEntry.objects.filter(status=Status.REPORTED).update(
        summary="=HYPERLINK(1)"
    )
    response = client.get("/negotiations/csv/implementation.csv")
    text = b"".join(response).decode("utf-8-sig")
    lines = text.splitlines()
    assert lines[0].startswith("negotiation,proposal,version,commitment")
    assert len(lines) == 3
    assert "'=HYPERLINK(1)" in text
    assert version.label in text
    assert "Side A; Side B" in text


def test_the_feed_lists_entries_newest_first(client):
    negotiation = make_negotiation(slug="feed")
    _agreement(negotiation)
    response = client.get("/negotiations/feed/implementation/feed/")
    assert response.status_code == 200
    body = response.content.decode()
    assert body.count("<entry>") == 2
    assert "tag:testserver,2024:implementation-" in body


def test_a_label_ending_in_implementation_still_has_its_version_page(client):
    from negotiations.labels import version_url

    negotiation = make_negotiation(slug="odd-label")
    version = make_version(negotiation=negotiation, label="draft/implementation")
    response = client.get(version_url(version))
    assert response.status_code == 200
    assert "draft/implementation" in response.content.decode()
    assert client.get(implementation_path(version)).status_code == 200


def test_without_a_date_a_quiet_agreement_shows_its_latest_record(client):
    negotiation = make_negotiation(slug="quiet")
    version = _agreement(negotiation)
    text = page_text(client.get(implementation_path(version)))
    assert "On 20 January 2025" in text
    assert "Latest record 20 January 2025; nothing recorded since." in text


def test_implementation_reports_join_the_timeline_with_a_filter_of_their_own(client):
    negotiation = make_negotiation(slug="timeline")
    _agreement(negotiation)
    only = page_text(client.get("/negotiations/timeline/timeline/?kind=implementation"))
    assert "2 items" in only
    assert "Implementation report" in only and "not counted" in only
    positions = client.get("/negotiations/timeline/timeline/?kind=position")
    assert "kind-implementation" not in positions.content.decode()


def test_the_timeline_narrows_reports_by_owing_actor_and_issue(client):
    negotiation = make_negotiation(slug="narrow")
    _agreement(negotiation)
    base = "/negotiations/narrow/timeline/?kind=implementation"
    assert "2 items" in page_text(client.get(base + "&actor=side-b"))
    assert "2 items" in page_text(client.get(base + "&issue=prisoners"))
    other = make_issue(negotiation, slug="other")
    assert other and "0 items" in page_text(client.get(base + "&issue=other"))


def test_the_timeline_leaves_out_reports_on_a_draft_agreement(client):
    negotiation = make_negotiation(slug="draft-timeline")
    version = _agreement(negotiation)
    Version.objects.filter(pk=version.pk).update(is_published=False)
    text = page_text(client.get("/negotiations/draft-timeline/timeline/"))
    assert "0 items" in text


def test_the_json_export_includes_the_demos_commitments_and_reports(client, demo):
    import json

    document = json.loads(client.get("/negotiations/gaza-2024/export.json").content)
    assert len(document["commitments"]) == 19
    assert len(document["implementation"]) == 53
    first = document["commitments"][0]
    assert first["slug"] == "ceasefire-phase-one"
    assert first["owed_by"] == ["israel", "hamas"]


def test_the_stated_evidence_rule_leaves_reported_entries_uncounted(client):
    negotiation = make_negotiation(slug="stated-only")
    version = _agreement(negotiation)
    url = implementation_path(version) + "?as_of=2025-01-25&evidence=stated"
    text = page_text(client.get(url))
    assert "Progress counts only what the side owing a commitment stated" in text
    assert "Progress: no report" in text


def test_feed_entries_are_published_on_the_reports_own_date(client):
    negotiation = make_negotiation(slug="feed-dates")
    _agreement(negotiation)
    body = client.get("/negotiations/feed-dates/implementation/feed/").content.decode()
    assert "<published>2025-01-20T00:00:00+00:00</published>" in body


def test_the_demo_aid_trucks_read_ongoing_not_overdue(client, demo):
    html = client.get(_agreement_url() + "?as_of=2025-03-10").content.decode()
    trucks = _commitment_block(html, "aid-trucks")
    assert "overdue-flag" not in trucks
    assert "Ongoing from <time" in trucks
    assert "an obligation over a period" in trucks


def test_the_demo_page_says_why_the_phase_two_talks_read_overdue(client, demo):
    html = client.get(_agreement_url() + "?as_of=2025-02-10").content.decode()
    block = _commitment_block(html, "phase-two-talks")
    text = re.sub(r"\s+([,.])", r"\1", " ".join(re.sub(r"<[^>]+>", " ", block).split()))
    assert "Overdue: it was due by 3 Feb 2025, and on 10 Feb 2025 its latest" in text
    assert "reads minimal, not complete." in text
