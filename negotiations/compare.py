"""Shape a version's page: what it is compared with, the term diff and the redline."""

from dataclasses import dataclass, replace

from . import fetch, lineage
from .diffs import redline, summary, term_diff
from .forms import Problem
from .gaps import DEFAULT_EVIDENCE
from .sides import SidePositions, side_stances

NO_TEXT = "No full text of this version has been published."


@dataclass(frozen=True)
class Choice:
    """One entry of the comparison control."""

    value: str
    label: str


@dataclass(frozen=True)
class Comparison:
    """A version set against another: `against` is None when there is none to use.

    `note` says in words why nothing is compared (no baseline, no previous
    version, the version itself); `text_notes` say which full text is missing.
    """

    against: object = None
    mode: str = "baseline"
    note: str = ""
    same: bool = False
    terms: tuple = ()
    changes: tuple = ()
    redline: object = None
    text_notes: tuple = ()
    responses: tuple = ()
    choices: tuple = ()
    selected: str = "baseline"
    problem: Problem | None = None

    @property
    def summary(self):
        """Return the term diff counted in its words ("2 changed, 0 unchanged")."""
        return summary(self.changes)


@dataclass(frozen=True)
class _Target:
    version: object = None
    note: str = ""
    problem: Problem | None = None


def _baseline(negotiation, version, listed):
    baseline = negotiation.baseline
    if baseline is None or not any(v.pk == baseline.pk for v in listed):
        return _Target(note="No baseline has been published for this negotiation.")
    if baseline.pk == version.pk:
        return _Target(
            version,
            "This version is the baseline: compared with itself, nothing changes. "
            "Choose another version to compare it with.",
        )
    # The listed copy carries its proposal, already fetched.
    return _Target(next((v for v in listed if v.pk == baseline.pk), baseline))


def _previous(version, listed):
    siblings = [v for v in listed if v.proposal_id == version.proposal_id]
    index = next(i for i, v in enumerate(siblings) if v.pk == version.pk)
    if index == 0:
        return _Target(
            note="This is the first published version of its proposal: "
            "there is no previous one to compare it with."
        )
    return _Target(siblings[index - 1])


def _named(version, listed, proposal_slug, label):
    found = next(
        (v for v in listed if v.proposal.slug == proposal_slug and v.label == label),
        None,
    )
    if found is None:
        message = (
            f"There is no published version “{label}” of a proposal "
            f"“{proposal_slug}” in this negotiation to compare with."
        )
        return _Target(problem=Problem("against", "Compare with", message))
    if found.pk == version.pk:
        return _Target(found, "This is the version itself: nothing changes.")
    return _Target(found)


def _resolve(negotiation, version, against, listed):
    """Return the _Target that `against` names."""
    if against == "baseline":
        return _baseline(negotiation, version, listed)
    if against == "previous":
        return _previous(version, listed)
    return _named(version, listed, *against)


def _choices(listed):
    choices = [
        Choice("baseline", "The baseline"),
        Choice("previous", "The previous version of this proposal"),
    ]
    for other in listed:
        day = other.date.isoformat()
        label = f"{other.proposal.title}, {other.label} ({day})"
        choices.append(Choice(f"{other.proposal.slug}/{other.label}", label))
    return tuple(choices)


def _text_notes(version, against):
    notes = []
    if not version.text.strip():
        notes.append(NO_TEXT)
    if against is not None and against.pk != version.pk and not against.text.strip():
        name = f"{against.proposal.title}, {against.label}"
        notes.append(
            f"No full text of the version compared with ({name}) has been published."
        )
    return tuple(notes)


def _by_issue(issues, held):
    """Return {issue: its term or None}, as term_diff() takes them."""
    return {
        issue: held[issue.pk].term if issue.pk in held else None for issue in issues
    }


def _origins(held, issues):
    """Return {issue: the version an inherited term is "as in"} of effective terms."""
    return {
        issue: held[issue.pk].term.version
        for issue in issues
        if issue.pk in held and held[issue.pk].inherited
    }


def _with_origins(changes, old_terms, new_terms, old_origins, new_origins):
    """Return the changes with each term's origin and condition beside its value."""
    return tuple(
        replace(
            change,
            old_from=old_origins.get(change.issue),
            new_from=new_origins.get(change.issue),
            old_condition=getattr(old_terms.get(change.issue), "condition", ""),
            new_condition=getattr(new_terms.get(change.issue), "condition", ""),
        )
        for change in changes
    )


def comparison(negotiation, version, against, evidence=DEFAULT_EVIDENCE):
    """Return the comparison of `version` with what `against` names.

    `against` is "baseline", "previous" or a (proposal slug, label) pair. Both
    versions' terms are their effective terms: a version that amends another
    inherits every term it does not restate. Seven queries: the negotiation's
    versions, the responses and their sources, the issues and their scales,
    then the sides' positions and own proposals under `evidence`, and the terms
    of both versions' amended chains; five when there is nothing to compare
    with (six when the version amends another).
    """
    listed = fetch.version_list(negotiation)
    target = _resolve(negotiation, version, against, listed)
    if target.problem is not None:
        return Comparison(problem=target.problem)
    responses = tuple(fetch.responses(negotiation, version=version))
    issues = fetch.issues(negotiation)
    amends = {v.pk: v.amends_id for v in listed}
    compared = target.version is not None and target.version.pk != version.pk
    wanted = [version, target.version] if compared else [version]
    if compared or version.amends_id is not None:
        held = fetch.effective_terms(wanted, amends)
    else:
        # Nothing to inherit: the terms fetched with the version are all it has.
        own = {
            term.issue_id: lineage.EffectiveTerm(term, None)
            for term in version.terms.all()
        }
        held = {version.pk: own}
    new_terms = _by_issue(issues, held[version.pk])
    new_origins = _origins(held[version.pk], issues)
    shown = tuple(
        (issue, term, new_origins.get(issue))
        for issue, term in new_terms.items()
        if term
    )
    common = {
        "mode": against if isinstance(against, str) else "other",
        "note": target.note,
        "terms": shown,
        "text_notes": _text_notes(version, target.version),
        "responses": responses,
        "choices": _choices(listed),
        "selected": against if isinstance(against, str) else "/".join(against),
    }
    if target.version is None or target.version.pk == version.pk:
        return Comparison(target.version, same=target.version is not None, **common)
    sides = SidePositions(
        negotiation,
        side_stances([negotiation], [version.date], evidence=evidence),
        evidence,
    )
    side_values = {
        issue: tuple(p.value if p else None for p in sides.on(issue, version.date))
        for issue in issues
    }
    old_terms = _by_issue(issues, held[target.version.pk])
    changes = _with_origins(
        term_diff(issues, old_terms, new_terms, side_values=side_values),
        old_terms,
        new_terms,
        _origins(held[target.version.pk], issues),
        new_origins,
    )
    lines = None
    if not common["text_notes"]:
        lines = redline(target.version.text, version.text)
    return Comparison(target.version, changes=changes, redline=lines, **common)
