"""What every editors' admin page shares: history, safe saves, roles, scope.

- History of every row, with the changed fields shown and a one-click revert
  (SimpleHistoryAdmin), with bookkeeping fields left out of the diffs.
- A save never overwrites a change made after the form was opened
  (forms.EditorForm, tokens from history.edit_token).
- Editors keep drafts; only publishers publish, unpublish and delete, and a
  published row is read-only to editors.
- An editor's change to a row readers already see (an actor, an issue, a
  source a published claim cites...) waits as a PendingChange until a
  publisher applies it (negotiations.publishing).
- Autocomplete lists only the rows of the negotiation being edited.
"""

from django.contrib import admin, messages
from django.core.exceptions import FieldDoesNotExist, ValidationError
from django.db import transaction
from django.http import Http404, HttpResponseRedirect
from django.utils import timezone
from django.utils.html import format_html
from simple_history.admin import SimpleHistoryAdmin

from negotiations import formatting, publishing
from negotiations.models import Measure, Proposal
from negotiations.roles import can_publish

from . import history
from .forms import EditorForm, PublishAwareInlineForm

# Bookkeeping that moves on every save; showing it in a diff hides what changed.
NOT_DIFFED = {"updated_at", "changed_at", "public_changed_at", "shared_changed_at"}


def is_publishable(model):
    return any(field.name == "is_published" for field in model._meta.fields)


def _is_key(text):
    """Return whether a URL part can be a primary key (a positive bigint).

    ASCII digits only: str.isdigit() also takes "①" or Arabic-Indic digits,
    which int() or the database then refuse.
    """
    return (
        isinstance(text, str)
        and text.isascii()
        and text.isdigit()
        and 0 < int(text) < 2**63
    )


# The date hierarchy's parameters and the values a date can hold.
DATE_PARTS = {"year": (1, 9999), "month": (1, 12), "day": (1, 31)}


def bad_date_filters(params, field_name):
    """Return the date hierarchy's parameters that cannot be part of a date."""
    bad = []
    for part, (low, high) in DATE_PARTS.items():
        name = f"{field_name}__{part}"
        value = params.get(name)
        if value is None:
            continue
        if not (
            value.isascii()
            and value.isdigit()
            and len(value) <= 4
            and low <= int(value) <= high
        ):
            bad.append(name)
    return bad


def waits_for_publisher(request, obj):
    """Return whether the user's change to the row must wait for a publisher.

    Runs one query per row, once per request.
    """
    if obj is None or obj.pk is None or can_publish(request.user):
        return False
    seen = request.__dict__.setdefault("_shown_publicly", {})
    key = (type(obj)._meta.label, obj.pk)
    if key not in seen:
        seen[key] = publishing.shown_publicly(obj)
    return seen[key]


def autocomplete_negotiation_id(request):
    """Return the negotiation an autocomplete request is scoped to, or None.

    The admin's change forms add `negotiation` (or `proposal`) to autocomplete
    requests (templates/admin/negotiations/scope_autocomplete.html).
    """
    match = getattr(request, "resolver_match", None)
    if match is None or match.url_name != "autocomplete":
        return None
    negotiation = request.GET.get("negotiation", "")
    if negotiation.isascii() and negotiation.isdigit() and len(negotiation) < 19:
        return int(negotiation)
    proposal = request.GET.get("proposal", "")
    if proposal.isascii() and proposal.isdigit() and len(proposal) < 19:
        return (
            Proposal.objects.filter(pk=proposal)
            .values_list("negotiation_id", flat=True)
            .first()
        )
    return None


def value_text(claim):
    """Return a measured value as an editor reads it; unknown is never 0.

    Reads claim.issue and claim.value_option: select_related them in lists.
    """
    if claim.measure == Measure.TEXT:
        return "— (text issue)"
    if claim.value_option_id is not None:
        return claim.value_option.label
    if claim.value_number is not None:
        return formatting.quantity(claim.value_number, claim.issue.unit)
    return "unknown"


