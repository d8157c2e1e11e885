"""What a negotiation offers beyond its pages: downloads and the embeddable card."""

from django.http import HttpResponse, StreamingHttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.clickjacking import xframe_options_exempt
from django.views.decorators.http import require_GET

from . import downloads, embeds, fetch, interchange, pages, sides
from .caching import cached_issue_page, cached_negotiation_page
from .forms import StateOfPlayForm

CSV_TYPE = "text/csv; charset=utf-8"


def _attachment(filename):
    return f'attachment; filename="{filename}"'


def _bad_dates(form):
    """Return a 400 answer naming what is wrong with the query string."""
    problems = "; ".join(
        f"{field}: {message}"
        for field, messages in form.errors.items()
        for message in messages
    )
    return HttpResponse(
        f"Bad query string: {problems}\n",
        status=400,
        content_type="text/plain; charset=utf-8",
    )


@require_GET
@cached_negotiation_page
def export_json(request, negotiation):
    """Download the negotiation's published data in the interchange format."""
    found = fetch.negotiation(negotiation)
    try:
        document = interchange.export_negotiation(found)
    except interchange.DocumentError as error:
        # The format needs both sides and a baseline; say what is missing.
        return HttpResponse(
            f"This negotiation cannot be exported yet:\n{error}\n",
            status=409,
            content_type="text/plain; charset=utf-8",
        )
    response = HttpResponse(
        interchange.dump_document(document),
        content_type="application/json; charset=utf-8",
    )
    response["Content-Disposition"] = _attachment(f"{found.slug}.json")
    return response


@require_GET
def positions_csv(request, negotiation):
    """Stream every published position as CSV, in blocks of a few hundred rows."""
    found = fetch.negotiation(negotiation)
    blocks = downloads.csv_blocks(
        downloads.POSITION_COLUMNS, downloads.position_rows(found)
    )
    response = StreamingHttpResponse(blocks, content_type=CSV_TYPE)
    response["Content-Disposition"] = _attachment(f"{found.slug}-positions.csv")
    return response


@require_GET
@cached_negotiation_page
def state_of_play_csv(request, negotiation):
    """Download the state of play on `?as_of=` (default today) as CSV.

    A bad date gets 400 with the reason, as the state of play page does.
    """
    found = fetch.negotiation(negotiation)
    form = StateOfPlayForm(request.GET)
    if not form.is_valid():
        return _bad_dates(form)
    shown = sides.date_shown(found, timezone.localdate(), form.cleaned_data["as_of"])
    as_of, since = form.dates(shown.day)
    evidence = form.cleaned_data["evidence"]
    state = pages.state_of_play(found, as_of, since, evidence, shown)
    downloads.own_proposal_sources(state)
    lines = downloads.csv_lines(
        downloads.STATE_OF_PLAY_COLUMNS, downloads.state_of_play_rows(found, state)
    )
    response = HttpResponse("".join(lines), content_type=CSV_TYPE)
    filename = f"{found.slug}-state-of-play-{as_of.isoformat()}.csv"
    response["Content-Disposition"] = _attachment(filename)
    return response


@require_GET
@xframe_options_exempt
@cached_issue_page
def issue_card(request, negotiation, issue):
    """Show one sticking point as a small standalone page other sites can frame."""
    found = fetch.negotiation(negotiation)
    found_issue = fetch.issue(found, issue)
    form = StateOfPlayForm(request.GET)
    if not form.is_valid():
        return _bad_dates(form)
    shown = sides.date_shown(found, timezone.localdate(), form.cleaned_data["as_of"])
    as_of, since = form.dates(shown.day)
    evidence = form.cleaned_data["evidence"]
    ctx = {
        "card": embeds.issue_card(found, found_issue, as_of, since, evidence, shown),
        "issue_url": request.build_absolute_uri(
            reverse(
                "negotiations:issue",
                kwargs={"negotiation": found.slug, "issue": issue},
            )
        ),
        "is_today": not form.cleaned_data.get("as_of"),
    }
    return render(request, "negotiations/embed_card.html", ctx)
