"""Public pages cached under the data they show, so a cached page is never stale.

Every write to anything in a negotiation moves `Negotiation.changed_at`
(negotiations/signals.py; `mark_changed` for writes that send no signal).
A page of one negotiation is cached under a key made of that negotiation's
`changed_at` (a sticking point's own page, card and feed: see
cached_issue_page), today's date (the state of play defaults to today), the
host, the full path with its query string and whether htmx asked for a
fragment. A write
therefore never has to find and delete cached pages: the next reader computes a
new key and renders afresh, on every app server alike, and the old entries age
out. Pages across negotiations (the home page) are keyed by a fingerprint of
every published negotiation's `changed_at`.

Only anonymous GET/HEAD requests that end in a plain 200 are shared; staff see
admin links, and a page holding a visitor's CSRF token or setting a cookie is
theirs alone. The same key gives a weak ETag, so a reload costs one query and a
304 response.
"""

import functools
import hashlib
import logging

from django.conf import settings
from django.core.cache import cache
from django.db import connection
from django.db.models import OuterRef, Subquery
from django.http import HttpResponse
from django.utils import timezone
from django.utils.cache import get_conditional_response, patch_vary_headers

from .models import Issue, Negotiation
from .sides import date_shown

logger = logging.getLogger(__name__)

HTMX_HEADER = "HX-Request"
# Request headers a shared page may vary on: the key covers HX-Request, only
# anonymous requests are shared (Cookie), and compression happens afterwards.
SHAREABLE_VARY = {"hx-request", "cookie", "accept-encoding"}


def mark_changed(public=False, **lookup):
    """Move `changed_at` to now on the negotiations the lookup selects.

    Runs one UPDATE query. QuerySet.update() sends no signal and writes no
    history row, so receivers may call it without recursion. Call it after any
    write that sends no signal (bulk_create, QuerySet.update), e.g.
    `mark_changed(pk=negotiation.pk)`: cached pages of those negotiations then
    fall out of use everywhere at once. With `public` the write changed what
    readers see, and the public "last changed" date moves too.
    """
    now = timezone.now()
    stamps = {"changed_at": now, "shared_changed_at": now}
    if public:
        stamps["public_changed_at"] = now
    Negotiation.objects.filter(**lookup).update(**stamps)


def mark_issues_changed(issue_ids, public=False, **lookup):
    """Move `changed_at` to now on these sticking points and the negotiation.

    Two UPDATE queries; `lookup` and `public` as in mark_changed. The
    negotiation's `shared_changed_at` stays: pages of its other sticking
    points, cached under it, stay in use.
    """
    now = timezone.now()
    Issue.objects.filter(pk__in=issue_ids).update(changed_at=now)
    stamps = {"changed_at": now}
    if public:
        stamps["public_changed_at"] = now
    Negotiation.objects.filter(**lookup).update(**stamps)


def cached_negotiation_page(view):
    """Serve a page of one negotiation from the cache while its data is unchanged.

    The view takes the negotiation's slug as the keyword argument `negotiation`.
    Runs one query (the negotiation's `changed_at`) before the view, and none
    after it on a hit or a 304. An unknown or unpublished slug goes straight to
    the view, which answers 404.
    """

    @functools.wraps(view)
    def wrapper(request, *args, **kwargs):
        if not _shareable_request(request):
            return view(request, *args, **kwargs)
        slug = kwargs.get("negotiation")
        changed_at = published_changed_at(slug)
        if changed_at is None:
            return view(request, *args, **kwargs)
        stamp = f"{slug}:{changed_at}"
        return _serve(request, stamp, lambda: view(request, *args, **kwargs))

    return wrapper


def cached_issue_page(view):
    """Serve a page of one sticking point from the cache while what it shows stays.

    The view takes the slugs `negotiation` and `issue`. The key is made of the
    negotiation's `shared_changed_at`, the sticking point's `changed_at` and
    the date the page shows by default (sides.date_shown: today while the
    negotiation is active, its latest record once it has gone quiet), read in
    one query: a write confined to another sticking point leaves this page
    cached, a record that wakes a quiet negotiation renews it. An unknown
    sticking point goes straight to the view, which answers 404.
    """

    @functools.wraps(view)
    def wrapper(request, *args, **kwargs):
        if not _shareable_request(request):
            return view(request, *args, **kwargs)
        stamp = issue_stamp(kwargs.get("negotiation"), kwargs.get("issue"))
        if stamp is None:
            return view(request, *args, **kwargs)
        return _serve(request, stamp, lambda: view(request, *args, **kwargs))

    return wrapper


def issue_stamp(slug, issue_slug):
    """Return the cache stamp of a published sticking point, or None (one query)."""
    issue = Issue.objects.filter(negotiation=OuterRef("pk"), slug=issue_slug)
    negotiation = (
        Negotiation.objects.public()
        .with_latest_record()
        .filter(slug=slug)
        .annotate(issue_changed_at=Subquery(issue.values("changed_at")[:1]))
        .only("pk", "shared_changed_at")
        .order_by()
        .first()
    )
    if negotiation is None or negotiation.issue_changed_at is None:
        return None
    shown = date_shown(negotiation, timezone.localdate())
    parts = (
        negotiation.shared_changed_at,
        negotiation.issue_changed_at,
        shown.day,
        shown.quiet,
    )
    return f"{slug}/{issue_slug}:" + ";".join(str(value) for value in parts)


