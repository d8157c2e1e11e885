"""Uploads waiting for the editor to confirm a replacement.

Replacing a negotiation takes two requests: the upload, then the confirmation.
The uploaded bytes wait in between in a private temporary folder, under a random
token that only the uploading user can redeem, once, within a day. Keeping them
server-side spares the editor a second upload and keeps a 20 MiB document out
of the session and out of the page.
"""

import os
import re
import secrets
import tempfile
import time
from pathlib import Path

from django.conf import settings

MAX_AGE_SECONDS = 24 * 60 * 60
_TOKEN = re.compile(r"[A-Za-z0-9_-]{32}")


def _folder():
    folder = Path(
        getattr(settings, "ADMIN_IMPORT_PENDING_DIR", None)
        or Path(tempfile.gettempdir()) / "ceasefire-tracker-imports"
    )
    folder.mkdir(mode=0o700, parents=True, exist_ok=True)
    return folder


def _path(token, user):
    if not isinstance(token, str) or not _TOKEN.fullmatch(token):
        return None
    return _folder() / f"{user.pk}-{token}.json"


def _forget_old():
    limit = time.time() - MAX_AGE_SECONDS
    for path in _folder().glob("*.json"):
        try:
            if path.stat().st_mtime < limit:
                path.unlink()
        except FileNotFoundError:
            continue


def keep(data, user):
    """Store the bytes for the user and return the token that redeems them."""
    _forget_old()
    token = secrets.token_urlsafe(24)
    path = _path(token, user)
    descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(descriptor, "wb") as file:
        file.write(data)
    return token


def take(token, user):
    """Return the bytes stored under the token for this user and forget them.

    Returns None for an unknown, expired, used or malformed token, or one that
    another user made.
    """
    path = _path(token, user)
    if path is None:
        return None
    try:
        if path.stat().st_mtime < time.time() - MAX_AGE_SECONDS:
            path.unlink()
            return None
        data = path.read_bytes()
        path.unlink()
    except FileNotFoundError:
        return None
    return data


def forget(token, user):
    """Drop the stored bytes without reading them."""
    path = _path(token, user)
    if path is not None:
        path.unlink(missing_ok=True)