class EditorAdmin(SimpleHistoryAdmin):
    """A model admin with history, safe saves, publication rights and scoped lookups."""

    form = EditorForm
    # Path from this model to its negotiation, for scoped autocomplete.
    negotiation_path = "negotiation"
    # (model, foreign key) of rows edited inline on this model's page.
    edit_token_children = ()
    # What a row belongs to: fixed once it exists, for everyone, since moving it
    # would carry its links into another negotiation (the database refuses too).
    owner_fields = ("negotiation",)
    object_history_list_template = "admin/negotiations/history_list.html"
    history_list_per_page = 50
    list_per_page = 50

    # Edit tokens and their history.

    def edit_token(self, pk):
        return history.edit_token(self.model, pk, self.edit_token_children)

    def changes_since(self, pk, token):
        return history.changes_since(self.model, pk, token, self.edit_token_children)

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change=change, **kwargs)
        return type(
            form.__name__,
            (form,),
            {
                "model_admin": self,
                "published_meanwhile": getattr(request, "_published_meanwhile", None),
                "__module__": form.__module__,
            },
        )

    def get_fieldsets(self, request, obj=None):
        """Return the fieldsets, with the hidden edit token where a save can happen."""
        fieldsets = [
            (
                name,
                {
                    **options,
                    "fields": [f for f in options["fields"] if f != "edit_token"],
                },
            )
            for name, options in super().get_fieldsets(request, obj)
        ]
        # The stored row decides, not the history record a restore form shows:
        # a record of a published state would otherwise drop the token, and the
        # restore would be refused as a conflict every time.
        stored = obj
        if obj is not None and getattr(obj, "_history", None) is not None:
            stored = self.model._default_manager.filter(pk=obj.pk).first()
        if (
            stored is None
            or stored.pk is None
            or not self.has_change_permission(request, stored)
        ):
            return fieldsets
        name, options = fieldsets[0]
        return [
            (name, {**options, "fields": [*options["fields"], "edit_token"]}),
            *fieldsets[1:],
        ]

    def get_changeform_initial_data(self, request):
        """Prefill the add form from the query string, dropping what is not valid.

        A link such as "Log a position" passes ?negotiation=1&issue=2&as_of=...;
        a value that does not parse (a bad date, a pk that is not a number, an
        unknown choice) is left out instead of breaking the form.
        """
        initial = {}
        for name, value in super().get_changeform_initial_data(request).items():
            try:
                field = self.opts.get_field(name)
            except FieldDoesNotExist:
                continue
            if not getattr(field, "concrete", False):
                # A reverse relation (e.g. ?sources= on a negotiation) is no field
                # of the form.
                continue
            if field.many_to_many:
                pks = [
                    pk for pk in value if pk.isascii() and pk.isdigit() and len(pk) < 19
                ]
                if pks:
                    initial[name] = pks
                continue
            try:
                parsed = field.to_python(value)
            except (ValidationError, ValueError, TypeError):
                continue
            if field.choices and parsed not in dict(field.flatchoices):
                continue
            if field.is_relation and not (
                isinstance(parsed, int) and 0 < parsed < 2**63
            ):
                continue
            if parsed not in (None, ""):
                initial[name] = parsed
        return initial

    # Publication: drafts by default, only publishers publish.

    def is_locked(self, request, obj):
        """Return whether the row is published and the user may not change it."""
        return bool(getattr(obj, "is_published", False)) and not can_publish(
            request.user
        )

    def has_change_permission(self, request, obj=None):
        # A row published while an editor had it open is shown to them once
        # more as a form, with their input and the refusal (see changeform_view).
        if (
            obj is not None
            and self.is_locked(request, obj)
            and not getattr(request, "_published_meanwhile", None)
        ):
            return False
        return super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        if obj is not None and self.is_locked(request, obj):
            return False
        return super().has_delete_permission(request, obj)

    def has_publish_permission(self, request):
        return can_publish(request.user)

    def get_readonly_fields(self, request, obj=None):
        readonly = list(super().get_readonly_fields(request, obj))
        if is_publishable(self.model) and not can_publish(request.user):
            readonly.append("is_published")
        if obj is not None and obj.pk is not None:
            names = {field.name for field in self.model._meta.fields}
            readonly += [name for name in self.owner_fields if name in names]
        return readonly

    def save_model(self, request, obj, form, change):
        if change and waits_for_publisher(request, obj):
            self._keep_for_publisher(request, obj)
            return
        if is_publishable(self.model) and not can_publish(request.user):
            # Whatever the form or a revert carries, an editor's save keeps the
            # stored flag: only a publisher changes what the public sees.
            stored = (
                type(obj)
                ._default_manager.filter(pk=obj.pk)
                .values_list("is_published", flat=True)
                .first()
                if change
                else None
            )
            obj.is_published = bool(stored)
        record = getattr(obj, "_history", None)
        if record is not None:
            when = timezone.localtime(record.history_date)
            obj._change_reason = (
                f"Reverted to the version of {when:%d %b %Y %H:%M:%S %Z}"
            )
        super().save_model(request, obj, form, change)

    # Rows readers see: an editor's change waits for a publisher.

    def _keep_for_publisher(self, request, obj):
        stored = type(obj)._default_manager.get(pk=obj.pk)
        changes = publishing.differences(stored, obj, skip=self.owner_fields)
        obj._kept_for_publisher = True
        obj._pending_change = None
        if changes:
            obj._pending_change = publishing.keep_pending(
                obj, changes, history.negotiation_id_of(stored), request.user
            )

    def save_related(self, request, form, formsets, change):
        if getattr(form.instance, "_kept_for_publisher", False):
            return
        super().save_related(request, form, formsets, change)

    def construct_change_message(self, request, form, formsets, add=False):
        if getattr(form.instance, "_kept_for_publisher", False):
            # The inline rows were not saved; there is nothing of theirs to list.
            return ""
        return super().construct_change_message(request, form, formsets, add)

    def log_change(self, request, obj, message):
        if getattr(obj, "_kept_for_publisher", False):
            message = "Proposed a change for a publisher to apply."
        return super().log_change(request, obj, message)

    def response_change(self, request, obj):
        if not getattr(obj, "_kept_for_publisher", False):
            return super().response_change(request, obj)
        name = self.opts.verbose_name
        if obj._pending_change is None:
            self.message_user(request, f"Nothing changed in this {name}.")
        else:
            self.message_user(
                request,
                f"Readers see this {name}, so your change waits for a publisher "
                "to apply it; until then the public pages keep the current "
                "values. It is listed under “Pending changes”.",
                messages.WARNING,
            )
        return HttpResponseRedirect(request.path)

    def _say_who_may_change(self, request, object_id):
        """Tell an editor, before they type, what will happen to their change."""
        obj = self.get_object(request, object_id)
        if obj is None:
            return
        name = self.opts.verbose_name
        if self.is_locked(request, obj):
            self.message_user(
                request,
                f"This {name} is published: only a publisher can change it.",
                messages.INFO,
            )
        elif waits_for_publisher(request, obj):
            waiting = publishing.pending_for(obj).count()
            already = f" ({waiting} already waiting)" if waiting else ""
            self.message_user(
                request,
                f"Readers see this {name}: your changes will wait for a "
                f"publisher to apply them{already}.",
                messages.INFO,
            )

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        if request.method == "GET" and object_id is not None:
            self._say_who_may_change(request, object_id)
        if request.method == "POST" and object_id is not None:
            self._note_published_meanwhile(request, object_id)
        extra_context = {
            **(extra_context or {}),
            **self.scope_context(request, object_id),
        }
        return super().changeform_view(request, object_id, form_url, extra_context)

    def _note_published_meanwhile(self, request, object_id):
        """Keep an editor's input, and say why, when the row was published mid-edit.

        The form comes back with what they typed and the refusal, as for any
        stale save (forms.EditorForm), instead of a redirect that loses it.
        """
        obj = self.get_object(request, object_id)
        if obj is None or not self.is_locked(request, obj):
            return
        if not super().has_change_permission(request, obj):
            return
        who, when = history.describe_changes(self.changes_since(obj.pk, ""))
        request._published_meanwhile = (
            f"This {self.opts.verbose_name} is published now (last saved by {who} "
            f"on {when}); only a publisher can change it, so your changes are not "
            "saved. They are kept in the form below: copy them, or ask a "
            "publisher to make them."
        )

    def history_view(self, request, object_id, extra_context=None):
        if not _is_key(object_id):
            raise Http404("No such row.")
        return super().history_view(request, object_id, extra_context)

    def changelist_view(self, request, extra_context=None):
        if self.date_hierarchy:
            bad = bad_date_filters(request.GET, self.date_hierarchy)
            if bad:
                query = request.GET.copy()
                for name in bad:
                    del query[name]
                self.message_user(
                    request,
                    f"Not a date: {', '.join(bad)}; that filter was dropped.",
                    messages.WARNING,
                )
                return HttpResponseRedirect(f"{request.path}?{query.urlencode()}")
        return super().changelist_view(request, extra_context)

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        if not (_is_key(object_id) and _is_key(version_id)):
            raise Http404("No such state in the history.")
        extra_context = {
            **(extra_context or {}),
            **self.scope_context(request, object_id),
        }
        if request.method != "POST":
            return super().history_form_view(
                request, object_id, version_id, extra_context
            )
        # The edit token check locks the row; that needs a transaction.
        with transaction.atomic():
            return super().history_form_view(
                request, object_id, version_id, extra_context
            )

    # History: show what changed, not the bookkeeping.

    def set_history_delta_changes(
        self, request, historical_records, foreign_keys_are_objs=True
    ):
        previous = None
        for current in historical_records:
            if previous is not None:
                delta = previous.diff_against(
                    current,
                    excluded_fields=NOT_DIFFED,
                    foreign_keys_are_objs=foreign_keys_are_objs,
                )
                helper = self.get_historical_record_context_helper(request, previous)
                previous.history_delta_changes = helper.context_for_delta_changes(delta)
            previous = current

    # Scoped autocomplete.

    def scope_context(self, request, object_id):
        """Return the template context that scopes the page's autocompletes."""
        negotiation_id = None
        if object_id is not None:
            obj = self.get_object(request, object_id)
            if obj is not None:
                negotiation_id = history.negotiation_id_of(obj) if obj.pk else None
        return {"scope_negotiation_id": negotiation_id}

    def get_search_results(self, request, queryset, search_term):
        queryset, may_have_duplicates = super().get_search_results(
            request, queryset, search_term
        )
        negotiation_id = autocomplete_negotiation_id(request)
        if negotiation_id is not None and self.negotiation_path:
            queryset = queryset.filter(**{self.negotiation_path: negotiation_id})
        return queryset, may_have_duplicates


