"""Claims in the admin: positions, responses, events, and the sources behind them."""

from django.contrib import admin, messages
from django.db.models import Exists, OuterRef
from django.utils import timezone

from negotiations.models import Event, Issue, Position, Response, Source, Status

from .base import (
    EditorAdmin,
    PublishableAdmin,
    ScopedRelatedFilter,
    ScopedVersionFilter,
    link,
    value_text,
)
from .forms import EventForm, PositionForm, ResponseForm, SourceForm

ATTRIBUTION = (
    "Attribution",
    {
        "classes": ("collapse",),
        "fields": ("attributed_actor", "attributed_person"),
        "description": (
            "Who made the claim, where not the holder itself: an actor (e.g. a "
            "mediator) or a person who speaks for someone. At most one."
        ),
    },
)


def _with_sources_flag(queryset, model):
    through = model.sources.through
    owner = model._meta.model_name
    return queryset.annotate(
        has_sources=Exists(through.objects.filter(**{f"{owner}_id": OuterRef("pk")}))
    )


class ClaimAdmin(PublishableAdmin):
    """What positions and responses share: sources flag, status, attribution."""

    def get_queryset(self, request):
        return _with_sources_flag(super().get_queryset(request), self.model)

    @admin.display(description="Sourced", boolean=True, ordering="has_sources")
    def sourced(self, obj):
        return obj.has_sources


@admin.register(Position)
class PositionAdmin(ClaimAdmin):
    form = PositionForm
    list_display = (
        "actor",
        "issue",
        "as_of",
        "value",
        "status",
        "is_published",
        "sourced",
        "negotiation",
    )
    list_display_links = ("actor", "issue")
    list_filter = (
        "negotiation",
        ("actor", ScopedRelatedFilter),
        ("issue", ScopedRelatedFilter),
        "status",
        "is_published",
    )
    list_select_related = ("actor", "issue", "value_option", "negotiation")
    search_fields = ("actor__name", "actor__short_name", "issue__title", "summary")
    date_hierarchy = "as_of"
    # Latest logged first: what an editor looks for after news breaks, and the
    # primary key's index serves it at once on a 20,000-position negotiation
    # (sorting by as_of sorts every row; the column header still does that).
    ordering = ("-id",)
    autocomplete_fields = (
        "actor",
        "issue",
        "attributed_actor",
        "attributed_person",
        "sources",
    )
    fieldsets = (
        (
            None,
            {
                "fields": (
                    "negotiation",
                    "actor",
                    "issue",
                    "as_of",
                    ("value_option", "value_number"),
                    ("value_min", "value_max"),
                    "condition",
                    "status",
                    "summary",
                    "sources",
                    "is_published",
                    "confirm_zero",
                )
            },
        ),
        ATTRIBUTION,
    )

    @admin.display(description="Value", ordering="value_number")
    def value(self, obj):
        return value_text(obj)

    def get_changeform_initial_data(self, request):
        initial = super().get_changeform_initial_data(request)
        initial.setdefault("as_of", timezone.localdate())
        initial.setdefault("status", Status.REPORTED)
        return initial

    def render_change_form(self, request, context, *args, **kwargs):
        form = context["adminform"].form
        context["value_controls"] = value_controls(form)
        return super().render_change_form(request, context, *args, **kwargs)

    def response_add(self, request, obj, post_url_continue=None):
        self._say_a_draft_is_not_public(request, obj)
        return super().response_add(request, obj, post_url_continue)

    def response_change(self, request, obj):
        self._say_a_draft_is_not_public(request, obj)
        return super().response_change(request, obj)

    def _say_a_draft_is_not_public(self, request, obj):
        if obj.is_published:
            return
        self.message_user(
            request,
            "This position is a draft: readers will not see it until it is published.",
            messages.WARNING,
        )


