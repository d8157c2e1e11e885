"""What history says about a row: edit tokens, who changed it, and bulk history.

An edit token names the latest history of a row (and of the child rows edited
inline on its page). The change form carries the token it was opened with; a
save whose token is no longer current is refused (forms.EditorForm), so no edit
silently overwrites another. History, not `updated_at`, is the token's source:
every kind of row has history (terms and scale options have no `updated_at`),
and the same records say who changed the row and when.
"""

from django.db.models import Count, Max
from django.utils import timezone
from simple_history.utils import get_m2m_field_name

from negotiations.caching import mark_changed


def _stamp(history_queryset):
    row = history_queryset.aggregate(last=Max("history_id"), count=Count("history_id"))
    return f"{row['last'] or 0}.{row['count']}"


def edit_token(model, pk, children=()):
    """Return a token that moves whenever history records a change to the row.

    `children` are (model, foreign key name) pairs of rows edited inline on the
    row's page. Runs one query for the row and one per child model.
    """
    parts = [_stamp(model.history.filter(**{model._meta.pk.attname: pk}))]
    for child_model, foreign_key in children:
        parts.append(_stamp(child_model.history.filter(**{f"{foreign_key}_id": pk})))
    return "|".join(parts)


def _last_ids(token, size):
    """Return the history ids a token names, or None when it is not a token."""
    try:
        ids = [int(part.split(".")[0]) for part in token.split("|")]
    except (AttributeError, ValueError):
        return None
    return ids if len(ids) == size else None


def changes_since(model, pk, token, children=()):
    """Return the history records written after the token, oldest first.

    A missing or malformed token yields the latest record, so that a refusal
    can still say who changed the row last. Runs one query per model.
    """
    last_ids = _last_ids(token, 1 + len(children))
    lookups = [(model, {model._meta.pk.attname: pk})]
    lookups += [(child, {f"{fk}_id": pk}) for child, fk in children]
    records = []
    for index, (history_of, lookup) in enumerate(lookups):
        queryset = history_of.history.filter(**lookup).select_related("history_user")
        if last_ids is None:
            records += list(queryset.order_by("-history_id")[:1])
        else:
            records += list(queryset.filter(history_id__gt=last_ids[index]))
    return sorted(records, key=lambda record: record.history_date)


def describe_changes(records):
    """Return who wrote the records and when the last one was written.

    E.g. ("alice and bob", "3 Jul 2024 at 14:05:09 UTC"); a record without a
    user (a script, a migration) counts as "someone".
    """
    if not records:
        return "someone", None
    names = []
    for record in records:
        user = record.history_user
        name = (user.get_full_name() or user.get_username()) if user else "someone"
        if name not in names:
            names.append(name)
    who = names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]
    when = timezone.localtime(records[-1].history_date)
    return who, when.strftime("%d %b %Y at %H:%M:%S %Z").lstrip("0")


def _record_m2m_history(model, objs, records):
    """Copy each object's current many-to-many rows onto its new history record.

    bulk_history_create writes only the row's own fields; without this, a
    bulk change would read as "sources removed" and reverting to it would drop
    them. Runs one query per many-to-many field and one insert per field.
    """
    history_model = model.history.model
    by_pk = {obj.pk: record for obj, record in zip(objs, records, strict=True)}
    for field in getattr(history_model, "_history_m2m_fields", ()):
        m2m_history_model = getattr(history_model, field.name).model
        through = field.remote_field.through
        owner = through._meta.get_field(get_m2m_field_name(field)).attname
        attnames = [f.attname for f in through._meta.fields]
        rows = through.objects.filter(**{f"{owner}__in": list(by_pk)})
        m2m_history_model.objects.bulk_create(
            [
                m2m_history_model(
                    history=by_pk[getattr(row, owner)],
                    **{attname: getattr(row, attname) for attname in attnames},
                )
                for row in rows
            ]
        )


def negotiation_id_of(obj):
    """Return the id of the negotiation a row belongs to.

    Reads the parent rows of a version, term or scale option (one query each
    unless select_related).
    """
    name = obj._meta.model_name
    if name == "negotiation":
        return obj.pk
    if hasattr(obj, "negotiation_id"):
        return obj.negotiation_id
    if name == "version":
        return obj.proposal.negotiation_id
    if name == "term":
        return obj.version.proposal.negotiation_id
    return obj.issue.negotiation_id


def set_published(queryset, published, user):
    """Publish or unpublish the rows, keep a history record of each, return the count.

    Only rows whose flag changes are written. Call inside a transaction: the
    rows are locked while they are read, so each history record holds the row
    as it is saved. Runs a fixed number of queries however many rows there are.
    """
    model = queryset.model
    now = timezone.now()
    queryset = queryset.exclude(is_published=published).select_for_update(of=("self",))
    if model._meta.model_name == "version":
        queryset = queryset.select_related("proposal")
    objs = list(queryset)
    if not objs:
        return 0
    for obj in objs:
        obj.is_published = published
        obj.updated_at = now
    model._default_manager.filter(pk__in=[obj.pk for obj in objs]).update(
        is_published=published, updated_at=now
    )
    reason = "Published" if published else "Unpublished"
    records = model.history.bulk_history_create(
        objs, update=True, default_user=user, default_change_reason=reason
    )
    _record_m2m_history(model, objs, records)
    # QuerySet.update sends no signal: move the cached pages' stamp here.
    mark_changed(public=True, pk__in={negotiation_id_of(obj) for obj in objs})
    return len(objs)