class PublishableAdmin(EditorAdmin):
    """An editors' admin for rows with is_published: publish and unpublish actions."""

    actions = ["publish", "unpublish"]

    @admin.action(
        description="Publish the selected %(verbose_name_plural)s",
        permissions=["publish"],
    )
    def publish(self, request, queryset):
        self._set_published(request, queryset, True)

    @admin.action(
        description="Unpublish the selected %(verbose_name_plural)s",
        permissions=["publish"],
    )
    def unpublish(self, request, queryset):
        self._set_published(request, queryset, False)

    def _set_published(self, request, queryset, published):
        if not can_publish(request.user):
            # get_actions hides the actions; this refuses a forged request too.
            self.message_user(request, "Only publishers can do that.", messages.ERROR)
            return
        with transaction.atomic():
            count = history.set_published(queryset, published, request.user)
        verb = "Published" if published else "Unpublished"
        name = self.opts.verbose_name if count == 1 else self.opts.verbose_name_plural
        self.message_user(request, f"{verb} {count} {name}.", messages.SUCCESS)


class ScopedRelatedFilter(admin.RelatedFieldListFilter):
    """A related filter that lists only the chosen negotiation's rows.

    Without a negotiation chosen it lists all, each with its negotiation's slug,
    since two negotiations may have actors of the same name.
    """

    negotiation_filter = "negotiation__id__exact"
    related_negotiation = "negotiation"

    def field_choices(self, field, request, model_admin):
        queryset = field.related_model._default_manager.select_related(
            self.related_negotiation
        )
        chosen = request.GET.get(self.negotiation_filter, "")
        if chosen.isascii() and chosen.isdigit() and len(chosen) < 19:
            queryset = queryset.filter(**{f"{self.related_negotiation}_id": chosen})
            return [(obj.pk, str(obj)) for obj in queryset]
        negotiation_of = self.related_negotiation.split("__")
        choices = []
        for obj in queryset:
            negotiation = obj
            for step in negotiation_of:
                negotiation = getattr(negotiation, step)
            choices.append((obj.pk, f"{obj} ({negotiation.slug})"))
        return choices


