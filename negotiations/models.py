from urllib.parse import urlencode

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import (
    Case,
    Exists,
    F,
    IntegerField,
    OuterRef,
    Q,
    Subquery,
    Value,
    When,
    Window,
)
from django.db.models.functions import Coalesce, RowNumber
from django.urls import reverse
from django.utils import timezone
from simple_history.models import HistoricalRecords

from .gaps import DEFAULT_EVIDENCE, STATUS_PREFERENCE, counted_statuses
from .ranges import Range, normalised


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

    def with_latest_record(self):
        """Annotate the date of the latest public record of each kind.

        `latest_position_on`, `latest_response_on`, `latest_version_on`,
        `latest_event_on` and `latest_implementation_on` (None where there is
        none): one subquery each, in the same query. `latest_record_on()` in
        sides reads them.
        """
        kinds = {
            "latest_position_on": (Position, "negotiation", "as_of"),
            "latest_response_on": (Response, "negotiation", "date"),
            "latest_version_on": (Version, "proposal__negotiation", "date"),
            "latest_event_on": (Event, "negotiation", "date"),
            "latest_implementation_on": (ImplementationEntry, "negotiation", "as_of"),
        }
        return self.annotate(
            **{
                name: Subquery(
                    model.objects.public()
                    .filter(**{owner: OuterRef("pk")})
                    .order_by(f"-{day}")
                    .values(day)[:1]
                )
                for name, (model, owner, day) in kinds.items()
            }
        )


class InNegotiationQuerySet(models.QuerySet):
    """Structural rows (issues, sources' owners, actors): public with their negotiation."""

    def public(self):
        """Return the rows of published negotiations."""
        return self.filter(negotiation__is_published=True)


class ClaimQuerySet(PublishedQuerySet):
    def public(self):
        """Return the published rows of published negotiations (positions, events)."""
        return self.filter(is_published=True, negotiation__is_published=True)


def _latest_per(queryset, partition, order_by):
    """Keep the first row of each partition, in `order_by` order (a window)."""
    return queryset.annotate(
        in_force_rank=Window(RowNumber(), partition_by=partition, order_by=order_by)
    ).filter(in_force_rank=1)


def _status_rank():
    # gaps.position_on's tie-break on one date: the firmest status first, an
    # unrecognised one last.
    return Case(
        *(
            When(status=status, then=Value(rank))
            for rank, status in enumerate(STATUS_PREFERENCE)
        ),
        default=Value(len(STATUS_PREFERENCE)),
        output_field=IntegerField(),
    )


class PositionQuerySet(ClaimQuerySet):
    """The read rules of positions: the SQL twin of gaps.position_on."""

    def counted(self, evidence=DEFAULT_EVIDENCE):
        """Return the positions that count as their holder's own under `evidence`.

        Stated or reported by default; stated only for "stated". Claimed and
        disputed positions never count.
        """
        return self.filter(status__in=counted_statuses(evidence))

    def latest_per_holder(self, bucket=None):
        """Keep each (issue, actor)'s latest row, ranked as gaps.position_on ranks.

        `bucket`, an expression of the row, splits each (issue, actor)'s rows
        into groups that each keep their own latest one.
        """
        partition = [F("issue_id"), F("actor_id")]
        if bucket is not None:
            partition.append(bucket)
        order = [F("as_of").desc(), _status_rank().asc(), F("pk").desc()]
        return _latest_per(self, partition, order)

    def in_force(self, *, on, evidence=DEFAULT_EVIDENCE):
        """Return each (issue, actor)'s position in force on `on` under `evidence`.

        The latest counted position on or before the day; a stated one beats a
        reported one of the same date. Chain public() first for readers.
        """
        return self.counted(evidence).filter(as_of__lte=on).latest_per_holder()


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


# Which actors authored a proposal, as a lookup: the one place that says so.
# From a proposal, then from a version and from a term.
PROPOSAL_AUTHORS = "authors"
VERSION_AUTHORS = f"proposal__{PROPOSAL_AUTHORS}"
TERM_AUTHORS = f"version__{VERSION_AUTHORS}"


class TermQuerySet(models.QuerySet):
    def public(self):
        """Return the terms of public versions: a term has no box of its own."""
        return self.filter(
            version__is_published=True,
            version__proposal__negotiation__is_published=True,
        )

    def known(self):
        """Return the terms with a known value (a number or a scale option)."""
        return self.filter(
            Q(value_number__isnull=False)
            | Q(value_option__isnull=False)
            | Q(value_min__isnull=False)
            | Q(value_max__isnull=False)
        )

    def own_proposals(self, actor_ids, bucket=None):
        """Return each author's latest known term per issue, annotated `author_id`.

        `actor_ids` is a list of actor ids, or a Q over `author_id` (and the
        term's issue) that picks the authors.

        The stances the actors' own proposals give them: per (issue, author,
        `bucket`), the known term of the latest version they authored (by date,
        then rank, then id). Each row also carries `as_of`, the version's date.
        """
        rows = (
            self.known()
            # One row per (term, author): a version several sides wrote is each
            # one's own proposal. Annotated first, so the filter uses that join.
            .annotate(author_id=F(TERM_AUTHORS), as_of=F("version__date"))
            .filter(
                actor_ids if isinstance(actor_ids, Q) else Q(author_id__in=actor_ids)
            )
        )
        partition = [F("issue_id"), F("author_id")]
        if bucket is not None:
            partition.append(bucket)
        order = [
            F("version__date").desc(),
            F("version__rank").desc(),
            F("version_id").desc(),
        ]
        return _latest_per(rows, partition, order)


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
        claims = (Position, Version, Response, Event, Commitment, ImplementationEntry)
        for model in claims:
            owners = model.objects.public().filter(sources=OuterRef("pk"))
            cited |= Exists(owners)
        return self.filter(cited)


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
        from .labels import version_url

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


# ---- Implementation (format 2): an agreement's commitments and what happened ----
# Kept together at the end of the module: commitments belong to an agreement
# version, and implementation entries are dated claims about one commitment.


class CommitmentQuerySet(models.QuerySet):
    def public(self):
        """Return the commitments of public versions: public with their version."""
        return self.filter(
            version__is_published=True,
            version__proposal__negotiation__is_published=True,
        )


class ImplementationEntryQuerySet(PublishedQuerySet):
    def public(self):
        """Return published entries on commitments of public versions."""
        return self.filter(
            is_published=True,
            commitment__version__is_published=True,
            negotiation__is_published=True,
        )

    def counted(self, *, evidence=None):
        """Return the entries that count as the owner's own: stated or reported.

        `evidence="stated"` narrows to the owner's public statements. Claimed
        and disputed entries stay visible on pages but never set progress.
        """
        if evidence == Status.STATED:
            return self.filter(status=Status.STATED)
        return self.filter(status__in=[Status.STATED, Status.REPORTED])

    def in_force(self, day, *, evidence=None):
        """Return, per commitment, the counted entry in force on `day`.

        The latest counted entry on or before the day; on one date a stated
        entry beats a reported one, then the latest id. One query when evaluated.
        """
        status_rank = models.Case(
            models.When(status=Status.STATED, then=Value(0)),
            default=Value(1),
            output_field=models.IntegerField(),
        )
        ranked = (
            self.counted(evidence=evidence)
            .filter(as_of__lte=day)
            .annotate(
                in_force_rank=models.Window(
                    RowNumber(),
                    partition_by=[F("commitment_id")],
                    order_by=[F("as_of").desc(), status_rank.asc(), F("pk").desc()],
                )
            )
        )
        return ranked.filter(in_force_rank=1)


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
