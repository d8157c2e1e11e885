"""Write a negotiation out as an interchange document, and compare documents.

The export reads each table once (a bounded number of queries whatever the size)
and writes keys in the schema's order. Absent optional fields are left out rather
than written as "" or null, and whole numbers are written as integers (1000, not
1000.0), so that importing a document and exporting it gives the same document
per the format's "Same values" section; canonical() states that comparison.
"""

import json

import orjson

from parties.models import Actor, Person

from ..models import (
    Event,
    Issue,
    Position,
    Proposal,
    Response,
    ScaleOption,
    Source,
    Term,
    Version,
)
from .implementation_export import export_implementation
from .parsing import MAX_BYTES
from .problems import DocumentError, Problem
from .validation import FORMAT

DEFAULT_STALE_DAYS = 60  # the format's default staleness window


def export_negotiation(negotiation, *, include_drafts=False):
    """Return the negotiation as a document (a dict) in the interchange format.

    Only published claims (versions, positions, responses, events) are written
    unless include_drafts. The baseline version is always written, since the
    format requires it; a proposal left without versions is left out. Raise
    DocumentError where the negotiation lacks its sides or its baseline.
    """
    return _Exporter(negotiation, include_drafts=include_drafts).export()


def dump_document(doc, *, indent=False):
    """Return a document as UTF-8 JSON bytes: compact, or indented on request.

    orjson writes it, a tenth of the json module's time on a large
    negotiation (the same bytes: UTF-8 text, not \\u escapes, and two-space
    indentation). Indented only when the indented file still fits in 20 MiB.
    """
    if indent:
        data = orjson.dumps(doc, option=orjson.OPT_INDENT_2 | orjson.OPT_APPEND_NEWLINE)
        if len(data) <= MAX_BYTES:
            return data
    # Indentation must not push a large negotiation over the format's limit.
    return orjson.dumps(doc, option=orjson.OPT_APPEND_NEWLINE)


def _number(value):
    """Return a stored float as the document writes it: 1000.0 as 1000."""
    if value is None:
        return None
    return int(value) if value.is_integer() else value


def _put(obj, key, value):
    """Set obj[key] unless the value is absent (None, "" or an empty list)."""
    if value is None or value == "" or value == []:
        return
    obj[key] = value


def _day(value):
    return value.isoformat() if value is not None else None


