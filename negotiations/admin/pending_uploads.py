"""Uploads waiting for the editor to confirm a replacement.

Replacing a negotiation takes two requests: the upload, then the confirmation.
The uploaded bytes wait in between in the database (models.PendingUpload),
under a random token that only the uploading user can redeem, once, within a
day. The database is shared by every app server, so the confirmation may land
on any of them. Keeping the bytes server-side spares the editor a second upload
and keeps a 20 MiB document out of the session and out of the page.
"""

import datetime
import hashlib
import re
import secrets

from django.db import transaction
from django.utils import timezone

from negotiations.models import PendingUpload

MAX_AGE = datetime.timedelta(days=1)
_TOKEN = re.compile(r"[A-Za-z0-9_-]{32}")


def _hash(token):
    if not isinstance(token, str) or not _TOKEN.fullmatch(token):
        return None
    return hashlib.sha256(token.encode()).hexdigest()


def _forget_old():
    PendingUpload.objects.filter(created__lt=timezone.now() - MAX_AGE).delete()


def keep(data: bytes, user) -> str:
    """Store the bytes for the user and return the token that redeems them."""
    _forget_old()
    token = secrets.token_urlsafe(24)
    PendingUpload.objects.create(token_hash=_hash(token), user=user, data=data)
    return token


def take(token: str, user) -> bytes | None:
    """Return the bytes stored under the token for this user and forget them.

    Returns None for an unknown, expired, used or malformed token, or one that
    another user made. Two confirmations of one token get the bytes once.
    """
    token_hash = _hash(token)
    if token_hash is None:
        return None
    with transaction.atomic():
        pending = (
            PendingUpload.objects.select_for_update()
            .filter(token_hash=token_hash, user=user)
            .first()
        )
        if pending is None:
            return None
        pending.delete()
    if pending.created < timezone.now() - MAX_AGE:
        return None
    return bytes(pending.data)


def forget(token: str, user) -> None:
    """Drop the stored bytes without reading them."""
    token_hash = _hash(token)
    if token_hash is not None:
        PendingUpload.objects.filter(token_hash=token_hash, user=user).delete()
