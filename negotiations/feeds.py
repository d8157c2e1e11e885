"""Atom feeds of what is new or changed: per negotiation and per sticking point.

An entry is a published position, proposal version or response, newest first by
`updated_at`, so an edit brings a claim back to the top. Its Atom `published`
is the claim's own date (a position's as-of date, a version's or response's
date) and its `updated` the claim's last change. Entry ids are tag URIs
built from the kind and primary key (`tag:example.org,2024:position-12`): they
stay the same when the claim's text, date or slugs change, so a feed reader
shows an edit as an update, not as a new entry.
"""

import dataclasses
import datetime

from django.contrib.syndication.views import Feed
from django.utils.feedgenerator import Atom1Feed
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe

from . import fetch
from .formatting import claim_value as value_label
from .labels import version_url
from .models import Measure, Position, Response, Version
from .templatetags.negotiation_tags import safe_href

# Entries per feed; older changes drop off the end.
ENTRY_LIMIT = 50
# The date part of every tag URI; it must never change, or every id would.
TAG_DATE = "2024"


@dataclasses.dataclass(frozen=True)
class FeedSubject:
    """What a feed is about: a negotiation, maybe one issue, and the id authority."""

    negotiation: object
    issue: object
    authority: str


@dataclasses.dataclass(frozen=True)
class Entry:
    """One feed entry, ready to write."""

    guid: str
    title: str
    link: str
    published: datetime.datetime
    updated: datetime.datetime
    author: str
    summary: str
    categories: tuple


def tag_uri(authority, name):
    """Return a tag URI (RFC 4151) that names one thing for good."""
    return f"tag:{authority},{TAG_DATE}:{name}"


def _authority(request):
    # A tag URI's authority is a domain name: the port, if any, is not part of it.
    host = request.get_host()
    if host.startswith("["):
        return host.split("]")[0] + "]"
    return host.rsplit(":", 1)[0] if ":" in host else host


def claim_datetime(day):
    """Return a claim's own date as the start of that day in UTC, for Atom."""
    return datetime.datetime.combine(day, datetime.time.min, tzinfo=datetime.UTC)


def _author_names(proposal):
    """Return a proposal's authors as one name list (prefetch its authors)."""
    names = [str(actor) for actor in proposal.authors.all()]
    return ", ".join(names) if names else "Unknown author"


def _sources_html(claim):
    sources = list(claim.sources.all())
    if not sources:
        return mark_safe("<p>Unsourced.</p>")
    # Only http(s) URLs become links: a stored "javascript:" URL stays text.
    items = format_html_join(
        "",
        "<li>{}</li>",
        (
            (format_html('<a href="{}">{}</a>', href, source) if href else source,)
            for source, href in ((source, safe_href(source.url)) for source in sources)
        ),
    )
    return format_html("<p>Sources:</p><ul>{}</ul>", items)


def _attribution(claim):
    attributed = claim.attributed_to
    status = claim.get_status_display()
    if attributed is None:
        return status
    return f"{status}, attributed to {attributed}"


def _position_entry(position, authority):
    issue = position.issue
    title = f"{position.actor} on {issue}"
    if issue.measure != Measure.TEXT:
        title = f"{title}: {value_label(position, issue)}"
    summary = format_html(
        "<p>As of {} ({}).</p><p>{}</p>{}",
        position.as_of.isoformat(),
        _attribution(position),
        position.summary,
        _sources_html(position),
    )
    return Entry(
        guid=tag_uri(authority, f"position-{position.pk}"),
        title=f"{title} (as of {position.as_of.isoformat()})",
        link=position.get_absolute_url(),
        published=claim_datetime(position.as_of),
        updated=position.updated_at,
        author=str(position.actor),
        summary=summary,
        categories=("position", issue.title),
    )


def _version_entry(version, authority):
    proposal = version.proposal
    summary = format_html(
        "<p>Dated {}.</p><p>{}</p>{}",
        version.date.isoformat(),
        version.summary,
        _sources_html(version),
    )
    return Entry(
        guid=tag_uri(authority, f"version-{version.pk}"),
        title=f"{proposal.title}, version {version.label} ({version.date.isoformat()})",
        link=version_url(version),
        published=claim_datetime(version.date),
        updated=version.updated_at,
        author=_author_names(proposal),
        summary=summary,
        categories=("version",),
    )


