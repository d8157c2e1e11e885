from urllib.parse import urlencode

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Exists, F, OuterRef, Q, Value
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils import timezone
from simple_history.models import HistoricalRecords


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


class PublishedQuerySet(models.QuerySet):
    def published(self):
        """Return the rows whose own "published" box is ticked (the admin's view)."""
        return self.filter(is_published=True)


class NegotiationQuerySet(PublishedQuerySet):
    def public(self):
        """Return the negotiations readers may see: the published ones."""
        return self.filter(is_published=True)


class InNegotiationQuerySet(models.QuerySet):
    """Structural rows (issues, sources' owners, actors): public with their negotiation."""

    def public(self):
        """Return the rows of published negotiations."""
        return self.filter(negotiation__is_published=True)


class ClaimQuerySet(PublishedQuerySet):
    def public(self):
        """Return the published rows of published negotiations (positions, events)."""
        return self.filter(is_published=True, negotiation__is_published=True)


class ResponseQuerySet(PublishedQuerySet):
    def public(self):
        """Return published responses to published versions of published negotiations.

        An answer to a draft version would reveal the draft, so it waits for it.
        """
        return self.filter(
            is_published=True,
            version__is_published=True,
            negotiation__is_published=True,
        )


class VersionQuerySet(PublishedQuerySet):
    def public(self):
        """Return the published versions of published negotiations."""
        return self.filter(is_published=True, proposal__negotiation__is_published=True)


class TermQuerySet(models.QuerySet):
    def public(self):
        """Return the terms of public versions: a term has no box of its own."""
        return self.filter(
            version__is_published=True,
            version__proposal__negotiation__is_published=True,
        )


class ProposalQuerySet(models.QuerySet):
    def public(self):
        """Return proposals with at least one public version.

        A proposal whose every version is a draft is itself a draft: its title
        alone would say what is being drafted. Runs an EXISTS subquery.
        """
        return self.filter(
            Exists(Version.objects.public().filter(proposal=OuterRef("pk")))
        )


class SourceQuerySet(models.QuerySet):
    def public(self):
        """Return the sources a public claim cites.

        A source cited only by drafts would reveal what the drafts are about.
        Runs one EXISTS subquery per kind of claim.
        """
        cited = Q()
        for model in (Position, Version, Response, Event):
            owners = model.objects.public().filter(sources=OuterRef("pk"))
            cited |= Exists(owners)
        return self.filter(cited)


class Negotiation(models.Model):
    """One negotiation process, its two sides and its baseline version."""

    slug = models.SlugField(max_length=80, unique=True)
    title = models.CharField(max_length=200)
    summary = models.TextField(max_length=20000, blank=True)
    started_on = models.DateField(null=True, blank=True)
    side_a = models.ForeignKey(
        "parties.Actor",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        help_text="First side; ordinal scales run from this side's preferred end.",
    )
    side_b = models.ForeignKey(
        "parties.Actor",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        help_text="Second side; ordinal scales run toward this side's preferred end.",
    )
    baseline = models.ForeignKey(
        "Version",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        help_text="The version every other version is compared with by default.",
    )
    stale_after_days = models.PositiveSmallIntegerField(
        "staleness window (days)",
        default=60,
        validators=[MinValueValidator(1), MaxValueValidator(3650)],
        help_text=(
            "A side's value older than this before the date shown is marked "
            "\"last on record\"."
        ),
    )
    is_published = models.BooleanField("published", default=False)
    # Moves on every publish or edit of anything in the negotiation; pages are
    # cached under it, so a cached page is never older than the data.
    changed_at = models.DateTimeField(default=timezone.now, editable=False)
    # Moves only when something readers see changes (publishing, an edit of a
    # public row, an applied pending change): the "last changed" date readers
    # are shown. Drafts move changed_at alone.
    public_changed_at = models.DateTimeField(default=timezone.now, editable=False)
    updated_at = models.DateTimeField(auto_now=True)

    objects = NegotiationQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["-started_on", "title"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(side_a=F("side_b")), name="sides_are_different_actors"
            ),
            models.CheckConstraint(
                condition=Q(stale_after_days__gte=1, stale_after_days__lte=3650),
                name="stale_after_days_in_range",
            ),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("negotiations:state_of_play", kwargs={"negotiation": self.slug})

    def clean(self):
        errors = {}
        for field in ("side_a", "side_b"):
            actor = getattr(self, field)
            if actor is None:
                continue
            if self.pk and actor.negotiation_id != self.pk:
                errors[field] = "The actor belongs to another negotiation."
            elif actor.role != actor.Role.PARTY:
                errors[field] = "A side must be an actor whose role is party."
        if self.side_a_id and self.side_a_id == self.side_b_id:
            errors["side_b"] = "The two sides must be different actors."
        if (
            self.baseline_id
            and self.pk
            and (self.baseline.proposal.negotiation_id != self.pk)
        ):
            errors["baseline"] = "The baseline belongs to another negotiation."
        if errors:
            raise ValidationError(errors)


