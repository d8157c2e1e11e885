"""Forms of the editors' admin: safe saves, values that fit the issue, one negotiation.

- EditorForm refuses a save when someone else changed the row after the form
  was opened, says who, when and what, and keeps the editor's input.
- MeasuredValueFields fits the value fields to the issue's measure.
- NegotiationScoped checks that everything a row points at belongs to its
  negotiation, so that no claim links across negotiations.
"""

from django import forms
from django.core.exceptions import FieldDoesNotExist
from django.db import models, transaction
from django.utils.html import format_html
from django.utils.text import capfirst
from simple_history.utils import get_m2m_reverse_field_name

from negotiations import formatting
from negotiations.models import (
    Measure,
    ScaleOption,
)

from ..history import describe_changes, negotiation_id_of

EMPTY = "(empty)"


def _as_pk(value):
    """Return a submitted or prefilled primary key as an int, or None."""
    if isinstance(value, models.Model):
        return value.pk
    if isinstance(value, int):
        return value
    if (
        isinstance(value, str)
        and value.isascii()
        and value.isdigit()
        and len(value) < 19
    ):
        return int(value)
    return None


def _comparable(value):
    if isinstance(value, models.Model):
        return value.pk
    if isinstance(value, (list, tuple, set, models.QuerySet)):
        return sorted(_comparable(item) for item in value)
    if value in ("", None):
        return None
    return value


def _shown(model_field, value):
    """Return a value as an editor reads it, shortened to one line."""
    if isinstance(value, (list, tuple, models.QuerySet)):
        text = ", ".join(str(item) for item in value)
    elif value in ("", None):
        text = ""
    elif isinstance(value, bool):
        text = "yes" if value else "no"
    elif model_field.choices:
        text = str(dict(model_field.flatchoices).get(value, value))
    elif isinstance(value, float):
        text = formatting.number(value)
    elif hasattr(value, "isoformat"):
        text = value.isoformat()
    else:
        text = str(value)
    text = " ".join(text.split())
    if not text:
        return EMPTY
    return text if len(text) <= 80 else text[:79] + "…"


class EditorForm(forms.ModelForm):
    """A model form that refuses to overwrite a change made after it was opened.

    The hidden `edit_token` holds the row's history token when the form was
    opened. On save the row is locked (SELECT ... FOR UPDATE inside the admin's
    transaction) and its token read again: a different token means someone
    saved in between, and the form is refused with who, when and the fields that
    differ. The editor's input stays in the form, and the form now carries the
    current token, so saving again applies it knowingly.
    """

    edit_token = forms.CharField(widget=forms.HiddenInput, required=False)

    # Set by EditorAdmin.get_form: the admin that knows the row's edit token,
    # and why the save is refused when the row was published mid-edit.
    model_admin = None
    published_meanwhile = None

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.model_admin is None or self.instance.pk is None or self.is_bound:
            return
        self.fields["edit_token"].initial = self.model_admin.edit_token(
            self.instance.pk
        )
        record = getattr(self.instance, "_history", None)
        if record is not None:
            self._take_many_to_many_from(record)

    def _take_many_to_many_from(self, record):
        """Show the many-to-many values of a history record (for a revert)."""
        for field in getattr(record, "_history_m2m_fields", ()):
            if field.name in self.fields:
                related = get_m2m_reverse_field_name(field)
                rows = getattr(record, field.name).values_list(
                    f"{related}_id", flat=True
                )
                self.initial[field.name] = list(rows)

    def clean(self):
        cleaned_data = super().clean()
        if self.published_meanwhile:
            # No "save again" here: only a publisher can.
            self.add_error(None, self.published_meanwhile)
            return cleaned_data
        if self.model_admin is not None and self.instance.pk is not None:
            self._refuse_if_changed_since_opened()
        return cleaned_data

    def full_clean(self):
        super().full_clean()
        if self.is_bound and self._errors:
            self._drop_unreadable_choices()

    def _drop_unreadable_choices(self):
        """Forget submitted keys that are not numbers before the form is shown again.

        The field has already said "Select a valid choice"; an autocomplete
        widget would otherwise look the raw text up as a primary key and fail.
        """
        data = self.data.copy()
        for name, field in self.fields.items():
            if not isinstance(field, forms.ModelChoiceField):
                continue
            key = self.add_prefix(name)
            if hasattr(data, "getlist"):
                values = data.getlist(key)
                kept = [value for value in values if _as_pk(value) is not None]
                if kept != values:
                    data.setlist(key, kept)
            elif key in data and _as_pk(data[key]) is None:
                del data[key]
        self.data = data

    def _refuse_if_changed_since_opened(self):
        model = type(self.instance)
        pk = self.instance.pk
        if transaction.get_connection().in_atomic_block:
            # Held until the admin's transaction commits: a concurrent save of
            # the same row waits here, then sees this save's history.
            list(model._default_manager.select_for_update().filter(pk=pk).values("pk"))
        current = self.model_admin.edit_token(pk)
        seen = self.data.get(self.add_prefix("edit_token"), "")
        if seen == current:
            return
        theirs = model._default_manager.filter(pk=pk).first()
        who, when = describe_changes(self.model_admin.changes_since(pk, seen))
        differences = self._differences(theirs) if theirs is not None else []
        name = model._meta.verbose_name
        self.add_error(
            None,
            f"{capfirst(who)} changed this {name} on {when}, after you opened it. "
            "Your changes are not saved; they are kept in the form below.",
        )
        for label, their_text, your_text, field_name in differences:
            self.add_error(
                None, f"{label}: theirs “{their_text}”, yours “{your_text}”."
            )
            self.add_error(
                field_name, f"Now “{their_text}” ({who}); yours is kept here."
            )
        if not differences:
            self.add_error(
                None,
                "Their change is not in the fields above (e.g. a row edited inline "
                "or the publication); check the page.",
            )
        self.add_error(None, "Save again to replace their values with yours.")
        self.data = self.data.copy()
        self.data[self.add_prefix("edit_token")] = current

    def _differences(self, theirs):
        """Return (label, theirs, yours, field name) for each field that differs."""
        rows = []
        for field_name, form_field in self.fields.items():
            if field_name not in self.cleaned_data or field_name == "edit_token":
                continue
            try:
                model_field = theirs._meta.get_field(field_name)
            except FieldDoesNotExist:
                continue
            if model_field.many_to_many:
                their_value = list(getattr(theirs, field_name).all())
            else:
                their_value = getattr(theirs, model_field.name)
            yours = self.cleaned_data[field_name]
            if _comparable(their_value) != _comparable(yours):
                label = capfirst(form_field.label or model_field.verbose_name)
                rows.append(
                    (
                        label,
                        _shown(model_field, their_value),
                        _shown(model_field, yours),
                        field_name,
                    )
                )
        return rows


