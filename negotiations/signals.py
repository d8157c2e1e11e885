"""Move a negotiation's `changed_at` whenever anything in it is written.

Cached pages are keyed by `changed_at` (negotiations/caching.py), so every
save, delete and many-to-many change of a row that a page can show moves it,
published or not: publishing is itself a save. Each receiver runs one UPDATE
inside the writer's transaction, so the new stamp commits with the data it
stands for. Writes that send no signal (bulk_create, QuerySet.update) call
`caching.mark_changed` themselves.

A write that changes what readers see (the row is public after it, or was
before it) also moves `public_changed_at`, the date readers are shown; a
draft's write does not. That costs one query before and one after each save.

A write confined to one sticking point (the sticking point itself, a position
on it, its sources, a term or scale option of it) moves that sticking point's
`changed_at` and the negotiation's `changed_at`, but not the negotiation's
`shared_changed_at`: the other sticking points' pages, cards and feeds, keyed
by their own stamps and the shared one, stay cached. Every other write moves
the negotiation's stamps only. A row moved from one sticking point to another
marks both (the one it left is read before the save).
"""

from django.db.models import QuerySet
from django.db.models.signals import (
    m2m_changed,
    post_delete,
    post_save,
    pre_delete,
    pre_save,
)

from parties.models import Actor, Person

from .caching import mark_changed, mark_issues_changed
from .models import (
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
from .publishing import shown_publicly

# Rows that carry their negotiation's id; the others reach it through a parent.
OWNED = (Actor, Person, Source, Issue, Proposal, Position, Response, Event)
OWNED += (Commitment, ImplementationEntry)
THROUGH_ISSUE = (ScaleOption, Term)
# Rows whose every page but the negotiation-wide ones is their sticking point's.
CONFINED_TO_ISSUE = (Position, ScaleOption, Term)
THROUGH_PROPOSAL = (Version,)
M2M_THROUGH = (
    Version.sources.through,
    Position.sources.through,
    Response.sources.through,
    Event.sources.through,
    Event.participant_actors.through,
    Event.participant_people.through,
    Commitment.owed_by.through,
    Commitment.sources.through,
    ImplementationEntry.sources.through,
)


def negotiation_lookup(instance):
    """Return the Negotiation filter that selects the instance's negotiation."""
    if isinstance(instance, Negotiation):
        return {"pk": instance.pk}
    if isinstance(instance, OWNED):
        return {"pk": instance.negotiation_id}
    if isinstance(instance, THROUGH_ISSUE):
        return {"issues": instance.issue_id}
    if isinstance(instance, THROUGH_PROPOSAL):
        return {"proposals": instance.proposal_id}
    raise TypeError(f"{type(instance).__name__} belongs to no negotiation.")


def _deleting_negotiation(origin):
    if isinstance(origin, Negotiation):
        return True
    return isinstance(origin, QuerySet) and origin.model is Negotiation


def remember_if_public(sender, instance, origin=None, **kwargs):
    if _deleting_negotiation(origin):
        return
    instance._was_public = shown_publicly(instance)


def _public_change(instance):
    return getattr(instance, "_was_public", False) or shown_publicly(instance)


def issues_written(instance):
    """Return the ids of the one sticking point a write is confined to, or None.

    None means the write may show on any page of the negotiation. A row of
    CONFINED_TO_ISSUE names its sticking point, and the one it left when it
    was moved (remembered by remember_issue).
    """
    if isinstance(instance, Issue):
        return {instance.pk}
    if isinstance(instance, CONFINED_TO_ISSUE):
        before = getattr(instance, "_issue_before_save", None)
        return {instance.issue_id} | ({before} if before is not None else set())
    return None


def _mark(instance, public):
    issues = issues_written(instance)
    if issues is None:
        mark_changed(public=public, **negotiation_lookup(instance))
    else:
        mark_issues_changed(issues, public=public, **negotiation_lookup(instance))


def remember_issue(sender, instance, raw=False, **kwargs):
    # A row may move to another sticking point: the page it leaves changes too.
    if instance.pk is None or raw:
        return
    rows = type(instance)._base_manager.filter(pk=instance.pk)
    instance._issue_before_save = rows.values_list("issue_id", flat=True).first()


def on_save(sender, instance, **kwargs):
    _mark(instance, _public_change(instance))


def on_delete(sender, instance, origin=None, **kwargs):
    # Rows deleted along with their negotiation need no stamp: the negotiation
    # is gone, which the home page's fingerprint sees.
    if _deleting_negotiation(origin):
        return
    _mark(instance, getattr(instance, "_was_public", False))


def on_m2m_change(sender, instance, action, pk_set=None, reverse=False, **kwargs):
    if action not in ("post_add", "post_remove", "post_clear"):
        return
    if action != "post_clear" and not pk_set:
        return
    public = shown_publicly(instance)
    # Seen from the source's side, a change may touch several sticking points.
    if reverse:
        mark_changed(public=public, **negotiation_lookup(instance))
    else:
        _mark(instance, public)


def connect():
    """Connect the receivers; called once from NegotiationsConfig.ready()."""
    for model in (Negotiation, *OWNED, *THROUGH_ISSUE, *THROUGH_PROPOSAL):
        label = model._meta.label
        pre_save.connect(
            remember_if_public, sender=model, dispatch_uid=f"public:save:{label}"
        )
        post_save.connect(
            on_save, sender=model, dispatch_uid=f"changed_at:save:{label}"
        )
    for model in CONFINED_TO_ISSUE:
        label = model._meta.label
        pre_save.connect(
            remember_issue, sender=model, dispatch_uid=f"issue:save:{label}"
        )
    for model in (*OWNED, *THROUGH_ISSUE, *THROUGH_PROPOSAL):
        label = model._meta.label
        pre_delete.connect(
            remember_if_public, sender=model, dispatch_uid=f"public:delete:{label}"
        )
        post_delete.connect(
            on_delete, sender=model, dispatch_uid=f"changed_at:delete:{label}"
        )
    for through in M2M_THROUGH:
        label = through._meta.label
        m2m_changed.connect(
            on_m2m_change, sender=through, dispatch_uid=f"changed_at:m2m:{label}"
        )
