"""A negotiation and its structure: sources, sticking points and their scales."""

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import (
    F,
    Q,
)
from django.urls import reverse
from django.utils import timezone
from simple_history.models import HistoricalRecords

from .choices import Measure
from .querysets import InNegotiationQuerySet, NegotiationQuerySet, SourceQuerySet


def side_errors(row, negotiation_id):
    """Return {field: message} for a row's `side_a`/`side_b` that cannot be sides.

    A side is a party of the row's negotiation (`negotiation_id`; None while
    the row is new). Reads the two actors.
    """
    errors = {}
    for field in ("side_a", "side_b"):
        actor = getattr(row, field)
        if actor is None:
            continue
        if negotiation_id and actor.negotiation_id != negotiation_id:
            errors[field] = "The actor belongs to another negotiation."
        elif actor.role != actor.Role.PARTY:
            errors[field] = "A side must be an actor whose role is party."
    return errors


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
            '"last on record".'
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
    # Moves with changed_at, except on writes confined to one sticking point
    # (its positions, terms, scale): a sticking point's own pages are cached
    # under this and the sticking point's changed_at (negotiations/caching.py).
    shared_changed_at = models.DateTimeField(default=timezone.now, editable=False)
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
        errors = side_errors(self, self.pk)
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

    class Kind(models.TextChoices):
        PRIMARY_DOCUMENT = "primary-document", "Primary document"
        OFFICIAL_STATEMENT = "official-statement", "Official statement"
        NEWS_REPORT = "news-report", "News report"
        WIRE_COPY = "wire-copy", "Wire copy"
        ANALYSIS = "analysis", "Analysis"
        AGGREGATOR = "aggregator", "Aggregator"
        MIRROR = "mirror", "Mirror"
        SOCIAL_MEDIA = "social-media", "Social media"

    # Copies of someone else's publication: a claim resting only on these is
    # shown as "second-hand sources only".
    SECOND_HAND = frozenset({Kind.AGGREGATOR, Kind.MIRROR})

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
    kind = models.CharField(max_length=20, choices=Kind, blank=True)
    archived_url = models.URLField(
        "archived URL",
        max_length=2000,
        blank=True,
        help_text="An archived copy of the page (e.g. on the Wayback Machine).",
    )
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

    @property
    def second_hand(self):
        """Return True for an aggregator's or a mirror's copy."""
        return self.kind in self.SECOND_HAND


def second_hand_only(sources):
    """Return True when there are sources and every one is second-hand.

    `sources` is any iterable of objects with `.kind` (Source rows, or their
    prefetched list); no query is run beyond iterating it. A claim without any
    source is unsourced, not second-hand, so it gives False.
    """
    kinds = [source.kind for source in sources]
    return bool(kinds) and all(kind in Source.SECOND_HAND for kind in kinds)


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
    side_a = models.ForeignKey(
        "parties.Actor",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="issue's side A",
        help_text=(
            "Only where this issue has its own pair of sides; "
            "leave both empty to use the negotiation's."
        ),
    )
    side_b = models.ForeignKey(
        "parties.Actor",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="issue's side B",
    )
    # Moves on every write to the sticking point, its positions, terms and
    # scale; its page, card and feed are cached under it (negotiations/caching.py).
    changed_at = models.DateTimeField(default=timezone.now, editable=False)
    updated_at = models.DateTimeField(auto_now=True)

    objects = InNegotiationQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["negotiation", "rank", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["negotiation", "slug"], name="unique_issue_slug_per_negotiation"
            ),
            models.CheckConstraint(
                condition=Q(side_a__isnull=True, side_b__isnull=True)
                | (
                    Q(side_a__isnull=False, side_b__isnull=False)
                    & ~Q(side_a=F("side_b"))
                ),
                name="issue_sides_both_or_neither_and_different",
            ),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse(
            "negotiations:issue",
            kwargs={"negotiation": self.negotiation.slug, "issue": self.slug},
        )

    @property
    def has_own_sides(self):
        """Return True when the issue names its own pair of sides."""
        return self.side_a_id is not None and self.side_b_id is not None

    def sides(self):
        """Return this issue's two sides: its own pair, else the negotiation's.

        The pair is ordered: the scale runs from the first's preferred end. Reads
        the actors (and the negotiation where the issue has no pair of its own):
        select_related them in lists.
        """
        if self.has_own_sides:
            return self.side_a, self.side_b
        return self.negotiation.side_a, self.negotiation.side_b

    def side_ids(self):
        """Return the ids of this issue's two sides (see sides()).

        Reads the negotiation unless the issue has its own pair.
        """
        if self.has_own_sides:
            return self.side_a_id, self.side_b_id
        return self.negotiation.side_a_id, self.negotiation.side_b_id

    def clean(self):
        errors = side_errors(self, self.negotiation_id)
        if (self.side_a_id is None) != (self.side_b_id is None):
            missing = "side_b" if self.side_b_id is None else "side_a"
            errors.setdefault(missing, "Give both of the issue's sides, or neither.")
        elif self.side_a_id and self.side_a_id == self.side_b_id:
            errors.setdefault("side_b", "The two sides must be different actors.")
        if errors:
            raise ValidationError(errors)


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
