"""Pending changes, the public "last changed" date, and one negotiation per row.

PendingChange holds an editor's change to a row readers already see until a
publisher applies it (negotiations.publishing). Negotiation.public_changed_at
moves only with changes readers see.

Statement-level triggers with transition tables, not composite foreign keys:
many references go through a parent (a term's version, a version's proposal)
or through a many-to-many table that has no negotiation column, and composite
keys would need that column added to every through table. One check per
statement keeps a 100,000-row bulk import to one set-based query per table.

A second, row-level trigger refuses any change of a row's owner (its
negotiation, a version's proposal, a term's version, a scale option's issue),
so a row checked when it was written stays in its negotiation. PostgreSQL only;
on SQLite (the fallback for a machine without PostgreSQL) the forms' checks
remain the only guard.
"""

import django.db.models.deletion
import django.utils.timezone
from django.conf import settings
from django.db import migrations, models

# How to find the negotiation of a row of each table, given an SQL expression
# that yields the row's id.
_VIA = {
    "negotiations_negotiation": "{id}",
    "negotiations_version": (
        "(SELECT p.negotiation_id FROM negotiations_version v "
        "JOIN negotiations_proposal p ON p.id = v.proposal_id WHERE v.id = {id})"
    ),
    "negotiations_scaleoption": (
        "(SELECT i.negotiation_id FROM negotiations_scaleoption s "
        "JOIN negotiations_issue i ON i.id = s.issue_id WHERE s.id = {id})"
    ),
}


def _negotiation_of(table, id_sql):
    template = _VIA.get(table, "(SELECT negotiation_id FROM {table} WHERE id = {id})")
    return template.format(table=table, id=id_sql)


# table: (the row's own negotiation as SQL over the new row "n",
#         [(column, table it points at), ...])
CHECKS = {
    "negotiations_negotiation": (
        "n.id",
        [
            ("side_a_id", "parties_actor"),
            ("side_b_id", "parties_actor"),
            ("baseline_id", "negotiations_version"),
        ],
    ),
    "parties_person": ("n.negotiation_id", [("actor_id", "parties_actor")]),
    "negotiations_issue": (
        "n.negotiation_id",
        [("side_a_id", "parties_actor"), ("side_b_id", "parties_actor")],
    ),
    "negotiations_version": (
        _negotiation_of("negotiations_proposal", "n.proposal_id"),
        [("amends_id", "negotiations_version")],
    ),
    "negotiations_term": (
        _negotiation_of("negotiations_version", "n.version_id"),
        [("issue_id", "negotiations_issue")],
    ),
    "negotiations_position": (
        "n.negotiation_id",
        [
            ("actor_id", "parties_actor"),
            ("issue_id", "negotiations_issue"),
            ("attributed_actor_id", "parties_actor"),
            ("attributed_person_id", "parties_person"),
            ("value_option_id", "negotiations_scaleoption"),
        ],
    ),
    "negotiations_response": (
        "n.negotiation_id",
        [
            ("actor_id", "parties_actor"),
            ("version_id", "negotiations_version"),
            ("attributed_actor_id", "parties_actor"),
            ("attributed_person_id", "parties_person"),
        ],
    ),
    "negotiations_commitment": (
        "n.negotiation_id",
        [
            ("version_id", "negotiations_version"),
            ("issue_id", "negotiations_issue"),
            ("value_option_id", "negotiations_scaleoption"),
        ],
    ),
    "negotiations_implementationentry": (
        "n.negotiation_id",
        [
            ("commitment_id", "negotiations_commitment"),
            ("attributed_actor_id", "parties_actor"),
            ("attributed_person_id", "parties_person"),
            ("value_option_id", "negotiations_scaleoption"),
        ],
    ),
}
# Many-to-many tables: (owner column, owner table, other column, other table).
LINKS = {
    "negotiations_position_sources": (
        "position_id",
        "negotiations_position",
        "source_id",
        "negotiations_source",
    ),
    "negotiations_response_sources": (
        "response_id",
        "negotiations_response",
        "source_id",
        "negotiations_source",
    ),
    "negotiations_version_sources": (
        "version_id",
        "negotiations_version",
        "source_id",
        "negotiations_source",
    ),
    "negotiations_event_sources": (
        "event_id",
        "negotiations_event",
        "source_id",
        "negotiations_source",
    ),
    "negotiations_event_participant_actors": (
        "event_id",
        "negotiations_event",
        "actor_id",
        "parties_actor",
    ),
    "negotiations_event_participant_people": (
        "event_id",
        "negotiations_event",
        "person_id",
        "parties_person",
    ),
    "negotiations_proposal_authors": (
        "proposal_id",
        "negotiations_proposal",
        "actor_id",
        "parties_actor",
    ),
    "negotiations_commitment_owed_by": (
        "commitment_id",
        "negotiations_commitment",
        "actor_id",
        "parties_actor",
    ),
    "negotiations_commitment_sources": (
        "commitment_id",
        "negotiations_commitment",
        "source_id",
        "negotiations_source",
    ),
    "negotiations_implementationentry_sources": (
        "implementationentry_id",
        "negotiations_implementationentry",
        "source_id",
        "negotiations_source",
    ),
}
# The column that says whose a row is; it never changes after the insert.
OWNERS = {
    "negotiations_issue": "negotiation_id",
    "negotiations_source": "negotiation_id",
    "parties_actor": "negotiation_id",
    "parties_person": "negotiation_id",
    "negotiations_proposal": "negotiation_id",
    "negotiations_version": "proposal_id",
    "negotiations_term": "version_id",
    "negotiations_scaleoption": "issue_id",
    "negotiations_position": "negotiation_id",
    "negotiations_response": "negotiation_id",
    "negotiations_event": "negotiation_id",
    "negotiations_commitment": "negotiation_id",
    "negotiations_implementationentry": "negotiation_id",
}

