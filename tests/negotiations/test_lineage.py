"""Version lineage: what a version inherits from the versions it amends."""

from hypothesis import given
from hypothesis import strategies as st

from negotiations.lineage import (
    EffectiveTerm,
    all_effective_terms,
    amended_chain,
    effective_terms,
)

MAY = "may"
JULY = "july"
AUGUST = "august"
AMENDS = {JULY: MAY, AUGUST: JULY}
TERMS = {
    MAY: {"prisoners": 700, "corridor": "keep", "phase": 42},
    JULY: {"corridor": "share"},
    AUGUST: {"phase": 30},
}


def test_a_version_without_amends_has_only_its_own_terms():
    assert effective_terms(MAY, AMENDS, TERMS) == {
        "prisoners": EffectiveTerm(700, None),
        "corridor": EffectiveTerm("keep", None),
        "phase": EffectiveTerm(42, None),
    }


def test_an_amending_version_inherits_every_term_it_does_not_restate():
    assert effective_terms(JULY, AMENDS, TERMS) == {
        "corridor": EffectiveTerm("share", None),
        "prisoners": EffectiveTerm(700, MAY),
        "phase": EffectiveTerm(42, MAY),
    }


def test_inheritance_follows_amends_back_to_the_nearest_version_with_a_term():
    result = effective_terms(AUGUST, AMENDS, TERMS)

    assert result["phase"] == EffectiveTerm(30, None)
    assert result["corridor"] == EffectiveTerm("share", JULY)
    assert result["prisoners"] == EffectiveTerm(700, MAY)
    assert result["prisoners"].inherited is True
    assert result["phase"].inherited is False


def test_an_issue_no_version_on_the_chain_covers_is_not_recorded():
    assert "guarantees" not in effective_terms(AUGUST, AMENDS, TERMS)


def test_a_loop_in_amends_stops_instead_of_running_forever():
    looped = {MAY: AUGUST, JULY: MAY, AUGUST: JULY}

    assert amended_chain(MAY, looped) == [AUGUST, JULY]
    assert effective_terms(JULY, looped, TERMS)["phase"] == EffectiveTerm(42, MAY)


def test_all_effective_terms_resolves_every_version():
    result = all_effective_terms([MAY, JULY, AUGUST], AMENDS, TERMS)

    assert set(result) == {MAY, JULY, AUGUST}
    assert result[AUGUST]["prisoners"] == EffectiveTerm(700, MAY)


@given(
    st.dictionaries(st.integers(0, 8), st.integers(0, 8) | st.none(), max_size=9),
    st.integers(0, 8),
)
def test_any_amends_mapping_resolves_without_looping_or_repeating(amends, start):
    chain = amended_chain(start, amends)

    assert start not in chain
    assert len(chain) == len(set(chain))
