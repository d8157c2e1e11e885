"""Proposals, their versions and terms, and the issues they speak to."""

from django.contrib import admin
from django.db.models import Count

from negotiations.models import (
    Commitment,
    Issue,
    Proposal,
    ScaleOption,
    Term,
    Version,
)
from negotiations.roles import can_publish

from .base import (
    EditorAdmin,
    EditorInline,
    PublishableAdmin,
    ScopedProposalFilter,
    value_text,
)
from .forms import (
    IssueForm,
    ProposalForm,
    ScaleOptionFormSet,
    TermForm,
    VersionForm,
)
from .implementation import CommitmentInline


class ScaleOptionInline(EditorInline):
    model = ScaleOption
    formset = ScaleOptionFormSet
    fields = ("rank", "value", "label")
    prepopulated_fields = {"value": ("label",)}
    ordering = ("rank",)


@admin.register(Issue)
class IssueAdmin(EditorAdmin):
    form = IssueForm
    inlines = (ScaleOptionInline,)
    edit_token_children = ((ScaleOption, "issue"),)
    list_display = ("title", "measure", "unit", "rank", "negotiation")
    list_filter = ("negotiation", "measure")
    list_select_related = ("negotiation",)
    search_fields = ("title", "slug", "description")
    ordering = ("negotiation", "rank", "id")
    prepopulated_fields = {"slug": ("title",)}
    fieldsets = (
        (None, {"fields": ("negotiation", "title", "slug", "measure", "unit", "rank")}),
        ("Description", {"classes": ("collapse",), "fields": ("description",)}),
        (
            "Sides of this issue",
            {
                "classes": ("collapse",),
                "description": (
                    "Only where this issue is negotiated between other parties "
                    "than the negotiation's sides; the scale then runs from the "
                    "first's preferred end."
                ),
                "fields": ("side_a", "side_b"),
            },
        ),
    )


class TermInline(EditorInline):
    model = Term
    form = TermForm
    fields = (
        "issue",
        "value_option",
        "value_number",
        "value_min",
        "value_max",
        "text",
        "condition",
    )
    autocomplete_fields = ("issue",)
    show_change_link = True

    def get_formset(self, request, obj=None, **kwargs):
        formset = super().get_formset(request, obj, **kwargs)
        if obj is not None and obj.proposal_id:
            formset.form.scope_negotiation_id = obj.proposal.negotiation_id
        return formset


class VersionInline(EditorInline):
    model = Version
    fields = ("label", "date", "rank", "is_published")
    show_change_link = True
    ordering = ("rank", "date", "id")


@admin.register(Proposal)
class ProposalAdmin(EditorAdmin):
    form = ProposalForm
    inlines = (VersionInline,)
    edit_token_children = ((Version, "proposal"),)
    list_display = ("title", "author_names", "version_count", "negotiation")
    list_filter = ("negotiation",)
    list_select_related = ("negotiation",)
    search_fields = ("title", "slug", "summary")
    prepopulated_fields = {"slug": ("title",)}
    autocomplete_fields = ("authors",)
    fields = ("negotiation", "title", "slug", "authors", "summary")

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .annotate(version_total=Count("versions", distinct=True))
            .prefetch_related("authors")
        )

    @admin.display(description="Authors")
    def author_names(self, obj):
        return ", ".join(str(actor) for actor in obj.authors.all())

    @admin.display(description="Versions", ordering="version_total")
    def version_count(self, obj):
        return obj.version_total


@admin.register(Version)
class VersionAdmin(PublishableAdmin):
    form = VersionForm
    inlines = (TermInline, CommitmentInline)
    edit_token_children = ((Term, "version"), (Commitment, "version"))
    negotiation_path = "proposal__negotiation"
    owner_fields = ("proposal",)
    list_display = ("label", "proposal", "date", "is_published", "negotiation")
    list_display_links = ("label",)
    list_filter = (
        "proposal__negotiation",
        ("proposal", ScopedProposalFilter),
        "is_published",
    )
    list_select_related = ("proposal__negotiation",)
    search_fields = ("label", "proposal__title", "summary")
    date_hierarchy = "date"
    ordering = ("-date", "-id")
    autocomplete_fields = ("proposal", "sources")
    fieldsets = (
        (
            None,
            {
                "fields": (
                    "proposal",
                    "label",
                    ("date", "rank"),
                    "amends",
                    "summary",
                    "sources",
                    "is_published",
                )
            },
        ),
        ("Full text", {"classes": ("collapse",), "fields": ("text",)}),
    )

    @admin.display(description="Negotiation", ordering="proposal__negotiation")
    def negotiation(self, obj):
        return obj.proposal.negotiation


@admin.register(Term)
class TermAdmin(EditorAdmin):
    form = TermForm
    negotiation_path = "version__proposal__negotiation"
    owner_fields = ("version",)
    list_display = ("issue", "version", "value", "negotiation")
    list_filter = ("version__proposal__negotiation", "issue__measure")
    list_select_related = ("issue", "value_option", "version__proposal__negotiation")
    search_fields = (
        "issue__title",
        "version__label",
        "version__proposal__title",
        "text",
    )
    autocomplete_fields = ("version", "issue")
    fields = (
        "version",
        "issue",
        "value_option",
        "value_number",
        ("value_min", "value_max"),
        "text",
        "condition",
    )

    def is_locked(self, request, obj):
        return obj.version.is_published and not can_publish(request.user)

    @admin.display(description="Value", ordering="value_number")
    def value(self, obj):
        return value_text(obj)

    @admin.display(description="Negotiation", ordering="version__proposal__negotiation")
    def negotiation(self, obj):
        return obj.version.proposal.negotiation