class Source(models.Model):
    """A citable publication; every claim shown to a reader links to at least one."""

    negotiation = models.ForeignKey(
        Negotiation, on_delete=models.CASCADE, related_name="sources"
    )
    key = models.CharField(
        "id", max_length=80, help_text="The source's id in the interchange format."
    )
    title = models.CharField(max_length=300)
    publisher = models.CharField(max_length=200, blank=True)
    url = models.URLField("URL", max_length=2000, blank=True)
    published_on = models.DateField(null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = SourceQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["negotiation", "-published_on", "title"]
        constraints = [
            models.UniqueConstraint(
                fields=["negotiation", "key"], name="unique_source_id_per_negotiation"
            ),
        ]

    def __str__(self):
        if self.publisher:
            return f"{self.title} ({self.publisher})"
        return self.title


class Issue(models.Model):
    """A sticking point and its measure: numeric with a unit, ordinal, or text."""

    negotiation = models.ForeignKey(
        Negotiation, on_delete=models.CASCADE, related_name="issues"
    )
    slug = models.SlugField(max_length=80)
    title = models.CharField(max_length=200)
    description = models.TextField(max_length=20000, blank=True)
    measure = models.CharField(max_length=10, choices=Measure)
    unit = models.CharField(max_length=60, blank=True)
    rank = models.PositiveIntegerField(default=0, help_text="Display order.")
    updated_at = models.DateTimeField(auto_now=True)

    objects = InNegotiationQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["negotiation", "rank", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["negotiation", "slug"], name="unique_issue_slug_per_negotiation"
            ),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse(
            "negotiations:issue",
            kwargs={"negotiation": self.negotiation.slug, "issue": self.slug},
        )


class ScaleOption(models.Model):
    """One step of an ordinal issue's scale, ordered from side A's end to side B's."""

    issue = models.ForeignKey(Issue, on_delete=models.CASCADE, related_name="scale")
    value = models.SlugField(max_length=80)
    label = models.CharField(max_length=200)
    rank = models.PositiveIntegerField(
        help_text="0 is side A's preferred end; the highest is side B's."
    )

    history = HistoricalRecords()

    class Meta:
        ordering = ["issue", "rank"]
        constraints = [
            models.UniqueConstraint(
                fields=["issue", "value"], name="unique_scale_value_per_issue"
            ),
            models.UniqueConstraint(
                fields=["issue", "rank"], name="unique_scale_rank_per_issue"
            ),
        ]

    def __str__(self):
        return self.label


class MeasuredValue(models.Model):
    """A value on an issue's measure; null is unknown, never zero.

    `measure` copies the issue's measure so that the database itself refuses a
    number on an ordinal issue, an option on a numeric one, or any value on a text one.
    """

    measure = models.CharField(max_length=10, choices=Measure, editable=False)
    value_number = models.FloatField("value", null=True, blank=True)
    value_option = models.ForeignKey(
        ScaleOption,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="value",
    )

    class Meta:
        abstract = True
        constraints = [
            models.CheckConstraint(
                condition=(
                    Q(measure=Measure.NUMERIC, value_option__isnull=True)
                    | Q(measure=Measure.ORDINAL, value_number__isnull=True)
                    | Q(
                        measure=Measure.TEXT,
                        value_number__isnull=True,
                        value_option__isnull=True,
                    )
                ),
                name="%(class)s_value_matches_measure",
            ),
        ]

    @property
    def value(self):
        """Return the number, the scale option's value, or None where unknown."""
        if self.value_option_id is not None:
            return self.value_option.value
        return self.value_number

    def clean_value(self):
        """Check the value against the issue's measure and copy the measure."""
        issue = self.issue
        self.measure = issue.measure
        if issue.measure == Measure.NUMERIC and self.value_option_id is not None:
            raise ValidationError({"value_option": "This issue takes a number."})
        if issue.measure == Measure.ORDINAL:
            if self.value_number is not None:
                raise ValidationError(
                    {"value_number": "This issue takes one of its scale's options."}
                )
            if self.value_option_id and self.value_option.issue_id != issue.pk:
                raise ValidationError(
                    {"value_option": "That option belongs to another issue's scale."}
                )
        if issue.measure == Measure.TEXT and (
            self.value_number is not None or self.value_option_id is not None
        ):
            raise ValidationError(
                {"value_number": "A text issue has no value; use the summary."}
            )
        if self.value_number is not None and not abs(self.value_number) < 1e15:
            raise ValidationError({"value_number": "Numbers must be below 10^15."})


class Claim(models.Model):
    """What every public claim shares: publication, sources and attribution."""

    status = models.CharField(max_length=10, choices=Status, default=Status.REPORTED)
    attributed_actor = models.ForeignKey(
        "parties.Actor",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        help_text="Who made the claim, where not the holder itself.",
    )
    attributed_person = models.ForeignKey(
        "parties.Person",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        help_text="Who made the claim, where a person speaks for someone.",
    )
    summary = models.TextField(max_length=20000, blank=True)
    is_published = models.BooleanField("published", default=False)
    updated_at = models.DateTimeField(auto_now=True)

    objects = PublishedQuerySet.as_manager()

    class Meta:
        abstract = True
        constraints = [
            models.CheckConstraint(
                condition=Q(attributed_actor__isnull=True)
                | Q(attributed_person__isnull=True),
                name="%(class)s_attributed_to_one",
            ),
        ]

    @property
    def attributed_to(self):
        """Return the actor or person the claim is attributed to, or None."""
        return self.attributed_person or self.attributed_actor

    def clean_attribution(self, holder):
        if self.attributed_actor_id and self.attributed_person_id:
            raise ValidationError(
                {"attributed_person": "Attribute to an actor or a person, not both."}
            )
        if holder is not None and self.attributed_actor_id == holder.pk:
            raise ValidationError(
                {"attributed_actor": "Leave this empty when the holder speaks itself."}
            )


class Proposal(models.Model):
    """A proposal (e.g. a bridging proposal); its versions carry the terms."""

    negotiation = models.ForeignKey(
        Negotiation, on_delete=models.CASCADE, related_name="proposals"
    )
    slug = models.SlugField(max_length=80)
    title = models.CharField(max_length=200)
    author = models.ForeignKey(
        "parties.Actor",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="proposals",
    )
    summary = models.TextField(max_length=20000, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = ProposalQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["negotiation", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["negotiation", "slug"],
                name="unique_proposal_slug_per_negotiation",
            ),
        ]

    def __str__(self):
        return self.title


class Version(models.Model):
    """A dated version of a proposal: summary, full text where known, terms."""

    proposal = models.ForeignKey(
        Proposal, on_delete=models.CASCADE, related_name="versions"
    )
    label = models.CharField(
        max_length=40, help_text="Any text up to 40 characters, unique in its proposal."
    )
    date = models.DateField()
    rank = models.PositiveIntegerField(
        default=0, help_text="Order within the proposal; the format keeps it."
    )
    summary = models.TextField(max_length=20000, blank=True)
    text = models.TextField("full text", max_length=2000000, blank=True)
    sources = models.ManyToManyField(Source, blank=True, related_name="versions")
    is_published = models.BooleanField("published", default=False)
    updated_at = models.DateTimeField(auto_now=True)

    objects = VersionQuerySet.as_manager()
    history = HistoricalRecords(m2m_fields=[sources])

    class Meta:
        ordering = ["proposal", "rank", "date", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["proposal", "label"], name="unique_version_label_per_proposal"
            ),
        ]
        indexes = [
            # The timeline and the state of play read versions by date.
            models.Index(fields=["date"], name="version_date"),
        ]

    def __str__(self):
        return f"{self.proposal} ({self.label})"

    def get_absolute_url(self):
        """Return the version's page, the label encoded as one path segment.

        Reads the proposal and its negotiation: select_related them in lists.
        """
        from .labels import version_url

        return version_url(self)