class _Exporter:
    def __init__(self, negotiation, *, include_drafts):
        self.negotiation = negotiation
        self.include_drafts = include_drafts
        # The source ids the exported claims cite (see source_keys).
        self.cited = set()
        # Slugs and values by id, filled by actors(), people() and issues(), so
        # that the large tables are read without joins.
        self.actor_slugs = {}
        self.person_slugs = {}
        self.issue_slugs = {}
        self.option_values = {}

    def export(self):
        doc = {"format": FORMAT}
        doc["negotiation"] = self.negotiation_part()
        doc["actors"] = self.actors()
        people = self.people()
        if people:
            doc["people"] = people
        doc["issues"] = self.issues()
        # Read first (their keys by id), written last: without drafts, only
        # the sources exported claims cite.
        source_rows = self.source_rows()
        doc["sources"] = []
        doc["proposals"] = self.proposals()
        doc["positions"] = self.positions()
        responses = self.responses()
        if responses:
            doc["responses"] = responses
        events = self.events()
        if events:
            doc["events"] = events
        commitments, implementation = export_implementation(self)
        _put(doc, "commitments", commitments)
        _put(doc, "implementation", implementation)
        # After every claim: the sources are those the exported claims cite.
        doc["sources"] = self.sources(source_rows)
        return doc

    def published(self, queryset):
        if self.include_drafts:
            return queryset
        return queryset.published()

    def negotiation_part(self):
        negotiation = self.negotiation
        problems = []
        if negotiation.side_a_id is None or negotiation.side_b_id is None:
            problems.append(
                Problem(
                    "negotiation.sides", "required: the negotiation has no two sides"
                )
            )
        if negotiation.baseline_id is None:
            problems.append(
                Problem(
                    "negotiation.baseline", "required: the negotiation has no baseline"
                )
            )
        if problems:
            raise DocumentError(problems)
        baseline = Version.objects.select_related("proposal").get(
            pk=negotiation.baseline_id
        )
        sides = dict(
            Actor.objects.filter(
                pk__in=[negotiation.side_a_id, negotiation.side_b_id]
            ).values_list("pk", "slug")
        )
        part = {"slug": negotiation.slug, "title": negotiation.title}
        _put(part, "summary", negotiation.summary)
        _put(part, "started_on", _day(negotiation.started_on))
        part["stale_after_days"] = negotiation.stale_after_days
        part["sides"] = [sides[negotiation.side_a_id], sides[negotiation.side_b_id]]
        part["baseline"] = {
            "proposal": baseline.proposal.slug,
            "version": baseline.label,
        }
        return part

    def actors(self):
        rows = Actor.objects.filter(negotiation=self.negotiation).order_by("pk")
        actors = []
        for row in rows.values(
            "pk", "slug", "name", "short_name", "kind", "role", "description"
        ):
            self.actor_slugs[row["pk"]] = row["slug"]
            actor = {"slug": row["slug"], "name": row["name"]}
            _put(actor, "short_name", row["short_name"])
            _put(actor, "kind", row["kind"])
            actor["role"] = row["role"]
            _put(actor, "description", row["description"])
            actors.append(actor)
        return actors

    def people(self):
        rows = Person.objects.filter(negotiation=self.negotiation).order_by("pk")
        people = []
        for row in rows.values("pk", "slug", "name", "title", "actor__slug"):
            self.person_slugs[row["pk"]] = row["slug"]
            person = {"slug": row["slug"], "name": row["name"]}
            _put(person, "title", row["title"])
            _put(person, "actor", row["actor__slug"])
            people.append(person)
        return people

    def issues(self):
        scales = {}
        options = ScaleOption.objects.filter(issue__negotiation=self.negotiation)
        for pk, issue_id, value, label in options.order_by("issue", "rank").values_list(
            "pk", "issue_id", "value", "label"
        ):
            self.option_values[pk] = value
            scales.setdefault(issue_id, []).append({"value": value, "label": label})
        rows = Issue.objects.filter(negotiation=self.negotiation).order_by("rank", "pk")
        issues = []
        for row in rows.values(
            "pk",
            "slug",
            "title",
            "description",
            "measure",
            "unit",
            "side_a__slug",
            "side_b__slug",
        ):
            self.issue_slugs[row["pk"]] = row["slug"]
            issue = {"slug": row["slug"], "title": row["title"]}
            _put(issue, "description", row["description"])
            issue["measure"] = row["measure"]
            _put(issue, "unit", row["unit"])
            if row["side_a__slug"] and row["side_b__slug"]:
                issue["sides"] = [row["side_a__slug"], row["side_b__slug"]]
            _put(issue, "scale", scales.get(row["pk"]))
            issues.append(issue)
        return issues

    def source_rows(self):
        """Read the negotiation's sources; remember each one's key by id."""
        rows = Source.objects.filter(negotiation=self.negotiation).order_by("pk")
        sources = list(
            rows.values(
                "pk",
                "key",
                "title",
                "publisher",
                "url",
                "published_on",
                "kind",
                "archived_url",
            )
        )
        self.source_key_by_id = {row["pk"]: row["key"] for row in sources}
        return sources

    def sources(self, rows):
        """Return the sources; without drafts, those the exported claims cite.

        A source cited only by drafts would tell what the drafts are about.
        """
        if not self.include_drafts:
            rows = [row for row in rows if row["key"] in self.cited]
        sources = []
        for row in rows:
            source = {"id": row["key"], "title": row["title"]}
            _put(source, "publisher", row["publisher"])
            _put(source, "url", row["url"])
            _put(source, "published_on", _day(row["published_on"]))
            _put(source, "kind", row["kind"])
            _put(source, "archived_url", row["archived_url"])
            sources.append(source)
        return sources

    def source_keys(self, model, ids):
        """Return {object id: [source ids]} for the objects' sources (one query).

        A claim cites sources of its own negotiation only (the database
        refuses others), so their keys come from source_rows().
        """
        field = model._meta.get_field("sources")
        name = field.m2m_field_name()
        links = field.remote_field.through.objects.filter(**{f"{name}__in": ids})
        key_by_id = self.source_key_by_id
        keys = {}
        for object_id, source_id in links.order_by("pk").values_list(
            f"{name}_id", "source_id"
        ):
            key = key_by_id[source_id]
            keys.setdefault(object_id, []).append(key)
            self.cited.add(key)
        return keys

    def proposals(self):
        versions = Version.objects.filter(proposal__negotiation=self.negotiation)
        if not self.include_drafts:
            # The format needs the baseline, so it is written even as a draft.
            versions = versions.published() | versions.filter(
                pk=self.negotiation.baseline_id
            )
        version_rows = list(
            versions.order_by("proposal", "rank", "pk").values(
                "pk",
                "proposal_id",
                "label",
                "date",
                "summary",
                "text",
                "amends_id",
                "amends__proposal__slug",
                "amends__label",
            )
        )
        self.version_ids = [row["pk"] for row in version_rows]
        written = set(self.version_ids)
        terms = self.terms()
        sources = self.source_keys(Version, versions.values("pk"))
        by_proposal = {}
        for row in version_rows:
            version = {"label": row["label"], "date": _day(row["date"])}
            # An amended draft is not written, so neither is the link to it.
            if row["amends_id"] in written:
                version["amends"] = {
                    "proposal": row["amends__proposal__slug"],
                    "version": row["amends__label"],
                }
            _put(version, "summary", row["summary"])
            _put(version, "text", row["text"])
            _put(version, "terms", terms.get(row["pk"]))
            _put(version, "sources", sources.get(row["pk"]))
            by_proposal.setdefault(row["proposal_id"], []).append(version)
        rows = Proposal.objects.filter(negotiation=self.negotiation).order_by("pk")
        authors = {}
        links = Proposal.authors.through.objects.filter(proposal__in=rows.values("pk"))
        for proposal_id, slug in links.order_by("pk").values_list(
            "proposal_id", "actor__slug"
        ):
            authors.setdefault(proposal_id, []).append(slug)
        proposals = []
        for row in rows.values("pk", "slug", "title", "summary"):
            if row["pk"] not in by_proposal:
                continue  # all its versions are drafts
            proposal = {"slug": row["slug"], "title": row["title"]}
            _put(proposal, "authors", authors.get(row["pk"]))
            _put(proposal, "summary", row["summary"])
            proposal["versions"] = by_proposal[row["pk"]]
            proposals.append(proposal)
        return proposals

    def terms(self):
        rows = Term.objects.filter(version__in=self.version_ids).order_by("pk")
        terms = {}
        for row in rows.values(
            "version_id", "issue__slug", *VALUE_FIELDS, "text", "condition"
        ):
            term = {"issue": row["issue__slug"]}
            _put(term, "value", _value(row))
            _put(term, "text", row["text"])
            _put(term, "condition", row["condition"])
            terms.setdefault(row["version_id"], []).append(term)
        return terms

    def positions(self):
        rows = self.published(Position.objects.filter(negotiation=self.negotiation))
        sources = self.source_keys(Position, rows.values("pk"))
        actors, people = self.actor_slugs, self.person_slugs
        issues, options = self.issue_slugs, self.option_values
        positions = []
        # Ids, not joined slugs: the table is the largest, and the names are
        # few and already read.
        for (
            pk,
            actor_id,
            issue_id,
            as_of,
            value_number,
            value_min,
            value_max,
            option_id,
            condition,
            summary,
            status,
            attributed_actor_id,
            attributed_person_id,
        ) in rows.order_by("pk").values_list(
            "pk",
            "actor_id",
            "issue_id",
            "as_of",
            "value_number",
            "value_min",
            "value_max",
            "value_option_id",
            "condition",
            "summary",
            "status",
            "attributed_actor_id",
            "attributed_person_id",
        ):
            position = {
                "actor": actors[actor_id],
                "issue": issues[issue_id],
                "as_of": _day(as_of),
            }
            value = _value(
                {
                    "value_number": value_number,
                    "value_min": value_min,
                    "value_max": value_max,
                    "value_option__value": options.get(option_id),
                }
            )
            _put(position, "value", value)
            _put(position, "condition", condition)
            _put(position, "summary", summary)
            position["status"] = status
            attributed = people.get(attributed_person_id) or actors.get(
                attributed_actor_id
            )
            _put(position, "attributed_to", attributed)
            _put(position, "sources", sources.get(pk))
            positions.append(position)
        return positions

    def responses(self):
        rows = self.published(Response.objects.filter(negotiation=self.negotiation))
        # A response to a version left out would name a version that is not there.
        rows = rows.filter(version__in=self.version_ids)
        sources = self.source_keys(Response, rows.values("pk"))
        responses = []
        for row in rows.order_by("pk").values(
            "pk",
            "actor__slug",
            "version__proposal__slug",
            "version__label",
            "date",
            "response",
            "status",
            "attributed_actor__slug",
            "attributed_person__slug",
            "condition",
            "summary",
        ):
            response = {
                "actor": row["actor__slug"],
                "proposal": row["version__proposal__slug"],
                "version": row["version__label"],
                "date": _day(row["date"]),
                "response": row["response"],
            }
            _put(response, "status", row["status"])
            _put(response, "attributed_to", _attributed_to(row))
            _put(response, "condition", row["condition"])
            _put(response, "summary", row["summary"])
            _put(response, "sources", sources.get(row["pk"]))
            responses.append(response)
        return responses

    def events(self):
        rows = self.published(Event.objects.filter(negotiation=self.negotiation))
        ids = rows.values("pk")
        participants = {}
        for name, target in (
            ("participant_actors", "actor"),
            ("participant_people", "person"),
        ):
            through = Event._meta.get_field(name).remote_field.through
            links = through.objects.filter(event__in=ids).order_by("pk")
            for event_id, slug in links.values_list("event_id", f"{target}__slug"):
                participants.setdefault(event_id, []).append(slug)
        sources = self.source_keys(Event, ids)
        events = []
        for row in rows.order_by("pk").values(
            "pk", "slug", "date", "end_date", "title", "place", "kind", "summary"
        ):
            event = {}
            _put(event, "slug", row["slug"])
            event["date"] = _day(row["date"])
            _put(event, "end_date", _day(row["end_date"]))
            event["title"] = row["title"]
            _put(event, "place", row["place"])
            _put(event, "kind", row["kind"])
            _put(event, "participants", participants.get(row["pk"]))
            _put(event, "summary", row["summary"])
            _put(event, "sources", sources.get(row["pk"]))
            events.append(event)
        return events


