"""What search knows about each kind of row: one `Kind` per kind, in KINDS.

A kind's description says which fields are searched, which its snippet is cut
from, and how a hit is titled, linked and dated. The query and the ranking that
read these descriptions are in the package's `__init__`.
"""

import dataclasses
import datetime
import operator
from collections.abc import Callable
from typing import Any

from django.db.models import (
    OuterRef,
    QuerySet,
    Subquery,
)
from django.urls import reverse

from ..labels import version_url, version_url_for
from ..models import (
    Commitment,
    Event,
    ImplementationEntry,
    Issue,
    Position,
    Proposal,
    Response,
    Source,
    Term,
    Version,
)
from ..templatetags.implementation_tags import implementation_path, progress_label


def _issue_url(row):
    return reverse(
        "negotiations:issue",
        kwargs={"negotiation": row.negotiation.slug, "issue": row.slug},
    )


def _term_url(row):
    page = reverse(
        "negotiations:issue",
        kwargs={
            "negotiation": row.version.proposal.negotiation.slug,
            "issue": row.issue.slug,
        },
    )
    return f"{page}#terms-heading"


def _response_title(row):
    version = row.version
    answer = row.get_response_display()
    return f"{row.actor}: {answer}, to {version.proposal.title} ({version.label})"


def _response_url(row):
    page = version_url(row.version, negotiation_slug=row.negotiation.slug)
    return f"{page}#response-{row.pk}"


def _timeline(row):
    return reverse(
        "negotiations:timeline", kwargs={"negotiation": row.negotiation.slug}
    )


def _event_url(row):
    # The timeline is paginated: narrow it to the event's day so the anchor is on it.
    day = row.date.isoformat()
    return f"{_timeline(row)}?kind=event&start={day}&end={day}#event-{row.pk}"


def _source_url(row):
    if row.url.lower().startswith(("http://", "https://")):
        return row.url
    return f"{_timeline(row)}#source-{row.pk}"


def _commitment_url(row):
    page = implementation_path(row.version, row.negotiation.slug)
    return f"{page}#commitment-{row.slug}"


def _commitment_title(row):
    version = row.version
    return f"{row.title}: {version.proposal.title} ({version.label})"


def _implementation_url(row):
    # The agreement's page on the report's own date shows the report in force.
    page = implementation_path(row.commitment.version, row.negotiation.slug)
    return f"{page}?as_of={row.as_of.isoformat()}#implementation-{row.pk}"


def _implementation_title(row):
    progress = progress_label(row.progress)
    return f"{row.commitment.title}: {progress}, as of {row.as_of.isoformat()}"


def _with_latest_label(rows):
    """Annotate proposals with their latest public version's label, for the link."""
    latest = Version.objects.public().filter(proposal=OuterRef("pk"))
    label = latest.order_by("-date", "-rank", "-id").values("label")[:1]
    return rows.annotate(latest_label=Subquery(label))


def _no_day(row):
    return None


@dataclasses.dataclass(frozen=True)
class Kind:
    """What search needs to know about one kind of row.

    `fields` are searched, in the order its index concatenates them (changing
    them means a new migration: the index expressions must stay identical);
    `snippet_fields` are what a hit's snippet is cut from: the document less what
    the title shows, so a snippet never just repeats the title. The rows are the
    model's public() ones, narrowed to a negotiation through `negotiation_path`.
    `by_issue_title` also finds a row by its sticking point's title.
    """

    name: str
    label: str
    model: type
    fields: tuple[str, ...]
    snippet_fields: tuple[str, ...]
    title: Callable[[Any], str]
    url: Callable[[Any], str]
    day: Callable[[Any], datetime.date | None] = _no_day
    related: tuple[str, ...] = ("negotiation",)
    negotiation_path: str = "negotiation"
    indexed: bool = True
    by_issue_title: bool = False
    # ts_headline re-parses each shown row's text: for long texts, cut the snippet
    # in Python instead (a regex over 21 texts beats 180 ms in PostgreSQL).
    headline_in_database: bool = True
    annotate: Callable[[QuerySet], QuerySet] | None = None

    def rows(self, negotiation=None):
        """Return the public rows of this kind, with what titles and links need."""
        return self.shown(self.public(negotiation))

    def public(self, negotiation=None):
        """Return the public rows of this kind, of one negotiation or all."""
        rows = self.model.objects.public()
        if negotiation is not None:
            rows = rows.filter(**{self.negotiation_path: negotiation})
        return rows

    def shown(self, rows):
        """Return the rows with what their titles and links need."""
        rows = rows.select_related(*self.related)
        if self.annotate is not None:
            rows = self.annotate(rows)
        return rows

    def negotiation_of(self, row):
        """Return the row's negotiation (select_related by rows())."""
        return operator.attrgetter(self.negotiation_path.replace("__", "."))(row)