def _response_entry(response, authority):
    version = response.version
    summary = format_html(
        "<p>{} on {} ({}).</p><p>{}</p>{}",
        response.get_response_display(),
        response.date.isoformat(),
        _attribution(response),
        response.summary,
        _sources_html(response),
    )
    answer = response.get_response_display().lower()
    return Entry(
        guid=tag_uri(authority, f"response-{response.pk}"),
        title=(
            f"{response.actor} {answer}: {version.proposal.title}, "
            f"version {version.label}"
        ),
        link=f"{version_url(version)}#response-{response.pk}",
        published=claim_datetime(response.date),
        updated=response.updated_at,
        author=str(response.actor),
        summary=summary,
        categories=("response",),
    )


def feed_entries(negotiation, issue, authority, *, limit=ENTRY_LIMIT):
    """Return the newest published entries, newest first (six queries).

    Each kind is read newest first with its sources (two queries a kind), the
    three lists are merged and cut to `limit`.
    """
    positions = Position.objects.public().filter(negotiation=negotiation)
    versions = Version.objects.public().filter(proposal__negotiation=negotiation)
    responses = Response.objects.public().filter(negotiation=negotiation)
    if issue is not None:
        positions = positions.filter(issue=issue)
        versions = versions.filter(terms__issue=issue)
        responses = responses.filter(version__terms__issue=issue)
    claim_related = ("actor", "attributed_actor", "attributed_person")
    rows = [
        (
            _position_entry,
            positions.select_related(
                "negotiation", "issue", "value_option", *claim_related
            ),
        ),
        (
            _version_entry,
            versions.select_related("proposal__negotiation").prefetch_related(
                "proposal__authors"
            ),
        ),
        (
            _response_entry,
            responses.select_related(
                "negotiation", "version__proposal__negotiation", *claim_related
            ),
        ),
    ]
    entries = []
    for make_entry, queryset in rows:
        newest = queryset.prefetch_related("sources").order_by("-updated_at", "-pk")
        entries += [make_entry(row, authority) for row in newest[:limit]]
    entries.sort(key=lambda entry: entry.updated, reverse=True)
    return entries[:limit]


class EntryFeed(Feed):
    """An Atom feed of Entry objects: each entry already holds what it shows."""

    feed_type = Atom1Feed

    def item_title(self, entry):
        return entry.title

    def item_description(self, entry):
        return entry.summary

    def item_link(self, entry):
        return entry.link

    def item_guid(self, entry):
        return entry.guid

    def item_pubdate(self, entry):
        return entry.published

    def item_updateddate(self, entry):
        return entry.updated

    def item_author_name(self, entry):
        return entry.author

    def item_categories(self, entry):
        return entry.categories


class NegotiationFeed(EntryFeed):
    """New and changed positions, versions and responses of one negotiation."""

    def get_object(self, request, negotiation, issue=None):
        found = fetch.negotiation(negotiation)
        found_issue = fetch.issue(found, issue) if issue is not None else None
        return FeedSubject(found, found_issue, _authority(request))

    def title(self, subject):
        if subject.issue is not None:
            return f"{subject.issue.title}: {subject.negotiation.title}"
        return subject.negotiation.title

    def subtitle(self, subject):
        if subject.issue is not None:
            what = "this sticking point"
        else:
            what = "this negotiation"
        return f"New and changed positions, proposal versions and responses on {what}."

    def link(self, subject):
        if subject.issue is not None:
            return subject.issue.get_absolute_url()
        return subject.negotiation.get_absolute_url()

    def feed_guid(self, subject):
        if subject.issue is not None:
            return tag_uri(subject.authority, f"issue-{subject.issue.pk}")
        return tag_uri(subject.authority, f"negotiation-{subject.negotiation.pk}")

    def items(self, subject):
        return feed_entries(subject.negotiation, subject.issue, subject.authority)


negotiation_feed = NegotiationFeed()
