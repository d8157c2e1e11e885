"""Exporting a negotiation; the round trip: import then export, same values."""

import json
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection
from django.test.utils import CaptureQueriesContext

from negotiations.interchange import (
    DocumentError,
    dump_document,
    equivalent,
    export_negotiation,
    exporting,
    import_negotiation,
    load_document,
    validate_document,
)
from negotiations.models import Event, Negotiation, Position, Response, Version
from tests.factories import make_negotiation
from tests.negotiations.documents import ODD_LABEL, make_document

pytestmark = pytest.mark.django_db

DEMO = Path(settings.BASE_DIR) / "negotiations" / "data" / "gaza-2024.json"


def test_the_demo_document_survives_a_round_trip():
    doc = load_document(DEMO.read_bytes())

    exported = export_negotiation(import_negotiation(doc))

    assert equivalent(exported, doc) is True
    validate_document(exported)


def test_the_small_document_survives_a_round_trip():
    doc = make_document()

    exported = export_negotiation(import_negotiation(doc))

    assert equivalent(exported, doc) is True


def test_a_response_without_a_status_comes_back_without_one():
    doc = make_document()
    del doc["responses"][0]["status"]

    exported = export_negotiation(import_negotiation(doc))

    assert "status" not in exported["responses"][0]
    assert equivalent(exported, doc) is True


def test_the_export_keeps_the_order_that_carries_meaning():
    doc = make_document()
    doc["negotiation"]["sides"] = ["south", "north"]
    doc["issues"][1]["scale"].reverse()
    doc["proposals"][0]["versions"].reverse()

    exported = export_negotiation(import_negotiation(doc))

    assert exported["negotiation"]["sides"] == ["south", "north"]
    assert [option["value"] for option in exported["issues"][1]["scale"]] == [
        "leave",
        "share",
        "keep",
    ]
    versions = exported["proposals"][0]["versions"]
    assert [version["label"] for version in versions] == [ODD_LABEL, "v1"]


def test_a_whole_number_is_written_as_an_integer():
    doc = make_document()
    doc["positions"][0]["value"] = 1e3
    doc["positions"][1]["value"] = -0.0

    exported = export_negotiation(import_negotiation(doc))

    values = [position.get("value") for position in exported["positions"][:2]]
    assert values == [1000, 0]
    assert [type(value) for value in values] == [int, int]
    assert exported["proposals"][0]["versions"][1]["terms"][0]["value"] == 950.5
    assert json.dumps(values) == "[1000, 0]"


def test_absent_optional_fields_are_left_out_not_written_empty():
    exported = export_negotiation(import_negotiation(make_document()))

    assert exported["actors"][0] == {
        "slug": "north",
        "name": "North",
        "kind": "state",
        "role": "party",
    }
    assert exported["sources"][1] == {"id": "paper-2", "title": "Paper"}
    assert exported["events"][1] == {
        "date": "2024-06-01",
        "title": "A statement",
        "kind": "statement",
    }
    unknown = exported["proposals"][0]["versions"][1]["terms"][1]
    assert unknown == {"issue": "corridor"}
    assert exported["positions"][4] == {
        "actor": "south",
        "issue": "guarantees",
        "as_of": "2024-05-12",
        "status": "disputed",
    }


def test_keys_follow_the_schemas_order():
    exported = export_negotiation(import_negotiation(make_document()))

    assert list(exported) == [
        "format",
        "negotiation",
        "actors",
        "people",
        "issues",
        "sources",
        "proposals",
        "positions",
        "responses",
        "events",
    ]
    assert list(exported["positions"][0]) == [
        "actor",
        "issue",
        "as_of",
        "value",
        "summary",
        "status",
        "sources",
    ]


def test_an_export_of_a_negotiation_without_people_responses_or_events_validates():
    doc = make_document()
    for kind in ("people", "responses", "events"):
        del doc[kind]
    doc["positions"] = [p for p in doc["positions"] if "attributed_to" not in p]

    exported = export_negotiation(import_negotiation(doc))

    assert "people" not in exported and "events" not in exported
    assert equivalent(exported, doc) is True