def value_controls(form):
    """Return each issue's value control for the add form's script, or None.

    Only where the form shows every issue's options (no issue chosen yet, as
    from an actor page) and knows the negotiation: {issue pk: {"measure",
    "unit", "options": [[pk, label], ...]}}. One query for the issues and one
    for their options.
    """
    option = form.fields.get("value_option")
    negotiation_id = form.known_id("negotiation")
    if option is None or not option.with_issue or negotiation_id is None:
        return None
    issues = Issue.objects.filter(negotiation_id=negotiation_id).order_by("rank")
    controls = {
        str(issue.pk): {"measure": issue.measure, "unit": issue.unit, "options": []}
        for issue in issues
    }
    for scale_option in option.queryset:
        control = controls.get(str(scale_option.issue_id))
        if control is not None:
            control["options"].append([scale_option.pk, scale_option.label])
    return controls


@admin.register(Response)
class ResponseAdmin(ClaimAdmin):
    form = ResponseForm
    list_display = (
        "actor",
        "version",
        "date",
        "response",
        "status",
        "is_published",
        "sourced",
        "negotiation",
    )
    list_display_links = ("actor", "version")
    list_filter = (
        "negotiation",
        ("actor", ScopedRelatedFilter),
        ("version", ScopedVersionFilter),
        "response",
        "status",
        "is_published",
    )
    list_select_related = ("actor", "version__proposal", "negotiation")
    search_fields = (
        "actor__name",
        "actor__short_name",
        "version__label",
        "version__proposal__title",
        "summary",
    )
    date_hierarchy = "date"
    ordering = ("-date", "-id")
    autocomplete_fields = (
        "actor",
        "version",
        "attributed_actor",
        "attributed_person",
        "sources",
    )
    fieldsets = (
        (
            None,
            {
                "fields": (
                    "negotiation",
                    "actor",
                    "version",
                    "date",
                    "response",
                    "condition",
                    "status",
                    "summary",
                    "sources",
                    "is_published",
                )
            },
        ),
        ATTRIBUTION,
    )

    def get_changeform_initial_data(self, request):
        initial = super().get_changeform_initial_data(request)
        initial.setdefault("date", timezone.localdate())
        initial.setdefault("status", Status.REPORTED)
        return initial


@admin.register(Event)
class EventAdmin(PublishableAdmin):
    form = EventForm
    list_display = ("title", "date", "kind", "place", "is_published", "negotiation")
    list_filter = ("negotiation", "kind", "is_published")
    list_select_related = ("negotiation",)
    search_fields = ("title", "place", "summary", "slug")
    date_hierarchy = "date"
    ordering = ("-date", "-id")
    autocomplete_fields = ("participant_actors", "participant_people", "sources")
    fieldsets = (
        (
            None,
            {
                "fields": (
                    "negotiation",
                    "title",
                    ("date", "end_date"),
                    "kind",
                    "place",
                    "participant_actors",
                    "participant_people",
                    "summary",
                    "sources",
                    "is_published",
                )
            },
        ),
        (
            "Interchange",
            {
                "classes": ("collapse",),
                "fields": ("slug",),
                "description": "An optional id, unique in the negotiation.",
            },
        ),
    )

    def get_changeform_initial_data(self, request):
        initial = super().get_changeform_initial_data(request)
        initial.setdefault("date", timezone.localdate())
        return initial


@admin.register(Source)
class SourceAdmin(EditorAdmin):
    form = SourceForm
    list_display = (
        "title",
        "publisher",
        "published_on",
        "open_url",
        "key",
        "negotiation",
    )
    list_filter = ("negotiation", "kind")
    list_select_related = ("negotiation",)
    search_fields = ("title", "publisher", "url", "key")
    date_hierarchy = "published_on"
    ordering = ("-published_on", "title")
    fields = (
        "negotiation",
        "title",
        "publisher",
        "kind",
        "url",
        "archived_url",
        "published_on",
        "key",
    )

    @admin.display(description="URL")
    def open_url(self, obj):
        if not obj.url:
            return "—"
        return link(obj.url, "open")
