"""The choices the models share: how an issue is measured, a claim's status."""

from django.db import models


class Measure(models.TextChoices):
    NUMERIC = "numeric", "Numeric"
    ORDINAL = "ordinal", "Ordinal scale"
    TEXT = "text", "Text (no number)"


class Status(models.TextChoices):
    STATED = "stated", "Stated publicly"
    REPORTED = "reported", "Reported"
    CLAIMED = "claimed", "Claimed by a third party"
    DISPUTED = "disputed", "Disputed"


# The publication rule, written once: what readers may see. Every public page,
# feed, download, search and export reads through `public()`; nothing else
# filters on `is_published` for readers (the admin filters drafts for editors).
