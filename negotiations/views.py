"""The public pages: each a full page when loaded directly, its partial when htmx asks.

A view checks its query string with a form (400 when wrong), fetches through
`fetch` and `pages` in a fixed number of queries, and renders.
"""

from django.core.paginator import EmptyPage
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET
from django.views.decorators.vary import vary_on_headers

from . import (
    compare,
    fetch,
    fetch_implementation,
    fetch_timeline,
    pages,
    sides,
    standing,
)
from .caching import cached_issue_page, cached_negotiation_page, cached_site_page
from .charts import gap_chart
from .forms import (
    AsOfForm,
    CompareForm,
    EvidenceForm,
    StateOfPlayForm,
    TimelineForm,
    form_problems,
)
from .implementation import agreement_summary

TIMELINE_PAGE_SIZE = 25


def _render(request, page, partial, ctx):
    """Render negotiations/<page>.html, or only partials/<partial>.html for htmx."""
    if request.htmx:
        return render(request, f"negotiations/partials/{partial}.html", ctx)
    return render(request, f"negotiations/{page}.html", ctx)


def _bad_request(request, form_or_problems, ctx=None):
    """Answer 400 and say what was wrong with each parameter."""
    problems = form_or_problems
    if hasattr(form_or_problems, "errors"):
        problems = form_problems(form_or_problems)
    template = "negotiations/partials/bad_request.html" if request.htmx else "400.html"
    return render(request, template, {**(ctx or {}), "problems": problems}, status=400)


def _not_found(request, message):
    return render(request, "404.html", {"message": message}, status=404)


@require_GET
@vary_on_headers("HX-Request")
@cached_site_page
def negotiation_list(request):
    form = EvidenceForm(request.GET)
    if not form.is_valid():
        return _bad_request(request, form)
    evidence = form.cleaned_data["evidence"]
    summaries = pages.negotiation_summaries(timezone.localdate(), evidence)
    ctx = {
        "summaries": summaries,
        "evidence_name": sides.evidence_name(evidence),
        "evidence_query": form.evidence_query,
    }
    return _render(request, "negotiation_list", "negotiation_list", ctx)


@require_GET
@vary_on_headers("HX-Request")
@cached_negotiation_page
def state_of_play(request, negotiation):
    negotiation = fetch.negotiation(negotiation)
    form = StateOfPlayForm(request.GET)
    if not form.is_valid():
        return _bad_request(request, form, {"negotiation": negotiation})
    shown = sides.date_shown(
        negotiation, timezone.localdate(), form.cleaned_data.get("as_of")
    )
    as_of, since = form.dates(shown.day)
    evidence = form.cleaned_data["evidence"]
    state = pages.state_of_play(negotiation, as_of, since, evidence, shown)
    agreement = fetch_implementation.latest_agreement(negotiation, until=as_of)
    ctx = {
        "negotiation": negotiation,
        "form": form,
        "state": state,
        "evidence_query": form.evidence_query,
        "agreement": agreement_summary(agreement, as_of, evidence=evidence),
    }
    return _render(request, "state_of_play", "state_of_play", ctx)


@require_GET
@vary_on_headers("HX-Request")
@cached_issue_page
def issue(request, negotiation, issue):
    negotiation = fetch.negotiation(negotiation)
    issue = fetch.issue(negotiation, issue)
    form = AsOfForm(request.GET)
    if not form.is_valid():
        return _bad_request(request, form, {"negotiation": negotiation})
    evidence = form.cleaned_data["evidence"]
    history = pages.issue_history(negotiation, issue, evidence)
    chart = gap_chart(history.points, history.version_days, end=history.last_day)
    shown = sides.date_shown(
        negotiation, timezone.localdate(), form.cleaned_data["as_of"]
    )
    ctx = {
        "negotiation": negotiation,
        "issue": issue,
        "history": history,
        "chart": chart,
        "evidence_query": form.evidence_query,
        "standing": standing.issue_standing(negotiation, issue, shown, evidence),
        "commitments": standing.issue_commitments(
            negotiation, issue, shown.day, evidence
        ),
    }
    return _render(request, "issue", "issue_history", ctx)


@require_GET
@vary_on_headers("HX-Request")
@cached_negotiation_page
def actor(request, negotiation, actor):
    negotiation = fetch.negotiation(negotiation)
    actor = fetch.actor(negotiation, actor)
    form = AsOfForm(request.GET)
    if not form.is_valid():
        return _bad_request(request, form, {"negotiation": negotiation})
    evidence = form.cleaned_data["evidence"]
    record = pages.actor_record(negotiation, actor)
    shown = sides.date_shown(
        negotiation, timezone.localdate(), form.cleaned_data["as_of"]
    )
    ctx = {
        "negotiation": negotiation,
        "actor": actor,
        "record": record,
        "standing": standing.actor_standing(negotiation, actor, shown, evidence),
        "evidence": evidence,
        "evidence_name": sides.evidence_name(evidence),
        "evidence_query": form.evidence_query,
    }
    return _render(request, "actor", "actor_record", ctx)


@require_GET
@vary_on_headers("HX-Request")
@cached_negotiation_page
def timeline(request, negotiation):
    negotiation = fetch.negotiation(negotiation)
    actors, issues = fetch.actors(negotiation), fetch.issues(negotiation)
    people = fetch_timeline.timeline_people(negotiation)
    form = TimelineForm(request.GET, actors=actors, issues=issues, people=people)
    if not form.is_valid():
        return _bad_request(request, form, {"negotiation": negotiation})
    filters = pages.timeline_filters(form.cleaned_data, actors, issues, people)
    paginator = pages.timeline_paginator(negotiation, TIMELINE_PAGE_SIZE, **filters)
    try:
        page = paginator.page(form.cleaned_data["page"] or 1)
    except EmptyPage:
        pages_count = paginator.num_pages
        return _not_found(
            request, f"There is no such page; this list has {pages_count}."
        )
    ctx = {"negotiation": negotiation, "form": form, "page": page, "filters": filters}
    return _render(request, "timeline", "timeline_items", ctx)


@require_GET
@vary_on_headers("HX-Request")
@cached_negotiation_page
def version(request, negotiation, proposal, version):
    negotiation = fetch.negotiation(negotiation)
    version = fetch.version_detail(negotiation, proposal, version)
    form = CompareForm(request.GET)
    if not form.is_valid():
        return _bad_request(request, form, {"negotiation": negotiation})
    against, view = form.cleaned_data["against"], form.cleaned_data["view"]
    evidence = form.cleaned_data["evidence"]
    comparison = compare.comparison(negotiation, version, against, evidence)
    if comparison.problem:
        return _bad_request(request, [comparison.problem], {"negotiation": negotiation})
    ctx = {"negotiation": negotiation, "version": version, "form": form}
    ctx.update(comparison=comparison, view=view, responses=comparison.responses)
    ctx.update(
        evidence_name=sides.evidence_name(evidence),
        evidence_query=form.evidence_query,
    )
    ctx["has_commitments"] = fetch_implementation.has_commitments(version)
    return _render(request, "version", "comparison", ctx)
