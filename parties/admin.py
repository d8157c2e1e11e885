"""Actors and people in the editors' admin."""

from django.contrib import admin

from negotiations.admin.base import EditorAdmin
from negotiations.admin.forms import EditorForm, NegotiationScoped

from .models import Actor, Person


@admin.register(Actor)
class ActorAdmin(EditorAdmin):
    list_display = ("name", "short_name", "role", "kind", "negotiation")
    list_filter = ("negotiation", "role", "kind")
    list_select_related = ("negotiation",)
    search_fields = ("name", "short_name", "slug")
    ordering = ("negotiation", "name")
    prepopulated_fields = {"slug": ("name",)}
    fieldsets = (
        (
            None,
            {"fields": ("negotiation", "name", "short_name", "slug", "role", "kind")},
        ),
        ("Description", {"classes": ("collapse",), "fields": ("description",)}),
    )


class PersonForm(NegotiationScoped, EditorForm):
    scoped_fields = ("actor",)

    class Meta:
        model = Person
        fields = "__all__"


@admin.register(Person)
class PersonAdmin(EditorAdmin):
    form = PersonForm
    list_display = ("name", "title", "actor", "negotiation")
    list_filter = ("negotiation",)
    list_select_related = ("actor", "negotiation")
    search_fields = ("name", "title", "slug", "actor__name")
    ordering = ("negotiation", "name")
    prepopulated_fields = {"slug": ("name",)}
    autocomplete_fields = ("actor",)
    fields = ("negotiation", "name", "slug", "title", "actor")
