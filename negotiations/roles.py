"""The editors' roles: who may draft, who may publish.

- `editors` add and change drafts and view everything. A published claim is
  read-only to them, so that nothing public changes without a publisher.
- `publishers` also publish, unpublish and delete.

Superusers can do everything. The groups were first made by the data migration
negotiations/migrations/0003_editor_groups.py, which writes these lists out as
they were then. When they change, add a migration that writes out the new names;
`sync_groups` gives tests and fixtures the groups as these lists define them, and
running it again changes nothing.
"""

from django.contrib.auth.management import create_permissions

EDITORS = "editors"
PUBLISHERS = "publishers"

# Not declared in a model's Meta: the permission lives on Negotiation's content
# type and is made by the migration, so the models stay as they are.
PUBLISH_CODENAME = "publish_claims"
PUBLISH_NAME = "Can publish and unpublish claims"
PUBLISH_PERMISSION = f"negotiations.{PUBLISH_CODENAME}"

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
        "commitment",
        "implementationentry",
    ],
    "parties": ["actor", "person"],
}

# A term only exists inside a version, and editors may change only draft
# versions, so removing a wrong term from a draft is part of changing the draft.
EDITOR_DELETES = {"negotiations": ["term", "commitment"]}


def can_publish(user):
    """Return whether the user may publish, unpublish and delete."""
    return user.is_active and user.has_perm(PUBLISH_PERMISSION)


def _codenames(actions, models):
    return [f"{action}_{model}" for model in models for action in actions]


def editor_permissions():
    """Return (app_label, codename) pairs that the editors group holds."""
    pairs = []
    for app_label, models in CONTENT_MODELS.items():
        pairs += [(app_label, c) for c in _codenames(("view", "add", "change"), models)]
    for app_label, models in EDITOR_DELETES.items():
        pairs += [(app_label, c) for c in _codenames(("delete",), models)]
    return pairs


def publisher_permissions():
    """Return (app_label, codename) pairs that the publishers group holds."""
    pairs = set(editor_permissions())
    for app_label, models in CONTENT_MODELS.items():
        pairs.update((app_label, c) for c in _codenames(("delete",), models))
    pairs.add(("negotiations", PUBLISH_CODENAME))
    return sorted(pairs)


def sync_groups(apps):
    """Create the permissions and both groups, and give each group its permissions.

    `apps` is a migration's app registry (or django.apps.apps). Permissions that
    a group holds beyond these lists are left alone, so an administrator's
    additions survive a later run.
    """
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
        (EDITORS, editor_permissions()),
        (PUBLISHERS, publisher_permissions()),
    ):
        group, _ = Group.objects.get_or_create(name=name)
        wanted = set(_existing(apps, pairs))
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


def _existing(apps, pairs):
    """Yield the pairs whose model exists in `apps`.

    An early migration's state lacks the models added later; the migration
    that adds them syncs the groups again.
    """
    present = {
        (model._meta.app_label, model._meta.model_name) for model in apps.get_models()
    }
    for app_label, codename in pairs:
        model = codename.split("_", 1)[1]
        if codename == PUBLISH_CODENAME or (app_label, model) in present:
            yield app_label, codename


def remove_groups(apps):
    """Delete both groups and the publish permission (the migration's reverse)."""
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    Group.objects.filter(name__in=[EDITORS, PUBLISHERS]).delete()
    Permission.objects.filter(
        content_type__app_label="negotiations", codename=PUBLISH_CODENAME
    ).delete()
