"""Write a checked document into the database: one negotiation and everything in it.

Nothing is written unless the whole document is clean, and everything is written in
one transaction: bulk inserts in batches, each with its history rows (the many-to-
many rows too), so that a large document costs a few hundred queries, not one per
row. A replacement deletes the old negotiation and inserts the new one in that same
transaction, so readers see the old negotiation or the new one, never a mix.
"""

import datetime
from itertools import islice

from django.db import IntegrityError, connection, transaction
from django.utils import timezone
from simple_history.utils import bulk_create_with_history

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
from .problems import NegotiationExists, Problem
from .validation import validate_document

# Rows per INSERT; also how many claims are built in memory at a time.
BATCH_SIZE = 1000
IMPORT_REASON = "Imported from the interchange format"
REPLACE_REASON = "Replaced by an import of the interchange format"
DEFAULT_RESPONSE_STATUS = Response._meta.get_field("status").default


def import_negotiation(doc, *, replace=False, publish=True, user=None, dry_run=False):
    """Check the document, then write its negotiation; return the Negotiation.

    Raise DocumentError listing every problem (nothing is written), or
    NegotiationExists where the slug is taken and `replace` is False. With
    `publish` the negotiation and all its claims are public, else all are drafts.
    `user` is recorded as the history user. `dry_run` writes, then rolls back.
    """
    validate_document(doc)
    slug = doc["negotiation"]["slug"]
    now = timezone.now()
    with transaction.atomic():
        existing = Negotiation.objects.select_for_update().filter(slug=slug).first()
        if existing is not None:
            if not replace:
                raise _exists(slug)
            delete_negotiation(existing, user=user, now=now, reason=REPLACE_REASON)
        negotiation = _Writer(doc, publish=publish, user=user, now=now).write()
        if dry_run:
            transaction.set_rollback(True)
    return negotiation


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


def describe_document(doc):
    """Return what a valid document holds, e.g. "2 actors, 1 issue, ..."."""
    versions = sum(len(proposal["versions"]) for proposal in doc["proposals"])
    counts = [
        (len(doc["actors"]), "actor", "actors"),
        (len(doc.get("people", [])), "person", "people"),
        (len(doc["issues"]), "issue", "issues"),
        (len(doc["sources"]), "source", "sources"),
        (len(doc["proposals"]), "proposal", "proposals"),
        (versions, "version", "versions"),
        (len(doc["positions"]), "position", "positions"),
        (len(doc.get("responses", [])), "response", "responses"),
        (len(doc.get("events", [])), "event", "events"),
    ]
    return ", ".join(
        f"{count:,} {singular if count == 1 else plural}"
        for count, singular, plural in counts
    )


def _day(text):
    return datetime.date.fromisoformat(text) if text else None


def _chunks(items, size=BATCH_SIZE):
    iterator = iter(items)
    while chunk := list(islice(iterator, size)):
        yield chunk