class ScopedVersionFilter(ScopedRelatedFilter):
    related_negotiation = "proposal__negotiation"


class ScopedProposalFilter(ScopedRelatedFilter):
    """Proposals, on a list whose negotiation filter goes through the proposal."""

    negotiation_filter = "proposal__negotiation__id__exact"


class EditorInline(admin.TabularInline):
    """An inline whose rows follow the parent page's rights.

    Rows of a published parent are read-only to editors (the parent page is),
    and a published row of its own is read-only to them too.
    """

    form = PublishAwareInlineForm
    extra = 0

    def _parent_locked(self, request, obj):
        if can_publish(request.user):
            return False
        # Rows edited inline on a row readers see would reach them at once.
        return bool(getattr(obj, "is_published", False)) or waits_for_publisher(
            request, obj
        )

    def has_add_permission(self, request, obj=None):
        if obj is not None and self._parent_locked(request, obj):
            return False
        return super().has_add_permission(request, obj)

    def has_change_permission(self, request, obj=None):
        if obj is not None and self._parent_locked(request, obj):
            return False
        return super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        if obj is not None and self._parent_locked(request, obj):
            return False
        return super().has_delete_permission(request, obj)

    def get_readonly_fields(self, request, obj=None):
        readonly = list(super().get_readonly_fields(request, obj))
        if is_publishable(self.model) and not can_publish(request.user):
            readonly.append("is_published")
        return readonly

    def get_formset(self, request, obj=None, **kwargs):
        formset = super().get_formset(request, obj, **kwargs)
        formset.form = type(
            formset.form.__name__,
            (formset.form,),
            {"can_publish": can_publish(request.user), "__module__": __name__},
        )
        return formset


def link(url, text):
    return format_html('<a href="{}">{}</a>', url, text)
