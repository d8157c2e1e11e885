"""Wrong admin passwords in a row meet a throttle."""

import pytest
from django.core.cache import cache
from django.urls import reverse

from tracker import login_throttle

pytestmark = pytest.mark.django_db

LOGIN = reverse("admin:login")


@pytest.fixture(autouse=True)
def empty_cache():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def staff(django_user_model):
    return django_user_model.objects.create_user(
        "walter", password="right-password", is_staff=True
    )


def _sign_in(client, password, username="walter"):
    return client.post(
        LOGIN, {"username": username, "password": password, "next": "/admin/"}
    )


def test_thirty_wrong_passwords_in_a_row_are_throttled(client, staff):
    statuses = [_sign_in(client, f"guess-{n}").status_code for n in range(30)]

    assert statuses[: login_throttle.LIMIT] == [200] * login_throttle.LIMIT
    assert set(statuses[login_throttle.LIMIT :]) == {429}
    refused = _sign_in(client, "right-password")
    assert refused.status_code == 429
    assert "Too many failed sign-ins" in refused.content.decode()
    assert refused["Retry-After"] == str(login_throttle.WINDOW)


def test_a_throttled_account_does_not_lock_out_another(
    client, staff, django_user_model
):
    django_user_model.objects.create_user("olga", password="hers", is_staff=True)
    for n in range(login_throttle.LIMIT):
        _sign_in(client, f"guess-{n}")

    response = _sign_in(client, "hers", username="olga")

    assert response.status_code == 302


def test_a_successful_sign_in_clears_the_accounts_failures(client, staff):
    for n in range(login_throttle.LIMIT - 1):
        _sign_in(client, f"guess-{n}")
    assert _sign_in(client, "right-password").status_code == 302
    client.logout()

    for n in range(login_throttle.LIMIT - 1):
        assert _sign_in(client, f"again-{n}").status_code == 200
