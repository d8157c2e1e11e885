"""Commitments and implementation entries in the interchange format (rule 20)."""

import copy

import pytest

from negotiations.interchange import (
    DocumentError,
    equivalent,
    export_negotiation,
    import_negotiation,
    load_document,
    validate_document,
)
from negotiations.models import Commitment, ImplementationEntry, Version
from tests.negotiations.documents import count_rows, make_document, to_bytes
from tests.negotiations.implementation_documents import make_implementation_document


def problems_of(doc):
    with pytest.raises(DocumentError) as caught:
        load_document(to_bytes(doc))
    return [str(problem) for problem in caught.value.problems]


def test_the_document_with_commitments_is_valid():
    assert validate_document(make_implementation_document()) is None


def test_a_repeated_commitment_slug_is_refused():
    doc = make_implementation_document()
    doc["commitments"][2]["slug"] = "release-round-one"
    assert problems_of(doc)[0] == (
        'commitments[2].slug: slug "release-round-one" is already used by '
        "commitments[0]"
    )


def test_a_commitment_of_an_unknown_version_is_refused():
    doc = make_implementation_document()
    doc["commitments"][1]["version"]["version"] = "v9"
    assert problems_of(doc) == [
        'commitments[1].version.version: proposal "framework" has no version '
        'labelled "v9"'
    ]


def test_a_commitment_of_an_unknown_proposal_is_refused():
    doc = make_implementation_document()
    doc["commitments"][1]["version"]["proposal"] = "nothing"
    assert problems_of(doc) == [
        'commitments[1].version.proposal: no proposal with slug "nothing"'
    ]


def test_a_commitment_on_an_unknown_issue_is_refused():
    doc = make_implementation_document()
    doc["commitments"][0]["issue"] = "hostages"
    assert problems_of(doc) == ['commitments[0].issue: no issue with slug "hostages"']


def test_owed_by_must_name_actors():
    doc = make_implementation_document()
    doc["commitments"][1]["owed_by"] = ["north", "spokesperson"]
    assert problems_of(doc) == [
        'commitments[1].owed_by[1]: no actor with slug "spokesperson" '
        '("spokesperson" is a person; an actor is needed here)'
    ]


def test_a_commitments_value_must_fit_its_issue():
    doc = make_implementation_document()
    doc["commitments"][1]["value"] = "elsewhere"
    assert problems_of(doc) == [
        'commitments[1].value: issue "corridor" is ordinal: "elsewhere" is not one '
        "of its scale values (keep, share, leave)"
    ]


def test_a_commitment_without_an_issue_has_no_value():
    doc = make_implementation_document()
    doc["commitments"][2]["value"] = 50
    assert problems_of(doc) == [
        "commitments[2].value: a commitment without an issue has no value; leave out 50"
    ]


def test_an_entry_on_an_unknown_commitment_is_refused():
    doc = make_implementation_document()
    doc["implementation"][3]["commitment"] = "ghost"
    assert problems_of(doc) == [
        'implementation[3].commitment: no commitment with slug "ghost"'
    ]


def test_an_entrys_value_must_fit_its_commitments_issue():
    doc = make_implementation_document()
    doc["implementation"][0]["value"] = "keep"
    assert problems_of(doc) == [
        'implementation[0].value: issue "prisoners" is numeric: the value must be '
        'a number, not "keep"'
    ]


def test_an_entry_on_a_commitment_without_an_issue_has_no_value():
    doc = make_implementation_document()
    doc["implementation"][4]["value"] = 12
    assert problems_of(doc) == [
        'implementation[4].value: an entry on commitment "aid" (which has no '
        "issue) has no value; leave out 12"
    ]


def test_at_most_one_entry_per_commitment_day_and_attribution():
    doc = make_implementation_document()
    doc["implementation"].append(copy.deepcopy(doc["implementation"][0]))
    assert problems_of(doc) == [
        "implementation[5]: repeats implementation[0]: at most one entry per "
        "commitment, as_of and attributed_to"
    ]


def test_an_entry_is_not_attributed_to_the_commitments_holder():
    doc = make_implementation_document()
    doc["implementation"][3]["attributed_to"] = "north"
    assert problems_of(doc) == [
        'implementation[3].attributed_to: names the holder "north" itself (the '
        "first of the commitment's owed_by); leave attributed_to out when the "
        "holder speaks"
    ]


