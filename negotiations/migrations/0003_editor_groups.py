"""Create the editors and publishers groups and the publish permission.

Self-contained on purpose: the names below are written out as they were when
this migration was made, so a later change to negotiations/roles.py cannot
change what a fresh `migrate` does here. A change to the roles needs a new
migration of its own.
"""

from django.contrib.auth.management import create_permissions
from django.db import migrations

EDITORS = "editors"
PUBLISHERS = "publishers"
PUBLISH_CODENAME = "publish_claims"
PUBLISH_NAME = "Can publish and unpublish claims"

CONTENT_MODELS = {
    "negotiations": [
        "negotiation",
        "source",
        "issue",
        "scaleoption",
        "proposal",
        "version",
        "term",
        "position",
        "response",
        "event",
    ],
    "parties": ["actor", "person"],
}

# Editors view, add and change everything, and delete terms of draft versions.
EDITOR_PERMISSIONS = sorted(
    [
        (app_label, f"{action}_{model}")
        for app_label, models in CONTENT_MODELS.items()
        for model in models
        for action in ("view", "add", "change")
    ]
    + [("negotiations", "delete_term")]
)

# Publishers also delete everything and publish.
PUBLISHER_PERMISSIONS = sorted(
    set(EDITOR_PERMISSIONS)
    | {
        (app_label, f"delete_{model}")
        for app_label, models in CONTENT_MODELS.items()
        for model in models
    }
    | {("negotiations", PUBLISH_CODENAME)}
)


def create_groups(apps, schema_editor):
    for app_label in CONTENT_MODELS:
        app_config = apps.get_app_config(app_label)
        # create_permissions skips app configs without a models module; the
        # migration registry's configs have none, so lend it one for the call.
        models_module = getattr(app_config, "models_module", None)
        app_config.models_module = models_module or True
        try:
            create_permissions(app_config, apps=apps, verbosity=0)
        finally:
            app_config.models_module = models_module

    ContentType = apps.get_model("contenttypes", "ContentType")
    Permission = apps.get_model("auth", "Permission")
    Group = apps.get_model("auth", "Group")
    negotiation_type, _ = ContentType.objects.get_or_create(
        app_label="negotiations", model="negotiation"
    )
    Permission.objects.get_or_create(
        content_type=negotiation_type,
        codename=PUBLISH_CODENAME,
        defaults={"name": PUBLISH_NAME},
    )
    for name, pairs in (
        (EDITORS, EDITOR_PERMISSIONS),
        (PUBLISHERS, PUBLISHER_PERMISSIONS),
    ):
        group, _ = Group.objects.get_or_create(name=name)
        wanted = set(pairs)
        permissions = [
            permission
            for permission in Permission.objects.filter(
                content_type__app_label__in=CONTENT_MODELS,
                codename__in=[codename for _, codename in wanted],
            ).select_related("content_type")
            if (permission.content_type.app_label, permission.codename) in wanted
        ]
        if len(permissions) != len(wanted):
            found = {(p.content_type.app_label, p.codename) for p in permissions}
            raise LookupError(f"Missing permissions: {sorted(wanted - found)}")
        group.permissions.add(*permissions)


def delete_groups(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    Group.objects.filter(name__in=[EDITORS, PUBLISHERS]).delete()
    Permission.objects.filter(
        content_type__app_label="negotiations", codename=PUBLISH_CODENAME
    ).delete()


class Migration(migrations.Migration):
    """Create the editors and publishers groups and the publish permission."""

    dependencies = [
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("parties", "0001_initial"),
        ("negotiations", "0002_initial"),
    ]

    operations = [migrations.RunPython(create_groups, delete_groups)]
