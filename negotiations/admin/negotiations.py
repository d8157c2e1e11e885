"""Negotiations in the admin, with import and export in the interchange format.

Import and export call negotiations.interchange, the same functions as the
management commands. An upload that breaks the format lists every problem with
its JSON path; replacing an existing negotiation takes a second, confirming
step that shows what will be replaced.
"""

from django.conf import settings
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Count, OuterRef, Subquery
from django.db.models.functions import Coalesce
from django.http import Http404, HttpResponse, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.http import content_disposition_header

from negotiations import interchange
from negotiations.models import Negotiation, Position, Version
from negotiations.roles import can_publish

from . import pending_uploads
from .base import PublishableAdmin
from .forms import ImportForm, NegotiationForm

# What the confirmation step counts, as (label, related name, document key).
KINDS = (
    ("Actors", "actors", "actors"),
    ("People", "people", "people"),
    ("Issues", "issues", "issues"),
    ("Sources", "sources", "sources"),
    ("Proposals", "proposals", "proposals"),
    ("Positions", "positions", "positions"),
    ("Responses", "responses", "responses"),
    ("Events", "events", "events"),
)


def _max_bytes():
    return getattr(settings, "INTERCHANGE_MAX_BYTES", interchange.MAX_BYTES)


def _counts(negotiation, document):
    """Return rows of (kind, stored now, of which published, in the document).

    Runs two queries per kind.
    """
    rows = []
    for label, related, key in KINDS:
        stored = getattr(negotiation, related).all()
        published = None
        if any(field.name == "is_published" for field in stored.model._meta.fields):
            published = stored.filter(is_published=True).count()
        rows.append((label, stored.count(), published, len(document.get(key) or ())))
    versions = Version.objects.filter(proposal__negotiation=negotiation)
    incoming = sum(
        len(p.get("versions") or ()) for p in document.get("proposals") or ()
    )
    rows.append(
        (
            "Versions",
            versions.count(),
            versions.filter(is_published=True).count(),
            incoming,
        )
    )
    return rows


