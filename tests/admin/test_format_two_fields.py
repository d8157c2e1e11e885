"""The admin edits format 2: ranges, amends, an issue's sides, authors, sources."""

import datetime

import pytest
from django.urls import reverse

from negotiations.models import Measure, Proposal, Term, Version
from parties.models import Actor
from tests.admin.conftest import errors_of, form_data
from tests.factories import (
    make_actor,
    make_issue,
    make_proposal,
    make_source,
    make_version,
)

pytestmark = pytest.mark.django_db


def _page(client, name, obj):
    url = reverse(f"admin:negotiations_{name}_change", args=[obj.pk])
    return url, client.get(url)


def test_a_numeric_terms_range_is_entered_in_its_bounds(editor_client):
    numeric = make_issue(measure=Measure.NUMERIC, unit="prisoners")
    version = make_version(
        negotiation=numeric.negotiation, terms={numeric: 5}, is_published=False
    )
    url, page = _page(editor_client, "version", version)
    changes = {
        "terms-0-value_number": "",
        "terms-0-value_min": "700",
        "terms-0-value_max": "1000",
        "terms-0-condition": "Only if the lists are agreed.",
    }

    response = editor_client.post(url, form_data(page, **changes))

    assert response.status_code == 302
    term = Term.objects.get()
    assert (term.value_number, term.value_min, term.value_max) == (None, 700, 1000)
    assert term.condition == "Only if the lists are agreed."


def test_a_range_with_equal_bounds_is_saved_as_its_number(editor_client):
    numeric = make_issue(measure=Measure.NUMERIC)
    version = make_version(
        negotiation=numeric.negotiation, terms={numeric: 5}, is_published=False
    )
    url, page = _page(editor_client, "version", version)
    changes = {
        "terms-0-value_number": "",
        "terms-0-value_min": "40",
        "terms-0-value_max": "40",
    }

    editor_client.post(url, form_data(page, **changes))

    term = Term.objects.get()
    assert (term.value_number, term.value_min, term.value_max) == (40, None, None)


def test_a_range_with_its_bounds_reversed_is_refused_on_the_upper_bound(
    editor_client,
):
    numeric = make_issue(measure=Measure.NUMERIC)
    version = make_version(
        negotiation=numeric.negotiation, terms={numeric: 5}, is_published=False
    )
    url, page = _page(editor_client, "version", version)
    changes = {
        "terms-0-value_number": "",
        "terms-0-value_min": "9",
        "terms-0-value_max": "3",
    }

    response = editor_client.post(url, form_data(page, **changes))

    terms, _commitments = response.context["inline_admin_formsets"]
    assert terms.formset.forms[0].errors["value_max"] == [
        "The upper bound is below the lower bound."
    ]
    assert Term.objects.get().value_number == 5


def test_an_ordinal_term_row_hides_the_range_bounds(editor_client):
    ordinal = make_issue(measure=Measure.ORDINAL)
    version = make_version(
        negotiation=ordinal.negotiation, terms={ordinal: "middle"}, is_published=False
    )
    _, page = _page(editor_client, "version", version)

    terms, _commitments = page.context["inline_admin_formsets"]
    form = terms.formset.forms[0]
    assert form.fields["value_min"].widget.is_hidden is False
    assert 'class="not-applicable"' in form["value_min"].as_widget()


def test_a_version_may_amend_only_its_negotiations_earlier_versions(editor_client):
    first = make_version(is_published=False, date=datetime.date(2024, 5, 1))
    second = make_version(
        first.proposal, is_published=False, date=datetime.date(2024, 6, 1)
    )
    make_version(is_published=False)  # another negotiation's
    _, page = _page(editor_client, "version", second)

    choices = page.context["adminform"].form.fields["amends"].queryset

    assert list(choices) == [first]


def test_a_version_cannot_amend_one_that_amends_it(editor_client):
    first = make_version(is_published=False, date=datetime.date(2024, 5, 1))
    second = make_version(
        first.proposal, is_published=False, date=datetime.date(2024, 5, 1)
    )
    Version.objects.filter(pk=second.pk).update(amends=first)
    url, page = _page(editor_client, "version", first)

    response = editor_client.post(url, form_data(page, amends=str(second.pk)))

    assert "amends" in errors_of(response)
    assert Version.objects.get(pk=first.pk).amends is None


def test_a_version_cannot_amend_a_later_version(editor_client):
    first = make_version(is_published=False, date=datetime.date(2024, 5, 1))
    later = make_version(
        first.proposal, is_published=False, date=datetime.date(2024, 6, 1)
    )
    url, page = _page(editor_client, "version", first)

    response = editor_client.post(url, form_data(page, amends=str(later.pk)))

    assert errors_of(response)["amends"] == [
        "The amended version is dated after this one."
    ]


def test_an_issues_sides_are_offered_from_its_negotiations_parties(publisher_client):
    issue = make_issue(measure=Measure.NUMERIC)
    negotiation = issue.negotiation
    make_actor(negotiation, slug="broker", role=Actor.Role.MEDIATOR)
    make_actor(slug="elsewhere")
    _, page = _page(publisher_client, "issue", issue)

    offered = page.context["adminform"].form.fields["side_a"].queryset

    assert sorted(actor.slug for actor in offered) == ["side-a", "side-b"]


def test_an_issue_needs_both_sides_or_neither(publisher_client):
    issue = make_issue(measure=Measure.NUMERIC)
    url, page = _page(publisher_client, "issue", issue)

    response = publisher_client.post(
        url, form_data(page, side_a=str(issue.negotiation.side_a_id))
    )

    assert errors_of(response)["side_b"] == [
        "Give both of the issue's sides, or neither."
    ]


def test_an_issue_takes_its_own_pair_of_sides(publisher_client):
    issue = make_issue(measure=Measure.NUMERIC)
    third = make_actor(issue.negotiation, slug="third")
    url, page = _page(publisher_client, "issue", issue)

    publisher_client.post(
        url,
        form_data(page, side_a=str(third.pk), side_b=str(issue.negotiation.side_b_id)),
    )

    issue.refresh_from_db()
    assert [actor.slug for actor in issue.sides()] == ["third", "side-b"]


def test_a_proposal_takes_several_authors(editor_client):
    proposal = make_proposal()
    negotiation = proposal.negotiation
    url, page = _page(editor_client, "proposal", proposal)
    authors = [str(negotiation.side_a_id), str(negotiation.side_b_id)]

    response = editor_client.post(url, form_data(page, authors=authors))

    assert response.status_code == 302
    assert Proposal.objects.get().authors.count() == 2


def test_a_source_takes_a_kind_and_an_archived_url(publisher_client):
    source = make_source()
    url, page = _page(publisher_client, "source", source)

    publisher_client.post(
        url,
        form_data(
            page, kind="mirror", archived_url="https://archive.example.org/web/1"
        ),
    )

    source.refresh_from_db()
    assert (source.kind, source.archived_url, source.second_hand) == (
        "mirror",
        "https://archive.example.org/web/1",
        True,
    )
