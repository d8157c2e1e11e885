"""Small interchange documents for the import, validation and export tests.

`make_document()` returns a fresh, valid document that uses every part of the
format once: two parties and a mediator, a spokesperson, a numeric, an ordinal and
a text issue, a proposal with two versions (one label with spaces, "/", "?", "#"
and "%"), positions, a response and an event. Tests change what they need:

    doc = make_document()
    doc["positions"][0]["issue"] = "philadelphia"
"""

import copy
import json

ODD_LABEL = "July 2024 / rev? #2 100%"

_DOCUMENT = {
    "format": "ceasefire-tracker/1",
    "negotiation": {
        "slug": "test-talks",
        "title": "Test talks",
        "summary": "Talks used by the tests.",
        "started_on": "2024-05-01",
        "sides": ["north", "south"],
        "baseline": {"proposal": "framework", "version": "v1"},
    },
    "actors": [
        {"slug": "north", "name": "North", "kind": "state", "role": "party"},
        {
            "slug": "south",
            "name": "الجنوب",
            "short_name": "South",
            "kind": "armed_group",
            "role": "party",
            "description": "The southern party.",
        },
        {"slug": "broker", "name": "Broker", "kind": "state", "role": "mediator"},
    ],
    "people": [
        {
            "slug": "spokesperson",
            "name": "דוברת",
            "title": "Spokesperson",
            "actor": "north",
        }
    ],
    "issues": [
        {
            "slug": "prisoners",
            "title": "Prisoners released",
            "measure": "numeric",
            "unit": "people",
        },
        {
            "slug": "corridor",
            "title": "Corridor",
            "measure": "ordinal",
            "description": "Who holds the corridor.",
            "scale": [
                {"value": "keep", "label": "North keeps it"},
                {"value": "share", "label": "Shared"},
                {"value": "leave", "label": "North leaves"},
            ],
        },
        {"slug": "guarantees", "title": "Guarantees", "measure": "text"},
    ],
    "sources": [
        {
            "id": "wire-1",
            "title": "Wire report",
            "publisher": "Wire",
            "url": "https://example.com/wire/1?x=1#top",
            "published_on": "2024-05-02",
        },
        {"id": "paper-2", "title": "Paper"},
    ],
    "proposals": [
        {
            "slug": "framework",
            "title": "Framework",
            "author": "broker",
            "summary": "The mediator's framework.",
            "versions": [
                {
                    "label": "v1",
                    "date": "2024-05-06",
                    "summary": "First text.",
                    "text": "Phase one lasts six weeks.",
                    "terms": [
                        {"issue": "prisoners", "value": 700, "text": "700 prisoners."},
                        {"issue": "corridor", "value": "keep"},
                        {
                            "issue": "guarantees",
                            "text": "Mediators guarantee talks go on.",
                        },
                    ],
                    "sources": ["wire-1"],
                },
                {
                    "label": ODD_LABEL,
                    "date": "2024-07-02",
                    "terms": [
                        {"issue": "prisoners", "value": 950.5},
                        {"issue": "corridor", "value": None},
                    ],
                },
            ],
        }
    ],
    "positions": [
        {
            "actor": "north",
            "issue": "prisoners",
            "as_of": "2024-05-10",
            "value": 500,
            "status": "stated",
            "summary": "North offers 500.",
            "sources": ["wire-1", "paper-2"],
        },
        {
            "actor": "south",
            "issue": "prisoners",
            "as_of": "2024-05-10",
            "value": 1500,
            "status": "reported",
            "sources": ["paper-2"],
        },
        {
            "actor": "north",
            "issue": "corridor",
            "as_of": "2024-05-11",
            "value": "keep",
            "status": "claimed",
            "attributed_to": "broker",
        },
        {
            "actor": "north",
            "issue": "corridor",
            "as_of": "2024-05-11",
            "value": "share",
            "status": "stated",
            "attributed_to": "spokesperson",
        },
        {
            "actor": "south",
            "issue": "guarantees",
            "as_of": "2024-05-12",
            "status": "disputed",
        },
    ],
    "responses": [
        {
            "actor": "south",
            "proposal": "framework",
            "version": ODD_LABEL,
            "date": "2024-07-03",
            "response": "accepted_with_reservations",
            "status": "claimed",
            "attributed_to": "broker",
            "summary": "Accepted with changes.",
            "sources": ["wire-1"],
        }
    ],
    "events": [
        {
            "slug": "round-one",
            "date": "2024-05-06",
            "end_date": "2024-05-08",
            "title": "Round one",
            "place": "Cairo",
            "kind": "talks",
            "participants": ["north", "broker", "spokesperson"],
            "summary": "Indirect talks.",
            "sources": ["wire-1"],
        },
        {"date": "2024-06-01", "title": "A statement", "kind": "statement"},
    ],
}


def make_document(**overrides):
    """Return a fresh valid document; keyword arguments replace top-level parts."""
    doc = copy.deepcopy(_DOCUMENT)
    doc.update(copy.deepcopy(overrides))
    return doc


def to_bytes(doc):
    """Return the document as UTF-8 JSON bytes."""
    return json.dumps(doc, ensure_ascii=False).encode("utf-8")


def count_rows():
    """Return {table: row count} for every table of the domain, history included."""
    from django.apps import apps

    return {
        model._meta.db_table: model._base_manager.count()
        for label in ("negotiations", "parties")
        for model in apps.get_app_config(label).get_models(include_auto_created=True)
    }


def make_format_two_document():
    """Return a valid version-2 document that uses every addition but the 7th.

    Lineage (v2 amends v1, restating one term), ranges (closed, open at either
    end, and one of a single number), conditions on a term, a position and a
    response, two authors, an issue with its own sides (a third party, "west"),
    source kinds with an archive copy, and a staleness window.
    """
    doc = make_document(format="ceasefire-tracker/2")
    doc["negotiation"]["stale_after_days"] = 45
    doc["actors"].append({"slug": "west", "name": "West", "role": "party"})
    doc["issues"].append(
        {
            "slug": "crossings",
            "title": "Crossings opened",
            "measure": "numeric",
            "unit": "crossings",
            "sides": ["west", "south"],
        }
    )
    doc["sources"][0]["kind"] = "wire-copy"
    doc["sources"][0]["archived_url"] = "https://archive.example.org/web/1/wire"
    doc["sources"][1]["kind"] = "mirror"
    framework = doc["proposals"][0]
    del framework["author"]
    framework["authors"] = ["broker", "north"]
    first, second = framework["versions"]
    first["terms"][0]["value"] = {"min": 700, "max": 1000}
    first["terms"][0]["condition"] = "Only if the lists are agreed."
    first["terms"].append({"issue": "crossings", "value": {"max": 3}})
    second["amends"] = {"proposal": "framework", "version": "v1"}
    second["terms"] = [{"issue": "prisoners", "value": {"min": 950.5}}]
    doc["positions"][0]["value"] = {"max": 500}
    doc["positions"][0]["condition"] = "Only with third-party monitoring."
    doc["positions"].append(
        {
            "actor": "west",
            "issue": "crossings",
            "as_of": "2024-05-13",
            "value": {"min": 2, "max": 2},
            "status": "stated",
        }
    )
    doc["responses"][0]["condition"] = "If the corridor is shared."
    return doc