@admin.register(Negotiation)
class NegotiationAdmin(PublishableAdmin):
    form = NegotiationForm
    negotiation_path = None
    list_display = (
        "title",
        "slug",
        "started_on",
        "position_count",
        "draft_count",
        "is_published",
    )
    list_filter = ("is_published",)
    search_fields = ("title", "slug", "summary")
    date_hierarchy = "started_on"
    prepopulated_fields = {"slug": ("title",)}
    autocomplete_fields = ("side_a", "side_b", "baseline")
    fieldsets = (
        (
            None,
            {
                "fields": (
                    "title",
                    "slug",
                    "started_on",
                    "summary",
                    "stale_after_days",
                    "is_published",
                )
            },
        ),
        (
            "Sides and baseline",
            {
                "fields": ("side_a", "side_b", "baseline"),
                "description": (
                    "Set these once the negotiation's actors and proposals exist."
                ),
            },
        ),
    )

    def get_queryset(self, request):
        positions = Position.objects.filter(negotiation=OuterRef("pk")).values(
            "negotiation"
        )
        total = positions.annotate(n=Count("pk")).values("n")
        drafts = (
            positions.filter(is_published=False).annotate(n=Count("pk")).values("n")
        )
        return (
            super()
            .get_queryset(request)
            .annotate(
                position_total=Coalesce(Subquery(total), 0),
                draft_total=Coalesce(Subquery(drafts), 0),
            )
        )

    @admin.display(description="Positions", ordering="position_total")
    def position_count(self, obj):
        return obj.position_total

    @admin.display(description="Draft positions", ordering="draft_total")
    def draft_count(self, obj):
        return obj.draft_total

    # Deleting: sides, attributions and values are PROTECTed foreign keys, so
    # Django's collector refuses a negotiation; the interchange's
    # delete_negotiation empties it table by table, with history.

    def get_deleted_objects(self, objs, request):
        negotiations = list(objs)
        counts = {self.opts.verbose_name_plural: len(negotiations)}
        for label, related, _ in KINDS:
            total = sum(getattr(n, related).count() for n in negotiations)
            counts[label.lower()] = total
        counts["versions"] = Version.objects.filter(
            proposal__negotiation__in=negotiations
        ).count()
        perms_needed = set()
        if not self.has_delete_permission(request):
            perms_needed.add(self.opts.verbose_name)
        listed = [f"{n} (and everything in it)" for n in negotiations]
        return listed, counts, perms_needed, []

    def delete_model(self, request, obj):
        with transaction.atomic():
            interchange.delete_negotiation(
                obj, user=request.user, reason="Deleted in the admin"
            )

    def delete_queryset(self, request, queryset):
        with transaction.atomic():
            for negotiation in queryset:
                interchange.delete_negotiation(
                    negotiation, user=request.user, reason="Deleted in the admin"
                )

    def get_urls(self):
        info = self.opts.app_label, self.opts.model_name
        return [
            path(
                "import/",
                self.admin_site.admin_view(self.import_view),
                name="%s_%s_import" % info,
            ),
            path(
                "<path:object_id>/export/",
                self.admin_site.admin_view(self.export_view),
                name="%s_%s_export" % info,
            ),
            *super().get_urls(),
        ]

    # Export.

    def export_view(self, request, object_id):
        """Download the negotiation as interchange JSON; ?drafts=1 includes drafts."""
        negotiation = self.get_object(request, object_id)
        if negotiation is None:
            raise Http404("No such negotiation.")
        if not self.has_view_permission(request, negotiation):
            raise PermissionDenied
        include_drafts = request.GET.get("drafts") == "1"
        try:
            document = interchange.export_negotiation(
                negotiation, include_drafts=include_drafts
            )
        except interchange.DocumentError as error:
            # E.g. no sides or no baseline yet: the format requires both.
            problems = "; ".join(str(problem) for problem in error.problems)
            self.message_user(
                request, f"Cannot download it yet: {problems}.", messages.ERROR
            )
            return HttpResponseRedirect(
                reverse("admin:negotiations_negotiation_change", args=[negotiation.pk])
            )
        body = interchange.dump_document(document)
        suffix = "-with-drafts" if include_drafts else ""
        response = HttpResponse(body, content_type="application/json; charset=utf-8")
        response["Content-Disposition"] = content_disposition_header(
            True, f"{negotiation.slug}{suffix}.json"
        )
        return response

    # Import.

    def import_view(self, request):
        """Upload a document; list its problems, import it, or ask before replacing."""
        if not self.has_add_permission(request):
            raise PermissionDenied
        publisher = can_publish(request.user)
        if request.method == "POST" and "confirm" in request.POST:
            return self._confirm_replace(request, publisher)
        posted = request.method == "POST"
        form = ImportForm(
            request.POST if posted else None,
            request.FILES if posted else None,
            can_publish=publisher,
            max_bytes=_max_bytes(),
        )
        context = {"form": form, "problems": None}
        if posted and form.is_valid():
            data = form.cleaned_data["document"].read()
            as_drafts = form.cleaned_data["as_drafts"] or not publisher
            try:
                document = interchange.load_document(data)
            except interchange.DocumentError as error:
                context.update(problems=error.problems, omitted=error.omitted)
            else:
                slug = document["negotiation"]["slug"]
                existing = Negotiation.objects.filter(slug=slug).first()
                if existing is None:
                    outcome = self._import(request, document, as_drafts, replace=False)
                    if outcome is not None:
                        return outcome
                    existing = Negotiation.objects.filter(slug=slug).first()
                if existing is not None:
                    return self._ask_to_replace(
                        request, existing, document, data, as_drafts
                    )
        return self._render(
            request, "import.html", "Import a negotiation from JSON", context
        )

    def _import(self, request, document, as_drafts, replace):
        """Import; return a redirect, or None when the slug was taken meanwhile."""
        try:
            negotiation = interchange.import_negotiation(
                document,
                replace=replace,
                publish=not as_drafts,
                user=request.user,
                checked=True,  # load_document has just checked it
            )
        except interchange.NegotiationExists:
            return None
        state = "as drafts" if as_drafts else "published"
        verb = "Replaced" if replace else "Imported"
        holds = interchange.describe_document(document)
        self.message_user(
            request, f"{verb} “{negotiation}” ({state}): {holds}.", messages.SUCCESS
        )
        return HttpResponseRedirect(
            reverse("admin:negotiations_negotiation_change", args=[negotiation.pk])
        )

    def _ask_to_replace(self, request, existing, document, data, as_drafts):
        context = {
            "existing": existing,
            "can_replace": self.has_delete_permission(request, existing),
            "counts": _counts(existing, document),
            "as_drafts": as_drafts,
            "token": pending_uploads.keep(data, request.user),
        }
        if not context["can_replace"]:
            pending_uploads.forget(context["token"], request.user)
            context["token"] = None
        title = f"Replace “{existing}”?"
        return self._render(request, "import_confirm.html", title, context)

    def _confirm_replace(self, request, publisher):
        token = request.POST.get("token", "")
        data = pending_uploads.take(token, request.user)
        if data is None:
            self.message_user(
                request,
                "That upload has expired or was already used; upload the file again.",
                messages.ERROR,
            )
            return HttpResponseRedirect(
                reverse("admin:negotiations_negotiation_import")
            )
        as_drafts = request.POST.get("as_drafts") == "1" or not publisher
        try:
            document = interchange.load_document(data)
        except interchange.DocumentError as error:
            context = {
                "form": ImportForm(can_publish=publisher, max_bytes=_max_bytes()),
                "problems": error.problems,
                "omitted": error.omitted,
            }
            return self._render(
                request, "import.html", "Import a negotiation from JSON", context
            )
        existing = Negotiation.objects.filter(
            slug=document["negotiation"]["slug"]
        ).first()
        if existing is not None and not self.has_delete_permission(request, existing):
            raise PermissionDenied
        return self._import(request, document, as_drafts, replace=True)

    def _render(self, request, template, title, context):
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "title": title,
            "max_mib": _max_bytes() / (1024 * 1024),
            **context,
        }
        return TemplateResponse(
            request, f"admin/negotiations/negotiation/{template}", context
        )

    def render_change_form(
        self, request, context, add=False, change=False, form_url="", obj=None
    ):
        if obj is not None and obj.pk:
            export_url = reverse("admin:negotiations_negotiation_export", args=[obj.pk])
            context["export_url"] = export_url
            context["export_drafts_url"] = f"{export_url}?drafts=1"
        return super().render_change_form(request, context, add, change, form_url, obj)
