"""The models' QuerySets: the publication rule and the read rules, written once."""

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
from django.db.models.functions import RowNumber

from ..gaps import DEFAULT_EVIDENCE, STATUS_PREFERENCE, counted_statuses
from .choices import Status


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
        from .claims import Event, Position, Response, Version
        from .implementation import ImplementationEntry

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
        from .claims import Version

        return self.filter(
            Exists(Version.objects.public().filter(proposal=OuterRef("pk")))
        )


class SourceQuerySet(models.QuerySet):
    def public(self):
        """Return the sources a public claim cites.

        A source cited only by drafts would reveal what the drafts are about.
        Runs one EXISTS subquery per kind of claim.
        """
        # The claims' models import these QuerySets: import them when called.
        from .claims import Event, Position, Response, Version
        from .implementation import Commitment, ImplementationEntry

        cited = Q()
        claims = (Position, Version, Response, Event, Commitment, ImplementationEntry)
        for model in claims:
            owners = model.objects.public().filter(sources=OuterRef("pk"))
            cited |= Exists(owners)
        return self.filter(cited)


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
