"""A row's negotiation is fixed once it exists, in the admin too, for everyone."""

import pytest
from django.urls import reverse

from negotiations.models import Issue, Source
from parties.models import Actor
from tests.admin.conftest import form_data
from tests.factories import make_actor, make_issue, make_negotiation, make_source

pytestmark = pytest.mark.django_db


def _change_url(obj):
    opts = obj._meta
    return reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[obj.pk])


@pytest.mark.parametrize(
    "make, model",
    [(make_issue, Issue), (make_actor, Actor), (make_source, Source)],
)
def test_posting_another_negotiation_does_not_move_the_row(
    publisher_client, make, model
):
    row = make(make_negotiation(sides=False, is_published=False))
    other = make_negotiation(sides=False)
    url = _change_url(row)
    page = publisher_client.get(url)
    data = form_data(page, negotiation=str(other.pk))

    response = publisher_client.post(url, data)

    assert response.status_code == 302
    assert model.objects.get(pk=row.pk).negotiation_id == row.negotiation_id


def test_the_add_form_still_asks_for_the_negotiation(editor_client):
    page = editor_client.get(reverse("admin:negotiations_issue_add"))
    assert "negotiation" in page.context["adminform"].form.fields
