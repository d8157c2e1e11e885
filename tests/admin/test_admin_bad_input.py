"""Impossible input in the admin gets a 4xx or a message, never a 500."""

import pytest
from django.contrib.messages import get_messages

from tests.factories import make_position, make_source

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "url",
    [
        "/admin/negotiations/negotiation/add/?sources=1",
        "/admin/negotiations/negotiation/add/?positions=1",
        "/admin/parties/actor/add/?positions=1",
        "/admin/negotiations/position/add/?sources=%E2%91%A0",
        "/admin/negotiations/position/add/?actor=%D9%A1",
        "/admin/negotiations/event/add/?participant_actors=%E2%91%A0",
    ],
)
def test_an_add_form_ignores_prefills_it_cannot_use(editor_client, url):
    make_source()
    response = editor_client.get(url)
    assert response.status_code == 200


@pytest.mark.parametrize(
    "path",
    ["{pk}/history/abc/", "{pk}/history/1e5/", "{pk}/history/-1/", "abc/history/"],
)
def test_a_history_address_that_is_not_a_number_is_not_found(editor_client, path):
    position = make_position(value=1)
    url = "/admin/negotiations/position/" + path.format(pk=position.pk)
    assert editor_client.get(url).status_code == 404


@pytest.mark.parametrize(
    "query",
    [
        "as_of__year=99999999999",
        "as_of__year=2024&as_of__month=99999999999",
        "as_of__year=2024&as_of__month=13",
        "as_of__year=%D9%A2%D9%A0%D9%A2%D9%A4",
    ],
)
def test_a_date_filter_that_is_no_date_is_dropped_with_a_message(editor_client, query):
    make_position(value=1)
    response = editor_client.get(f"/admin/negotiations/position/?{query}")
    assert response.status_code == 302
    told = [str(message) for message in get_messages(response.wsgi_request)]
    assert told[0].startswith("Not a date: as_of__")
    assert editor_client.get(response.url).status_code == 200


def test_a_huge_year_on_another_list_is_dropped_too(editor_client):
    response = editor_client.get("/admin/negotiations/version/?date__year=1" + "0" * 20)
    assert response.status_code == 302


def test_a_real_date_filter_still_works(editor_client):
    make_position(value=1)
    url = "/admin/negotiations/position/?as_of__year=2024&as_of__month=7"
    assert editor_client.get(url).status_code == 200