class Term(MeasuredValue):
    """What one version says on one issue."""

    version = models.ForeignKey(Version, on_delete=models.CASCADE, related_name="terms")
    issue = models.ForeignKey(Issue, on_delete=models.CASCADE, related_name="terms")
    text = models.TextField(max_length=20000, blank=True)

    objects = TermQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["version", "issue"]
        constraints = [
            *MeasuredValue.Meta.constraints,
            models.UniqueConstraint(
                fields=["version", "issue"], name="one_term_per_issue_per_version"
            ),
        ]

    def __str__(self):
        return f"{self.version}: {self.issue}"

    def clean(self):
        if self.issue_id:
            self.clean_value()


class Position(MeasuredValue, Claim):
    """An actor's stance on an issue as of a date."""

    negotiation = models.ForeignKey(
        Negotiation, on_delete=models.CASCADE, related_name="positions"
    )
    actor = models.ForeignKey(
        "parties.Actor", on_delete=models.CASCADE, related_name="positions"
    )
    issue = models.ForeignKey(Issue, on_delete=models.CASCADE, related_name="positions")
    as_of = models.DateField()
    sources = models.ManyToManyField(Source, blank=True, related_name="positions")

    objects = ClaimQuerySet.as_manager()
    history = HistoricalRecords(m2m_fields=[sources])

    class Meta:
        ordering = ["issue", "as_of", "id"]
        constraints = [
            *MeasuredValue.Meta.constraints,
            *Claim.Meta.constraints,
            models.UniqueConstraint(
                F("actor"),
                F("issue"),
                F("as_of"),
                Coalesce("attributed_actor", Value(0)),
                Coalesce("attributed_person", Value(0)),
                name="one_position_per_claim",
            ),
        ]
        indexes = [
            # The state of play and the sticking point read positions per issue by date.
            models.Index(fields=["negotiation", "as_of"], name="position_by_date"),
        ]

    def __str__(self):
        return f"{self.actor} on {self.issue}, {self.as_of}"

    def get_absolute_url(self):
        """Return the timeline narrowed to this position's issue and day, at it.

        The sticking point page lists only an issue's latest positions; the
        narrowed timeline holds any position, however old. Reads the negotiation
        and the issue: select_related them in lists.
        """
        day = self.as_of.isoformat()
        timeline = reverse(
            "negotiations:timeline", kwargs={"negotiation": self.negotiation.slug}
        )
        query = urlencode(
            {"issue": self.issue.slug, "kind": "position", "start": day, "end": day}
        )
        return f"{timeline}?{query}#position-{self.pk}"

    def clean(self):
        if self.issue_id:
            self.clean_value()
        self.clean_attribution(self.actor if self.actor_id else None)


