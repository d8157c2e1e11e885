"""The writer of an import: one valid document's rows, inserted by table in bulk.

importing.py validates the document, opens the transaction and records the
history; the _Writer here inserts the rows, parents before children, a few
statements per table (see bulk.py).
"""

import datetime
from itertools import islice

from django.db import IntegrityError, transaction
from django.db.models import Case, Value, When

from parties.models import Actor, Person

from ..models import (
    Event,
    Issue,
    Measure,
    Negotiation,
    Position,
    Proposal,
    Response,
    ScaleOption,
    Source,
    Term,
    Version,
)
from ..ranges import normalised
from . import bulk
from .implementation_import import write_implementation
from .problems import NegotiationExists, Problem

# Claims built in memory at a time: bounds memory for a large document.
CHUNK_SIZE = 2000
# A response's status is optional in the format; empty means not given.
DEFAULT_RESPONSE_STATUS = ""


def _exists(slug):
    return NegotiationExists(
        [
            Problem(
                "negotiation.slug",
                f'a negotiation with slug "{slug}" already exists; '
                "replace it or change the slug",
            )
        ]
    )


def _day(text):
    return datetime.date.fromisoformat(text) if text else None


def _authors(proposal):
    """Return a proposal's author slugs: `author: x` is the same as `authors: [x]`."""
    if proposal.get("authors") is not None:
        return proposal["authors"]
    if proposal.get("author") is not None:
        return [proposal["author"]]
    return []


def _chunks(items, size=CHUNK_SIZE):
    iterator = iter(items)
    while chunk := list(islice(iterator, size)):
        yield chunk


