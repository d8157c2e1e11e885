"""The admin's form of each kind of row, built on editing.py's EditorForm.

Claims (positions, responses, events, terms) fit their value fields to the
issue and stay inside their negotiation; the structural rows (versions,
proposals, issues and their scales, sources, negotiations) and the upload of
a document have their own checks.
"""

from django import forms
from django.utils.text import slugify

from negotiations.models import (
    Event,
    Issue,
    Measure,
    Negotiation,
    Position,
    Proposal,
    Response,
    Source,
    Term,
    Version,
)
from parties.models import Actor

from .editing import (
    VALUE_LABELS,
    EditorForm,
    MeasuredValueFields,
    NegotiationScoped,
    NotApplicableInput,
    OptionChoiceField,
    issue_help,
    refuse_a_twin_claim,
)


def amendable_versions(version):
    """Return the versions `version` may amend: its negotiation's, without a loop.

    Leaves out the version itself and every version that amends it, directly or
    further down (choosing one would make amends loop). Two queries.
    """
    negotiation_id = version.proposal.negotiation_id
    versions = Version.objects.filter(proposal__negotiation_id=negotiation_id)
    amended_by = {}
    for pk, amends_id in versions.values_list("pk", "amends_id"):
        amended_by.setdefault(amends_id, []).append(pk)
    excluded, pending = set(), [version.pk] if version.pk else []
    while pending:
        current = pending.pop()
        if current in excluded:
            continue
        excluded.add(current)
        pending.extend(amended_by.get(current, []))
    return (
        versions.exclude(pk__in=excluded)
        .select_related("proposal")
        .order_by("date", "proposal_id", "rank")
    )