# ---- Drafts --------------------------------------------------------------------------


def test_drafts_are_left_out_unless_asked_for():
    doc = make_document()
    negotiation = import_negotiation(doc, publish=False)

    public = export_negotiation(negotiation)
    everything = export_negotiation(negotiation, include_drafts=True)

    assert public["positions"] == []
    assert "responses" not in public and "events" not in public
    # The baseline is written even as a draft: the format requires it.
    versions = public["proposals"][0]["versions"]
    assert [version["label"] for version in versions] == ["v1"]
    validate_document(public)
    assert equivalent(everything, doc) is True


def test_a_response_to_a_draft_version_is_left_out_with_its_version():
    negotiation = import_negotiation(make_document())
    Version.objects.filter(label=ODD_LABEL).update(is_published=False)

    exported = export_negotiation(negotiation)

    assert "responses" not in exported
    assert [v["label"] for v in exported["proposals"][0]["versions"]] == ["v1"]
    validate_document(exported)


def test_a_proposal_whose_versions_are_all_drafts_is_left_out():
    doc = make_document()
    doc["proposals"].append(
        {
            "slug": "counter",
            "title": "Counter",
            "versions": [{"label": "c1", "date": "2024-06-01"}],
        }
    )
    negotiation = import_negotiation(doc)
    Version.objects.filter(label="c1").update(is_published=False)

    exported = export_negotiation(negotiation)

    assert [proposal["slug"] for proposal in exported["proposals"]] == ["framework"]
    validate_document(exported)


def test_only_published_claims_are_exported_by_default():
    negotiation = import_negotiation(make_document())
    Position.objects.filter(status="disputed").update(is_published=False)
    Event.objects.filter(slug="").update(is_published=False)
    Response.objects.update(is_published=False)

    exported = export_negotiation(negotiation)

    assert len(exported["positions"]) == 4
    assert [event["title"] for event in exported["events"]] == ["Round one"]
    assert "responses" not in exported


def test_a_negotiation_without_sides_or_baseline_cannot_be_exported():
    negotiation = make_negotiation(sides=False)

    with pytest.raises(DocumentError) as caught:
        export_negotiation(negotiation)

    assert str(caught.value) == (
        "negotiation.sides: required: the negotiation has no two sides\n"
        "negotiation.baseline: required: the negotiation has no baseline"
    )


# ---- Bounded queries and writing -----------------------------------------------------


def test_an_export_runs_the_same_queries_for_5_or_500_positions():
    small = import_negotiation(make_document())
    doc = make_document()
    doc["negotiation"]["slug"] = "larger-talks"
    doc["positions"] = [
        dict(position, as_of=f"2024-{month:02}-{day:02}")
        for position in doc["positions"]
        for month in range(1, 11)
        for day in range(1, 11)
    ]
    large = import_negotiation(doc)

    counts = []
    for negotiation in (small, large):
        negotiation = Negotiation.objects.get(pk=negotiation.pk)
        with CaptureQueriesContext(connection) as context:
            export_negotiation(negotiation)
        counts.append(len(context.captured_queries))

    assert counts[0] == counts[1]


def test_a_dumped_document_is_compact_utf8_that_loads_back():
    doc = make_document()

    data = dump_document(doc)

    assert "الجنوب".encode() in data
    assert data.startswith(b'{"format"')
    assert data.count(b"\n") == 1
    assert load_document(data) == doc


def test_a_document_dumped_for_reading_is_indented_utf8_that_loads_back():
    doc = make_document()

    data = dump_document(doc, indent=True)

    assert "الجنوب".encode() in data
    assert data.startswith(b'{\n  "format"')
    assert load_document(data) == doc


def test_a_dump_too_large_when_indented_is_written_compact(monkeypatch):
    doc = make_document()
    indented = len(json.dumps(doc, ensure_ascii=False, indent=2).encode()) + 1
    monkeypatch.setattr(exporting, "MAX_BYTES", indented - 1)

    data = dump_document(doc, indent=True)

    assert b"\n " not in data
    assert json.loads(data) == doc