class NumberWithUnitInput(forms.NumberInput):
    """A number input followed by the issue's unit."""

    def __init__(self, unit, attrs=None):
        super().__init__({"step": "any", **(attrs or {})})
        self.unit = unit

    def render(self, name, value, attrs=None, renderer=None):
        html = super().render(name, value, attrs, renderer)
        if not self.unit:
            return html
        return format_html(
            '{}<span class="value-unit" style="margin-left: 0.5em">{}</span>',
            html,
            self.unit,
        )


class NotApplicableInput(forms.HiddenInput):
    """An empty hidden input that still takes its table cell, marked "n/a".

    In a tabular inline a hidden field gives up its cell, which shifts the
    row's other fields under the wrong headings.
    """

    is_hidden = False

    def render(self, name, value, attrs=None, renderer=None):
        html = super().render(name, value, attrs, renderer)
        return format_html(
            '{}<span class="not-applicable" title="{}">n/a</span>',
            html,
            "Does not apply to this issue's measure",
        )


class OptionChoiceField(forms.ModelChoiceField):
    """Scale options, labelled with their issue where several issues are listed."""

    with_issue = True

    def label_from_instance(self, obj):
        if self.with_issue:
            return f"{obj.issue.title}: {obj.label}"
        return obj.label


class MeasuredValueFields:
    """Fit `value_option` and `value_number` to the issue's measure.

    With a known issue: an ordinal one offers its scale's options, a numeric one
    a number followed by its unit, a text one neither. A field that does not fit
    is hidden unless the editor typed into it, so a mismatch is shown, not lost.
    With no issue yet, both show, with help, and the model's clean_value says
    which one fits when the form is saved.
    """

    # What stands for a value field that does not fit the issue.
    not_fitting_widget = forms.HiddenInput

    def fit_value_fields(self, issue, negotiation_id=None):
        option = self.fields.get("value_option")
        number = self.fields.get("value_number")
        if option is None or number is None:
            return
        self.fit_range_fields(issue)
        if issue is None:
            queryset = ScaleOption.objects.select_related("issue")
            if negotiation_id is not None:
                queryset = queryset.filter(issue__negotiation_id=negotiation_id)
            option.queryset = queryset.order_by("issue__rank", "issue_id", "rank")
            option.help_text = "For an ordinal issue: one of its scale's options."
            number.help_text = (
                "For a numeric issue: a number in its unit. "
                "Leave both empty where the value is unknown (never 0 for unknown)."
            )
            return
        option.queryset = ScaleOption.objects.filter(issue=issue).order_by("rank")
        option.with_issue = False
        # Only one of the two fits, so it is simply "the value".
        option.label = number.label = "Value"
        if issue.measure == Measure.NUMERIC:
            number.widget = NumberWithUnitInput(issue.unit)
            number.help_text = "Leave empty where unknown (never 0 for unknown)."
            self._hide_unless_typed("value_option")
        elif issue.measure == Measure.ORDINAL:
            option.help_text = "Leave empty where unknown."
            self._hide_unless_typed("value_number")
        else:
            self._hide_unless_typed("value_option")
            self._hide_unless_typed("value_number")

    def fit_range_fields(self, issue):
        """Offer a range's bounds ("up to 5,000") on a numeric issue only."""
        bounds = [name for name in ("value_min", "value_max") if name in self.fields]
        if issue is not None and issue.measure != Measure.NUMERIC:
            for name in bounds:
                self._hide_unless_typed(name)
            return
        for name in bounds:
            field = self.fields[name]
            if issue is not None:
                field.widget = NumberWithUnitInput(issue.unit)
            field.help_text = RANGE_HELP[name]

    def _hide_unless_typed(self, field_name):
        if self.is_bound and self.data.get(self.add_prefix(field_name)):
            return
        self.fields[field_name].widget = self.not_fitting_widget()

    def known_id(self, field_name):
        """Return the pk a foreign key holds: posted, saved or prefilled."""
        if self.is_bound:
            return _as_pk(self.data.get(self.add_prefix(field_name)))
        saved = getattr(self.instance, f"{field_name}_id", None)
        if saved is not None:
            return saved
        return _as_pk(self.initial.get(field_name))


