"""What readers already see, and an editor's change to it waiting for a publisher.

A row is shown publicly when its model's `public()` QuerySet holds it (a scale
option through its issue). An editor may still add rows freely, and change
rows no reader sees; a change to a shown row is kept as a PendingChange and
reaches readers only when a publisher applies it.
"""

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from .models import Issue, PendingChange, ScaleOption


class CannotApply(Exception):
    """A pending change that no longer fits its row; the message says why."""


def shown_publicly(obj):
    """Return whether readers see the row. Runs one query."""
    if obj.pk is None:
        return False
    if isinstance(obj, ScaleOption):
        return Issue.objects.public().filter(pk=obj.issue_id).exists()
    public = getattr(type(obj)._default_manager, "public", None)
    if public is None:
        return False
    return public().filter(pk=obj.pk).exists()


def _as_text(field, obj):
    value = field.value_from_object(obj)
    if value is None:
        return None
    return field.value_to_string(obj)


def keep_pending(obj, changes, negotiation_id, user):
    """Store the change for a publisher and return it; the row stays as it is."""
    return PendingChange.objects.create(
        content_type=ContentType.objects.get_for_model(type(obj)),
        object_id=obj.pk,
        negotiation_id=negotiation_id,
        changes=changes,
        author=user,
    )


def pending_for(obj):
    """Return the changes waiting on the row, oldest first. Runs one query."""
    return PendingChange.objects.filter(
        content_type=ContentType.objects.get_for_model(type(obj)), object_id=obj.pk
    ).select_related("author")


def _author_name(pending):
    user = pending.author
    if user is None:
        return "someone"
    return user.get_full_name() or user.get_username()


def describe(pending, obj):
    """Return [(field label, now, proposed)] for the change against the row."""
    rows = []
    for name, text in pending.changes.items():
        field = obj._meta.get_field(name)
        now = _as_text(field, obj)
        rows.append((str(field.verbose_name), now or "", text or ""))
    return rows


def apply(pending, user):
    """Apply the change to its row with history, delete it and return the row.

    Raises CannotApply when the row is gone or the change no longer validates
    (e.g. its slug is taken meanwhile); the change is then kept. Call inside a
    transaction: the row is locked while it changes.
    """
    model = pending.content_type.model_class()
    obj = model._default_manager.select_for_update().filter(pk=pending.object_id)
    obj = obj.first()
    if obj is None:
        raise CannotApply("the row no longer exists")
    for name, text in pending.changes.items():
        field = obj._meta.get_field(name)
        setattr(obj, field.attname, None if text is None else field.to_python(text))
    try:
        obj.full_clean()
    except ValidationError as error:
        raise CannotApply("; ".join(error.messages)) from error
    when = timezone.localtime(pending.created_at)
    obj._change_reason = (
        f"Applied {_author_name(pending)}'s change of {when:%d %b %Y %H:%M}"
    )
    obj._history_user = user
    try:
        with transaction.atomic():
            obj.save()
    except IntegrityError as error:
        raise CannotApply(str(error).splitlines()[0]) from error
    pending.delete()
    return obj


# Bookkeeping and publication are never part of an editor's proposed change.
NOT_PROPOSED = {
    "updated_at",
    "changed_at",
    "public_changed_at",
    "shared_changed_at",
    "is_published",
}


def differences(stored, changed, skip=()):
    """Return {field name: value as text} where `changed` differs from `stored`.

    Compares the row's plain fields (not many-to-many); `skip` names fields
    left out, such as the row's negotiation.
    """
    changes = {}
    for field in stored._meta.concrete_fields:
        if field.primary_key or field.name in NOT_PROPOSED or field.name in skip:
            continue
        before = field.value_from_object(stored)
        after = field.value_from_object(changed)
        if before != after:
            changes[field.name] = _as_text(field, changed)
    return changes