class _Writer:
    """Insert one valid document's rows, parents before children."""

    def __init__(self, doc, *, publish, now):
        self.doc = doc
        self.publish = publish
        self.now = now

    def write(self):
        self.write_negotiation()
        self.write_parties()
        self.write_sources()
        self.write_issues()
        self.write_proposals()
        self.write_terms()
        self.write_positions()
        self.write_responses()
        self.write_events()
        write_implementation(self)  # format 2's commitments and entries
        self.finish_negotiation()
        return self.negotiation

    def write_negotiation(self):
        data = self.doc["negotiation"]
        stale_after_days = data.get("stale_after_days")
        if stale_after_days is None:
            stale_after_days = Negotiation._meta.get_field("stale_after_days").default
        self.negotiation = Negotiation(
            slug=data["slug"],
            title=data["title"],
            summary=data.get("summary", ""),
            started_on=_day(data.get("started_on")),
            stale_after_days=int(stale_after_days),
            is_published=self.publish,
            changed_at=self.now,
        )
        try:
            with transaction.atomic():
                # Saved without signals; the sides and baseline come at the end.
                Negotiation.objects.bulk_create([self.negotiation])
        except IntegrityError as error:
            # Another import took the slug since this one looked.
            raise _exists(data["slug"]) from error

    def insert(self, model, rows):
        """Insert rows (dicts of attribute values); return their ids in order."""
        return bulk.insert_rows(model, rows)

    def link(self, model, field_name, pairs):
        bulk.insert_links(model._meta.get_field(field_name), pairs)

    def link_sources(self, model, entries):
        """Link new rows to their sources; entries are (document object, row id)."""
        pairs = [
            (row_id, self.source_ids[source_id])
            for obj, row_id in entries
            for source_id in obj.get("sources", [])
        ]
        self.link(model, "sources", pairs)

    def write_parties(self):
        negotiation_id = self.negotiation.pk
        actors = self.doc["actors"]
        ids = self.insert(
            Actor,
            [
                {
                    "negotiation_id": negotiation_id,
                    "slug": actor["slug"],
                    "name": actor["name"],
                    "short_name": actor.get("short_name", ""),
                    "kind": actor.get("kind", ""),
                    "role": actor["role"],
                    "description": actor.get("description", ""),
                }
                for actor in actors
            ],
        )
        self.actor_ids = {
            actor["slug"]: pk for actor, pk in zip(actors, ids, strict=True)
        }
        people = self.doc.get("people", [])
        ids = self.insert(
            Person,
            [
                {
                    "negotiation_id": negotiation_id,
                    "slug": person["slug"],
                    "name": person["name"],
                    "title": person.get("title", ""),
                    "actor_id": self.actor_ids.get(person.get("actor")),
                }
                for person in people
            ],
        )
        self.person_ids = {
            person["slug"]: pk for person, pk in zip(people, ids, strict=True)
        }

    def write_sources(self):
        sources = self.doc["sources"]
        ids = self.insert(
            Source,
            [
                {
                    "negotiation_id": self.negotiation.pk,
                    "key": source["id"],
                    "title": source["title"],
                    "publisher": source.get("publisher", ""),
                    "url": source.get("url", ""),
                    "published_on": _day(source.get("published_on")),
                    "kind": source.get("kind") or "",
                    "archived_url": source.get("archived_url") or "",
                }
                for source in sources
            ],
        )
        self.source_ids = {
            source["id"]: pk for source, pk in zip(sources, ids, strict=True)
        }

    def write_issues(self):
        issues = self.doc["issues"]
        ids = self.insert(
            Issue,
            [
                {
                    "negotiation_id": self.negotiation.pk,
                    "slug": issue["slug"],
                    "title": issue["title"],
                    "description": issue.get("description", ""),
                    "measure": issue["measure"],
                    "unit": issue.get("unit", ""),
                    "rank": rank,
                }
                for rank, issue in enumerate(issues)
            ],
        )
        self.issues = {
            issue["slug"]: (pk, issue["measure"])
            for issue, pk in zip(issues, ids, strict=True)
        }
        options = [
            (issue["slug"], rank, option)
            for issue in issues
            for rank, option in enumerate(issue.get("scale") or [])
        ]
        ids = self.insert(
            ScaleOption,
            [
                {
                    "issue_id": self.issues[slug][0],
                    "value": option["value"],
                    "label": option["label"],
                    "rank": rank,
                }
                for slug, rank, option in options
            ],
        )
        self.option_ids = {
            (slug, option["value"]): pk
            for (slug, _, option), pk in zip(options, ids, strict=True)
        }

    def write_proposals(self):
        proposals = self.doc["proposals"]
        ids = self.insert(
            Proposal,
            [
                {
                    "negotiation_id": self.negotiation.pk,
                    "slug": proposal["slug"],
                    "title": proposal["title"],
                    "summary": proposal.get("summary", ""),
                }
                for proposal in proposals
            ],
        )
        self.link(
            Proposal,
            "authors",
            [
                (pk, self.actor_ids[slug])
                for proposal, pk in zip(proposals, ids, strict=True)
                for slug in _authors(proposal)
            ],
        )
        self.version_ids = {}  # (proposal slug, label) -> id
        entries = (
            (proposal["slug"], proposal_id, rank, version)
            for proposal, proposal_id in zip(proposals, ids, strict=True)
            for rank, version in enumerate(proposal["versions"])
        )
        # A version's full text may be long: a chunk at a time.
        for chunk in _chunks(entries, size=CHUNK_SIZE // 10):
            version_ids = self.insert(
                Version,
                [
                    {
                        "proposal_id": proposal_id,
                        "label": version["label"],
                        "date": _day(version["date"]),
                        "rank": rank,
                        "summary": version.get("summary", ""),
                        "text": version.get("text", ""),
                        "is_published": self.publish,
                    }
                    for _, proposal_id, rank, version in chunk
                ],
            )
            sourced = []
            for (slug, _, _, version), pk in zip(chunk, version_ids, strict=True):
                self.version_ids[slug, version["label"]] = pk
                sourced.append((version, pk))
            self.link_sources(Version, sourced)
        self.write_amends()

    def write_amends(self):
        """Point each amending version at the one it amends, now both exist."""
        amends = {
            self.version_ids[proposal["slug"], version["label"]]: self.version_ids[
                version["amends"]["proposal"], version["amends"]["version"]
            ]
            for proposal in self.doc["proposals"]
            for version in proposal["versions"]
            if version.get("amends") is not None
        }
        if amends:
            Version.objects.filter(pk__in=amends).update(
                amends_id=Case(
                    *[When(pk=pk, then=Value(target)) for pk, target in amends.items()]
                )
            )

    def measured(self, issue_slug, value):
        """Return the measure and value fields for a value on an issue.

        A range of one number is stored as that number: they are the same value.
        """
        _, measure = self.issues[issue_slug]
        fields = {
            "measure": measure,
            "value_number": None,
            "value_min": None,
            "value_max": None,
            "value_option_id": None,
        }
        if value is None:
            return fields
        if measure == Measure.NUMERIC and isinstance(value, dict):
            low, high = value.get("min"), value.get("max")
            point, low, high = normalised(
                None if low is None else float(low),
                None if high is None else float(high),
            )
            fields.update(value_number=point, value_min=low, value_max=high)
        elif measure == Measure.NUMERIC:
            fields["value_number"] = float(value)
        elif measure == Measure.ORDINAL:
            fields["value_option_id"] = self.option_ids[issue_slug, value]
        return fields

    def write_terms(self):
        terms = (
            {
                "version_id": self.version_ids[proposal["slug"], version["label"]],
                "issue_id": self.issues[term["issue"]][0],
                "text": term.get("text", ""),
                "condition": term.get("condition") or "",
                **self.measured(term["issue"], term.get("value")),
            }
            for proposal in self.doc["proposals"]
            for version in proposal["versions"]
            for term in version.get("terms", [])
        )
        for chunk in _chunks(terms):
            self.insert(Term, chunk)

    def attribution(self, claim):
        who = claim.get("attributed_to")
        return {
            "attributed_actor_id": self.actor_ids.get(who),
            "attributed_person_id": self.person_ids.get(who),
        }

    def write_positions(self):
        for chunk in _chunks(self.doc["positions"]):
            ids = self.insert(
                Position,
                [
                    {
                        "negotiation_id": self.negotiation.pk,
                        "actor_id": self.actor_ids[position["actor"]],
                        "issue_id": self.issues[position["issue"]][0],
                        "as_of": _day(position["as_of"]),
                        "status": position["status"],
                        "summary": position.get("summary", ""),
                        "condition": position.get("condition") or "",
                        "is_published": self.publish,
                        **self.measured(position["issue"], position.get("value")),
                        **self.attribution(position),
                    }
                    for position in chunk
                ],
            )
            self.link_sources(Position, list(zip(chunk, ids, strict=True)))

    def write_responses(self):
        for chunk in _chunks(self.doc.get("responses", [])):
            ids = self.insert(
                Response,
                [
                    {
                        "negotiation_id": self.negotiation.pk,
                        "actor_id": self.actor_ids[response["actor"]],
                        "version_id": self.version_ids[
                            response["proposal"], response["version"]
                        ],
                        "date": _day(response["date"]),
                        "response": response["response"],
                        "status": response.get("status", DEFAULT_RESPONSE_STATUS),
                        "summary": response.get("summary", ""),
                        "condition": response.get("condition") or "",
                        "is_published": self.publish,
                        **self.attribution(response),
                    }
                    for response in chunk
                ],
            )
            self.link_sources(Response, list(zip(chunk, ids, strict=True)))

    def write_events(self):
        for chunk in _chunks(self.doc.get("events", [])):
            ids = self.insert(
                Event,
                [
                    {
                        "negotiation_id": self.negotiation.pk,
                        "slug": event.get("slug", ""),
                        "date": _day(event["date"]),
                        "end_date": _day(event.get("end_date")),
                        "title": event["title"],
                        "place": event.get("place", ""),
                        "kind": event.get("kind", ""),
                        "summary": event.get("summary", ""),
                        "is_published": self.publish,
                    }
                    for event in chunk
                ],
            )
            entries = list(zip(chunk, ids, strict=True))
            participants = [
                (pk, slug)
                for event, pk in entries
                for slug in event.get("participants", [])
            ]
            actors = [
                (pk, self.actor_ids[slug])
                for pk, slug in participants
                if slug in self.actor_ids
            ]
            people = [
                (pk, self.person_ids[slug])
                for pk, slug in participants
                if slug in self.person_ids
            ]
            self.link(Event, "participant_actors", actors)
            self.link(Event, "participant_people", people)
            self.link_sources(Event, entries)

    def finish_negotiation(self):
        """Set the sides (the negotiation's and the issues') and the baseline."""
        data = self.doc["negotiation"]
        negotiation = self.negotiation
        negotiation.side_a_id = self.actor_ids[data["sides"][0]]
        negotiation.side_b_id = self.actor_ids[data["sides"][1]]
        baseline = data["baseline"]
        negotiation.baseline_id = self.version_ids[
            baseline["proposal"], baseline["version"]
        ]
        Negotiation.objects.filter(pk=negotiation.pk).update(
            side_a_id=negotiation.side_a_id,
            side_b_id=negotiation.side_b_id,
            baseline_id=negotiation.baseline_id,
        )
        issue_sides = {
            self.issues[issue["slug"]][0]: [self.actor_ids[slug] for slug in sides]
            for issue in self.doc["issues"]
            if (sides := issue.get("sides")) is not None
        }
        if issue_sides:
            Issue.objects.filter(pk__in=issue_sides).update(
                side_a_id=Case(
                    *[
                        When(pk=pk, then=Value(pair[0]))
                        for pk, pair in issue_sides.items()
                    ]
                ),
                side_b_id=Case(
                    *[
                        When(pk=pk, then=Value(pair[1]))
                        for pk, pair in issue_sides.items()
                    ]
                ),
            )