VALUE_FIELDS = ("value_number", "value_min", "value_max", "value_option__value")


def _value(row):
    """Return a stored value as written in a document.

    A number, a range ({"min", "max"}, an open end left out), an option or None.
    """
    if row["value_option__value"] is not None:
        return row["value_option__value"]
    if row["value_min"] is not None or row["value_max"] is not None:
        value = {}
        _put(value, "min", _number(row["value_min"]))
        _put(value, "max", _number(row["value_max"]))
        return value
    return _number(row["value_number"])


def _attributed_to(row):
    return row["attributed_person__slug"] or row["attributed_actor__slug"]


# ---- Same values ---------------------------------------------------------------

# The arrays whose order carries meaning, by the keys that lead to them.
ORDERED_ARRAYS = {
    ("negotiation", "sides"),
    ("issues", "scale"),
    ("proposals", "versions"),
    ("commitments", "owed_by"),  # the first owes as the holder
}
# Top-level arrays where absent and empty are the same (format 2).
OPTIONAL_ARRAYS = ("commitments", "implementation")


def canonical(doc):
    """Return the document normalised per the format's "Same values" sections.

    Null values are dropped (absent and null are the same), numbers become floats
    (1e3 is 1000, -0 is 0), and every array is sorted except sides, a scale and a
    proposal's versions, whose order carries meaning. Version 2's additions: the
    format's version number is left out (a version-1 document is a version-2
    one), `author: x` becomes `authors: [x]`, a range with both bounds equal
    becomes that number, an absent staleness window is the default 60 days, and
    empty `commitments` or `implementation` are absent ones. Two documents hold
    the same values exactly when their canonical forms are equal.
    """
    return _canonical(_version_two(doc), ())


