"""Forms of the editors' admin: safe saves, values that fit the issue, one negotiation.

- EditorForm refuses a save when someone else changed the row after the form
  was opened, says who, when and what, and keeps the editor's input.
- MeasuredValueFields fits the value fields to the issue's measure.
- NegotiationScoped checks that everything a row points at belongs to its
  negotiation, so that no claim links across negotiations.

That machinery is in editing.py; each kind of row's form is in objects.py.
Every name is re-exported here, where callers import it from.
"""

from .editing import (  # noqa: F401
    EMPTY,
    RANGE_HELP,
    VALUE_LABELS,
    EditorForm,
    MeasuredValueFields,
    NegotiationScoped,
    NotApplicableInput,
    NumberWithUnitInput,
    OptionChoiceField,
    PublishAwareInlineForm,
    _as_pk,
    _comparable,
    _shown,
    issue_help,
    refuse_a_twin_claim,
)
from .objects import (  # noqa: F401
    EventForm,
    ImportForm,
    IssueForm,
    NegotiationForm,
    PositionForm,
    ProposalForm,
    ResponseForm,
    ScaleOptionFormSet,
    SourceForm,
    TermForm,
    VersionForm,
    amendable_versions,
)
