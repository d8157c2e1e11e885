"""GIN expression indexes for full-text search, on PostgreSQL only.

Each index expression is the document `negotiations.search.document_vector()`
builds for its kind, so that the planner can use it; a test runs EXPLAIN to
check. The expressions are written out here rather than imported, so that this
migration keeps meaning what it meant when it ran. Other databases get nothing:
search there falls back to substring matching.
"""

from django.contrib.postgres.indexes import GinIndex
from django.contrib.postgres.search import SearchVector
from django.db import migrations
from django.db.models.functions import Left

CONFIG = "simple"
TEXT_LIMIT = 100_000

INDEXES = {
    "position": GinIndex(
        SearchVector("summary", config=CONFIG), name="search_position"
    ),
    "proposal": GinIndex(
        SearchVector("title", "summary", config=CONFIG), name="search_proposal"
    ),
    "version": GinIndex(
        SearchVector(
            "label", "summary", Left("text", TEXT_LIMIT), config=CONFIG
        ),
        name="search_version",
    ),
    "response": GinIndex(
        SearchVector("summary", config=CONFIG), name="search_response"
    ),
    "event": GinIndex(
        SearchVector("title", "summary", "place", config=CONFIG), name="search_event"
    ),
    "source": GinIndex(
        SearchVector("title", "publisher", config=CONFIG), name="search_source"
    ),
}


def add_indexes(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for model_name, index in INDEXES.items():
        schema_editor.add_index(apps.get_model("negotiations", model_name), index)


def remove_indexes(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for model_name, index in INDEXES.items():
        schema_editor.remove_index(apps.get_model("negotiations", model_name), index)


class Migration(migrations.Migration):
    dependencies = [
        ("negotiations", "0003_editor_groups"),
    ]

    operations = [
        migrations.RunPython(add_indexes, remove_indexes),
    ]