def _version_two(doc):
    """Return a shallow copy of a document with version 2's defaults spelt out."""
    if not isinstance(doc, dict):
        return doc
    doc = {
        key: value
        for key, value in doc.items()
        if key != "format" and not (key in OPTIONAL_ARRAYS and value == [])
    }
    negotiation = doc.get("negotiation")
    if isinstance(negotiation, dict) and negotiation.get("stale_after_days") is None:
        doc["negotiation"] = {**negotiation, "stale_after_days": DEFAULT_STALE_DAYS}
    if isinstance(doc.get("proposals"), list):
        doc["proposals"] = [_with_authors(proposal) for proposal in doc["proposals"]]
    return doc


def _with_authors(proposal):
    """Return a proposal with `author: x` written as `authors: [x]`."""
    if not isinstance(proposal, dict) or proposal.get("author") is None:
        return proposal
    author = proposal["author"]
    proposal = {key: value for key, value in proposal.items() if key != "author"}
    proposal["authors"] = [*(proposal.get("authors") or []), author]
    return proposal


def equivalent(doc_a, doc_b):
    """Return True where two documents hold the same objects with the same values."""
    return canonical(doc_a) == canonical(doc_b)


def _canonical(value, keys):
    if isinstance(value, dict):
        if keys[-1:] == ("value",) and _is_point_range(value):
            return _canonical(value["min"], keys)
        return {
            key: _canonical(item, keys + (key,))
            for key, item in value.items()
            if item is not None
        }
    if isinstance(value, list):
        items = [_canonical(item, keys) for item in value]
        if keys[-2:] in ORDERED_ARRAYS:
            return items
        return sorted(items, key=_sort_key)
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return float(value) + 0.0  # adding 0.0 turns -0.0 into 0.0
    return value


def _is_point_range(value):
    """Return True for a range {"min": n, "max": n}: the same value as n."""
    low, high = value.get("min"), value.get("max")
    return (
        set(value) == {"min", "max"}
        and all(
            isinstance(bound, (int, float)) and not isinstance(bound, bool)
            for bound in (low, high)
        )
        and float(low) == float(high)
    )


def _sort_key(value):
    return json.dumps(value, sort_keys=True, ensure_ascii=False)
