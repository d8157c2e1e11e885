"""The admin's rows awaiting a decision: replace-uploads and proposed changes."""

from django.conf import settings
from django.db import models
from django.utils import timezone

from .structure import Negotiation


class PendingUpload(models.Model):
    """An uploaded document waiting for its uploader to confirm a replacement.

    Kept in the database, not on one server's disk, so that any app server can
    take the confirmation. Only a hash of the token is stored; the token itself
    is in the uploader's confirmation form. negotiations/admin/pending_uploads.py
    stores, takes and expires these rows.
    """

    token_hash = models.CharField(max_length=64, unique=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="pending_uploads",
    )
    data = models.BinaryField()
    created = models.DateTimeField(default=timezone.now)

    class Meta:
        indexes = [
            # Expiry: delete the rows older than a day.
            models.Index(fields=["created"], name="pending_upload_created"),
        ]

    def __str__(self):
        return f"Upload by {self.user_id} at {self.created:%Y-%m-%d %H:%M}"


class PendingChange(models.Model):
    """An editor's change to a row readers already see, waiting for a publisher.

    `changes` maps each changed field to its proposed value as text (None for
    empty), written by negotiations.publishing; applying it saves the row, so
    the row's history records the change and can undo it like any other.
    """

    content_type = models.ForeignKey(
        "contenttypes.ContentType", on_delete=models.CASCADE, related_name="+"
    )
    object_id = models.PositiveBigIntegerField()
    negotiation = models.ForeignKey(
        Negotiation, on_delete=models.CASCADE, related_name="pending_changes"
    )
    changes = models.JSONField()
    author = models.ForeignKey(
        "auth.User", on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["created_at", "id"]
        indexes = [
            # The row's page lists the changes waiting on it.
            models.Index(fields=["content_type", "object_id"], name="pending_by_row"),
        ]

    def __str__(self):
        return f"Change to {self.content_type.name} {self.object_id}"

    def target(self):
        """Return the row the change is for, or None if it is gone. Runs a query."""
        model = self.content_type.model_class()
        return model._default_manager.filter(pk=self.object_id).first()
