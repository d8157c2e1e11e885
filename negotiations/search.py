"""Full-text search over the published claims of one negotiation, or of all of them.

On PostgreSQL the search is ranked full-text search with highlighted snippets,
served by GIN expression indexes (migration 0004_search_indexes) whose
expressions are exactly the documents built by `document_vector()` here. On any
other database (SQLite in development) a plain case-insensitive substring match
stands in, with snippets cut around the first match.

The text search configuration is 'simple' everywhere: documents quote Arabic,
Hebrew and English sources, and the 'english' configuration would stem
non-English words wrongly and drop English stop words from phrase searches.
'simple' only lower-cases, so a word is found as it is written.

Drafts are never found: each kind's rows are its model's public() ones (the
publication rule, written once on the models' QuerySets).

Each kind of row is described once, by a `Kind` in KINDS: the fields searched,
the fields its snippet is cut from, its title, link and day. A position is also
found by its sticking point's title ("Philadelphi" finds every position on the
Philadelphi Corridor, whatever its summary says).
"""

import dataclasses
import datetime
import operator
import re
import secrets
from collections.abc import Callable
from typing import Any

from django.contrib.postgres.search import (
    SearchHeadline,
    SearchQuery,
    SearchRank,
    SearchVector,
)
from django.db import connection
from django.db.models import OuterRef, Q, QuerySet, Subquery, TextField, Value
from django.db.models.functions import Coalesce, Concat, Left
from django.urls import reverse
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from .labels import version_url, version_url_for
from .models import Event, Issue, Position, Proposal, Response, Source, Version

CONFIG = "simple"
# Longer queries are refused with a message rather than sent to the database.
MAX_QUERY_LENGTH = 200
# Hits shown per kind; one more is fetched to know whether there are more.
LIMIT = 20
# Only the first 100,000 characters of a version's full text are indexed: a
# tsvector holds at most 1 MB, and to_tsvector() fails (so saving would fail,
# with the expression index in place) on a longer text of many distinct words.
TEXT_LIMIT = 100_000
SNIPPET_RADIUS = 90


@dataclasses.dataclass(frozen=True)
class Hit:
    """One search result: what it is, where it links, and why it matched."""

    kind: str
    title: str
    url: str
    snippet: SafeString
    negotiation: object
    day: datetime.date | None
    is_external: bool = False


@dataclasses.dataclass(frozen=True)
class HitGroup:
    """The hits of one kind, best first; `more` says the list was cut at LIMIT."""

    kind: str
    label: str
    hits: tuple
    more: bool


def uses_full_text_search():
    """Return True where the database offers PostgreSQL full-text search."""
    return connection.vendor == "postgresql"


def _issue_url(row):
    return reverse(
        "negotiations:issue",
        kwargs={"negotiation": row.negotiation.slug, "issue": row.slug},
    )


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
    annotate: Callable[[QuerySet], QuerySet] | None = None

    def rows(self, negotiation=None):
        """Return the public rows of this kind, with what titles and links need."""
        rows = self.model.objects.public().select_related(*self.related)
        if self.annotate is not None:
            rows = self.annotate(rows)
        if negotiation is not None:
            rows = rows.filter(**{self.negotiation_path: negotiation})
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


def _field_expression(kind, field):
    if kind == "version" and field == "text":
        return Left("text", TEXT_LIMIT)
    return field


def document_vector(kind):
    """Return the tsvector expression of a kind; its GIN index uses the same one."""
    fields = [_field_expression(kind, field) for field in DOCUMENTS[kind]]
    return SearchVector(*fields, config=CONFIG)


def _snippet_text(kind):
    """Return the text a kind's snippet is cut from, as one string."""
    fields = [
        Coalesce(
            _field_expression(kind.name, field), Value(""), output_field=TextField()
        )
        for field in kind.snippet_fields
    ]
    if len(fields) == 1:
        return fields[0]
    joined = []
    for field in fields:
        joined += [field, Value(" ")]
    return Concat(*joined[:-1], output_field=TextField())


def search(query, *, negotiation=None, limit=LIMIT):
    """Return the hit groups for a query, one database query per kind.

    `query` is the reader's text as typed (websearch syntax on PostgreSQL:
    "quoted phrases", `or`, `-excluded`). Kinds without hits are left out.
    """
    full_text = uses_full_text_search()
    groups = []
    for kind in KINDS:
        if full_text:
            hits = _full_text_hits(kind, negotiation, query, limit)
        else:
            hits = _substring_hits(kind, negotiation, query, limit)
        if hits:
            groups.append(
                HitGroup(
                    kind=kind.name,
                    label=kind.label,
                    hits=tuple(hits[:limit]),
                    more=len(hits) > limit,
                )
            )
    return tuple(groups)


def _hit(kind, row, snippet):
    url = kind.url(row)
    return Hit(
        kind=kind.name,
        title=kind.title(row),
        url=url,
        snippet=snippet,
        negotiation=kind.negotiation_of(row),
        day=kind.day(row),
        is_external=url.startswith(("http://", "https://")),
    )


# PostgreSQL: ranked full-text search.


