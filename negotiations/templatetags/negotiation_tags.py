"""Template helpers for the public pages: values, gaps, claims and version URLs.

Every helper escapes what it is given; none marks stored text safe.
"""

import datetime
from urllib.parse import urlencode

from django import template
from django.urls import NoReverseMatch, reverse
from django.utils import timezone

from negotiations import labels
from negotiations.models import Measure

register = template.Library()

UNKNOWN = "unknown"


@register.filter
def number(value):
    """Return a number without a trailing ".0", with thousands separators."""
    if value is None:
        return UNKNOWN
    return f"{value:,.15g}"


@register.filter
def percent(relative):
    """Return a share as a whole percentage; a non-zero share never reads as 0 %."""
    if relative is None:
        return UNKNOWN
    if 0 < relative < 0.005:
        return "under 1 %"
    return f"{round(relative * 100)} %"


@register.filter
def bar_width(relative):
    """Return the share as a CSS width percentage, clamped to 0..100."""
    if relative is None:
        return "0"
    return f"{max(0.0, min(1.0, relative)) * 100:.1f}"


@register.simple_tag
def value_label(claim, issue):
    """Return how a position's or term's value reads: a label, a number, or why not."""
    if issue.measure == Measure.TEXT:
        return "no number"
    if claim is None or claim.value is None:
        return UNKNOWN
    if issue.measure == Measure.ORDINAL:
        return claim.value_option.label
    unit = f" {issue.unit}" if issue.unit else ""
    # claim.value: a number, or a Range (format 2) that reads "700 to 1,000".
    return f"{number(claim.value)}{unit}"


@register.simple_tag
def gap_amount(gap, issue):
    """Return the gap in the issue's own terms: units, steps, "no number" or unknown."""
    if issue.measure == Measure.TEXT:
        return "no number"
    if gap is None or gap.amount is None:
        return UNKNOWN
    if issue.measure == Measure.ORDINAL:
        steps = round(gap.amount)
        most = max(len(issue.scale_values) - 1, 1)
        noun = "step" if steps == 1 else "steps"
        return f"{steps} {noun} of {most}"
    unit = f" {issue.unit}" if issue.unit else ""
    return f"{number(gap.amount)}{unit}"


@register.simple_tag
def version_url(version, negotiation=None):
    """Return the version page's URL with the label encoded as one path segment."""
    slug = negotiation.slug if negotiation is not None else None
    return labels.version_url(version, negotiation_slug=slug)


@register.filter
def against_value(version):
    """Return the `?against=` value that names this version."""
    return f"{version.proposal.slug}/{version.label}"


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
    """List a claim's sources (prefetched), or mark it unsourced."""
    return {"sources": list(claim.sources.all())}


@register.filter
def iso(day):
    """Return a date as YYYY-MM-DD (unknown when missing)."""
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
def plain_value(value, issue):
    """Return how a bare value (a number or an option's value) reads on the issue."""
    if issue.measure == Measure.TEXT:
        return "no number"
    if value is None:
        return UNKNOWN
    if issue.measure == Measure.ORDINAL:
        return issue.scale_labels.get(value, value)
    unit = f" {issue.unit}" if issue.unit else ""
    return f"{number(value)}{unit}"


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
