"""Uploads awaiting "confirm replace" live in the database, once, for a day."""

import datetime

import pytest
from django.utils import timezone

from negotiations.admin import pending_uploads
from negotiations.models import PendingUpload

pytestmark = pytest.mark.django_db


@pytest.fixture
def alice(django_user_model):
    return django_user_model.objects.create_user("alice", password="x")


@pytest.fixture
def bob(django_user_model):
    return django_user_model.objects.create_user("bob", password="x")


def test_an_upload_is_taken_back_once_by_its_uploader(alice):
    token = pending_uploads.keep(b'{"format": 1}', alice)

    assert pending_uploads.take(token, alice) == b'{"format": 1}'
    assert pending_uploads.take(token, alice) is None
    assert not PendingUpload.objects.exists()


def test_the_token_itself_is_not_stored(alice):
    token = pending_uploads.keep(b"{}", alice)

    assert not PendingUpload.objects.filter(token_hash=token).exists()
    assert len(token) == 32


def test_another_user_cannot_take_an_upload(alice, bob):
    token = pending_uploads.keep(b"{}", alice)

    assert pending_uploads.take(token, bob) is None
    assert pending_uploads.take(token, alice) == b"{}"


def test_an_upload_older_than_a_day_has_expired(alice):
    token = pending_uploads.keep(b"{}", alice)
    PendingUpload.objects.update(
        created=timezone.now() - datetime.timedelta(days=1, seconds=1)
    )

    assert pending_uploads.take(token, alice) is None


def test_keeping_an_upload_clears_the_expired_ones(alice):
    pending_uploads.keep(b"old", alice)
    PendingUpload.objects.update(created=timezone.now() - datetime.timedelta(days=2))

    pending_uploads.keep(b"new", alice)

    assert list(PendingUpload.objects.values_list("data", flat=True)) == [b"new"]


@pytest.mark.parametrize("token", ["", "short", "../../etc/passwd" * 2, None, 42])
def test_a_malformed_token_is_refused(alice, token):
    pending_uploads.keep(b"{}", alice)

    assert pending_uploads.take(token, alice) is None
    pending_uploads.forget(token, alice)
    assert PendingUpload.objects.count() == 1


def test_forgetting_drops_the_upload(alice):
    token = pending_uploads.keep(b"{}", alice)

    pending_uploads.forget(token, alice)

    assert pending_uploads.take(token, alice) is None
