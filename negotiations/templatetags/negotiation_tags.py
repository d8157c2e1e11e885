"""Template helpers for the public pages: values, gaps, claims and version URLs.

Every helper escapes what it is given; none marks stored text safe.
"""

import datetime
import html
from urllib.parse import urlencode

from django import template
from django.template.defaultfilters import date as date_filter
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from django.utils.translation import get_language

from negotiations import formatting, labels
from negotiations.diffs.reading import read_changes
from negotiations.models import Source, second_hand_only
from negotiations.sides import sides_of

register = template.Library()

UNKNOWN = formatting.UNKNOWN


# The one value formatter (negotiations/formatting.py), as filters and tags.
register.filter("number", formatting.number)
register.filter("percent", formatting.percent)
register.simple_tag(formatting.claim_value, name="value_label")
register.simple_tag(formatting.gap_amount, name="gap_amount")
register.filter("relative_gap", formatting.relative_gap)
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


# The helpers below run once per claim or source shown (hundreds on a state of
# play): built in Python with plain string joins over escaped pieces rather than
# an included template, or even format_html, which cost most of the large state
# of play's rendering. Each gives the bytes its template gave.

NOT_COUNTED = ("claimed", "disputed")


def esc(value):
    """Return `value` escaped for HTML as conditional_escape does, as a str."""
    if hasattr(value, "__html__"):
        return value.__html__()
    return html.escape(str(value))


# The same few dates recur hundreds of times on a page: format each once.
_DAYS = {}


def day_text(day, form="j M Y"):
    """Return `{{ day|date:form }}` as a template shows it, escaped."""
    key = (day, form, get_language())
    text = _DAYS.get(key)
    if text is None:
        if len(_DAYS) > 10_000:
            _DAYS.clear()
        text = _DAYS[key] = esc(date_filter(day, form))
    return text


def time_element(day):
    """Return a <time> element of a date, read as "j M Y"."""
    return f'<time datetime="{esc(iso(day))}">{day_text(day)}</time>'


@register.simple_tag
def claim_status(claim):
    """Show a claim's status and who it is attributed to."""
    status, attributed_to = claim.status, claim.attributed_to
    if status == "claimed":
        who = f"<bdi>{esc(attributed_to)}</bdi>" if attributed_to else "not named"
        text = f"Claimed by a third party: {who}"
    else:
        text = esc(claim.get_status_display()) if status else "Status not given"
        if attributed_to:
            text = f"{text}, attributed to <bdi>{esc(attributed_to)}</bdi>"
    note = " · not counted in gaps" if status in NOT_COUNTED else ""
    return mark_safe(f'<span class="status status-{esc(status)}">{text}{note}</span>\n')


@register.simple_tag
def sources(claim):
    """List a claim's sources (prefetched) with their kinds, or mark it unsourced.

    A claim resting only on aggregators' and mirrors' copies says so.
    """
    listed = list(claim.sources.all())
    if not listed:
        return mark_safe('<span class="unsourced">unsourced</span>\n')
    second_hand = (
        '<span class="second-hand">second-hand sources only</span> '
        if second_hand_only(listed)
        else ""
    )
    items = "".join(f"<li>{_source(source)}</li>\n  " for source in listed)
    return mark_safe(
        f'{second_hand}<ul class="sources" aria-label="Sources">\n  {items}</ul>\n'
    )


# What Source.get_kind_display() reads, lowercased: one lookup per source.
_KIND_NAMES = {kind: str(label).lower() for kind, label in Source.Kind.choices}


def _source(source):
    href = safe_href(source.url)
    title = esc(source.title)
    if href:
        title = (
            f'<a href="{esc(href)}" rel="noopener noreferrer" dir="auto">{title}</a>'
        )
    else:
        title = f'<span dir="auto">{title}</span>'
    publisher = f", <bdi>{esc(source.publisher)}</bdi>" if source.publisher else ""
    day = source.published_on
    published = f", {time_element(day)}" if day else ""
    kind = source.kind
    if kind:
        name = _KIND_NAMES.get(kind, str(kind).lower())
        kind = f' <span class="source-kind">({esc(name)})</span>'
    archive = safe_href(source.archived_url)
    archived = (
        f' <a class="archived" href="{esc(archive)}" rel="noopener noreferrer">'
        "archived copy</a>"
        if archive
        else ""
    )
    return f"{title}{publisher}{published}{kind}{archived}"


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
def side_name(negotiation, side, issue=None):
    """Return the name of side "a" or "b": the issue's own pair, else the negotiation's."""
    actor = sides_of(negotiation, issue)[0 if side == "a" else 1]
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


# How a sentence of the comparison names the version compared with.
AGAINST_NAMES = {"baseline": "the baseline", "previous": "the previous version"}


@register.simple_tag
def comparison_sentences(comparison, negotiation):
    """Return the comparison's term diff read as sentences (diffs.reading)."""
    return read_changes(
        comparison.changes,
        plain_value,
        side_names=(side_name(negotiation, "a"), side_name(negotiation, "b")),
        against=AGAINST_NAMES.get(comparison.mode, "the compared version"),
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
