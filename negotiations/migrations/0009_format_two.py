import django.db.models.deletion
import simple_history.models
from django.db import migrations, models


def copy_author_to_authors(apps, schema_editor):
    """Give each proposal with an author that actor as its one author."""
    Proposal = apps.get_model("negotiations", "Proposal")
    Authors = Proposal.authors.through
    Authors.objects.bulk_create(
        Authors(proposal_id=pk, actor_id=author_id)
        for pk, author_id in Proposal.objects.filter(author__isnull=False).values_list(
            "pk", "author_id"
        )
    )


def copy_first_author_back(apps, schema_editor):
    """Undo: keep the first-linked author of each proposal (the others are lost)."""
    Proposal = apps.get_model("negotiations", "Proposal")
    Authors = Proposal.authors.through
    for link in Authors.objects.order_by("-pk"):
        Proposal.objects.filter(pk=link.proposal_id).update(author_id=link.actor_id)


class Migration(migrations.Migration):
    dependencies = [
        ("negotiations", "0008_implementation"),
        ("parties", "0001_initial"),
    ]

    operations = [
        migrations.CreateModel(
            name="HistoricalProposal_authors",
            fields=[
                (
                    "id",
                    models.BigIntegerField(
                        auto_created=True, blank=True, db_index=True, verbose_name="ID"
                    ),
                ),
                ("m2m_history_id", models.AutoField(primary_key=True, serialize=False)),
            ],
            options={
                "verbose_name": "HistoricalProposal_authors",
            },
            bases=(simple_history.models.HistoricalChanges, models.Model),
        ),
        migrations.AddField(
            model_name="historicalissue",
            name="side_a",
            field=models.ForeignKey(
                blank=True,
                db_constraint=False,
                help_text="Only where this issue has its own pair of sides; leave both empty to use the negotiation's.",
                null=True,
                on_delete=django.db.models.deletion.DO_NOTHING,
                related_name="+",
                to="parties.actor",
                verbose_name="issue's side A",
            ),
        ),
        migrations.AddField(
            model_name="historicalissue",
            name="side_b",
            field=models.ForeignKey(
                blank=True,
                db_constraint=False,
                null=True,
                on_delete=django.db.models.deletion.DO_NOTHING,
                related_name="+",
                to="parties.actor",
                verbose_name="issue's side B",
            ),
        ),
        migrations.AddField(
            model_name="historicalposition",
            name="condition",
            field=models.TextField(
                blank=True,
                help_text='What the value depends on, e.g. "only if monitored".',
                max_length=20000,
            ),
        ),
        migrations.AddField(
            model_name="historicalposition",
            name="value_max",
            field=models.FloatField(
                blank=True,
                help_text="Upper bound of a range.",
                null=True,
                verbose_name="at most",
            ),
        ),
        migrations.AddField(
            model_name="historicalposition",
            name="value_min",
            field=models.FloatField(
                blank=True,
                help_text="Lower bound of a range.",
                null=True,
                verbose_name="at least",
            ),
        ),
        migrations.AddField(
            model_name="historicalresponse",
            name="condition",
            field=models.TextField(
                blank=True,
                help_text='What the answer depends on, e.g. "only if monitored".',
                max_length=20000,
            ),
        ),
        migrations.AddField(
            model_name="historicalsource",
            name="archived_url",
            field=models.URLField(
                blank=True,
                help_text="An archived copy of the page (e.g. on the Wayback Machine).",
                max_length=2000,
                verbose_name="archived URL",
            ),
        ),
        migrations.AddField(
            model_name="historicalsource",
            name="kind",
            field=models.CharField(
                blank=True,
                choices=[
                    ("primary-document", "Primary document"),
                    ("official-statement", "Official statement"),
                    ("news-report", "News report"),
                    ("wire-copy", "Wire copy"),
                    ("analysis", "Analysis"),
                    ("aggregator", "Aggregator"),
                    ("mirror", "Mirror"),
                    ("social-media", "Social media"),
                ],
                max_length=20,
            ),
        ),
        migrations.AddField(
            model_name="historicalterm",
            name="condition",
            field=models.TextField(
                blank=True,
                help_text='What the value depends on, e.g. "only if monitored".',
                max_length=20000,
            ),
        ),
        migrations.AddField(
            model_name="historicalterm",
            name="value_max",
            field=models.FloatField(
                blank=True,
                help_text="Upper bound of a range.",
                null=True,
                verbose_name="at most",
            ),
        ),
        migrations.AddField(
            model_name="historicalterm",
            name="value_min",
            field=models.FloatField(
                blank=True,
                help_text="Lower bound of a range.",
                null=True,
                verbose_name="at least",
            ),
        ),
        migrations.AddField(
            model_name="historicalversion",
            name="amends",
            field=models.ForeignKey(
                blank=True,
                db_constraint=False,
                help_text="The version this one amends: it restates only what it changes and inherits every other term.",
                null=True,
                on_delete=django.db.models.deletion.DO_NOTHING,
                related_name="+",
                to="negotiations.version",
            ),
        ),
        migrations.AddField(
            model_name="issue",
            name="side_a",
            field=models.ForeignKey(
                blank=True,
                help_text="Only where this issue has its own pair of sides; leave both empty to use the negotiation's.",
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to="parties.actor",
                verbose_name="issue's side A",
            ),
        ),
        migrations.AddField(
            model_name="issue",
            name="side_b",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to="parties.actor",
                verbose_name="issue's side B",
            ),
        ),
        migrations.AddField(
            model_name="position",
            name="condition",
            field=models.TextField(
                blank=True,
                help_text='What the value depends on, e.g. "only if monitored".',
                max_length=20000,
            ),
        ),
        migrations.AddField(
            model_name="position",
            name="value_max",
            field=models.FloatField(
                blank=True,
                help_text="Upper bound of a range.",
                null=True,
                verbose_name="at most",
            ),
        ),
        migrations.AddField(
            model_name="position",
            name="value_min",
            field=models.FloatField(
                blank=True,
                help_text="Lower bound of a range.",
                null=True,
                verbose_name="at least",
            ),
        ),
        migrations.AddField(
            model_name="proposal",
            name="authors",
            field=models.ManyToManyField(
                blank=True, related_name="proposals", to="parties.actor"
            ),
        ),
        migrations.RunPython(copy_author_to_authors, copy_first_author_back),
        migrations.RemoveField(
            model_name="historicalproposal",
            name="author",
        ),
        migrations.RemoveField(
            model_name="proposal",
            name="author",
        ),
        migrations.AddField(
            model_name="response",
            name="condition",
            field=models.TextField(
                blank=True,
                help_text='What the answer depends on, e.g. "only if monitored".',
                max_length=20000,
            ),
        ),
        migrations.AddField(
            model_name="source",
            name="archived_url",
            field=models.URLField(
                blank=True,
                help_text="An archived copy of the page (e.g. on the Wayback Machine).",
                max_length=2000,
                verbose_name="archived URL",
            ),
        ),
        migrations.AddField(
            model_name="source",
            name="kind",
            field=models.CharField(
                blank=True,
                choices=[
                    ("primary-document", "Primary document"),
                    ("official-statement", "Official statement"),
                    ("news-report", "News report"),
                    ("wire-copy", "Wire copy"),
                    ("analysis", "Analysis"),
                    ("aggregator", "Aggregator"),
                    ("mirror", "Mirror"),
                    ("social-media", "Social media"),
                ],
                max_length=20,
            ),
        ),
        migrations.AddField(
            model_name="term",
            name="condition",
            field=models.TextField(
                blank=True,
                help_text='What the value depends on, e.g. "only if monitored".',
                max_length=20000,
            ),
        ),
        migrations.AddField(
            model_name="term",
            name="value_max",
            field=models.FloatField(
                blank=True,
                help_text="Upper bound of a range.",
                null=True,
                verbose_name="at most",
            ),
        ),
        migrations.AddField(
            model_name="term",
            name="value_min",
            field=models.FloatField(
                blank=True,
                help_text="Lower bound of a range.",
                null=True,
                verbose_name="at least",
            ),
        ),
        migrations.AddField(
            model_name="version",
            name="amends",
            field=models.ForeignKey(
                blank=True,
                help_text="The version this one amends: it restates only what it changes and inherits every other term.",
                null=True,
                on_delete=django.db.models.deletion.SET_NULL,
                related_name="amendments",
                to="negotiations.version",
            ),
        ),
        migrations.AddConstraint(
            model_name="issue",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    models.Q(("side_a__isnull", True), ("side_b__isnull", True)),
                    models.Q(
                        ("side_a__isnull", False),
                        ("side_b__isnull", False),
                        models.Q(("side_a", models.F("side_b")), _negated=True),
                    ),
                    _connector="OR",
                ),
                name="issue_sides_both_or_neither_and_different",
            ),
        ),
        migrations.AddConstraint(
            model_name="position",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    ("measure", "numeric"),
                    models.Q(("value_max__isnull", True), ("value_min__isnull", True)),
                    _connector="OR",
                ),
                name="position_range_only_on_numeric",
            ),
        ),
        migrations.AddConstraint(
            model_name="position",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    ("value_number__isnull", True),
                    models.Q(("value_max__isnull", True), ("value_min__isnull", True)),
                    _connector="OR",
                ),
                name="position_point_or_range",
            ),
        ),
        migrations.AddConstraint(
            model_name="position",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    ("value_min__isnull", True),
                    ("value_max__isnull", True),
                    ("value_min__lte", models.F("value_max")),
                    _connector="OR",
                ),
                name="position_range_min_not_above_max",
            ),
        ),
        migrations.AddConstraint(
            model_name="term",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    ("measure", "numeric"),
                    models.Q(("value_max__isnull", True), ("value_min__isnull", True)),
                    _connector="OR",
                ),
                name="term_range_only_on_numeric",
            ),
        ),
        migrations.AddConstraint(
            model_name="term",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    ("value_number__isnull", True),
                    models.Q(("value_max__isnull", True), ("value_min__isnull", True)),
                    _connector="OR",
                ),
                name="term_point_or_range",
            ),
        ),
        migrations.AddConstraint(
            model_name="term",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    ("value_min__isnull", True),
                    ("value_max__isnull", True),
                    ("value_min__lte", models.F("value_max")),
                    _connector="OR",
                ),
                name="term_range_min_not_above_max",
            ),
        ),
        migrations.AddField(
            model_name="historicalproposal_authors",
            name="actor",
            field=models.ForeignKey(
                blank=True,
                db_constraint=False,
                db_tablespace="",
                null=True,
                on_delete=django.db.models.deletion.DO_NOTHING,
                related_name="+",
                to="parties.actor",
            ),
        ),
        migrations.AddField(
            model_name="historicalproposal_authors",
            name="history",
            field=models.ForeignKey(
                db_constraint=False,
                on_delete=django.db.models.deletion.DO_NOTHING,
                to="negotiations.historicalproposal",
            ),
        ),
        migrations.AddField(
            model_name="historicalproposal_authors",
            name="proposal",
            field=models.ForeignKey(
                blank=True,
                db_constraint=False,
                db_tablespace="",
                null=True,
                on_delete=django.db.models.deletion.DO_NOTHING,
                related_name="+",
                to="negotiations.proposal",
            ),
        ),
    ]