KINDS = (
    # Sticking points have no index: a negotiation has a few dozen, and a
    # sequential scan of so few rows is what the planner would choose anyway.
    Kind(
        "issue",
        "Sticking points",
        Issue,
        fields=("title", "description"),
        snippet_fields=("description",),
        title=operator.attrgetter("title"),
        url=_issue_url,
        indexed=False,
    ),
    Kind(
        "position",
        "Positions",
        Position,
        fields=("summary",),
        snippet_fields=("summary",),
        title=lambda row: f"{row.actor} on {row.issue}, as of {row.as_of.isoformat()}",
        url=lambda row: row.get_absolute_url(),
        day=operator.attrgetter("as_of"),
        related=("negotiation", "actor", "issue"),
        by_issue_title=True,
    ),
    Kind(
        "proposal",
        "Proposals",
        Proposal,
        fields=("title", "summary"),
        snippet_fields=("summary",),
        title=operator.attrgetter("title"),
        url=lambda row: version_url_for(
            row.negotiation.slug, row.slug, row.latest_label
        ),
        annotate=_with_latest_label,
    ),
    Kind(
        "version",
        "Proposal versions",
        Version,
        fields=("label", "summary", "text"),
        snippet_fields=("summary", "text"),
        title=lambda row: f"{row.proposal.title} ({row.label})",
        url=version_url,
        day=operator.attrgetter("date"),
        related=("proposal__negotiation",),
        negotiation_path="proposal__negotiation",
        headline_in_database=False,
    ),
    # A term is found by its words or its sticking point's title, and links to
    # the sticking point's page, which lists what each version says.
    Kind(
        "term",
        "Proposal terms",
        Term,
        fields=("text",),
        snippet_fields=("text",),
        title=lambda row: (
            f"{row.version.proposal.title} ({row.version.label}) on {row.issue}"
        ),
        url=_term_url,
        day=lambda row: row.version.date,
        related=("version__proposal__negotiation", "issue"),
        negotiation_path="version__proposal__negotiation",
        by_issue_title=True,
    ),
    Kind(
        "response",
        "Responses",
        Response,
        fields=("summary",),
        snippet_fields=("summary",),
        title=_response_title,
        url=_response_url,
        day=operator.attrgetter("date"),
        related=("negotiation", "actor", "version__proposal"),
    ),
    Kind(
        "event",
        "Events",
        Event,
        fields=("title", "summary", "place"),
        snippet_fields=("summary", "place"),
        title=operator.attrgetter("title"),
        url=_event_url,
        day=operator.attrgetter("date"),
    ),
    # An agreement's commitments and the reports on them, found by their words
    # and linked to the agreement's implementation page.
    Kind(
        "commitment",
        "Commitments",
        Commitment,
        fields=("title", "summary", "due_text"),
        snippet_fields=("summary", "due_text"),
        title=_commitment_title,
        url=_commitment_url,
        day=operator.attrgetter("due"),
        related=("negotiation", "version__proposal"),
    ),
    Kind(
        "implementation",
        "Implementation reports",
        ImplementationEntry,
        fields=("summary",),
        snippet_fields=("summary",),
        title=_implementation_title,
        url=_implementation_url,
        day=operator.attrgetter("as_of"),
        related=("negotiation", "commitment__version__proposal"),
    ),
    # A source's title and publisher are its whole document: it has no snippet.
    Kind(
        "source",
        "Sources",
        Source,
        fields=("title", "publisher"),
        snippet_fields=(),
        title=str,
        url=_source_url,
        day=operator.attrgetter("published_on"),
    ),
)
BY_NAME = {kind.name: kind for kind in KINDS}

# Derived views of KINDS, kept for the migration's docstring and the tests.
DOCUMENTS = {kind.name: kind.fields for kind in KINDS}
SNIPPETS = {kind.name: kind.snippet_fields for kind in KINDS}
KIND_LABELS = {kind.name: kind.label for kind in KINDS}
INDEXED_KINDS = tuple(kind.name for kind in KINDS if kind.indexed)
