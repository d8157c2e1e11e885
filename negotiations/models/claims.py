"""The claims: proposals and their versions' terms, positions, responses, events."""

from urllib.parse import urlencode

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import (
    F,
    Q,
    Value,
)
from django.db.models.functions import Coalesce
from django.urls import reverse
from simple_history.models import HistoricalRecords

from ..ranges import Range, normalised
from .choices import Measure, Status
from .querysets import (
    ClaimQuerySet,
    PositionQuerySet,
    ProposalQuerySet,
    PublishedQuerySet,
    ResponseQuerySet,
    TermQuerySet,
    VersionQuerySet,
)
from .structure import Issue, Negotiation, ScaleOption, Source


class MeasuredValue(models.Model):
    """A value on an issue's measure; null is unknown, never zero.

    `measure` copies the issue's measure so that the database itself refuses a
    number on an ordinal issue, an option on a numeric one, or any value on a text one.
    """

    measure = models.CharField(max_length=10, choices=Measure, editable=False)
    value_number = models.FloatField("value", null=True, blank=True)
    # A numeric value may be a range instead of a point (format 2): "up to 5,000"
    # has only an upper bound. A range of one number is stored as that point, so
    # that readers of value_number see every exact number.
    value_min = models.FloatField(
        "at least", null=True, blank=True, help_text="Lower bound of a range."
    )
    value_max = models.FloatField(
        "at most", null=True, blank=True, help_text="Upper bound of a range."
    )
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
            models.CheckConstraint(
                condition=Q(measure=Measure.NUMERIC)
                | Q(value_min__isnull=True, value_max__isnull=True),
                name="%(class)s_range_only_on_numeric",
            ),
            # A range has at least one bound by construction: with neither bound
            # the value is the point (or unknown).
            models.CheckConstraint(
                condition=Q(value_number__isnull=True)
                | Q(value_min__isnull=True, value_max__isnull=True),
                name="%(class)s_point_or_range",
            ),
            models.CheckConstraint(
                condition=Q(value_min__isnull=True)
                | Q(value_max__isnull=True)
                | Q(value_min__lte=F("value_max")),
                name="%(class)s_range_min_not_above_max",
            ),
        ]

    @property
    def value(self):
        """Return the number, a Range, the scale option's value, or None (unknown)."""
        if self.value_option_id is not None:
            return self.value_option.value
        if self.value_min is not None or self.value_max is not None:
            return Range(self.value_min, self.value_max)
        return self.value_number

    @property
    def is_range(self):
        """Return True when the value is a range rather than a point."""
        return self.value_min is not None or self.value_max is not None

    def clean_value(self):
        """Check the value against the issue's measure and copy the measure."""
        issue = self.issue
        self.measure = issue.measure
        if issue.measure == Measure.NUMERIC and self.value_option_id is not None:
            raise ValidationError({"value_option": "This issue takes a number."})
        if issue.measure != Measure.NUMERIC and self.is_range:
            raise ValidationError({"value_min": "Only a numeric issue takes a range."})
        if issue.measure == Measure.NUMERIC:
            self.clean_range()
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

    def clean_range(self):
        """Check a range's bounds and store a range of one number as that number."""
        if not self.is_range:
            return
        if self.value_number is not None:
            raise ValidationError(
                {"value_number": "Give a single number or a range, not both."}
            )
        for field in ("value_min", "value_max"):
            bound = getattr(self, field)
            if bound is not None and not abs(bound) < 1e15:
                raise ValidationError({field: "Numbers must be below 10^15."})
        if (
            self.value_min is not None
            and self.value_max is not None
            and self.value_min > self.value_max
        ):
            raise ValidationError(
                {"value_max": "The upper bound is below the lower bound."}
            )
        self.value_number, self.value_min, self.value_max = normalised(
            self.value_min, self.value_max
        )


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
    # Unordered, as in the format: co-authors and guarantors are listed as equals.
    authors = models.ManyToManyField(
        "parties.Actor", blank=True, related_name="proposals"
    )
    summary = models.TextField(max_length=20000, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = ProposalQuerySet.as_manager()
    history = HistoricalRecords(m2m_fields=[authors])

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

    @property
    def author_ids(self):
        """Return the ids of the actors who authored the proposal (PROPOSAL_AUTHORS).

        Reads the authors: prefetch_related them in lists.
        """
        return [actor.pk for actor in self.authors.all()]


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
    amends = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="amendments",
        help_text=(
            "The version this one amends: it restates only what it changes and "
            "inherits every other term."
        ),
    )
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
        from ..labels import version_url

        return version_url(self)

    def clean(self):
        if self.amends_id is None:
            return
        amended = self.amends
        if self.proposal_id and (
            amended.proposal.negotiation_id != self.proposal.negotiation_id
        ):
            raise ValidationError(
                {"amends": "The amended version belongs to another negotiation."}
            )
        if self.date and amended.date and amended.date > self.date:
            raise ValidationError(
                {"amends": "The amended version is dated after this one."}
            )
        if self.pk and self.pk in _amended_chain(amended):
            raise ValidationError(
                {"amends": "That version amends this one: amendments cannot loop."}
            )


def _amended_chain(version):
    """Return the ids of a version and of every version it amends, back to the first.

    Runs one query per step; stops at a loop rather than following it forever.
    """
    seen = []
    while version is not None and version.pk not in seen:
        seen.append(version.pk)
        version = version.amends
    return seen


class Term(MeasuredValue):
    """What one version says on one issue."""

    version = models.ForeignKey(Version, on_delete=models.CASCADE, related_name="terms")
    issue = models.ForeignKey(Issue, on_delete=models.CASCADE, related_name="terms")
    text = models.TextField(max_length=20000, blank=True)
    condition = models.TextField(
        max_length=20000,
        blank=True,
        help_text='What the value depends on, e.g. "only if monitored".',
    )

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
    condition = models.TextField(
        max_length=20000,
        blank=True,
        help_text='What the value depends on, e.g. "only if monitored".',
    )
    sources = models.ManyToManyField(Source, blank=True, related_name="positions")

    objects = PositionQuerySet.as_manager()
    history = HistoricalRecords(m2m_fields=[sources])

    # What sets a side's value: a position (or, see gaps.OwnProposal, a proposal).
    basis = "position"

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
    condition = models.TextField(
        max_length=20000,
        blank=True,
        help_text='What the answer depends on, e.g. "only if monitored".',
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