class Response(Claim):
    """An actor's answer to a proposal version."""

    class Answer(models.TextChoices):
        ACCEPTED = "accepted", "Accepted"
        ACCEPTED_WITH_RESERVATIONS = (
            "accepted_with_reservations",
            "Accepted with reservations",
        )
        COUNTERED = "countered", "Countered"
        REJECTED = "rejected", "Rejected"
        NO_RESPONSE = "no_response", "No response"

    negotiation = models.ForeignKey(
        Negotiation, on_delete=models.CASCADE, related_name="responses"
    )
    actor = models.ForeignKey(
        "parties.Actor", on_delete=models.CASCADE, related_name="responses"
    )
    version = models.ForeignKey(
        Version, on_delete=models.CASCADE, related_name="responses"
    )
    date = models.DateField()
    response = models.CharField(max_length=30, choices=Answer)
    # The format makes a response's status optional: empty means not given.
    status = models.CharField(
        max_length=10,
        choices=Status,
        default=Status.REPORTED,
        blank=True,
        help_text="How it is known; leave empty where the sources do not say.",
    )
    sources = models.ManyToManyField(Source, blank=True, related_name="responses")

    objects = ResponseQuerySet.as_manager()
    history = HistoricalRecords(m2m_fields=[sources])

    class Meta:
        ordering = ["date", "id"]
        constraints = [*Claim.Meta.constraints]

    def __str__(self):
        return f"{self.actor}: {self.get_response_display()} ({self.version})"

    def clean(self):
        self.clean_attribution(self.actor if self.actor_id else None)


class Event(models.Model):
    """Dated talks, summits, visits, statements or military events."""

    class Kind(models.TextChoices):
        TALKS = "talks", "Talks"
        SUMMIT = "summit", "Summit"
        STATEMENT = "statement", "Statement"
        VISIT = "visit", "Visit"
        MILITARY = "military", "Military"
        OTHER = "other", "Other"

    negotiation = models.ForeignKey(
        Negotiation, on_delete=models.CASCADE, related_name="events"
    )
    slug = models.SlugField(max_length=80, blank=True)
    date = models.DateField()
    end_date = models.DateField(null=True, blank=True)
    title = models.CharField(max_length=300)
    place = models.CharField(max_length=200, blank=True)
    kind = models.CharField(max_length=20, choices=Kind, blank=True)
    participant_actors = models.ManyToManyField(
        "parties.Actor", blank=True, related_name="events"
    )
    participant_people = models.ManyToManyField(
        "parties.Person", blank=True, related_name="events"
    )
    summary = models.TextField(max_length=20000, blank=True)
    sources = models.ManyToManyField(Source, blank=True, related_name="events")
    is_published = models.BooleanField("published", default=False)
    updated_at = models.DateTimeField(auto_now=True)

    objects = ClaimQuerySet.as_manager()
    history = HistoricalRecords(
        m2m_fields=[participant_actors, participant_people, sources]
    )

    class Meta:
        ordering = ["date", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(end_date__isnull=True) | Q(end_date__gte=F("date")),
                name="event_ends_on_or_after_it_starts",
            ),
            models.UniqueConstraint(
                fields=["negotiation", "slug"],
                condition=~Q(slug=""),
                name="unique_event_slug_per_negotiation",
            ),
        ]

    def __str__(self):
        return self.title

    def clean(self):
        if self.end_date and self.date and self.end_date < self.date:
            raise ValidationError(
                {"end_date": "The end date is before the start date."}
            )


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