class _Writer:
    """Insert one valid document's objects, parents before children."""

    def __init__(self, doc, *, publish, user, now):
        self.doc = doc
        self.publish = publish
        self.user = user
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
        self.finish_negotiation()
        return self.negotiation

    def insert(self, model, objs):
        """Insert objs with a "+" history row each, in batches."""
        return bulk_create_with_history(
            objs,
            model,
            batch_size=BATCH_SIZE,
            default_user=self.user,
            default_change_reason=IMPORT_REASON,
            default_date=self.now,
        )

    def insert_links(self, field, pairs):
        """Insert many-to-many rows for (object, target id) pairs, and their history.

        bulk_create_with_history leaves many-to-many fields out, so each through row
        is written here and copied into the historical through table, linked to the
        object's "+" history row, as simple_history does for a single save.
        """
        if not pairs:
            return
        model = field.model
        through = field.remote_field.through
        source_name = field.m2m_field_name()
        target_name = field.m2m_reverse_field_name()
        links = through.objects.bulk_create(
            [
                through(**{f"{source_name}_id": obj.pk, f"{target_name}_id": target})
                for obj, target in pairs
            ],
            batch_size=BATCH_SIZE,
        )
        object_ids = list({obj.pk for obj, _ in pairs})
        history_ids = dict(
            model.history.filter(
                id__in=object_ids, history_type="+", history_date=self.now
            ).values_list("id", "history_id")
        )
        historical_through = _historical_through(field)
        historical_through.objects.bulk_create(
            [
                historical_through(
                    id=link.pk,
                    history_id=history_ids[getattr(link, f"{source_name}_id")],
                    **{
                        f"{source_name}_id": getattr(link, f"{source_name}_id"),
                        f"{target_name}_id": getattr(link, f"{target_name}_id"),
                    },
                )
                for link in links
            ],
            batch_size=BATCH_SIZE,
        )

    def write_negotiation(self):
        data = self.doc["negotiation"]
        self.negotiation = Negotiation(
            slug=data["slug"],
            title=data["title"],
            summary=data.get("summary", ""),
            started_on=_day(data.get("started_on")),
            is_published=self.publish,
            changed_at=self.now,
        )
        try:
            with transaction.atomic():
                # Its history row waits for the sides and the baseline.
                Negotiation.objects.bulk_create([self.negotiation])
        except IntegrityError as error:
            # Another import took the slug since this one looked.
            raise _exists(data["slug"]) from error

    def write_parties(self):
        actors = self.insert(
            Actor,
            [
                Actor(
                    negotiation=self.negotiation,
                    slug=actor["slug"],
                    name=actor["name"],
                    short_name=actor.get("short_name", ""),
                    kind=actor.get("kind", ""),
                    role=actor["role"],
                    description=actor.get("description", ""),
                )
                for actor in self.doc["actors"]
            ],
        )
        self.actor_ids = {actor.slug: actor.pk for actor in actors}
        people = self.insert(
            Person,
            [
                Person(
                    negotiation=self.negotiation,
                    slug=person["slug"],
                    name=person["name"],
                    title=person.get("title", ""),
                    actor_id=self.actor_ids.get(person.get("actor")),
                )
                for person in self.doc.get("people", [])
            ],
        )
        self.person_ids = {person.slug: person.pk for person in people}

    def write_sources(self):
        sources = self.insert(
            Source,
            [
                Source(
                    negotiation=self.negotiation,
                    key=source["id"],
                    title=source["title"],
                    publisher=source.get("publisher", ""),
                    url=source.get("url", ""),
                    published_on=_day(source.get("published_on")),
                )
                for source in self.doc["sources"]
            ],
        )
        self.source_ids = {source.key: source.pk for source in sources}

    def write_issues(self):
        issues = self.insert(
            Issue,
            [
                Issue(
                    negotiation=self.negotiation,
                    slug=issue["slug"],
                    title=issue["title"],
                    description=issue.get("description", ""),
                    measure=issue["measure"],
                    unit=issue.get("unit", ""),
                    rank=rank,
                )
                for rank, issue in enumerate(self.doc["issues"])
            ],
        )
        self.issues = {issue.slug: issue for issue in issues}
        options = self.insert(
            ScaleOption,
            [
                ScaleOption(
                    issue=self.issues[issue["slug"]],
                    value=option["value"],
                    label=option["label"],
                    rank=rank,
                )
                for issue in self.doc["issues"]
                for rank, option in enumerate(issue.get("scale") or [])
            ],
        )
        self.option_ids = {
            (option.issue.slug, option.value): option.pk for option in options
        }

    def write_proposals(self):
        proposals = self.insert(
            Proposal,
            [
                Proposal(
                    negotiation=self.negotiation,
                    slug=proposal["slug"],
                    title=proposal["title"],
                    author_id=self.actor_ids.get(proposal.get("author")),
                    summary=proposal.get("summary", ""),
                )
                for proposal in self.doc["proposals"]
            ],
        )
        proposal_ids = {proposal.slug: proposal.pk for proposal in proposals}
        self.version_ids = {}  # (proposal slug, label) -> id
        entries = (
            (proposal["slug"], rank, version)
            for proposal in self.doc["proposals"]
            for rank, version in enumerate(proposal["versions"])
        )
        # A version's full text may be long: build and insert a batch at a time.
        for chunk in _chunks(entries):
            versions = self.insert(
                Version,
                [
                    Version(
                        proposal_id=proposal_ids[slug],
                        label=version["label"],
                        date=_day(version["date"]),
                        rank=rank,
                        summary=version.get("summary", ""),
                        text=version.get("text", ""),
                        is_published=self.publish,
                    )
                    for slug, rank, version in chunk
                ],
            )
            entries = []
            for (slug, _, version), saved in zip(chunk, versions, strict=True):
                self.version_ids[slug, version["label"]] = saved.pk
                entries.append((version, saved))
            self.insert_sources(Version, entries)

    def insert_sources(self, model, entries):
        """Link saved claims to their sources; entries are (document object, row)."""
        pairs = [
            (saved, self.source_ids[source_id])
            for obj, saved in entries
            for source_id in obj.get("sources", [])
        ]
        self.insert_links(model._meta.get_field("sources"), pairs)

    def measured(self, issue_slug, value):
        """Return the measure and value fields for a value on an issue."""
        issue = self.issues[issue_slug]
        fields = {
            "measure": issue.measure,
            "value_number": None,
            "value_option_id": None,
        }
        if value is None:
            return fields
        if issue.measure == Measure.NUMERIC:
            fields["value_number"] = float(value)
        elif issue.measure == Measure.ORDINAL:
            fields["value_option_id"] = self.option_ids[issue_slug, value]
        return fields

    def write_terms(self):
        terms = (
            Term(
                version_id=self.version_ids[proposal["slug"], version["label"]],
                issue=self.issues[term["issue"]],
                text=term.get("text", ""),
                **self.measured(term["issue"], term.get("value")),
            )
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
            positions = self.insert(
                Position,
                [
                    Position(
                        negotiation=self.negotiation,
                        actor_id=self.actor_ids[position["actor"]],
                        issue=self.issues[position["issue"]],
                        as_of=_day(position["as_of"]),
                        status=position["status"],
                        summary=position.get("summary", ""),
                        is_published=self.publish,
                        **self.measured(position["issue"], position.get("value")),
                        **self.attribution(position),
                    )
                    for position in chunk
                ],
            )
            self.insert_sources(Position, chunk_objects(chunk, positions))

    def write_responses(self):
        for chunk in _chunks(self.doc.get("responses", [])):
            responses = self.insert(
                Response,
                [
                    Response(
                        negotiation=self.negotiation,
                        actor_id=self.actor_ids[response["actor"]],
                        version_id=self.version_ids[
                            response["proposal"], response["version"]
                        ],
                        date=_day(response["date"]),
                        response=response["response"],
                        # The model needs a status; an absent one gets its default.
                        status=response.get("status", DEFAULT_RESPONSE_STATUS),
                        summary=response.get("summary", ""),
                        is_published=self.publish,
                        **self.attribution(response),
                    )
                    for response in chunk
                ],
            )
            self.insert_sources(Response, chunk_objects(chunk, responses))

    def write_events(self):
        actors_field = Event._meta.get_field("participant_actors")
        people_field = Event._meta.get_field("participant_people")
        for chunk in _chunks(self.doc.get("events", [])):
            events = self.insert(
                Event,
                [
                    Event(
                        negotiation=self.negotiation,
                        slug=event.get("slug", ""),
                        date=_day(event["date"]),
                        end_date=_day(event.get("end_date")),
                        title=event["title"],
                        place=event.get("place", ""),
                        kind=event.get("kind", ""),
                        summary=event.get("summary", ""),
                        is_published=self.publish,
                    )
                    for event in chunk
                ],
            )
            entries = chunk_objects(chunk, events)
            participants = [
                (saved, slug)
                for event, saved in entries
                for slug in event.get("participants", [])
            ]
            self.insert_links(
                actors_field,
                [
                    (saved, self.actor_ids[slug])
                    for saved, slug in participants
                    if slug in self.actor_ids
                ],
            )
            self.insert_links(
                people_field,
                [
                    (saved, self.person_ids[slug])
                    for saved, slug in participants
                    if slug in self.person_ids
                ],
            )
            self.insert_sources(Event, entries)

    def finish_negotiation(self):
        """Set the sides and the baseline, now that they exist; record the history."""
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
        Negotiation.history.bulk_history_create(
            [negotiation],
            default_user=self.user,
            default_change_reason=IMPORT_REASON,
            default_date=self.now,
        )


def chunk_objects(chunk, saved):
    """Pair each document object with the row saved for it."""
    return list(zip(chunk, saved, strict=True))


def _historical_through(field):
    """Return the historical model of a many-to-many field's through rows."""
    # simple_history puts a manager of that model on the historical model, by name.
    return getattr(field.model.history.model, field.name).model


# ---- Deleting a negotiation (for a replacement) --------------------------------------


def delete_negotiation(negotiation, *, user=None, now=None, reason=""):
    """Delete a negotiation and everything in it, with a "-" history row for each.

    Negotiation.delete() would refuse (sides, attributions and values are PROTECTed
    foreign keys), and Django's collector would write history one row at a time; here
    each table is emptied with one DELETE after its history rows are written in bulk.
    Call inside a transaction.
    """
    now = now or timezone.now()
    in_negotiation = {"negotiation": negotiation}
    versions = {"proposal__negotiation": negotiation}
    # Children before parents; many-to-many rows before the rows they link.
    plan = [
        (Position, in_negotiation),
        (Response, in_negotiation),
        (Event, in_negotiation),
        (Term, {"version__proposal__negotiation": negotiation}),
        (Version, versions),
        (Proposal, in_negotiation),
        (ScaleOption, {"issue__negotiation": negotiation}),
        (Issue, in_negotiation),
        (Source, in_negotiation),
        (Person, in_negotiation),
        (Actor, in_negotiation),
    ]
    Negotiation.objects.filter(pk=negotiation.pk).update(
        side_a=None, side_b=None, baseline=None
    )
    for model, lookup in plan:
        rows = model.objects.filter(**lookup)
        _record_deletion(model, rows, user=user, now=now, reason=reason)
        for field in model._meta.many_to_many:
            links = field.remote_field.through.objects.filter(
                **{f"{field.m2m_field_name()}__in": rows.values("pk")}
            )
            _delete_rows(links)
        _delete_rows(rows)
    # The negotiation row itself goes through Django, so that whatever else refers
    # to it (and cascades) is deleted too; its history row comes from the signal.
    negotiation._history_user = user
    negotiation._change_reason = reason
    negotiation._history_date = now
    negotiation.delete()


def _record_deletion(model, rows, *, user, now, reason):
    history_model = model.history.model
    names = [field.attname for field in history_model.tracked_fields]
    values = rows.order_by("pk").values_list(*names)
    for chunk in _chunks(values.iterator(chunk_size=BATCH_SIZE)):
        history_model.objects.bulk_create(
            [
                history_model(
                    history_date=now,
                    history_type="-",
                    history_user=user,
                    history_change_reason=reason,
                    **dict(zip(names, values, strict=True)),
                )
                for values in chunk
            ],
            batch_size=BATCH_SIZE,
        )


def _delete_rows(queryset):
    """Delete a queryset's rows in one statement, without signals or cascades."""
    model = queryset.model
    select, params = queryset.values("pk").query.sql_with_params()
    quote = connection.ops.quote_name
    table = quote(model._meta.db_table)
    pk = quote(model._meta.pk.column)
    with connection.cursor() as cursor:
        cursor.execute(f"DELETE FROM {table} WHERE {pk} IN ({select})", params)
