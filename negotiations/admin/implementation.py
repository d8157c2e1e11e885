"""Commitments and implementation reports in the admin.

Commitments are edited inline on their agreement version (and on their own
page for who owes them and the sources); an implementation report is a claim
like a position, with the same drafts, publishing, history, undo and
stale-save refusal, logged from a commitment with "Log an implementation report".
"""

from django import forms
from django.contrib import admin
from django.utils import timezone

from negotiations.models import Commitment, ImplementationEntry, Issue, Status
from negotiations.roles import can_publish
from negotiations.templatetags.implementation_tags import admin_report_add_url

from .base import EditorAdmin, EditorInline, ScopedRelatedFilter, link, value_text
from .claims import ATTRIBUTION, ClaimAdmin
from .forms import (
    VALUE_LABELS,
    EditorForm,
    MeasuredValueFields,
    NegotiationScoped,
    NotApplicableInput,
    OptionChoiceField,
    issue_help,
    refuse_a_twin_claim,
)


class CommitmentForm(MeasuredValueFields, NegotiationScoped, EditorForm):
    """A commitment; inline on its version, or on its own page."""

    scoped_fields = ("issue", "owed_by", "sources")
    # Set by the inline: the version's negotiation, for rows not saved yet.
    scope_negotiation_id = None
    not_fitting_widget = NotApplicableInput

    class Meta:
        model = Commitment
        exclude = ("negotiation", "measure")
        field_classes = {"value_option": OptionChoiceField}
        labels = VALUE_LABELS
        widgets = {"summary": forms.Textarea(attrs={"rows": 2, "cols": 30})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        issue = self.instance.issue if self.instance.issue_id else None
        negotiation_id = self.scope_negotiation_id or (
            self.instance.negotiation_id if self.instance.pk else None
        )
        self.fit_value_fields(issue, negotiation_id)

    def form_negotiation_id(self):
        version = self.cleaned_data.get("version")
        return version.proposal.negotiation_id if version is not None else None

    def clean(self):
        cleaned_data = super().clean()
        version = cleaned_data.get("version")
        if version is not None:
            # The commitment belongs to its version's negotiation, always.
            self.instance.negotiation_id = version.proposal.negotiation_id
        if cleaned_data.get("issue") is None:
            for name in ("value_number", "value_option"):
                if cleaned_data.get(name) not in (None, ""):
                    self.add_error(name, "A commitment without an issue has no value.")
        return cleaned_data


class CommitmentInline(EditorInline):
    model = Commitment
    form = CommitmentForm
    fields = (
        "rank",
        "slug",
        "title",
        "issue",
        "value_option",
        "value_number",
        "due",
        "due_text",
    )
    autocomplete_fields = ("issue",)
    show_change_link = True
    ordering = ("rank", "id")

    def get_formset(self, request, obj=None, **kwargs):
        formset = super().get_formset(request, obj, **kwargs)
        if obj is not None and obj.proposal_id:
            formset.form.scope_negotiation_id = obj.proposal.negotiation_id
        return formset


@admin.register(Commitment)
class CommitmentAdmin(EditorAdmin):
    form = CommitmentForm
    negotiation_path = "negotiation"
    list_display = ("title", "version", "due", "amount", "report_link", "negotiation")
    list_filter = ("negotiation",)
    list_select_related = ("version__proposal", "issue", "value_option", "negotiation")
    search_fields = ("title", "slug", "summary", "due_text")
    ordering = ("negotiation", "version", "rank", "id")
    autocomplete_fields = ("version", "issue", "owed_by", "sources")
    fieldsets = (
        (
            None,
            {
                "fields": (
                    "version",
                    ("slug", "rank"),
                    "title",
                    "summary",
                    "owed_by",
                    "issue",
                    ("value_option", "value_number"),
                    ("due", "due_text"),
                    "sources",
                )
            },
        ),
    )

    def is_locked(self, request, obj):
        # Public with its version: a published agreement's commitments are
        # the publishers' to change, as its terms are.
        return obj.version.is_published and not can_publish(request.user)

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        keep_owed_by_order(form)

    @admin.display(description="Amount due", ordering="value_number")
    def amount(self, obj):
        if obj.issue_id is None:
            return "—"
        return value_text(obj)

    @admin.display(description="Report")
    def report_link(self, obj):
        return link(admin_report_add_url(obj), "Log an implementation report")


def keep_owed_by_order(form):
    """Store owed_by in the order the editor chose it: the first is the holder.

    The links' ids carry the order, and Django adds new links as a set, so
    the links are written again, one by one, where the order differs.
    """
    commitment = form.instance
    chosen = [int(pk) for pk in form.data.getlist(form.add_prefix("owed_by"))]
    links = Commitment.owed_by.through.objects.filter(commitment=commitment)
    stored = list(links.order_by("pk").values_list("actor_id", flat=True))
    if stored == chosen or set(stored) != set(chosen):
        return
    commitment.owed_by.clear()
    for actor_id in chosen:
        commitment.owed_by.add(actor_id)


class ImplementationEntryForm(MeasuredValueFields, NegotiationScoped, EditorForm):
    scoped_fields = ("commitment", "attributed_actor", "attributed_person", "sources")

    class Meta:
        model = ImplementationEntry
        exclude = ("measure",)
        field_classes = {"value_option": OptionChoiceField}
        labels = VALUE_LABELS
        widgets = {"summary": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        commitment_id = self.known_id("commitment")
        commitment = None
        if commitment_id is not None:
            commitment = (
                Commitment.objects.select_related("issue")
                .filter(pk=commitment_id)
                .first()
            )
        issue = commitment.issue if commitment is not None else None
        if commitment is not None and issue is None:
            # Without an issue there is no value to enter.
            self._hide_unless_typed("value_option")
            self._hide_unless_typed("value_number")
        else:
            self.fit_value_fields(issue, self.known_id("negotiation"))
        if isinstance(issue, Issue) and "commitment" in self.fields:
            self.fields["commitment"].help_text = issue_help(issue)

    def clean(self):
        cleaned_data = super().clean()
        self._refuse_a_second_report_for_the_claim()
        return cleaned_data

    def _refuse_a_second_report_for_the_claim(self):
        refuse_a_twin_claim(
            self,
            ImplementationEntry,
            ("commitment", "as_of"),
            "This commitment already has a report as of this date with the "
            "same attribution: change that one, or pick another date.",
        )


@admin.register(ImplementationEntry)
class ImplementationEntryAdmin(ClaimAdmin):
    form = ImplementationEntryForm
    list_display = (
        "commitment",
        "as_of",
        "progress",
        "value",
        "status",
        "is_published",
        "sourced",
        "negotiation",
    )
    list_display_links = ("commitment",)
    list_filter = (
        "negotiation",
        ("commitment", ScopedRelatedFilter),
        "progress",
        "status",
        "is_published",
    )
    list_select_related = (
        "commitment__issue",
        "value_option",
        "negotiation",
    )
    search_fields = ("commitment__title", "summary")
    date_hierarchy = "as_of"
    ordering = ("-id",)
    autocomplete_fields = (
        "commitment",
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
                    "commitment",
                    "as_of",
                    "progress",
                    ("value_option", "value_number"),
                    ("value_min", "value_max"),
                    "status",
                    "summary",
                    "sources",
                    "is_published",
                )
            },
        ),
        ATTRIBUTION,
    )

    @admin.display(description="Amount delivered", ordering="value_number")
    def value(self, obj):
        if obj.commitment.issue_id is None:
            return "—"
        return value_text(obj)

    def get_changeform_initial_data(self, request):
        initial = super().get_changeform_initial_data(request)
        initial.setdefault("as_of", timezone.localdate())
        initial.setdefault("status", Status.REPORTED)
        return initial
