"""Query-string forms: each page checks its parameters here; 400 when wrong."""

import datetime
from dataclasses import dataclass
from urllib.parse import urlencode

from django import forms
from django.core.exceptions import NON_FIELD_ERRORS

from .models import Status

DATE_FORMAT = "%Y-%m-%d"
# How far back the state of play looks for its trend unless `since` says otherwise.
TREND_WINDOW = datetime.timedelta(days=30)


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs):
        super().__init__(format=DATE_FORMAT, **kwargs)


def _date_field(label, help_text=""):
    return forms.DateField(
        label=label,
        required=False,
        input_formats=[DATE_FORMAT],
        widget=DateInput(),
        help_text=help_text,
        error_messages={"invalid": "Enter a real date as YYYY-MM-DD."},
    )


def days_before(day, delta):
    """Return `day - delta`, or the earliest date there is when that underflows."""
    try:
        return day - delta
    except OverflowError:
        return datetime.date.min


class EvidenceForm(forms.Form):
    """`?evidence=` names the evidence rule: "reported" (the default) or "stated"."""

    RULES = [
        ("reported", "Stated or reported positions"),
        ("stated", "Public statements only"),
    ]

    evidence = forms.ChoiceField(
        label="Count",
        required=False,
        choices=RULES,
        error_messages={
            "invalid_choice": "The evidence rule is “reported” (the default) or "
            "“stated” (public statements only), not “%(value)s”."
        },
    )

    def clean_evidence(self):
        return self.cleaned_data["evidence"] or "reported"

    @property
    def evidence_query(self):
        """Return "?evidence=stated" when the narrow rule is asked for, else ""."""
        if self.is_valid() and self.cleaned_data["evidence"] != "reported":
            return "?" + urlencode({"evidence": self.cleaned_data["evidence"]})
        return ""


class StateOfPlayForm(EvidenceForm):
    """`?as_of=` replays a past date; `?since=` is the date the trend compares with."""

    as_of = _date_field("State of play on")
    since = _date_field("Trend since", "Default: 30 days earlier.")

    def clean(self):
        cleaned = super().clean()
        as_of, since = cleaned.get("as_of"), cleaned.get("since")
        if as_of and since and since > as_of:
            self.add_error(
                "since", "The trend's start date must not be after the date shown."
            )
        return cleaned

    def dates(self, default_day):
        """Return (as_of, since) with their defaults filled in.

        `default_day` is the date shown without `?as_of` (pages.date_shown).
        """
        as_of = self.cleaned_data.get("as_of") or default_day
        since = self.cleaned_data.get("since") or days_before(as_of, TREND_WINDOW)
        return as_of, since


class AsOfForm(EvidenceForm):
    """`?as_of=` names the date whose values in force a page shows."""

    as_of = _date_field("Values in force on")


class TimelineForm(forms.Form):
    """The timeline's filters: actor, issue, kinds of item and a date range."""

    KINDS = [
        ("version", "Proposal versions"),
        ("position", "Positions"),
        ("response", "Responses"),
        ("event", "Events"),
        ("implementation", "Implementation reports"),
    ]

    actor = forms.ChoiceField(label="Actor", required=False)
    issue = forms.ChoiceField(label="Sticking point", required=False)
    status = forms.ChoiceField(
        label="Evidence",
        required=False,
        choices=[("", "Any evidence")] + Status.choices,
        error_messages={
            "invalid_choice": "“%(value)s” is not an evidence status; choose "
            + ", ".join(Status.values)
            + "."
        },
    )
    attributed_to = forms.ChoiceField(label="Claim attributed to", required=False)
    kind = forms.MultipleChoiceField(
        label="Show",
        required=False,
        choices=KINDS,
        widget=forms.CheckboxSelectMultiple,
    )
    start = _date_field("From")
    end = _date_field("To")
    page = forms.IntegerField(
        required=False,
        min_value=1,
        widget=forms.HiddenInput,
        error_messages={"invalid": "The page must be a whole number."},
    )

    def __init__(self, data, *, actors, issues, people=()):
        super().__init__(data)
        # An actor's choice covers its people too; grouped so the two read apart.
        self.fields["attributed_to"].choices = [
            ("", "Anyone"),
            (
                "Actors and their people",
                [(f"actor:{actor.slug}", actor.name) for actor in actors],
            ),
            ("People", [(f"person:{person.slug}", person.name) for person in people]),
        ]
        self.fields["attributed_to"].error_messages["invalid_choice"] = (
            "No actor or person “%(value)s” is in this negotiation; "
            "write actor:<slug> or person:<slug>."
        )
        self.fields["actor"].choices = [("", "Any actor")] + [
            (actor.slug, actor.name) for actor in actors
        ]
        self.fields["issue"].choices = [("", "Any sticking point")] + [
            (issue.slug, issue.title) for issue in issues
        ]
        self.fields["actor"].error_messages["invalid_choice"] = (
            "There is no actor “%(value)s” in this negotiation."
        )
        self.fields["issue"].error_messages["invalid_choice"] = (
            "There is no sticking point “%(value)s” in this negotiation."
        )
        self.fields["kind"].error_messages["invalid_choice"] = (
            "“%(value)s” is not a kind of item; "
            "choose version, position, response, event or implementation."
        )

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("start"), cleaned.get("end")
        if start and end and start > end:
            self.add_error("end", "The end date is before the start date.")
        return cleaned


class CompareForm(EvidenceForm):
    """`?against=` names the version to compare with; `?view=` the redline's layout."""

    VIEWS = [("inline", "Inline"), ("side", "Side by side")]

    against = forms.CharField(
        label="Compare with",
        required=False,
        max_length=200,
        # A label may start or end with a space; keep it as it is.
        strip=False,
        error_messages={"max_length": "That comparison is too long to name a version."},
    )
    view = forms.ChoiceField(
        label="Layout",
        required=False,
        choices=VIEWS,
        error_messages={"invalid_choice": "The layout is “inline” or “side”."},
    )

    def clean_against(self):
        """Return "baseline", "previous", or a (proposal slug, version label) pair."""
        against = self.cleaned_data["against"]
        if against in ("", "baseline"):
            return "baseline"
        if against == "previous":
            return "previous"
        proposal, slash, label = against.partition("/")
        if not slash or not proposal or not label:
            raise forms.ValidationError(
                "Compare with “baseline”, “previous” or “<proposal>/<version>”."
            )
        return (proposal, label)

    def clean_view(self):
        return self.cleaned_data["view"] or "inline"


@dataclass(frozen=True)
class Problem:
    """One thing wrong with a query string: the parameter, its label and why."""

    name: str
    field: str
    message: str


def form_problems(form):
    """Return every error of a bound form as a Problem, for the 400 page."""
    problems = []
    for name, messages in form.errors.items():
        if name == NON_FIELD_ERRORS:
            name, label = "", ""
        else:
            label = form.fields[name].label or name
        problems.extend(Problem(name, label, message) for message in messages)
    return problems


class ImplementationForm(forms.Form):
    """`?as_of=` replays a past date; `?evidence=stated` counts statements only."""

    EVIDENCE = [("", "Stated or reported"), ("stated", "Stated publicly only")]

    as_of = _date_field("Implementation on")
    evidence = forms.ChoiceField(
        label="Evidence",
        required=False,
        choices=EVIDENCE,
        error_messages={
            "invalid_choice": "Evidence is “stated”, or leave it out for "
            "stated or reported."
        },
    )