FUNCTIONS = """
CREATE OR REPLACE FUNCTION tracker_refuse_cross_negotiation() RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE
    problem text;
BEGIN
    -- TG_ARGV[0] is a query over the statement's new rows that names the
    -- first row pointing into another negotiation, or yields nothing.
    EXECUTE TG_ARGV[0] INTO problem;
    IF problem IS NOT NULL THEN
        RAISE EXCEPTION '%', problem USING ERRCODE = 'check_violation';
    END IF;
    RETURN NULL;
END
$$;

CREATE OR REPLACE FUNCTION tracker_keep_owner() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    -- Called only when the trigger's WHEN clause saw the owner column change.
    RAISE EXCEPTION '%.% is fixed once the row exists (row %)',
        TG_TABLE_NAME, TG_ARGV[0], OLD.id USING ERRCODE = 'check_violation';
END
$$;
"""


def _quote(sql):
    return "'" + sql.replace("'", "''") + "'"


def _problem_query(table, own, column, other_table):
    # "<>", not IS DISTINCT FROM: a row that points at nothing yet (the foreign
    # key is checked at commit) or at nothing at all is not this check's business.
    other = _negotiation_of(other_table, f"n.{column}")
    return (
        f"SELECT '{table}.{column} ' || n.{column} || ' belongs to another "
        f"negotiation than its row' FROM new_rows n "
        f"WHERE {other} <> {own} LIMIT 1"
    )


def _check_queries():
    """Yield (table, query) pairs: one query per table naming a bad row."""
    for table, (own, references) in CHECKS.items():
        parts = [_problem_query(table, own, c, t) for c, t in references]
        union = " UNION ALL ".join(f"({part})" for part in parts)
        yield table, f"SELECT * FROM ({union}) AS problems LIMIT 1"
    for table, (column, owner_table, other_column, other_table) in LINKS.items():
        own = _negotiation_of(owner_table, f"n.{column}")
        yield table, _problem_query(table, own, other_column, other_table)


def statements():
    """Return the SQL that installs the guards."""
    sql = [FUNCTIONS]
    for table, query in _check_queries():
        for event in ("INSERT", "UPDATE"):
            name = f"{table}_same_negotiation_{event.lower()}"
            sql.append(
                f"CREATE TRIGGER {name} AFTER {event} ON {table} "
                "REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT "
                f"EXECUTE FUNCTION tracker_refuse_cross_negotiation({_quote(query)});"
            )
    for table, column in OWNERS.items():
        # WHEN compares the column itself, so an ordinary save (which writes
        # every column, the owner unchanged) never calls the function.
        sql.append(
            f"CREATE TRIGGER {table}_keeps_owner BEFORE UPDATE OF {column} "
            f"ON {table} FOR EACH ROW "
            f"WHEN (OLD.{column} IS DISTINCT FROM NEW.{column}) "
            f"EXECUTE FUNCTION tracker_keep_owner({_quote(column)});"
        )
    return sql


def reverse_statements():
    sql = []
    for table, _ in _check_queries():
        for event in ("insert", "update"):
            name = f"{table}_same_negotiation_{event}"
            sql.append(f"DROP TRIGGER IF EXISTS {name} ON {table};")
    for table in OWNERS:
        sql.append(f"DROP TRIGGER IF EXISTS {table}_keeps_owner ON {table};")
    sql.append("DROP FUNCTION IF EXISTS tracker_refuse_cross_negotiation();")
    sql.append("DROP FUNCTION IF EXISTS tracker_keep_owner();")
    return sql


def install(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for statement in statements():
            schema_editor.execute(statement, params=None)


def uninstall(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for statement in reverse_statements():
            schema_editor.execute(statement, params=None)


def start_public_stamps(apps, schema_editor):
    # Nothing tells drafts' changes apart in the past: start from changed_at.
    Negotiation = apps.get_model("negotiations", "Negotiation")
    Negotiation.objects.update(public_changed_at=models.F("changed_at"))


class Migration(migrations.Migration):
    dependencies = [
        ("contenttypes", "0002_remove_content_type_name"),
        ("negotiations", "0010_ranges_on_commitments"),
        ("parties", "0001_initial"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name="PendingChange",
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
                ("object_id", models.PositiveBigIntegerField()),
                ("changes", models.JSONField()),
                (
                    "created_at",
                    models.DateTimeField(default=django.utils.timezone.now),
                ),
                (
                    "author",
                    models.ForeignKey(
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
                (
                    "content_type",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="+",
                        to="contenttypes.contenttype",
                    ),
                ),
                (
                    "negotiation",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="pending_changes",
                        to="negotiations.negotiation",
                    ),
                ),
            ],
            options={
                "ordering": ["created_at", "id"],
                "indexes": [
                    models.Index(
                        fields=["content_type", "object_id"], name="pending_by_row"
                    )
                ],
            },
        ),
        migrations.AddField(
            model_name="historicalnegotiation",
            name="public_changed_at",
            field=models.DateTimeField(
                default=django.utils.timezone.now, editable=False
            ),
        ),
        migrations.AddField(
            model_name="negotiation",
            name="public_changed_at",
            field=models.DateTimeField(
                default=django.utils.timezone.now, editable=False
            ),
        ),
        migrations.RunPython(start_public_stamps, migrations.RunPython.noop),
        migrations.RunPython(install, uninstall),
    ]