def cached_site_page(view):
    """Serve a page that draws on every published negotiation from the cache.

    Runs one query before the view: every published negotiation's id and
    `changed_at`. Their fingerprint, not just the latest `changed_at`, is the
    key, because unpublishing or deleting a negotiation moves no maximum, and a
    transaction that commits last may carry an earlier timestamp.
    """

    @functools.wraps(view)
    def wrapper(request, *args, **kwargs):
        if not _shareable_request(request):
            return view(request, *args, **kwargs)
        rows = (
            Negotiation.objects.public().order_by("pk").values_list("pk", "changed_at")
        )
        fingerprint = ";".join(f"{pk}@{when.isoformat()}" for pk, when in rows)
        stamp = "site:" + _digest(fingerprint)
        return _serve(request, stamp, lambda: view(request, *args, **kwargs))

    return wrapper


@functools.cache
def _changed_at_sql():
    """Return the SQL of "the public negotiation with this slug's changed_at".

    Compiled once from Negotiation.objects.public(), so the publication rule
    stays in the model, and run as plain SQL after that.
    """
    queryset = (
        Negotiation.objects.public()
        .filter(slug="")
        .order_by()
        .values_list("changed_at")[:1]
    )
    # The slug is the query's one parameter.
    sql, _ = queryset.query.sql_with_params()
    return sql


def published_changed_at(slug):
    """Return the published negotiation's changed_at as text, or None (one query).

    Plain SQL: every cached page runs this, and building the same query with
    the ORM took longer than the rest of a cache hit's own work.
    """
    with connection.cursor() as cursor:
        cursor.execute(_changed_at_sql(), [slug])
        row = cursor.fetchone()
    # Text is all the key needs, and SQLite hands back text anyway.
    return None if row is None else str(row[0])


def page_key(request, stamp):
    """Return the cache key of this request's page, given its data's stamp."""
    variant = "fragment" if request.headers.get(HTMX_HEADER) == "true" else "page"
    today = timezone.localdate().isoformat()
    # The host and scheme too: pages hold absolute links (feeds, the embed
    # code), and a request through another allowed host must not serve its
    # links to everyone.
    origin = f"{request.scheme}://{request.get_host()}"
    parts = (settings.RELEASE, stamp, today, variant, origin, request.get_full_path())
    # A digest: short, and safe in any backend whatever the slug or path holds.
    return "page:" + _digest("\n".join(parts))


def _shareable_request(request):
    if settings.PAGE_CACHE_SECONDS <= 0 or request.method not in ("GET", "HEAD"):
        return False
    user = getattr(request, "user", None)
    # Staff see admin links and unpublished previews: their pages are never shared.
    return user is None or not user.is_authenticated


def _serve(request, stamp, render):
    key = page_key(request, stamp)
    etag = f'W/"{_digest(key)}"'
    validators = HttpResponse(headers={"ETag": etag, "Cache-Control": "no-cache"})
    patch_vary_headers(validators, [HTMX_HEADER])
    conditional = get_conditional_response(request, etag=etag, response=validators)
    if conditional is not validators:
        return conditional

    response = _cache_get(key)
    if response is not None:
        response.headers["X-Page-Cache"] = "hit"
    else:
        response = render()
        if not _shareable_response(request, response):
            return response
        # The whole response, so that flags such as xframe_options_exempt
        # (embeddable cards) survive along with the headers and the content.
        _cache_set(key, response)
        response.headers["X-Page-Cache"] = "miss"
    response.headers["ETag"] = etag
    response.headers["Cache-Control"] = "no-cache"
    patch_vary_headers(response, [HTMX_HEADER])
    return response


def _shareable_response(request, response):
    """Return whether every anonymous reader may be given this response."""
    if response.status_code != 200 or response.streaming or response.cookies:
        return False
    # The page holds this visitor's CSRF token: sharing it would hand one
    # visitor's secret to everyone.
    if request.META.get("CSRF_COOKIE_NEEDS_UPDATE"):
        return False
    cache_control = response.headers.get("Cache-Control", "").lower()
    if "private" in cache_control or "no-store" in cache_control:
        return False
    vary = {
        header.strip().lower()
        for header in response.headers.get("Vary", "").split(",")
        if header.strip()
    }
    return vary <= SHAREABLE_VARY


def _cache_get(key):
    # A cache outage slows pages down; it must not take them down.
    try:
        return cache.get(key)
    except Exception:
        logger.warning("Page cache unavailable; rendering without it.", exc_info=True)
        return None


def _cache_set(key, value):
    try:
        cache.set(key, value, timeout=settings.PAGE_CACHE_SECONDS)
    except Exception:
        logger.warning("Page cache unavailable; page not stored.", exc_info=True)


def _digest(text):
    return hashlib.sha256(text.encode()).hexdigest()[:32]
