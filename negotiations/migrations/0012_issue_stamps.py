"""Stamps for finer page caching: a sticking point's own `changed_at`, and the
negotiation's `shared_changed_at`, which writes confined to one sticking point
leave alone (negotiations/signals.py, negotiations/caching.py)."""

import django.utils.timezone
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("negotiations", "0011_guarded"),
    ]

    operations = [
        migrations.AddField(
            model_name="historicalissue",
            name="changed_at",
            field=models.DateTimeField(
                default=django.utils.timezone.now, editable=False
            ),
        ),
        migrations.AddField(
            model_name="historicalnegotiation",
            name="shared_changed_at",
            field=models.DateTimeField(
                default=django.utils.timezone.now, editable=False
            ),
        ),
        migrations.AddField(
            model_name="issue",
            name="changed_at",
            field=models.DateTimeField(
                default=django.utils.timezone.now, editable=False
            ),
        ),
        migrations.AddField(
            model_name="negotiation",
            name="shared_changed_at",
            field=models.DateTimeField(
                default=django.utils.timezone.now, editable=False
            ),
        ),
    ]
