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

Drafts are never found: a claim must be published and so must its negotiation;
a proposal is found only through a published version, a source only when a
published claim cites it.
"""

import dataclasses
import datetime
import re
import secrets

from django.contrib.postgres.search import (
    SearchHeadline,
    SearchQuery,
    SearchRank,
    SearchVector,
)
from django.db import connection
from django.db.models import Exists, OuterRef, Q, Subquery, TextField, Value
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

# The fields each kind is searched in, in the order its index concatenates them.
# Changing one means a new migration: the index expressions must stay identical.
DOCUMENTS = {
    "issue": ("title", "description"),
    "position": ("summary",),
    "proposal": ("title", "summary"),
    "version": ("label", "summary", "text"),
    "response": ("summary",),
    "event": ("title", "summary", "place"),
    "source": ("title", "publisher"),
}

# Kinds with a GIN index (migration 0004). Sticking points have none: a
# negotiation has a few dozen, and a sequential scan of so few rows is what the
# planner would choose over any index.
INDEXED_KINDS = ("position", "proposal", "version", "response", "event", "source")

# The fields a hit's snippet is cut from: the document less what the hit's title
# already shows, so that a snippet never just repeats the title. A source's
# title and publisher are its whole document, so it has no snippet.
SNIPPETS = {
    "issue": ("description",),
    "position": ("summary",),
    "proposal": ("summary",),
    "version": ("summary", "text"),
    "response": ("summary",),
    "event": ("summary", "place"),
    "source": (),
}

KIND_LABELS = {
    "issue": "Sticking points",
    "position": "Positions",
    "proposal": "Proposals",
    "version": "Proposal versions",
    "response": "Responses",
    "event": "Events",
    "source": "Sources",
}


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
        Coalesce(_field_expression(kind, field), Value(""), output_field=TextField())
        for field in SNIPPETS[kind]
    ]
    if len(fields) == 1:
        return fields[0]
    joined = []
    for field in fields:
        joined += [field, Value(" ")]
    return Concat(*joined[:-1], output_field=TextField())


def _published(kind, negotiation):
    """Return the published rows of a kind, with what their titles and links need."""
    if kind == "issue":
        rows = Issue.objects.filter(negotiation__is_published=True).select_related(
            "negotiation"
        )
    elif kind == "position":
        rows = Position.objects.filter(
            is_published=True, negotiation__is_published=True
        ).select_related("negotiation", "actor", "issue")
    elif kind == "proposal":
        published_versions = Version.objects.filter(
            proposal=OuterRef("pk"), is_published=True
        )
        rows = (
            Proposal.objects.filter(negotiation__is_published=True)
            .filter(Exists(published_versions))
            .annotate(
                latest_label=Subquery(
                    published_versions.order_by("-date", "-rank", "-id").values(
                        "label"
                    )[:1]
                )
            )
            .select_related("negotiation")
        )
    elif kind == "version":
        rows = Version.objects.filter(
            is_published=True, proposal__negotiation__is_published=True
        ).select_related("proposal__negotiation")
    elif kind == "response":
        rows = Response.objects.filter(
            is_published=True,
            version__is_published=True,
            negotiation__is_published=True,
        ).select_related("negotiation", "actor", "version__proposal")
    elif kind == "event":
        rows = Event.objects.filter(
            is_published=True, negotiation__is_published=True
        ).select_related("negotiation")
    else:
        rows = Source.objects.filter(negotiation__is_published=True).filter(
            _cited_by_a_published_claim()
        ).select_related("negotiation")
    if negotiation is not None:
        if kind == "version":
            rows = rows.filter(proposal__negotiation=negotiation)
        else:
            rows = rows.filter(negotiation=negotiation)
    return rows


def _cited_by_a_published_claim():
    # A source cited only by drafts would reveal what the drafts are about; a
    # response counts as public only where the version it answers is too.
    citations = Q()
    for model in (Position, Version, Response, Event):
        through = model.sources.through
        owner = model._meta.model_name
        published = {f"{owner}__is_published": True}
        if model is Response:
            published["response__version__is_published"] = True
        cited = through.objects.filter(source_id=OuterRef("pk"), **published)
        citations |= Exists(cited)
    return citations


def _day(kind, row):
    if kind == "position":
        return row.as_of
    if kind in ("version", "response", "event"):
        return row.date
    if kind == "source":
        return row.published_on
    return None


def _title(kind, row):
    if kind == "issue":
        return row.title
    if kind == "position":
        return f"{row.actor} on {row.issue}, as of {row.as_of.isoformat()}"
    if kind == "version":
        return f"{row.proposal.title} ({row.label})"
    if kind == "response":
        answer = row.get_response_display()
        version = row.version
        return f"{row.actor}: {answer}, to {version.proposal.title} ({version.label})"
    return row.title if kind != "source" else str(row)


def _url(kind, row):
    """Return where a hit links: the claim on its page, by its anchor."""
    if kind == "issue":
        return reverse(
            "negotiations:issue",
            kwargs={"negotiation": row.negotiation.slug, "issue": row.slug},
        )
    if kind == "position":
        return row.get_absolute_url()
    if kind == "proposal":
        return version_url_for(row.negotiation.slug, row.slug, row.latest_label)
    if kind == "version":
        return version_url(row)
    if kind == "response":
        page = version_url(row.version, negotiation_slug=row.negotiation.slug)
        return f"{page}#response-{row.pk}"
    timeline = reverse(
        "negotiations:timeline", kwargs={"negotiation": row.negotiation.slug}
    )
    if kind == "event":
        # The timeline is paginated: narrow it to the event's day so the anchor is on it.
        day = row.date.isoformat()
        return f"{timeline}?kind=event&start={day}&end={day}#event-{row.pk}"
    if row.url.lower().startswith(("http://", "https://")):
        return row.url
    return f"{timeline}#source-{row.pk}"


def search(query, *, negotiation=None, limit=LIMIT):
    """Return the hit groups for a query, one database query per kind.

    `query` is the reader's text as typed (websearch syntax on PostgreSQL:
    "quoted phrases", `or`, `-excluded`). Kinds without hits are left out.
    """
    full_text = uses_full_text_search()
    groups = []
    for kind in DOCUMENTS:
        if full_text:
            hits = _full_text_hits(kind, negotiation, query, limit)
        else:
            hits = _substring_hits(kind, _published(kind, negotiation), query, limit)
        if hits:
            groups.append(
                HitGroup(
                    kind=kind,
                    label=KIND_LABELS[kind],
                    hits=tuple(hits[:limit]),
                    more=len(hits) > limit,
                )
            )
    return tuple(groups)


def _hit(kind, row, snippet):
    url = _url(kind, row)
    return Hit(
        kind=kind,
        title=_title(kind, row),
        url=url,
        snippet=snippet,
        negotiation=row.negotiation if kind != "version" else row.proposal.negotiation,
        day=_day(kind, row),
        is_external=url.startswith(("http://", "https://")),
    )


# PostgreSQL: ranked full-text search.


def ranked(kind, query, *, negotiation=None, markers=("<mark>", "</mark>")):
    """Return the published rows of a kind matching a query, best first (lazy).

    Each row carries `search_rank` and `search_headline`: the best passages
    of its snippet fields, each match between the two `markers` ("" for a
    kind without snippet fields).
    """
    search_query = SearchQuery(query, config=CONFIG, search_type="websearch")
    vector = document_vector(kind)
    start, stop = markers
    if SNIPPETS[kind]:
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
    return (
        _published(kind, negotiation)
        .alias(document=vector)
        .filter(document=search_query)
        .annotate(
            search_rank=SearchRank(vector, search_query), search_headline=headline
        )
        .order_by("-search_rank", "-pk")
    )


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


def _substring_hits(kind, rows, query, limit):
    wanted, excluded = query_terms(query)
    if not wanted:
        return []
    fields = DOCUMENTS[kind]
    for term in wanted:
        rows = rows.filter(_contains_any(fields, term))
    for term in excluded:
        rows = rows.exclude(_contains_any(fields, term))
    rows = rows.order_by("-pk")
    hits = []
    for row in rows[: limit + 1]:
        text = " ".join(getattr(row, field) or "" for field in SNIPPETS[kind])
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
