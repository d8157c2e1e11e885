"""Stored search documents for commitments and implementation entries.

As migration 0007 did for the other kinds: on PostgreSQL each gets a stored,
generated `search_document` tsvector column of exactly the fields
search.KINDS lists for it, and a GIN index on that column. Other databases
get no column: search there falls back to substring matching.
"""

from django.db import migrations

CONFIG = "'simple'::regconfig"

# kind: (table, the text the document is made of)
DOCUMENTS = {
    "commitment": ("negotiations_commitment", ["title", "summary", "due_text"]),
    "implementation": ("negotiations_implementationentry", ["summary"]),
}


def _vector(columns):
    text = " || ' ' || ".join(f"COALESCE({column}, '')" for column in columns)
    return f"to_tsvector({CONFIG}, {text})"


def store_documents(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for kind, (table, columns) in DOCUMENTS.items():
        schema_editor.execute(
            f"ALTER TABLE {table} ADD COLUMN search_document tsvector "
            f"GENERATED ALWAYS AS ({_vector(columns)}) STORED"
        )
        schema_editor.execute(
            f"CREATE INDEX search_{kind} ON {table} USING gin (search_document)"
        )
        schema_editor.execute(f"ANALYZE {table}")


def drop_documents(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for kind, (table, _columns) in DOCUMENTS.items():
        schema_editor.execute(f"DROP INDEX IF EXISTS search_{kind}")
        schema_editor.execute(f"ALTER TABLE {table} DROP COLUMN search_document")


class Migration(migrations.Migration):
    dependencies = [("negotiations", "0012_issue_stamps")]

    operations = [migrations.RunPython(store_documents, drop_documents)]
