"""The implementation pages: an agreement's commitments and what happened to them.

Thin views like views.py: check the query string with a form (400 when wrong),
fetch through fetch_implementation in a fixed number of queries, call the pure
functions of implementation.py, render a full page or, for htmx, its partial.
"""

from django.http import Http404, StreamingHttpResponse
from django.utils import timezone
from django.views.decorators.http import require_GET
from django.views.decorators.vary import vary_on_headers

from . import fetch, fetch_implementation, sides, views
from . import implementation as arithmetic
from .caching import cached_negotiation_page
from .charts_implementation import implementation_chart
from .downloads import csv_lines
from .downloads_implementation import IMPLEMENTATION_COLUMNS, implementation_rows
from .forms import ImplementationForm
from .views import _bad_request, _render

SUFFIX = "/implementation"


@require_GET
@vary_on_headers("HX-Request")
@cached_negotiation_page
def implementation(request, negotiation, proposal, version):
    found = fetch.negotiation(negotiation)
    label = version
    try:
        version = fetch_implementation.version(found, proposal, label)
    except Http404:
        # A label may itself end in "/implementation": its page's URL, once
        # decoded, reads like this one, so serve that version's page instead.
        if not fetch_implementation.version_exists(found, proposal, SUFFIX, label):
            raise
        return views.version(
            request, negotiation=negotiation, proposal=proposal, version=label + SUFFIX
        )
    negotiation = found
    form = ImplementationForm(request.GET)
    if not form.is_valid():
        return _bad_request(request, form, {"negotiation": negotiation})
    commitments = fetch_implementation.commitments(version)
    pairs = [(commitment, commitment.public_entries) for commitment in commitments]
    # The one rule for the date shown (sides.date_shown), as every page uses.
    shown = sides.date_shown(
        negotiation, timezone.localdate(), form.cleaned_data["as_of"]
    )
    day = shown.day
    quiet_since = shown.latest_record if shown.quiet else None
    evidence = form.cleaned_data["evidence"] or None
    start = arithmetic.agreement_start(commitments)
    rows = arithmetic.commitment_rows(pairs, day, evidence=evidence, start=start)
    ctx = {"negotiation": negotiation, "version": version, "form": form}
    ctx.update(day=day, quiet_since=quiet_since, evidence=evidence, start=start)
    ctx.update(rows=rows, totals=arithmetic.totals(row.state for row in rows))
    ctx["chart"] = implementation_chart(rows, day=day, start=start, evidence=evidence)
    return _render(request, "implementation", "implementation", ctx)


@require_GET
def implementation_csv(request, negotiation):
    """Stream every public implementation entry of the negotiation as CSV."""
    found = fetch.negotiation(negotiation)
    lines = csv_lines(IMPLEMENTATION_COLUMNS, implementation_rows(found))
    response = StreamingHttpResponse(lines, content_type="text/csv; charset=utf-8")
    filename = f"{found.slug}-implementation.csv"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