def test_an_entrys_attribution_and_sources_must_resolve():
    doc = make_implementation_document()
    doc["implementation"][3]["attributed_to"] = "nobody"
    doc["implementation"][3]["sources"] = ["nowhere"]
    assert problems_of(doc) == [
        'implementation[3].attributed_to: no actor or person with slug "nobody"',
        'implementation[3].sources[0]: no source with id "nowhere"',
    ]


def test_an_unknown_progress_level_is_refused_by_the_schema():
    doc = make_implementation_document()
    doc["implementation"][0]["progress"] = "done"
    assert problems_of(doc) == [
        'implementation[0].progress: "done" is not one of "not-started", '
        '"minimal", "intermediate", "complete"'
    ]


@pytest.mark.django_db
def test_a_broken_document_writes_nothing():
    doc = make_implementation_document()
    doc["implementation"][3]["commitment"] = "ghost"
    before = count_rows()
    with pytest.raises(DocumentError):
        import_negotiation(doc)
    assert count_rows() == before


@pytest.mark.django_db
def test_commitments_and_entries_survive_a_round_trip():
    doc = make_implementation_document()
    exported = export_negotiation(import_negotiation(doc))
    assert equivalent(exported, doc) is True
    assert exported["commitments"][0]["owed_by"] == ["north", "south"]
    validate_document(exported)


@pytest.mark.django_db
def test_the_import_writes_commitments_entries_and_their_links():
    negotiation = import_negotiation(make_implementation_document())
    commitment = Commitment.objects.get(negotiation=negotiation, slug="aid")
    assert commitment.issue is None and commitment.value is None
    first = Commitment.objects.get(slug="release-round-one")
    assert [actor.slug for actor in first.owners()] == ["north", "south"]
    assert [source.key for source in first.sources.all()] == ["wire-1"]
    entries = ImplementationEntry.objects.filter(commitment=first).order_by("as_of")
    assert [entry.value for entry in entries] == [150, 300, 300]
    assert entries.last().attributed_person.slug == "spokesperson"


@pytest.mark.django_db
def test_absent_arrays_are_the_same_as_empty_ones():
    exported = export_negotiation(import_negotiation(make_document()))
    assert "commitments" not in exported and "implementation" not in exported
    assert equivalent(exported, {**exported, "commitments": [], "implementation": []})


@pytest.mark.django_db
def test_draft_entries_are_left_out_of_the_export():
    negotiation = import_negotiation(make_implementation_document())
    ImplementationEntry.objects.filter(status="claimed").update(is_published=False)
    exported = export_negotiation(negotiation)
    assert len(exported["implementation"]) == 4
    with_drafts = export_negotiation(negotiation, include_drafts=True)
    assert len(with_drafts["implementation"]) == 5


@pytest.mark.django_db
def test_a_draft_versions_commitments_are_left_out_of_the_export():
    negotiation = import_negotiation(make_implementation_document())
    Version.objects.filter(commitments__slug="release-round-one").update(
        is_published=False
    )
    exported = export_negotiation(negotiation)
    slugs = [commitment["slug"] for commitment in exported["commitments"]]
    assert slugs == ["corridor-pullback", "aid"]
    assert all(
        e["commitment"] != "release-round-one" for e in exported["implementation"]
    )
    validate_document(exported)


@pytest.mark.django_db
def test_an_imported_document_renders_and_replays_by_date(client):
    from negotiations.templatetags.implementation_tags import implementation_path
    from tests.negotiations.documents import ODD_LABEL
    from tests.negotiations.page_scenarios import page_text

    negotiation = import_negotiation(make_implementation_document())
    version = negotiation.proposals.get().versions.get(label=ODD_LABEL)
    url = implementation_path(version)
    assert "%2F" in url and "%23" in url
    response = client.get(url + "?as_of=2024-07-09")
    assert "Progress: no report" in page_text(response)
    assert "overdue-flag" not in response.content.decode()
    on_the_day = page_text(client.get(url + "?as_of=2024-07-10"))
    # The broker's "complete" is a claim: shown, not counted.
    assert "Progress: Intermediate" in on_the_day
    assert "150 people of 300 people" in on_the_day
    after = page_text(client.get(url + "?as_of=2024-07-12"))
    assert "Progress: Complete" in after
    assert "Complete 1" in after