# Both value fields are called "value" on the model; only one fits an issue.
VALUE_LABELS = {
    "value_option": "Value (scale option)",
    "value_number": "Value (number)",
    "value_min": "Range: at least",
    "value_max": "Range: at most",
}
RANGE_HELP = {
    "value_min": (
        "For a range on a numeric issue, instead of the value: the lower bound "
        '("at least 700"). Leave empty where the range has no lower bound.'
    ),
    "value_max": (
        'The upper bound ("up to 5,000"). A range with both bounds equal is '
        "saved as that number."
    ),
}


def issue_help(issue):
    """Return what an editor enters as the value on this issue."""
    if issue.measure == Measure.NUMERIC:
        unit = f", in {issue.unit}" if issue.unit else ""
        return f"Numeric{unit}: enter the number below."
    if issue.measure == Measure.ORDINAL:
        return "Ordinal: choose one of its scale's options below."
    return "Text: no value; say the position in the summary."


class NegotiationScoped:
    """Check that what a row points at belongs to the row's negotiation."""

    scoped_fields = ()

    def form_negotiation_id(self):
        if "negotiation" not in self.fields:
            # Read-only once the row exists: its negotiation is fixed.
            return getattr(self.instance, "negotiation_id", None)
        negotiation = self.cleaned_data.get("negotiation")
        return negotiation.pk if negotiation else None

    def clean(self):
        cleaned_data = super().clean()
        self.check_negotiation()
        return cleaned_data

    def check_negotiation(self):
        negotiation_id = self.form_negotiation_id()
        if negotiation_id is None:
            return
        for field_name in self.scoped_fields:
            value = self.cleaned_data.get(field_name)
            if value is None:
                continue
            values = value if isinstance(value, (list, models.QuerySet)) else [value]
            strangers = [
                str(obj) for obj in values if negotiation_id_of(obj) != negotiation_id
            ]
            if strangers:
                self.add_error(
                    field_name,
                    f"Not in this negotiation: {', '.join(strangers)}. "
                    "Choose from the negotiation's own.",
                )


class PublishAwareInlineForm(forms.ModelForm):
    """An inline row that is read-only once published, for users who cannot publish."""

    can_publish = True

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if getattr(self.instance, "is_published", False) and not self.can_publish:
            for field in self.fields.values():
                field.disabled = True


def refuse_a_twin_claim(form, model, keys, message):
    """Add `message` to `as_of` when another row makes the same claim.

    A claim is one per `keys` (its holder's fields and `as_of`) and attribution,
    as the database's unique constraint says; the form says so on the field
    instead of letting the save fail. Runs one query.
    """
    data = form.cleaned_data
    if not all(data.get(name) for name in keys):
        return
    twins = model.objects.filter(
        **{name: data[name] for name in keys},
        attributed_actor=data.get("attributed_actor"),
        attributed_person=data.get("attributed_person"),
    ).exclude(pk=form.instance.pk)
    if twins.exists():
        form.add_error("as_of", message)
