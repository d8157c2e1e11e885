"""Search over an agreement's commitments and the implementation reports on them."""

import datetime

import pytest

from negotiations import search
from negotiations.models import Commitment
from tests.factories import (
    make_commitment,
    make_implementation_entry,
    make_issue,
    make_negotiation,
    make_version,
)

pytestmark = pytest.mark.django_db

D = datetime.date


def _kinds(groups):
    return {group.kind: group for group in groups}


def _agreement(negotiation, *, published=True):
    issue = make_issue(negotiation, slug="crossings", title="Crossings")
    version = make_version(
        negotiation=negotiation,
        label="signed",
        date=D(2025, 1, 15),
        is_published=published,
    )
    commitment = make_commitment(
        version=version,
        issue=issue,
        value=600,
        slug="aid-trucks",
        title="Aid trucks into Gaza",
        summary="Six hundred lorries of humanitarian aid a day through Kerem Shalom.",
        due_text="every day from day 1",
    )
    entry = make_implementation_entry(
        commitment=commitment,
        as_of=D(2025, 1, 25),
        value=630,
        summary="The UN counted 630 lorries crossing at Kerem Shalom.",
    )
    return commitment, entry


def test_a_commitment_is_found_by_its_words_and_links_to_its_agreement():
    negotiation = make_negotiation(slug="talks")
    _agreement(negotiation)
    groups = _kinds(search.search("lorries humanitarian", negotiation=negotiation))
    (hit,) = groups["commitment"].hits
    assert hit.title.startswith("Aid trucks into Gaza: ")
    assert hit.url.endswith("/implementation/#commitment-aid-trucks")
    assert hit.day == Commitment.objects.get(slug="aid-trucks").due


def test_a_report_is_found_and_links_to_the_agreement_on_its_date():
    negotiation = make_negotiation(slug="talks")
    _, entry = _agreement(negotiation)
    groups = _kinds(search.search("UN counted", negotiation=negotiation))
    (hit,) = groups["implementation"].hits
    assert hit.title == "Aid trucks into Gaza: Intermediate, as of 2025-01-25"
    assert hit.url.endswith(
        f"/implementation/?as_of=2025-01-25#implementation-{entry.pk}"
    )
    assert hit.day == D(2025, 1, 25)
    assert "<mark>" in hit.snippet


def test_drafts_are_never_found():
    negotiation = make_negotiation(slug="talks")
    commitment, entry = _agreement(negotiation)
    entry.is_published = False
    entry.save()
    assert "implementation" not in _kinds(search.search("Kerem Shalom"))
    version = commitment.version
    version.is_published = False
    version.save()
    make_implementation_entry(
        commitment=commitment, as_of=D(2025, 1, 26), summary="Kerem Shalom again."
    )
    found = _kinds(search.search("Kerem Shalom"))
    assert "commitment" not in found and "implementation" not in found


def test_a_draft_negotiations_commitments_are_never_found():
    negotiation = make_negotiation(slug="hidden", is_published=False)
    _agreement(negotiation)
    assert _kinds(search.search("Kerem Shalom")) == {}
