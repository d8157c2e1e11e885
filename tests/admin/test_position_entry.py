"""Logging a position in the admin: prefill, fitting values, clear refusals."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from negotiations.models import Measure, Position, Status
from tests.admin.conftest import errors_of
from tests.factories import (
    make_actor,
    make_issue,
    make_negotiation,
    make_person,
    make_position,
    make_source,
)

pytestmark = pytest.mark.django_db

ADD = reverse("admin:negotiations_position_add")


def _post(client, negotiation, actor, issue, **fields):
    data = {
        "negotiation": negotiation.pk,
        "actor": actor.pk,
        "issue": issue.pk,
        "as_of": "2024-07-10",
        "status": Status.REPORTED,
        "summary": "Said so on television.",
    }
    data.update(fields)
    return client.post(ADD, data)


def test_log_a_position_link_prefills_the_form(editor_client):
    negotiation = make_negotiation()
    issue = make_issue(negotiation, measure=Measure.ORDINAL)
    query = (
        f"?negotiation={negotiation.pk}&actor={negotiation.side_a.pk}"
        f"&issue={issue.pk}&as_of=2024-07-02&status=claimed"
    )
    response = editor_client.get(ADD + query)
    form = response.context["adminform"].form
    assert response.status_code == 200
    assert form["negotiation"].value() == negotiation.pk
    assert form["actor"].value() == negotiation.side_a.pk
    assert form["issue"].value() == issue.pk
    assert form["as_of"].value() == datetime.date(2024, 7, 2)
    assert form["status"].value() == Status.CLAIMED


def test_add_form_defaults_to_today_and_reported(editor_client):
    form = editor_client.get(ADD).context["adminform"].form
    assert form["as_of"].value() == timezone.localdate()
    assert form["status"].value() == Status.REPORTED


@pytest.mark.parametrize(
    "query",
    [
        "?negotiation=abc&actor=-1&issue=1e9&as_of=2024-02-30&status=bogus",
        "?actor=99999999999999999999999&sources=1,x,&value_number=nan",
        "?issue=424242&negotiation=%C2%A0",
    ],
)
def test_bad_prefill_values_are_dropped_not_a_500(editor_client, query):
    response = editor_client.get(ADD + query)
    assert response.status_code == 200
    form = response.context["adminform"].form
    assert form["as_of"].value() == timezone.localdate()
    assert form["status"].value() == Status.REPORTED


def test_a_nul_in_a_prefill_is_a_bad_request(editor_client):
    # No field takes a NUL: the middleware refuses it before any view runs.
    response = editor_client.get(ADD + "?issue=424242&negotiation=%00")
    assert response.status_code == 400


def test_ordinal_issue_offers_only_its_scale_and_hides_the_number(editor_client):
    negotiation = make_negotiation()
    issue = make_issue(negotiation, measure=Measure.ORDINAL, scale=["keep", "leave"])
    make_issue(negotiation, measure=Measure.ORDINAL, scale=["other", "options"])
    response = editor_client.get(f"{ADD}?negotiation={negotiation.pk}&issue={issue.pk}")
    form = response.context["adminform"].form
    assert [o.value for o in form.fields["value_option"].queryset] == ["keep", "leave"]
    assert form.fields["value_number"].widget.is_hidden is True
    assert form.fields["value_option"].widget.is_hidden is False


def test_numeric_issue_shows_the_unit_by_the_number(editor_client):
    negotiation = make_negotiation()
    issue = make_issue(negotiation, measure=Measure.NUMERIC, unit="hostages")
    response = editor_client.get(f"{ADD}?issue={issue.pk}")
    form = response.context["adminform"].form
    assert form.fields["value_option"].widget.is_hidden is True
    assert 'class="value-unit" style="margin-left: 0.5em">hostages</span>' in (
        response.content.decode()
    )


def test_text_issue_takes_no_value(editor_client):
    issue = make_issue(measure=Measure.TEXT)
    response = editor_client.get(f"{ADD}?issue={issue.pk}")
    form = response.context["adminform"].form
    assert form.fields["value_option"].widget.is_hidden is True
    assert form.fields["value_number"].widget.is_hidden is True
    assert "no value" in form.fields["issue"].help_text


def test_without_an_issue_both_value_fields_show_with_help(editor_client):
    form = editor_client.get(ADD).context["adminform"].form
    assert form.fields["value_option"].widget.is_hidden is False
    assert form.fields["value_number"].widget.is_hidden is False
    assert "ordinal" in form.fields["value_option"].help_text
    assert "numeric" in form.fields["value_number"].help_text


def test_editor_logs_a_position_as_a_draft(editor_client, editor):
    negotiation = make_negotiation()
    issue = make_issue(negotiation, measure=Measure.NUMERIC)
    source = make_source(negotiation)
    response = _post(
        editor_client,
        negotiation,
        negotiation.side_a,
        issue,
        value_number="30",
        sources=[source.pk],
        is_published="on",
    )
    assert response.status_code == 302
    position = Position.objects.get()
    assert position.value_number == 30
    assert position.measure == Measure.NUMERIC
    assert list(position.sources.all()) == [source]
    assert position.is_published is False
    assert list(Position.objects.published()) == []
    assert {record.history_user for record in position.history.all()} == {editor}


def test_a_number_on_an_ordinal_issue_is_refused_on_the_field(editor_client):
    negotiation = make_negotiation()
    issue = make_issue(negotiation, measure=Measure.ORDINAL)
    response = _post(
        editor_client, negotiation, negotiation.side_a, issue, value_number="3"
    )
    assert response.status_code == 200
    assert errors_of(response)["value_number"] == [
        "This issue takes one of its scale's options."
    ]
    assert (
        response.context["adminform"].form.fields["value_number"].widget.is_hidden
        is False
    )
    assert Position.objects.count() == 0


def test_an_option_of_another_issue_is_refused_on_the_field(editor_client):
    negotiation = make_negotiation()
    issue = make_issue(negotiation, measure=Measure.ORDINAL)
    other = make_issue(negotiation, measure=Measure.ORDINAL)
    response = _post(
        editor_client,
        negotiation,
        negotiation.side_a,
        issue,
        value_option=other.scale.first().pk,
    )
    assert response.status_code == 200
    assert "value_option" in errors_of(response)
    assert Position.objects.count() == 0


def test_a_value_on_a_text_issue_is_refused(editor_client):
    negotiation = make_negotiation()
    issue = make_issue(negotiation, measure=Measure.TEXT)
    response = _post(
        editor_client, negotiation, negotiation.side_a, issue, value_number="1"
    )
    assert errors_of(response)["value_number"] == [
        "A text issue has no value; use the summary."
    ]


@pytest.mark.parametrize("number", ["1e15", "-1e16", "inf", "nan", "twelve"])
def test_numbers_out_of_range_are_refused(editor_client, number):
    negotiation = make_negotiation()
    issue = make_issue(negotiation, measure=Measure.NUMERIC)
    response = _post(
        editor_client, negotiation, negotiation.side_a, issue, value_number=number
    )
    assert response.status_code == 200
    assert "value_number" in errors_of(response)
    assert Position.objects.count() == 0


def test_an_empty_value_saves_as_unknown_not_zero(editor_client):
    negotiation = make_negotiation()
    issue = make_issue(negotiation, measure=Measure.NUMERIC)
    _post(editor_client, negotiation, negotiation.side_a, issue)
    assert Position.objects.get().value_number is None


def test_actor_issue_and_sources_of_another_negotiation_are_refused(editor_client):
    negotiation = make_negotiation()
    elsewhere = make_negotiation()
    response = _post(
        editor_client,
        negotiation,
        elsewhere.side_a,
        make_issue(elsewhere),
        sources=[make_source(elsewhere).pk],
        attributed_person=make_person(elsewhere).pk,
    )
    errors = errors_of(response)
    for field in ("actor", "issue", "sources", "attributed_person"):
        assert errors[field][0].startswith("Not in this negotiation")
    assert Position.objects.count() == 0


def test_a_second_position_for_the_same_claim_is_refused_clearly(editor_client):
    position = make_position(value=5)
    response = _post(
        editor_client,
        position.negotiation,
        position.actor,
        position.issue,
        as_of=position.as_of.isoformat(),
        value_number="6",
    )
    assert response.status_code == 200
    assert "already has a position" in errors_of(response)["as_of"][0]


def test_attributing_to_both_an_actor_and_a_person_is_refused(editor_client):
    negotiation = make_negotiation()
    mediator = make_actor(negotiation, role="mediator")
    response = _post(
        editor_client,
        negotiation,
        negotiation.side_a,
        make_issue(negotiation),
        attributed_actor=mediator.pk,
        attributed_person=make_person(negotiation).pk,
    )
    assert response.status_code == 200
    assert "attributed_person" in errors_of(response)


@pytest.mark.parametrize(
    "field, value",
    [
        ("actor", "99999999999999999999"),
        ("actor", "abc"),
        ("attributed_person", "x"),
        ("issue", "-1"),
        ("negotiation", "abc"),
        ("sources", "1e5"),
        ("as_of", "2024-02-30"),
        ("value_option", "99999999999999999999"),
        ("edit_token", "\x00|junk"),
    ],
)
def test_bad_posted_values_are_refused_not_a_500(editor_client, field, value):
    negotiation = make_negotiation()
    issue = make_issue(negotiation, measure=Measure.ORDINAL)
    data = {
        "negotiation": negotiation.pk,
        "actor": negotiation.side_a.pk,
        "issue": issue.pk,
        "as_of": "2024-07-10",
        "status": Status.REPORTED,
        field: value,
    }
    response = editor_client.post(ADD, data)
    assert response.status_code in (200, 302)
    if field != "edit_token":
        assert field in errors_of(response)


def test_from_an_actor_page_the_form_carries_each_issue_s_value_control(
    editor_client,
):
    negotiation = make_negotiation()
    corridor = make_issue(
        negotiation,
        slug="corridor",
        measure=Measure.ORDINAL,
        scale=[("control", "Full control"), ("out", "Withdrawal")],
    )
    days = make_issue(negotiation, slug="days", measure=Measure.NUMERIC, unit="days")
    other = make_issue(measure=Measure.ORDINAL, scale=[("x", "Elsewhere")])
    query = f"?negotiation={negotiation.pk}&actor={negotiation.side_a.pk}"

    response = editor_client.get(ADD + query)

    controls = response.context["value_controls"]
    assert set(controls) == {str(corridor.pk), str(days.pk)}
    assert str(other.pk) not in controls
    assert [label for _, label in controls[str(corridor.pk)]["options"]] == [
        "Full control",
        "Withdrawal",
    ]
    assert controls[str(days.pk)] == {
        "measure": "numeric",
        "unit": "days",
        "options": [],
    }
    page = response.content.decode()
    assert 'id="value-controls"' in page
    assert "js/admin_position_value.js" in page


def test_with_the_issue_chosen_the_form_needs_no_value_controls(editor_client):
    negotiation = make_negotiation()
    issue = make_issue(negotiation, measure=Measure.ORDINAL)

    response = editor_client.get(f"{ADD}?negotiation={negotiation.pk}&issue={issue.pk}")

    assert response.context["value_controls"] is None
    assert "admin_position_value.js" not in response.content.decode()


def test_saving_a_draft_says_readers_will_not_see_it_yet(editor_client):
    negotiation = make_negotiation()
    issue = make_issue(negotiation, measure=Measure.NUMERIC)

    response = _post(
        editor_client, negotiation, negotiation.side_a, issue, value_number="30"
    )
    page = editor_client.get(response["Location"]).content.decode()

    assert "readers will not see it until it is published" in page


def test_a_zero_without_a_source_asks_for_confirmation(editor_client):
    negotiation = make_negotiation()
    issue = make_issue(negotiation, measure=Measure.NUMERIC)

    asked = _post(
        editor_client, negotiation, negotiation.side_a, issue, value_number="0"
    )

    assert asked.status_code == 200
    assert "is it really 0, not unknown?" in " ".join(errors_of(asked)["value_number"])
    assert 'type="checkbox" name="confirm_zero"' in asked.content.decode()
    assert Position.objects.exists() is False

    confirmed = _post(
        editor_client,
        negotiation,
        negotiation.side_a,
        issue,
        value_number="0",
        confirm_zero="on",
    )

    assert confirmed.status_code == 302
    assert Position.objects.get().value_number == 0


def test_a_zero_with_a_source_or_another_value_is_not_questioned(editor_client):
    negotiation = make_negotiation()
    issue = make_issue(negotiation, measure=Measure.NUMERIC)
    source = make_source(negotiation)

    sourced = _post(
        editor_client,
        negotiation,
        negotiation.side_a,
        issue,
        value_number="0",
        sources=[source.pk],
    )
    unknown = _post(
        editor_client,
        negotiation,
        negotiation.side_b,
        issue,
        value_number="",
    )

    assert sourced.status_code == 302
    assert unknown.status_code == 302
