"""The read rules of commitments and implementation entries, in the database."""

import datetime

import pytest

from negotiations.models import (
    Commitment,
    ImplementationEntry,
    Negotiation,
    Source,
    Status,
    Version,
)
from tests.factories import (
    make_commitment,
    make_implementation_entry,
    make_negotiation,
    make_source,
    make_version,
)

pytestmark = pytest.mark.django_db

D = datetime.date


def _entry(commitment, day, status, progress="intermediate", **fields):
    return make_implementation_entry(
        commitment=commitment, as_of=day, status=status, progress=progress, **fields
    )


def test_the_entry_in_force_is_the_latest_counted_one_on_or_before_the_day():
    commitment = make_commitment()
    reported = _entry(commitment, D(2025, 1, 20), Status.REPORTED)
    _entry(
        commitment,
        D(2025, 1, 25),
        Status.CLAIMED,
        "complete",
        attributed_actor=commitment.negotiation.side_b,
    )
    later = _entry(commitment, D(2025, 2, 1), Status.REPORTED, "complete")
    entries = ImplementationEntry.objects.all()
    assert list(entries.in_force(D(2025, 1, 19))) == []
    assert list(entries.in_force(D(2025, 1, 31))) == [reported]
    assert list(entries.in_force(D(2025, 2, 1))) == [later]


def test_a_stated_entry_beats_a_reported_one_on_the_same_day():
    commitment = make_commitment()
    negotiation = commitment.negotiation
    stated = _entry(commitment, D(2025, 1, 20), Status.STATED, "minimal")
    _entry(
        commitment,
        D(2025, 1, 20),
        Status.REPORTED,
        "complete",
        attributed_actor=negotiation.side_b,
    )
    assert list(ImplementationEntry.objects.in_force(D(2025, 1, 20))) == [stated]


def test_the_stated_evidence_rule_skips_reported_entries():
    commitment = make_commitment()
    stated = _entry(commitment, D(2025, 1, 20), Status.STATED, "minimal")
    _entry(commitment, D(2025, 1, 22), Status.REPORTED, "complete")
    in_force = ImplementationEntry.objects.in_force(D(2025, 2, 1), evidence="stated")
    assert list(in_force) == [stated]


def test_disputed_entries_never_count():
    commitment = make_commitment()
    _entry(
        commitment,
        D(2025, 1, 20),
        Status.DISPUTED,
        attributed_actor=commitment.negotiation.side_b,
    )
    assert list(ImplementationEntry.objects.in_force(D(2025, 2, 1))) == []
    assert ImplementationEntry.objects.counted().count() == 0


def test_each_commitment_has_its_own_entry_in_force():
    first, second = make_commitment(), make_commitment()
    one = _entry(first, D(2025, 1, 20), Status.REPORTED)
    two = _entry(second, D(2025, 1, 21), Status.REPORTED)
    assert set(ImplementationEntry.objects.in_force(D(2025, 2, 1))) == {one, two}


def test_commitments_and_entries_are_public_with_their_version_and_negotiation():
    commitment = make_commitment()
    entry = _entry(commitment, D(2025, 1, 20), Status.REPORTED)
    draft = _entry(
        commitment,
        D(2025, 1, 21),
        Status.REPORTED,
        is_published=False,
    )
    assert list(Commitment.objects.public()) == [commitment]
    assert list(ImplementationEntry.objects.public()) == [entry]
    assert draft not in ImplementationEntry.objects.public()
    Version.objects.update(is_published=False)
    assert list(Commitment.objects.public()) == []
    assert list(ImplementationEntry.objects.public()) == []
    Version.objects.update(is_published=True)
    Negotiation.objects.update(is_published=False)
    assert list(ImplementationEntry.objects.public()) == []


def test_a_source_cited_only_by_a_public_report_is_public():
    negotiation = make_negotiation()
    commitment = make_commitment(version=make_version(negotiation=negotiation))
    cited = make_source(negotiation)
    by_draft = make_source(negotiation)
    _entry(commitment, D(2025, 1, 20), Status.REPORTED, sources=[cited])
    _entry(
        commitment,
        D(2025, 1, 21),
        Status.REPORTED,
        is_published=False,
        sources=[by_draft],
    )
    public = set(Source.objects.public())
    assert cited in public and by_draft not in public


def test_saving_a_report_moves_the_negotiations_changed_at():
    commitment = make_commitment()
    before = Negotiation.objects.get(pk=commitment.negotiation_id).changed_at
    _entry(commitment, D(2025, 1, 20), Status.REPORTED)
    after = Negotiation.objects.get(pk=commitment.negotiation_id).changed_at
    assert after > before
