from django.db import migrations

from negotiations import roles


def create_groups(apps, schema_editor):
    roles.sync_groups(apps)


def delete_groups(apps, schema_editor):
    roles.remove_groups(apps)


class Migration(migrations.Migration):
    """Create the editors and publishers groups and the publish permission."""

    dependencies = [
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("parties", "0001_initial"),
        ("negotiations", "0002_initial"),
    ]

    operations = [migrations.RunPython(create_groups, delete_groups)]
