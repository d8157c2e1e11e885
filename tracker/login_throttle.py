"""Failed admin sign-ins are throttled, per account and per address.

A small rate limit on the cache rather than django-axes: the cache is already
shared by every app server (Redis), the rule fits in a page, and it adds no
tables, settings or admin screens to keep. After LIMIT failures for one
username within WINDOW seconds (or ADDRESS_LIMIT from one address, higher
because a proxy or an office may share it), sign-in is refused with 429 and
a message saying when to try again; a success clears the account's count.
"""

import hashlib
import logging

from django.contrib.auth.signals import user_logged_in, user_login_failed
from django.core.cache import cache
from django.shortcuts import render
from django.urls import NoReverseMatch, reverse

logger = logging.getLogger(__name__)

LIMIT = 10
ADDRESS_LIMIT = 50
WINDOW = 15 * 60


def _key(kind, value):
    digest = hashlib.sha256(str(value).strip().lower().encode()).hexdigest()[:32]
    return f"login-failures:{kind}:{digest}"


def _keys(request, username):
    address = request.META.get("REMOTE_ADDR", "") if request is not None else ""
    return [(_key("user", username), LIMIT), (_key("address", address), ADDRESS_LIMIT)]


def record_failure(sender, credentials, request=None, **kwargs):
    """Count a failed sign-in against its username and address."""
    try:
        for key, _ in _keys(request, credentials.get("username", "")):
            cache.add(key, 0, timeout=WINDOW)
            cache.incr(key)
    except Exception:
        # A cache outage must not break sign-in; it only lifts the throttle.
        logger.warning("Cannot count a failed sign-in.", exc_info=True)


def clear_failures(sender, request, user, **kwargs):
    """Forget an account's failures once it signs in."""
    try:
        cache.delete(_key("user", user.get_username()))
    except Exception:
        logger.warning("Cannot clear failed sign-ins.", exc_info=True)


def is_throttled(request, username):
    """Return whether sign-in for the username from this address is refused."""
    try:
        return any(
            (cache.get(key) or 0) >= limit for key, limit in _keys(request, username)
        )
    except Exception:
        logger.warning("Cannot read failed sign-ins.", exc_info=True)
        return False


def _login_path():
    # Per request, not at startup: a URLconf without the admin has no login.
    try:
        return reverse("admin:login")
    except NoReverseMatch:
        return None


def throttle_admin_login(get_response):
    """Refuse the admin's sign-in form with 429 while it is throttled."""
    user_login_failed.connect(record_failure, dispatch_uid="login-throttle-failed")
    user_logged_in.connect(clear_failures, dispatch_uid="login-throttle-cleared")

    def middleware(request):
        if (
            request.method == "POST"
            and request.path == _login_path()
            and is_throttled(request, request.POST.get("username", ""))
        ):
            context = {"minutes": WINDOW // 60}
            response = render(request, "429.html", context, status=429)
            response["Retry-After"] = str(WINDOW)
            return response
        return get_response(request)

    return middleware
