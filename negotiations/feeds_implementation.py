"""The Atom feed of implementation reports of one negotiation.

Entries are published implementation entries on commitments of published
versions, newest first by `updated_at`; ids are tag URIs of the kind and key, as
in feeds.py, so an edited report shows as an update, not as a new entry.
"""

from django.utils.html import format_html

from . import fetch
from .feeds import (
    ENTRY_LIMIT,
    Entry,
    EntryFeed,
    FeedSubject,
    _attribution,
    _authority,
    _sources_html,
    claim_datetime,
    tag_uri,
)
from .models import ImplementationEntry
from .templatetags.implementation_tags import (
    amount_label,
    implementation_path,
    progress_label,
)


def _entry(report, authority):
    commitment = report.commitment
    version = commitment.version
    amount = amount_label(report, commitment.issue)
    progress = progress_label(report.progress)
    reading = f"{progress} ({amount})" if amount else progress
    summary = format_html(
        "<p>As of {} ({}).</p><p>{}</p>{}",
        report.as_of.isoformat(),
        _attribution(report),
        report.summary,
        _sources_html(report),
    )
    link = implementation_path(version, report.negotiation.slug)
    return Entry(
        guid=tag_uri(authority, f"implementation-{report.pk}"),
        title=f"{commitment.title}: {reading} (as of {report.as_of.isoformat()})",
        link=f"{link}?as_of={report.as_of.isoformat()}#implementation-{report.pk}",
        published=claim_datetime(report.as_of),
        updated=report.updated_at,
        author=str(report.attributed_to or "Reported"),
        summary=summary,
        categories=("implementation", version.proposal.title),
    )


def implementation_entries(negotiation, authority, *, limit=ENTRY_LIMIT):
    """Return the newest public implementation entries as feed entries (two queries)."""
    reports = (
        ImplementationEntry.objects.public()
        .filter(negotiation=negotiation)
        .select_related(
            "negotiation",
            "commitment__version__proposal",
            "commitment__issue",
            "value_option",
            "attributed_actor",
            "attributed_person",
        )
        .prefetch_related("sources")
        .order_by("-updated_at", "-pk")[:limit]
    )
    return [_entry(report, authority) for report in reports]


class ImplementationFeed(EntryFeed):
    """New and changed implementation reports of one negotiation."""

    def get_object(self, request, negotiation):
        return FeedSubject(fetch.negotiation(negotiation), None, _authority(request))

    def title(self, subject):
        return f"Implementation: {subject.negotiation.title}"

    def subtitle(self, subject):
        return "New and changed reports on the delivery of agreed commitments."

    def link(self, subject):
        return subject.negotiation.get_absolute_url()

    def feed_guid(self, subject):
        pk = subject.negotiation.pk
        return tag_uri(subject.authority, f"implementation-of-negotiation-{pk}")

    def items(self, subject):
        return implementation_entries(subject.negotiation, subject.authority)


implementation_feed = ImplementationFeed()
