"""Write a checked document into the database: one negotiation and everything in it.

Nothing is written unless the whole document is clean, and everything is written in
one transaction: rows go in by table in bulk (see writing.py), then every row gets its
"+" history record, many-to-many rows included, so that a large document costs a
few dozen statements, not one per row. A replacement deletes the old negotiation
and inserts the new one in that same transaction, so readers see the old
negotiation or the new one, never a mix.
"""

from django.db import transaction
from django.utils import timezone

from parties.models import Actor, Person

from ..models import (
    Commitment,
    Event,
    ImplementationEntry,
    Issue,
    Negotiation,
    Position,
    Proposal,
    Response,
    ScaleOption,
    Source,
    Term,
    Version,
)
from . import bulk
from .problems import NegotiationExists, Problem, ReplacedMeanwhile
from .validation import validate_document
from .writing import _exists, _Writer

IMPORT_REASON = "Imported from the interchange format"
REPLACE_REASON = "Replaced by an import of the interchange format"


def import_negotiation(
    doc, *, replace=False, publish=True, user=None, dry_run=False, checked=False
):
    """Check the document, then write its negotiation; return the Negotiation.

    Raise DocumentError listing every problem (nothing is written), or
    NegotiationExists where the slug is taken and `replace` is False. With
    `publish` the negotiation and all its claims are public, else all are drafts.
    `user` is recorded as the history user. `dry_run` writes, then rolls back.
    Pass `checked=True` for a document just returned by load_document (and not
    changed since): it was checked there, and a large one takes seconds to check.
    """
    if not checked:
        validate_document(doc)
    slug = doc["negotiation"]["slug"]
    now = timezone.now()
    with transaction.atomic():
        existing = Negotiation.objects.select_for_update().filter(slug=slug).first()
        if existing is not None:
            if not replace:
                raise _exists(slug)
            delete_negotiation(existing, user=user, now=now, reason=REPLACE_REASON)
        try:
            negotiation = _Writer(doc, publish=publish, now=now).write()
        except NegotiationExists as error:
            if replace:
                raise _replaced_meanwhile(slug) from error
            raise
        _record_import(negotiation, user=user, now=now)
        if dry_run:
            transaction.set_rollback(True)
    if not dry_run:
        # The tables the pages and the search read just took their rows in bulk:
        # without fresh statistics the planner estimates them a hundredfold too
        # small. Only tables the document filled; an empty one has nothing new.
        filled = _filled_tables(doc)
        bulk.analyze(dict.fromkeys(filled))
        # So that a search right after the import uses the search indexes.
        bulk.flush_gin_pending_lists(filled)
    return negotiation


def _filled_tables(doc):
    """Return the models the pages and the search read that the document filled."""
    versions = [
        version for proposal in doc["proposals"] for version in proposal["versions"]
    ]
    filled = {
        Position: doc["positions"],
        Response: doc.get("responses"),
        Event: doc.get("events"),
        Version: versions,
        Term: [term for version in versions for term in version.get("terms", [])],
        Source: doc["sources"],
        Proposal: doc["proposals"],
        Issue: doc["issues"],
        Commitment: doc.get("commitments"),
        ImplementationEntry: doc.get("implementation"),
    }
    return [model for model, rows in filled.items() if rows]


def _replaced_meanwhile(slug):
    return ReplacedMeanwhile(
        [
            Problem(
                "negotiation.slug",
                f'another import of "{slug}" finished while this one ran, so '
                "this one wrote nothing; run it again to replace that import",
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
    if doc.get("commitments"):
        counts += [
            (len(doc["commitments"]), "commitment", "commitments"),
            (len(doc.get("implementation", [])), "report", "implementation reports"),
        ]
    return ", ".join(
        f"{count:,} {singular if count == 1 else plural}"
        for count, singular, plural in counts
    )


def _rows_by_model(negotiation):
    """Return (model, queryset) for each kind of row in a negotiation, parents first."""
    return [
        (Negotiation, Negotiation.objects.filter(pk=negotiation.pk)),
        (Actor, Actor.objects.filter(negotiation=negotiation)),
        (Person, Person.objects.filter(negotiation=negotiation)),
        (Source, Source.objects.filter(negotiation=negotiation)),
        (Issue, Issue.objects.filter(negotiation=negotiation)),
        (ScaleOption, ScaleOption.objects.filter(issue__negotiation=negotiation)),
        (Proposal, Proposal.objects.filter(negotiation=negotiation)),
        (Version, Version.objects.filter(proposal__negotiation=negotiation)),
        (Term, Term.objects.filter(version__proposal__negotiation=negotiation)),
        (Position, Position.objects.filter(negotiation=negotiation)),
        (Response, Response.objects.filter(negotiation=negotiation)),
        (Event, Event.objects.filter(negotiation=negotiation)),
        (Commitment, Commitment.objects.filter(negotiation=negotiation)),
        (
            ImplementationEntry,
            ImplementationEntry.objects.filter(negotiation=negotiation),
        ),
    ]


def _record_import(negotiation, *, user, now):
    """Write the "+" history of every row just imported, many-to-many rows too."""
    linked = []
    for model, rows in _rows_by_model(negotiation):
        recorded = bulk.record_history(
            rows, history_type="+", user=user, date=now, reason=IMPORT_REASON
        )
        # A kind the document left empty has no links either: its tables are
        # left out of the ANALYZE below, which only needs what was filled.
        if recorded:
            linked += [(field, rows) for field in model._meta.many_to_many]
    # The many-to-many history joins the rows just written with their history
    # (on the columns named here; a version's long text need not be sampled).
    tables = {field.remote_field.through: None for field, _ in linked}
    for field, _ in linked:
        tables[field.model.history.model] = ["id", "history_date", "history_type"]
    bulk.analyze(tables)
    for field, rows in linked:
        bulk.record_link_history(field, rows, date=now)


# ---- Deleting a negotiation (for a replacement) --------------------------------------


def delete_negotiation(negotiation, *, user=None, now=None, reason=""):
    """Delete a negotiation and everything in it, with a "-" history row for each.

    Negotiation.delete() would refuse (sides, attributions and values are PROTECTed
    foreign keys), and Django's collector would write history one row at a time; here
    each table is emptied with one DELETE after the database copies its rows into
    their history. Call inside a transaction.
    """
    now = now or timezone.now()
    Negotiation.objects.filter(pk=negotiation.pk).update(
        side_a=None, side_b=None, baseline=None
    )
    # Children before parents; many-to-many rows before the rows they link.
    for model, rows in reversed(_rows_by_model(negotiation)[1:]):
        bulk.record_history(rows, history_type="-", user=user, date=now, reason=reason)
        for field in model._meta.many_to_many:
            links = field.remote_field.through.objects.filter(
                **{f"{field.m2m_field_name()}__in": rows.values("pk")}
            )
            bulk.delete_rows(links)
        bulk.delete_rows(rows)
    # The negotiation row itself goes through Django, so that whatever else refers
    # to it (and cascades) is deleted too; its history row comes from the signal.
    negotiation._history_user = user
    negotiation._change_reason = reason
    negotiation._history_date = now
    negotiation.delete()
