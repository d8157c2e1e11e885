"""Template helpers for the public pages: values, gaps, claims and version URLs.

Every helper escapes what it is given; none marks stored text safe.
"""

import datetime
from urllib.parse import urlencode

from django import template
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.html import format_html

from negotiations import formatting, labels
from negotiations.models import second_hand_only

register = template.Library()

UNKNOWN = formatting.UNKNOWN


# The one value formatter (negotiations/formatting.py), as filters and tags.
register.filter("number", formatting.number)
register.filter("percent", formatting.percent)
register.simple_tag(formatting.claim_value, name="value_label")
register.simple_tag(formatting.gap_amount, name="gap_amount")
value_label = formatting.claim_value
gap_amount = formatting.gap_amount


@register.filter
def bar_width(relative):
    """Return the share as a CSS width percentage, clamped to 0..100."""
    if relative is None:
        return "0"
    return f"{max(0.0, min(1.0, relative)) * 100:.1f}"


@register.simple_tag
def version_url(version, negotiation=None):
    """Return the version page's URL with the label encoded as one path segment."""
    slug = negotiation.slug if negotiation is not None else None
    return labels.version_url(version, negotiation_slug=slug)


@register.simple_tag
def admin_position_add_url(negotiation, actor=None, issue=None):
    """Return the admin's add-position URL prefilled for this actor and issue, or ""."""
    try:
        url = reverse("admin:negotiations_position_add")
    except NoReverseMatch:
        # The admin registers Position; until it does, offer no link rather than fail.
        return ""
    query = {"negotiation": negotiation.pk}
    if actor is not None:
        query["actor"] = actor.pk
    if issue is not None:
        query["issue"] = issue.pk
    query["as_of"] = timezone.localdate().isoformat()
    query["status"] = "reported"
    return f"{url}?{urlencode(query)}"


@register.inclusion_tag("negotiations/partials/claim_status.html")
def claim_status(claim):
    """Show a claim's status and who it is attributed to."""
    return {"claim": claim, "attributed_to": claim.attributed_to}


@register.inclusion_tag("negotiations/partials/sources.html")
def sources(claim):
    """List a claim's sources (prefetched) with their kinds, or mark it unsourced.

    A claim resting only on aggregators' and mirrors' copies says so.
    """
    listed = list(claim.sources.all())
    return {"sources": listed, "second_hand": second_hand_only(listed)}


@register.filter
def iso(day):
    """Return a date as YYYY-MM-DD, a datetime to the millisecond, or unknown.

    HTML's `datetime` attribute allows at most three digits of a second. An
    aware datetime is shown in the current time zone, as the `date` filter does.
    """
    if isinstance(day, datetime.datetime):
        if timezone.is_aware(day):
            day = timezone.localtime(day)
        return day.isoformat(timespec="milliseconds")
    if not isinstance(day, datetime.date):
        return UNKNOWN
    return day.isoformat()


@register.filter
def safe_href(url):
    """Return the URL when it is http or https, else "": no javascript: links."""
    if isinstance(url, str) and url.lower().startswith(("http://", "https://")):
        return url
    return ""


@register.simple_tag
def side_name(negotiation, side):
    """Return the name of side "a" or "b" of the negotiation."""
    actor = negotiation.side_a if side == "a" else negotiation.side_b
    if actor is None:
        return f"side {side.upper()}"
    return actor.name


@register.simple_tag
def redline_side_by_side(comparison, version):
    """Return the side-by-side redline, its columns headed by the two versions."""
    against = comparison.against
    return comparison.redline.side_by_side_html(
        old_label=f"{against.proposal.title}, {against.label}",
        new_label=f"{version.proposal.title}, {version.label}",
        caption="The two full texts side by side",
    )


@register.simple_tag
def plain_value(value, issue):
    """Return how a bare value (a number or an option's value) reads on the issue."""
    return formatting.issue_value(value, issue, getattr(issue, "scale_labels", None))


@register.filter
def inherited_from(term, version):
    """Return the version an inherited term is read from, or None for its own.

    A version that amends another shows the terms it does not restate "as in"
    the amended version; the term's own version tells which.
    """
    if term is None or version is None or term.version_id == version.pk:
        return None
    return term.version


@register.simple_tag
def as_in(origin):
    """Say which version an inherited term is read from ("as in …"), or nothing."""
    if origin is None:
        return ""
    return format_html(
        '<span class="inherited">as in <bdi>{}</bdi>, version <bdi>{}</bdi></span>',
        origin.proposal.title,
        origin.label,
    )


@register.simple_tag
def condition_of(claim):
    """Show the condition a position, term or response is qualified by, or nothing.

    A side's own proposal stands for its term, so its condition is the term's.
    """
    held = getattr(claim, "term", None) if claim is not None else None
    text = getattr(held or claim, "condition", "") if claim is not None else ""
    if not text:
        return ""
    return format_html(' <span class="condition" dir="auto">Condition: {}</span>', text)
