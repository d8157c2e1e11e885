"""Terms inline on a version, and an issue's scale inline on the issue."""

import pytest
from django.urls import reverse

from negotiations.models import Issue, Measure, ScaleOption, Term
from tests.admin.conftest import form_data
from tests.factories import make_issue, make_position, make_version

pytestmark = pytest.mark.django_db


def _version_page(client, version):
    url = reverse("admin:negotiations_version_change", args=[version.pk])
    return url, client.get(url)


def test_each_term_row_offers_only_the_value_that_fits_its_issue(editor_client):
    ordinal = make_issue(measure=Measure.ORDINAL)
    numeric = make_issue(ordinal.negotiation, measure=Measure.NUMERIC, unit="days")
    version = make_version(
        negotiation=ordinal.negotiation,
        terms={ordinal: "middle", numeric: 42},
        is_published=False,
    )
    _, page = _version_page(editor_client, version)
    html = page.content.decode()
    terms, _commitments = page.context["inline_admin_formsets"]
    by_issue = {form.instance.issue: form for form in terms.formset.forms}
    assert 'name="terms-0-value_number" id="id_terms-0-value_number"><span' in html
    assert by_issue[ordinal].fields["value_number"].widget.is_hidden is False
    assert [o.value for o in by_issue[ordinal].fields["value_option"].queryset] == [
        "a-end",
        "middle",
        "b-end",
    ]
    assert ">days</span>" in html
    # The ordinal row: number and both range bounds; the numeric row: the option.
    assert html.count('class="not-applicable"') == 4


def test_a_wrong_term_value_is_refused_on_its_field(editor_client):
    ordinal = make_issue(measure=Measure.ORDINAL)
    version = make_version(
        negotiation=ordinal.negotiation, terms={ordinal: "middle"}, is_published=False
    )
    url, page = _version_page(editor_client, version)
    response = editor_client.post(
        url,
        form_data(page, **{"terms-0-value_option": "", "terms-0-value_number": "3"}),
    )
    assert response.status_code == 200
    terms, _commitments = response.context["inline_admin_formsets"]
    assert terms.formset.forms[0].errors["value_number"] == [
        "This issue takes one of its scale's options."
    ]
    assert Term.objects.get().value_option.value == "middle"


def test_a_term_on_another_negotiations_issue_is_refused(editor_client):
    version = make_version(is_published=False)
    stranger = make_issue(measure=Measure.NUMERIC)
    url, page = _version_page(editor_client, version)
    data = form_data(
        page,
        **{
            "terms-TOTAL_FORMS": "1",
            "terms-0-issue": str(stranger.pk),
            "terms-0-value_number": "5",
        },
    )
    response = editor_client.post(url, data)
    assert response.status_code == 200
    terms, _commitments = response.context["inline_admin_formsets"]
    assert terms.formset.forms[0].errors["issue"] == [
        "This issue belongs to another negotiation."
    ]
    assert Term.objects.count() == 0


def _issue_page(client, issue):
    url = reverse("admin:negotiations_issue_change", args=[issue.pk])
    return url, client.get(url)


def test_a_scale_option_in_use_cannot_be_deleted(publisher_client):
    issue = make_issue(measure=Measure.ORDINAL, scale=["a", "b", "c"])
    make_position(issue=issue, value="a")
    url, page = _issue_page(publisher_client, issue)
    response = publisher_client.post(url, form_data(page, **{"scale-0-DELETE": "on"}))
    assert response.status_code == 200
    assert "would require deleting the following protected" in str(
        response.context["inline_admin_formsets"][0].formset.non_form_errors()
    )
    assert ScaleOption.objects.filter(issue=issue).count() == 3


def test_an_ordinal_issue_keeps_at_least_two_options(publisher_client):
    issue = make_issue(measure=Measure.ORDINAL, scale=["a", "b"])
    url, page = _issue_page(publisher_client, issue)
    response = publisher_client.post(url, form_data(page, **{"scale-1-DELETE": "on"}))
    assert response.status_code == 200
    assert ScaleOption.objects.filter(issue=issue).count() == 2


def test_an_issues_measure_cannot_change_under_its_positions(editor_client):
    issue = make_issue(measure=Measure.NUMERIC)
    make_position(issue=issue, value=3)
    url, page = _issue_page(editor_client, issue)
    response = editor_client.post(url, form_data(page, measure=Measure.TEXT))
    assert response.status_code == 200
    assert (
        "1 position(s) and 0 term(s)"
        in response.context["adminform"].form.errors["measure"][0]
    )
    assert Issue.objects.get().measure == Measure.NUMERIC
