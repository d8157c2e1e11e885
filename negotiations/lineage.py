"""Version lineage (format 2): the terms a version inherits from the one it amends.

A version that `amends` another restates only what it changes: on every issue
without a term of its own it holds the amended version's term, following
`amends` further back as needed (VERSION-2.md, addition 1). Plain functions over
plain mappings: callers pass what they fetched, nothing here runs a query.
"""

from collections.abc import Hashable, Mapping
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class EffectiveTerm:
    """A version's term on one issue: its own, or inherited.

    `inherited_from` is the version the term was read from ("as in <version>"),
    or None when the version states the term itself.
    """

    term: Any
    inherited_from: Hashable | None

    @property
    def inherited(self):
        """Return True when the term comes from an amended version."""
        return self.inherited_from is not None


def amended_chain(version, amends: Mapping):
    """Return the versions `version` amends, nearest first, without itself.

    `amends` maps a version to the version it amends (or None). Validation
    refuses loops; should one slip through, the chain stops where it would
    come back to a version already on it, rather than looping forever.
    """
    chain = []
    seen = {version}
    current = amends.get(version)
    while current is not None and current not in seen:
        chain.append(current)
        seen.add(current)
        current = amends.get(current)
    return chain


def effective_terms(version, amends: Mapping, terms: Mapping):
    """Return {issue: EffectiveTerm} for a version, inherited terms included.

    `terms` maps a version to its own terms as {issue: term}. A version's own
    term wins; an issue it does not cover takes the term of the nearest version
    up its `amends` chain that covers it. An issue no version on the chain
    covers is left out: "not recorded", never a removed term.
    """
    result = {
        issue: EffectiveTerm(term, None)
        for issue, term in terms.get(version, {}).items()
    }
    for ancestor in amended_chain(version, amends):
        for issue, term in terms.get(ancestor, {}).items():
            if issue not in result:
                result[issue] = EffectiveTerm(term, ancestor)
    return result


def all_effective_terms(versions, amends: Mapping, terms: Mapping):
    """Return {version: {issue: EffectiveTerm}} for each of the versions."""
    return {version: effective_terms(version, amends, terms) for version in versions}
