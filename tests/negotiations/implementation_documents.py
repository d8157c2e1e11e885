"""A small document with commitments and implementation entries (format 2)."""

from tests.negotiations.documents import ODD_LABEL, make_document

COMMITMENTS = [
    {
        "slug": "release-round-one",
        "version": {"proposal": "framework", "version": ODD_LABEL},
        "issue": "prisoners",
        "owed_by": ["north", "south"],
        "title": "First release round",
        "summary": "North frees 300 prisoners.",
        "due": "2024-07-10",
        "due_text": "day 7 of phase one",
        "value": 300,
        "sources": ["wire-1"],
    },
    {
        "slug": "corridor-pullback",
        "version": {"proposal": "framework", "version": "v1"},
        "issue": "corridor",
        "owed_by": ["north"],
        "title": "Leave the corridor",
        "due": "2024-08-01",
        "value": "leave",
    },
    {
        "slug": "aid",
        "version": {"proposal": "framework", "version": "v1"},
        "title": "Aid trucks every day",
        "due_text": "every day",
    },
]

IMPLEMENTATION = [
    {
        "commitment": "release-round-one",
        "as_of": "2024-07-10",
        "progress": "intermediate",
        "value": 150,
        "status": "reported",
        "summary": "Half were freed.",
        "sources": ["paper-2"],
    },
    {
        "commitment": "release-round-one",
        "as_of": "2024-07-10",
        "progress": "complete",
        "value": 300,
        "status": "claimed",
        "attributed_to": "broker",
    },
    {
        "commitment": "release-round-one",
        "as_of": "2024-07-12",
        "progress": "complete",
        "value": 300,
        "status": "stated",
        "attributed_to": "spokesperson",
    },
    {
        "commitment": "corridor-pullback",
        "as_of": "2024-07-20",
        "progress": "minimal",
        "value": "share",
        "status": "reported",
    },
    {
        "commitment": "aid",
        "as_of": "2024-07-05",
        "progress": "not-started",
        "status": "disputed",
        "attributed_to": "south",
    },
]


def make_implementation_document(**overrides):
    """Return the small test document with commitments and entries added."""
    parts = {"commitments": COMMITMENTS, "implementation": IMPLEMENTATION}
    parts.update(overrides)
    return make_document(**parts)