def ranked(kind, query, *, negotiation=None, markers=("<mark>", "</mark>")):
    """Return the published rows of a kind matching a query, best first (lazy).

    Each row carries `search_rank` and `search_headline`: the best passages
    of its snippet fields, each match between the two `markers` ("" for a
    kind without snippet fields).
    """
    kind = BY_NAME.get(kind, kind)
    search_query = SearchQuery(query, config=CONFIG, search_type="websearch")
    vector = document_vector(kind.name)
    start, stop = markers
    if kind.snippet_fields:
        headline = SearchHeadline(
            _snippet_text(kind),
            search_query,
            config=CONFIG,
            start_sel=start,
            stop_sel=stop,
            max_words=35,
            min_words=15,
            max_fragments=2,
            fragment_delimiter=" … ",
        )
    else:
        headline = Value("", output_field=TextField())
    matches = Q(document=search_query)
    if kind.by_issue_title:
        matches |= Q(issue__in=_issues_titled(search_query))
    return (
        kind.rows(negotiation)
        .alias(document=vector)
        .filter(matches)
        .annotate(
            search_rank=SearchRank(vector, search_query), search_headline=headline
        )
        .order_by("-search_rank", "-pk")
    )


def _issues_titled(search_query):
    """Return the sticking points whose title matches: their claims match too."""
    title = SearchVector("title", config=CONFIG)
    return Issue.objects.alias(title_document=title).filter(title_document=search_query)


def _full_text_hits(kind, negotiation, query, limit):
    # Random markers: stored text cannot forge them, so after escaping the
    # headline, only the markers ts_headline itself inserted become <mark>.
    markers = (f"hl{secrets.token_hex(8)}", f"hl{secrets.token_hex(8)}")
    rows = ranked(kind, query, negotiation=negotiation, markers=markers)
    return [
        _hit(kind, row, _highlighted_headline(row.search_headline, *markers))
        for row in rows[: limit + 1]
    ]


def _highlighted_headline(headline, start, stop):
    """Return the headline escaped, with only its highlight markers as <mark>."""
    text = escape(headline).replace(start, "<mark>").replace(stop, "</mark>")
    return mark_safe(text)  # noqa: S308 - escaped above; only our markers are markup.


# Other databases: substring match.

_TOKEN = re.compile(r'"([^"]*)"|(\S+)')
_EDGE_PUNCTUATION = re.compile(r"^[^\w-]+|[^\w]+$")


def query_terms(query):
    """Return (wanted, excluded) terms of a query: its words and "quoted phrases".

    A bare `or` is dropped and a leading `-` excludes, as in websearch syntax.
    Terms without any letter or digit are dropped.
    """
    wanted, excluded = [], []
    for phrase, word in _TOKEN.findall(query):
        term = phrase.strip() if phrase else _EDGE_PUNCTUATION.sub("", word)
        negated = False
        if not phrase and term.startswith("-"):
            negated, term = True, term.lstrip("-")
        if not re.search(r"\w", term) or (not phrase and term.lower() == "or"):
            continue
        (excluded if negated else wanted).append(term)
    return wanted, excluded


def _substring_hits(kind, negotiation, query, limit):
    wanted, excluded = query_terms(query)
    if not wanted:
        return []
    rows = kind.rows(negotiation)
    fields = kind.fields
    by_title = ("issue__title",) if kind.by_issue_title else ()
    for term in wanted:
        rows = rows.filter(_contains_any(fields + by_title, term))
    for term in excluded:
        rows = rows.exclude(_contains_any(fields, term))
    rows = rows.order_by("-pk")
    hits = []
    for row in rows[: limit + 1]:
        text = " ".join(getattr(row, field) or "" for field in kind.snippet_fields)
        snippet = cut_snippet(text, wanted) if text.strip() else mark_safe("")
        hits.append(_hit(kind, row, snippet))
    return hits


def _contains_any(fields, term):
    condition = Q()
    for field in fields:
        condition |= Q(**{f"{field}__icontains": term})
    return condition


def cut_snippet(text, terms, radius=SNIPPET_RADIUS):
    """Return an escaped excerpt of `text` around the first term, terms in <mark>."""
    if not terms:
        return mark_safe("")
    pattern = re.compile("|".join(re.escape(term) for term in terms), re.IGNORECASE)
    found = pattern.search(text)
    if found is None:
        start, end = 0, min(len(text), 2 * radius)
    else:
        start = max(0, found.start() - radius)
        end = min(len(text), found.end() + radius)
    # Widen to whole words (within reason: some scripts have no spaces).
    floor, ceiling = max(0, start - 30), min(len(text), end + 30)
    while start > floor and not text[start - 1].isspace():
        start -= 1
    while end < ceiling and not text[end].isspace():
        end += 1
    excerpt = text[start:end]
    pieces = []
    last = 0
    for match in pattern.finditer(excerpt):
        pieces.append(escape(excerpt[last : match.start()]))
        pieces.append(f"<mark>{escape(match.group())}</mark>")
        last = match.end()
    pieces.append(escape(excerpt[last:]))
    prefix = "… " if start > 0 else ""
    suffix = " …" if end < len(text) else ""
    return mark_safe(prefix + "".join(pieces).strip() + suffix)  # noqa: S308