class PositionForm(MeasuredValueFields, NegotiationScoped, EditorForm):
    scoped_fields = (
        "actor",
        "issue",
        "attributed_actor",
        "attributed_person",
        "sources",
    )

    # Hidden until a 0 without any source asks for it: 0 is a strong claim
    # ("no prisoners at all") and a slip for "unknown" is easy to make.
    confirm_zero = forms.BooleanField(
        label="Yes, the value is 0 and there is no source yet",
        required=False,
        widget=forms.HiddenInput,
    )

    class Meta:
        model = Position
        fields = "__all__"
        field_classes = {"value_option": OptionChoiceField}
        labels = VALUE_LABELS
        widgets = {"summary": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        issue = None
        issue_id = self.known_id("issue")
        if issue_id is not None:
            issue = Issue.objects.filter(pk=issue_id).first()
        self.fit_value_fields(issue, self.known_id("negotiation"))
        if issue is not None and "issue" in self.fields:
            self.fields["issue"].help_text = issue_help(issue)

    def clean(self):
        cleaned_data = super().clean()
        self._refuse_a_second_position_for_the_claim()
        self._ask_before_an_unsourced_zero()
        return cleaned_data

    def _ask_before_an_unsourced_zero(self):
        data = self.cleaned_data
        if data.get("value_number") != 0 or data.get("sources"):
            return
        if data.get("confirm_zero"):
            return
        self.fields["confirm_zero"].widget = forms.CheckboxInput()
        self.add_error(
            "value_number",
            "A value of 0 with no source: is it really 0, not unknown? Leave the "
            "value empty where unknown, add a source, or tick the box below to "
            "save 0 as it is.",
        )

    def _refuse_a_second_position_for_the_claim(self):
        refuse_a_twin_claim(
            self,
            Position,
            ("actor", "issue", "as_of"),
            "This actor already has a position on this issue as of this date "
            "with the same attribution: change that one, or pick another date.",
        )


class ResponseForm(NegotiationScoped, EditorForm):
    scoped_fields = (
        "actor",
        "version",
        "attributed_actor",
        "attributed_person",
        "sources",
    )

    class Meta:
        model = Response
        fields = "__all__"
        widgets = {"summary": forms.Textarea(attrs={"rows": 3})}


class EventForm(NegotiationScoped, EditorForm):
    scoped_fields = ("participant_actors", "participant_people", "sources")

    class Meta:
        model = Event
        fields = "__all__"
        widgets = {"summary": forms.Textarea(attrs={"rows": 3})}


class VersionForm(NegotiationScoped, EditorForm):
    scoped_fields = ("sources", "amends")

    class Meta:
        model = Version
        fields = "__all__"
        widgets = {"summary": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        amends = self.fields.get("amends")
        if amends is not None and self.instance.proposal_id:
            amends.queryset = amendable_versions(self.instance)

    def form_negotiation_id(self):
        proposal = self.cleaned_data.get("proposal") or (
            self.instance.proposal if self.instance.proposal_id else None
        )
        return proposal.negotiation_id if proposal else None


class ProposalForm(NegotiationScoped, EditorForm):
    scoped_fields = ("authors",)

    class Meta:
        model = Proposal
        fields = "__all__"
        widgets = {"summary": forms.Textarea(attrs={"rows": 3})}


class TermForm(MeasuredValueFields, EditorForm):
    """A term; inline on its version, or on its own page."""

    # Set by the inline: the version's negotiation, for rows not saved yet.
    scope_negotiation_id = None
    not_fitting_widget = NotApplicableInput

    class Meta:
        model = Term
        fields = "__all__"
        field_classes = {"value_option": OptionChoiceField}
        labels = VALUE_LABELS
        widgets = {"text": forms.Textarea(attrs={"rows": 2, "cols": 30})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        issue = self.instance.issue if self.instance.issue_id else None
        negotiation_id = self.scope_negotiation_id
        if negotiation_id is None and self.instance.version_id:
            negotiation_id = self.instance.version.proposal.negotiation_id
        self.fit_value_fields(issue, negotiation_id)

    def clean(self):
        cleaned_data = super().clean()
        issue = cleaned_data.get("issue")
        version = cleaned_data.get("version") or (
            self.instance.version if self.instance.version_id else None
        )
        if issue and version and version.proposal_id:
            if issue.negotiation_id != version.proposal.negotiation_id:
                self.add_error("issue", "This issue belongs to another negotiation.")
        return cleaned_data


class IssueForm(NegotiationScoped, EditorForm):
    scoped_fields = ("side_a", "side_b")

    class Meta:
        model = Issue
        fields = "__all__"

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # An issue's own sides are parties of its negotiation (rule 19).
        parties = Actor.objects.filter(role=Actor.Role.PARTY).select_related(
            "negotiation"
        )
        if self.instance.negotiation_id:
            parties = parties.filter(negotiation_id=self.instance.negotiation_id)
        for name in ("side_a", "side_b"):
            if name in self.fields:
                self.fields[name].queryset = parties

    def clean_measure(self):
        measure = self.cleaned_data["measure"]
        issue = self.instance
        if issue.pk is None or measure == issue.measure:
            return measure
        positions = issue.positions.count()
        terms = issue.terms.count()
        if positions or terms:
            raise forms.ValidationError(
                f"{positions} position(s) and {terms} term(s) hold values on the "
                "current measure; change or remove them first."
            )
        return measure


class ScaleOptionFormSet(forms.BaseInlineFormSet):
    """An ordinal issue's scale: at least two options, and none on other measures.

    An option that positions or terms hold cannot be deleted: the admin's
    inline forms refuse deleting protected rows already.
    """

    def clean(self):
        super().clean()
        if any(self.errors):
            return
        kept = 0
        for form in self.forms:
            if not form.cleaned_data:
                continue
            if self.can_delete and self._should_delete_form(form):
                continue
            kept += 1
        measure = self.instance.measure
        if measure == Measure.ORDINAL and kept < 2:
            raise forms.ValidationError("An ordinal issue needs at least two options.")
        if measure != Measure.ORDINAL and kept:
            raise forms.ValidationError(
                "Only an ordinal issue has a scale: remove the options or change "
                "the measure."
            )


class SourceForm(EditorForm):
    url = forms.URLField(
        label="URL", max_length=2000, required=False, assume_scheme="https"
    )
    archived_url = forms.URLField(
        label="Archived URL",
        max_length=2000,
        required=False,
        assume_scheme="https",
        help_text=Source._meta.get_field("archived_url").help_text,
    )

    class Meta:
        model = Source
        fields = "__all__"

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "key" in self.fields:
            self.fields["key"].required = False
            self.fields["key"].help_text = (
                "The source's id in the interchange format; made from the title "
                "when left empty."
            )

    def clean(self):
        cleaned_data = super().clean()
        negotiation = cleaned_data.get("negotiation")
        if "key" in self.fields and not cleaned_data.get("key") and negotiation:
            cleaned_data["key"] = self._free_key(negotiation, cleaned_data.get("title"))
            self.instance.key = cleaned_data["key"]
        return cleaned_data

    def _free_key(self, negotiation, title):
        base = slugify(title or "")[:70] or "source"
        taken = set(
            Source.objects.filter(negotiation=negotiation, key__startswith=base)
            .exclude(pk=self.instance.pk)
            .values_list("key", flat=True)
        )
        key, number = base, 2
        while key in taken:
            key, number = f"{base}-{number}", number + 1
        return key


class NegotiationForm(EditorForm):
    class Meta:
        model = Negotiation
        fields = "__all__"


class ImportForm(forms.Form):
    """Upload of one negotiation in the interchange format."""

    document = forms.FileField(
        label="JSON file",
        help_text="One negotiation in the interchange format, at most 20 MiB.",
    )
    as_drafts = forms.BooleanField(
        label="Import as drafts",
        required=False,
        help_text="Nothing imported is public until a publisher publishes it.",
    )

    def __init__(self, *args, can_publish=False, max_bytes, **kwargs):
        super().__init__(*args, **kwargs)
        self.max_bytes = max_bytes
        if not can_publish:
            self.fields["as_drafts"].initial = True
            self.fields["as_drafts"].disabled = True
            self.fields[
                "as_drafts"
            ].help_text = (
                "Only a publisher can import public claims, so this imports drafts."
            )

    def clean_document(self):
        upload = self.cleaned_data["document"]
        if upload.size > self.max_bytes:
            size = upload.size / (1024 * 1024)
            limit = self.max_bytes / (1024 * 1024)
            raise forms.ValidationError(
                f"The file is {size:.1f} MiB; the limit is {limit:g} MiB."
            )
        return upload
