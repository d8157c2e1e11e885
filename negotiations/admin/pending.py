"""Pending changes in the admin: editors' changes to public rows, for publishers.

Editors see the list (their own changes and others'); publishers apply or
discard. Applying saves the row, so its history records the change, with the
author named in the reason, and "restore this state" undoes it.
"""

from django.contrib import admin, messages
from django.db import transaction
from django.urls import NoReverseMatch, reverse
from django.utils.html import format_html, format_html_join

from negotiations import publishing
from negotiations.models import PendingChange
from negotiations.roles import can_publish

from .base import link


@admin.register(PendingChange)
class PendingChangeAdmin(admin.ModelAdmin):
    list_display = ("row", "what", "author", "created_at", "negotiation")
    list_filter = ("negotiation",)
    list_select_related = ("content_type", "author", "negotiation")
    ordering = ("created_at", "id")
    actions = ["apply_changes", "discard_changes"]
    list_per_page = 50

    def _staff_editor(self, request):
        user = request.user
        return (
            user.is_active and user.is_staff and user.has_module_perms("negotiations")
        )

    def has_module_permission(self, request):
        return self._staff_editor(request)

    def has_view_permission(self, request, obj=None):
        return self._staff_editor(request)

    def has_add_permission(self, request):
        # Made by saving a row readers see, never by hand.
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return can_publish(request.user)

    def has_publish_permission(self, request):
        return can_publish(request.user)

    @admin.display(description="Row")
    def row(self, obj):
        target = obj.target()
        if target is None:
            return f"{obj.content_type.name} {obj.object_id} (deleted)"
        opts = target._meta
        try:
            url = reverse(
                f"admin:{opts.app_label}_{opts.model_name}_change", args=[target.pk]
            )
        except NoReverseMatch:
            return str(target)
        return link(url, f"{opts.verbose_name}: {target}")

    @admin.display(description="Change (now → proposed)")
    def what(self, obj):
        target = obj.target()
        if target is None:
            return "—"
        return format_html(
            "<ul>{}</ul>",
            format_html_join(
                "",
                "<li>{}: “{}” → “{}”</li>",
                publishing.describe(obj, target),
            ),
        )

    @admin.action(description="Apply the selected changes", permissions=["publish"])
    def apply_changes(self, request, queryset):
        applied = 0
        for pending in queryset.select_related("content_type", "author"):
            try:
                with transaction.atomic():
                    publishing.apply(pending, request.user)
            except publishing.CannotApply as error:
                self.message_user(
                    request,
                    format_html("Not applied: {}: {}.", pending, error),
                    messages.ERROR,
                )
            else:
                applied += 1
        if applied:
            self.message_user(
                request, f"Applied {applied} change(s).", messages.SUCCESS
            )

    @admin.action(description="Discard the selected changes", permissions=["publish"])
    def discard_changes(self, request, queryset):
        count, _ = queryset.delete()
        self.message_user(request, f"Discarded {count} change(s).", messages.SUCCESS)
