"""Commitments and implementation reports in the admin."""

import datetime

import pytest
from django.urls import reverse

from negotiations.models import Commitment, ImplementationEntry, Measure, Status
from tests.admin.conftest import errors_of, form_data
from tests.factories import (
    make_commitment,
    make_implementation_entry,
    make_issue,
    make_negotiation,
    make_version,
)

pytestmark = pytest.mark.django_db

ADD = reverse("admin:negotiations_implementationentry_add")


def _change_url(obj):
    opts = obj._meta
    return reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[obj.pk])


def _commitment(**overrides):
    negotiation = make_negotiation()
    issue = make_issue(negotiation, measure=Measure.NUMERIC, unit="hostages")
    version = make_version(negotiation=negotiation, is_published=False)
    fields = {"version": version, "issue": issue, "value": 3}
    fields.update(overrides)
    return make_commitment(**fields)


def test_the_commitment_list_links_to_log_a_prefilled_report(editor_client):
    commitment = _commitment()
    listing = editor_client.get(reverse("admin:negotiations_commitment_changelist"))
    assert "Log an implementation report" in listing.content.decode()
    query = (
        f"?negotiation={commitment.negotiation_id}&commitment={commitment.pk}"
        "&as_of=2025-02-09&status=reported"
    )
    form = editor_client.get(ADD + query).context["adminform"].form
    assert form["commitment"].value() == commitment.pk
    assert form["as_of"].value() == datetime.date(2025, 2, 9)
    assert form["value_number"].label == "Value"


def _post(client, commitment, **fields):
    data = {
        "negotiation": commitment.negotiation_id,
        "commitment": commitment.pk,
        "as_of": "2025-02-09",
        "progress": "complete",
        "status": Status.REPORTED,
        "summary": "Forces left the corridor.",
    }
    data.update(fields)
    return client.post(ADD, data)


def test_an_editors_report_is_saved_as_a_draft(editor_client):
    commitment = _commitment()
    response = _post(editor_client, commitment, value_number="3", is_published="on")
    assert response.status_code == 302
    entry = ImplementationEntry.objects.get()
    assert entry.is_published is False
    assert entry.value == 3 and entry.measure == Measure.NUMERIC
    assert entry.history.count() == 1


def test_a_report_takes_a_range_where_the_count_is_known_only_within_bounds(
    editor_client,
):
    commitment = _commitment()
    form = (
        editor_client.get(ADD + f"?commitment={commitment.pk}")
        .context["adminform"]
        .form
    )
    assert {"value_min", "value_max"} <= set(form.fields)

    response = _post(editor_client, commitment, value_min="1890", value_max="2000")
    assert response.status_code == 302
    entry = ImplementationEntry.objects.get()
    assert (entry.value_number, entry.value_min, entry.value_max) == (None, 1890, 2000)

    reversed_bounds = _post(
        editor_client, commitment, as_of="2025-02-10", value_min="9", value_max="3"
    )
    assert reversed_bounds.status_code == 200
    assert "value_max" in errors_of(reversed_bounds)


def test_a_second_report_for_the_same_claim_is_refused(editor_client):
    commitment = _commitment()
    make_implementation_entry(commitment=commitment, as_of=datetime.date(2025, 2, 9))
    response = _post(editor_client, commitment)
    assert response.status_code == 200
    assert "already has a report as of this date" in errors_of(response)["as_of"][0]


def test_a_value_on_a_commitment_without_an_issue_is_refused(editor_client):
    commitment = _commitment(issue=None, value=None)
    response = _post(editor_client, commitment, value_number="12")
    assert response.status_code == 200
    assert errors_of(response)["value_number"] == [
        "The commitment has no issue, so no value."
    ]
    assert _post(editor_client, commitment).status_code == 302
    assert ImplementationEntry.objects.get().measure == Measure.TEXT


def test_a_report_attributed_to_the_holder_is_refused(editor_client):
    commitment = _commitment()
    negotiation = commitment.negotiation
    commitment.owed_by.add(negotiation.side_a)
    response = _post(editor_client, commitment, attributed_actor=negotiation.side_a.pk)
    assert response.status_code == 200
    assert "attributed_actor" in errors_of(response)


def test_a_stale_report_form_is_refused(editor_client, second_editor_client):
    entry = make_implementation_entry(commitment=_commitment(), is_published=False)
    url = _change_url(entry)
    opened_by_a = editor_client.get(url)
    opened_by_b = second_editor_client.get(url)
    assert (
        editor_client.post(url, form_data(opened_by_a, summary="A")).status_code == 302
    )
    refused = second_editor_client.post(url, form_data(opened_by_b, summary="B"))
    assert refused.status_code == 200
    assert "after you opened it" in errors_of(refused)["__all__"][0]
    entry.refresh_from_db()
    assert entry.summary == "A"


def test_an_earlier_report_can_be_restored_from_its_history(editor_client):
    entry = make_implementation_entry(
        commitment=_commitment(), is_published=False, summary="First"
    )
    url = _change_url(entry)
    editor_client.post(url, form_data(editor_client.get(url), summary="Second"))
    first = entry.history.filter(summary="First").latest("history_date")
    restore = reverse(
        "admin:negotiations_implementationentry_simple_history",
        args=[entry.pk, first.history_id],
    )
    response = editor_client.post(restore, form_data(editor_client.get(restore)))
    assert response.status_code == 302
    entry.refresh_from_db()
    assert entry.summary == "First"


def test_editors_cannot_change_a_published_report(editor_client, publisher_client):
    entry = make_implementation_entry(commitment=_commitment(), is_published=True)
    assert (
        editor_client.get(_change_url(entry)).context["has_change_permission"] is False
    )
    response = publisher_client.get(_change_url(entry))
    assert response.context["has_change_permission"] is True


def test_commitments_are_edited_inline_on_their_version(editor_client):
    commitment = _commitment()
    version = commitment.version
    page = editor_client.get(_change_url(version))
    assert page.status_code == 200
    data = form_data(page)
    prefix = "commitments"
    assert data[f"{prefix}-TOTAL_FORMS"] == "1"
    data[f"{prefix}-TOTAL_FORMS"] = "2"
    data.update(
        {
            f"{prefix}-1-rank": "2",
            f"{prefix}-1-slug": "aid-trucks",
            f"{prefix}-1-title": "Aid trucks every day",
            f"{prefix}-1-due_text": "every day from day 1",
        }
    )
    response = editor_client.post(_change_url(version), data)
    assert response.status_code == 302, errors_of(response)
    added = Commitment.objects.get(slug="aid-trucks")
    assert added.negotiation_id == version.proposal.negotiation_id
    assert added.issue is None and added.measure == Measure.TEXT


def test_owed_by_keeps_the_order_the_editor_chose(editor_client):
    commitment = _commitment()
    side_a, side_b = commitment.negotiation.side_a, commitment.negotiation.side_b
    url = _change_url(commitment)
    data = form_data(editor_client.get(url))
    data["owed_by"] = [str(side_b.pk), str(side_a.pk)]
    response = editor_client.post(url, data)
    assert response.status_code == 302, errors_of(response)
    assert [actor.pk for actor in commitment.owners()] == [side_b.pk, side_a.pk]


def test_staff_see_log_a_report_on_the_public_page(editor_client, client):
    commitment = _commitment()
    version = commitment.version
    version.is_published = True
    version.save()
    from negotiations.templatetags.implementation_tags import implementation_path

    url = implementation_path(version)
    assert "Log an implementation report" in editor_client.get(url).content.decode()
    assert "Log an implementation report" not in client.get(url).content.decode()
