"""Implementation (format 2): an agreement's commitments and what happened."""

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import (
    F,
    Q,
    Value,
)
from django.db.models.functions import Coalesce
from simple_history.models import HistoricalRecords

from .choices import Measure
from .claims import Claim, MeasuredValue, Version
from .querysets import CommitmentQuerySet, ImplementationEntryQuerySet
from .structure import Issue, Negotiation, Source


class Commitment(MeasuredValue):
    """What an agreement version obliges, by whom and by when."""

    negotiation = models.ForeignKey(
        Negotiation, on_delete=models.CASCADE, related_name="commitments"
    )
    version = models.ForeignKey(
        Version,
        on_delete=models.CASCADE,
        related_name="commitments",
        help_text="The agreement version that makes the commitment.",
    )
    slug = models.SlugField(max_length=80)
    issue = models.ForeignKey(
        Issue,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="commitments",
        help_text="The sticking point it settles, if any; without one it has no value.",
    )
    # Ordered by when each actor was added: the first is the holder that an
    # entry's "stated" status and attribution refer to (format rule 12).
    owed_by = models.ManyToManyField(
        "parties.Actor", blank=True, related_name="commitments"
    )
    title = models.CharField(max_length=300)
    summary = models.TextField(max_length=20000, blank=True)
    due = models.DateField("due date", null=True, blank=True)
    due_text = models.CharField(
        "when due, in words",
        max_length=300,
        blank=True,
        help_text='As the sources put it, e.g. "day 22 of phase one".',
    )
    rank = models.PositiveIntegerField(default=0, help_text="Display order.")
    sources = models.ManyToManyField(Source, blank=True, related_name="commitments")
    updated_at = models.DateTimeField(auto_now=True)

    objects = CommitmentQuerySet.as_manager()
    history = HistoricalRecords(m2m_fields=[owed_by, sources])

    class Meta:
        ordering = ["version", "rank", "id"]
        constraints = [
            *MeasuredValue.Meta.constraints,
            models.UniqueConstraint(
                fields=["negotiation", "slug"],
                name="unique_commitment_slug_per_negotiation",
            ),
            models.CheckConstraint(
                condition=Q(issue__isnull=False)
                | Q(value_number__isnull=True, value_option__isnull=True),
                name="commitment_without_issue_has_no_value",
            ),
        ]

    def __str__(self):
        return self.title

    def owners(self):
        """Return the actors who owe the commitment, first the holder (a query)."""
        links = Commitment.owed_by.through.objects.filter(commitment=self)
        return [link.actor for link in links.select_related("actor").order_by("pk")]

    def holder(self):
        """Return the first actor who owes the commitment, or None (a query)."""
        owners = self.owners()
        return owners[0] if owners else None

    def clean(self):
        if self.version_id and self.negotiation_id:
            if self.version.proposal.negotiation_id != self.negotiation_id:
                raise ValidationError(
                    {"version": "The version belongs to another negotiation."}
                )
        if self.issue_id:
            self.clean_value()
        elif self.value_number is not None or self.value_option_id is not None:
            raise ValidationError(
                {"value_number": "A commitment without an issue has no value."}
            )
        else:
            self.measure = Measure.TEXT


class ImplementationEntry(MeasuredValue, Claim):
    """A dated report of progress on one commitment."""

    class Progress(models.TextChoices):
        NOT_STARTED = "not-started", "Not started"
        MINIMAL = "minimal", "Minimal"
        INTERMEDIATE = "intermediate", "Intermediate"
        COMPLETE = "complete", "Complete"

    negotiation = models.ForeignKey(
        Negotiation, on_delete=models.CASCADE, related_name="implementation_entries"
    )
    commitment = models.ForeignKey(
        Commitment, on_delete=models.CASCADE, related_name="entries"
    )
    as_of = models.DateField()
    progress = models.CharField(max_length=12, choices=Progress)
    sources = models.ManyToManyField(
        Source, blank=True, related_name="implementation_entries"
    )

    objects = ImplementationEntryQuerySet.as_manager()
    history = HistoricalRecords(m2m_fields=[sources])

    class Meta:
        ordering = ["commitment", "as_of", "id"]
        verbose_name_plural = "implementation entries"
        constraints = [
            *MeasuredValue.Meta.constraints,
            *Claim.Meta.constraints,
            models.UniqueConstraint(
                F("commitment"),
                F("as_of"),
                Coalesce("attributed_actor", Value(0)),
                Coalesce("attributed_person", Value(0)),
                name="one_implementation_entry_per_claim",
            ),
        ]
        indexes = [
            # The implementation page and the timeline read entries by date.
            models.Index(
                fields=["negotiation", "as_of"], name="implementation_by_date"
            ),
        ]

    def __str__(self):
        return f"{self.commitment}, {self.as_of}"

    @property
    def issue(self):
        """Return the commitment's issue, which the value is measured on."""
        return self.commitment.issue

    @property
    def holder(self):
        """Return the first actor who owes the commitment, or None (a query)."""
        return self.commitment.holder()

    def clean(self):
        if not self.commitment_id:
            return
        if self.commitment.issue_id:
            self.clean_value()
        elif self.value_number is not None or self.value_option_id is not None:
            raise ValidationError(
                {"value_number": "The commitment has no issue, so no value."}
            )
        else:
            self.measure = Measure.TEXT
        self.clean_attribution(self.holder)
