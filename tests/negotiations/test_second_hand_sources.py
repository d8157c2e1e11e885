"""A claim whose every source is an aggregator's or a mirror's copy."""

from negotiations.models import Source, second_hand_only


def _sources(*kinds):
    return [Source(title=kind or "untyped", kind=kind) for kind in kinds]


def test_a_claim_resting_only_on_aggregators_and_mirrors_is_second_hand_only():
    assert second_hand_only(_sources("aggregator", "mirror")) is True


def test_one_first_hand_source_is_enough():
    assert second_hand_only(_sources("mirror", "news-report")) is False


def test_a_source_of_unknown_kind_is_not_taken_for_second_hand():
    assert second_hand_only(_sources("mirror", "")) is False


def test_a_claim_without_sources_is_unsourced_not_second_hand():
    assert second_hand_only([]) is False
