"""Pending uploads in the database, and stored search documents.

- PendingUpload keeps an upload awaiting "confirm replace" where every app
  server can take it (it was in one machine's temporary folder).
- On PostgreSQL, each searched kind gets a stored, generated `search_document`
  tsvector column, and its GIN index moves from the expression onto the column,
  so ranking reads the stored vector instead of running to_tsvector per row.
  Terms, searched from now on, get their column and index here.
  The expressions are written out here, exactly those of migration 0004, so the
  migration keeps meaning what it meant when it ran. Other databases get no
  column: search there falls back to substring matching.
"""

import django.db.models.deletion
import django.utils.timezone
from django.conf import settings
from django.db import migrations, models


CONFIG = "'simple'::regconfig"
TEXT_LIMIT = 100_000

# table, the text the document is made of (as migration 0004 indexed it).
DOCUMENTS = {
    "position": ("negotiations_position", ["summary"]),
    "proposal": ("negotiations_proposal", ["title", "summary"]),
    "version": (
        "negotiations_version",
        ["label", "summary", f"LEFT(text, {TEXT_LIMIT})"],
    ),
    "term": ("negotiations_term", ["text"]),
    "response": ("negotiations_response", ["summary"]),
    "event": ("negotiations_event", ["title", "summary", "place"]),
    "source": ("negotiations_source", ["title", "publisher"]),
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
        schema_editor.execute(f"DROP INDEX IF EXISTS search_{kind}")
        schema_editor.execute(
            f"CREATE INDEX search_{kind} ON {table} USING gin (search_document)"
        )
        schema_editor.execute(f"ANALYZE {table}")


def drop_documents(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for kind, (table, columns) in DOCUMENTS.items():
        schema_editor.execute(f"DROP INDEX IF EXISTS search_{kind}")
        schema_editor.execute(f"ALTER TABLE {table} DROP COLUMN search_document")
        if kind == "term":
            continue  # migration 0004 had no index for terms
        schema_editor.execute(
            f"CREATE INDEX search_{kind} ON {table} USING gin (({_vector(columns)}))"
        )


class Migration(migrations.Migration):
    dependencies = [
        ("negotiations", "0006_stale_after_days"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name="PendingUpload",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True,
                        primary_key=True,
                        serialize=False,
                        verbose_name="ID",
                    ),
                ),
                ("token_hash", models.CharField(max_length=64, unique=True)),
                ("data", models.BinaryField()),
                ("created", models.DateTimeField(default=django.utils.timezone.now)),
                (
                    "user",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="pending_uploads",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
            ],
            options={
                "indexes": [
                    models.Index(fields=["created"], name="pending_upload_created")
                ],
            },
        ),
        migrations.RunPython(store_documents, drop_documents),
    ]
