from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from simple_history.models import HistoricalRecords


class PartyQuerySet(models.QuerySet):
    def public(self):
        """Return the actors or people of published negotiations."""
        return self.filter(negotiation__is_published=True)


class Actor(models.Model):
    """A state, armed group, organisation or person taking part in one negotiation."""

    class Kind(models.TextChoices):
        STATE = "state", "State"
        ARMED_GROUP = "armed_group", "Armed group"
        ORGANIZATION = "organization", "Organisation"
        PERSON = "person", "Person"
        OTHER = "other", "Other"

    class Role(models.TextChoices):
        PARTY = "party", "Party"
        MEDIATOR = "mediator", "Mediator"
        OBSERVER = "observer", "Observer"

    negotiation = models.ForeignKey(
        "negotiations.Negotiation", on_delete=models.CASCADE, related_name="actors"
    )
    slug = models.SlugField(max_length=80)
    name = models.CharField(max_length=200)
    short_name = models.CharField(max_length=40, blank=True)
    kind = models.CharField(max_length=20, choices=Kind, blank=True)
    role = models.CharField(max_length=20, choices=Role, default=Role.PARTY)
    description = models.TextField(max_length=20000, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = PartyQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["negotiation", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["negotiation", "slug"], name="unique_actor_slug_per_negotiation"
            ),
        ]

    def __str__(self):
        return self.short_name or self.name

    def get_absolute_url(self):
        return reverse(
            "negotiations:actor",
            kwargs={"negotiation": self.negotiation.slug, "actor": self.slug},
        )

    def clean(self):
        # Actors and people share one slug namespace: attributed_to may name either.
        if (
            self.negotiation_id
            and Person.objects.filter(
                negotiation_id=self.negotiation_id, slug=self.slug
            ).exists()
        ):
            raise ValidationError(
                {"slug": "A person in this negotiation has this slug."}
            )


class Person(models.Model):
    """Someone who speaks for an actor, so that a claim can be attributed to them."""

    negotiation = models.ForeignKey(
        "negotiations.Negotiation", on_delete=models.CASCADE, related_name="people"
    )
    slug = models.SlugField(max_length=80)
    name = models.CharField(max_length=200)
    title = models.CharField(max_length=200, blank=True)
    actor = models.ForeignKey(
        Actor, on_delete=models.SET_NULL, null=True, blank=True, related_name="people"
    )
    updated_at = models.DateTimeField(auto_now=True)

    objects = PartyQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["negotiation", "name"]
        verbose_name_plural = "people"
        constraints = [
            models.UniqueConstraint(
                fields=["negotiation", "slug"],
                name="unique_person_slug_per_negotiation",
            ),
        ]

    def __str__(self):
        return self.name

    def clean(self):
        if (
            self.negotiation_id
            and Actor.objects.filter(
                negotiation_id=self.negotiation_id, slug=self.slug
            ).exists()
        ):
            raise ValidationError(
                {"slug": "An actor in this negotiation has this slug."}
            )
        if (
            self.actor_id
            and self.negotiation_id
            and (self.actor.negotiation_id != self.negotiation_id)
        ):
            raise ValidationError(
                {"actor": "The actor belongs to another negotiation."}
            )
