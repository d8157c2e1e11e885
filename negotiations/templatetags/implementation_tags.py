"""Template helpers for the implementation pages: amounts and progress levels."""

from urllib.parse import urlencode

from django import template
from django.urls import NoReverseMatch, reverse
from django.utils import timezone

from negotiations import formatting, labels
from negotiations.implementation import PROGRESS_LEVELS
from negotiations.models import ImplementationEntry, Measure

register = template.Library()

_PROGRESS_LABELS = dict(ImplementationEntry.Progress.choices)


def _scale_label(claim, issue):
    labels = getattr(issue, "scale_labels", None)
    if labels is not None:
        return labels.get(claim.value, claim.value)
    return claim.value_option.label


@register.simple_tag
def amount_label(claim, issue):
    """Return a commitment's or entry's value on the issue's measure, or "".

    "" where there is nothing to say (no issue, a text issue, no value): an
    amount never reads as 0 when it is unknown.
    """
    if claim is None or issue is None or issue.measure == Measure.TEXT:
        return ""
    if claim.value is None:
        return ""
    if issue.measure == Measure.ORDINAL:
        return _scale_label(claim, issue)
    # A number, or a Range where only bounds are known ("between 1,890 and 2,000").
    return formatting.issue_value(claim.value, issue)


@register.filter
def progress_label(progress):
    """Return a progress level's label; no counted report reads "no report"."""
    if progress is None:
        return "no report"
    return _PROGRESS_LABELS.get(progress, progress)


@register.simple_tag
def progress_steps(level):
    """Return the four steps of the bar as (label, state) pairs.

    The state is "current" for the level in force, "reached" below it, and ""
    above it or everywhere when no report counts.
    """
    steps = []
    for index, name in enumerate(PROGRESS_LEVELS):
        if level is not None and index == level:
            state = "current"
        elif level is not None and index < level:
            state = "reached"
        else:
            state = ""
        steps.append((_PROGRESS_LABELS[name], state))
    return steps


def implementation_path(version, negotiation_slug=None):
    """Return the URL of a version's implementation page (label encoded)."""
    return labels.version_url(version, negotiation_slug=negotiation_slug) + (
        "implementation/"
    )


@register.simple_tag
def implementation_url(version, negotiation=None):
    """Return the implementation page's URL of a version."""
    slug = negotiation.slug if negotiation is not None else None
    return implementation_path(version, slug)


@register.simple_tag
def admin_report_add_url(commitment):
    """Return the admin's add-report URL prefilled from a commitment, or ""."""
    try:
        url = reverse("admin:negotiations_implementationentry_add")
    except NoReverseMatch:
        return ""
    query = {
        "negotiation": commitment.negotiation_id,
        "commitment": commitment.pk,
        "as_of": timezone.localdate().isoformat(),
        "status": "reported",
    }
    return f"{url}?{urlencode(query)}"
