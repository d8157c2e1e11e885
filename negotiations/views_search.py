"""Search pages: across every negotiation (`/search/`) and within one."""

from django import forms
from django.shortcuts import render
from django.views.decorators.http import require_GET
from django.views.decorators.vary import vary_on_headers

from . import fetch, search
from .caching import cached_negotiation_page, cached_site_page

PAGE = "negotiations/search.html"
PARTIAL = "negotiations/partials/search_results.html"


class SearchForm(forms.Form):
    """`?q=`: words, "quoted phrases", `or`, and `-word` to leave a word out."""

    q = forms.CharField(
        label="Search",
        required=False,
        max_length=search.MAX_QUERY_LENGTH,
        error_messages={
            "max_length": (
                "Searches are limited to %(limit_value)d characters; "
                "this one has %(show_value)d. Shorten it and try again."
            ),
            "null_characters_not_allowed": (
                "The search holds characters that cannot be searched."
            ),
        },
    )


def _results(request, negotiation=None):
    """Return the search context and status: 400 for a query that cannot run."""
    form = SearchForm(request.GET)
    ctx = {"form": form, "negotiation": negotiation, "groups": (), "query": ""}
    if not form.is_valid():
        ctx["message"] = form.errors["q"][0]
        return ctx, 400
    query = form.cleaned_data["q"]
    ctx["query"] = query
    if not query:
        ctx["message"] = "Type a word or a phrase to search for."
    elif not search.query_terms(query)[0]:
        ctx["message"] = "Search for words or numbers; this search has none."
    else:
        ctx["groups"] = search.search(query, negotiation=negotiation)
        ctx["hit_count"] = sum(len(group.hits) for group in ctx["groups"])
        ctx["has_more"] = any(group.more for group in ctx["groups"])
    return ctx, 200


@require_GET
@vary_on_headers("HX-Request")
@cached_site_page
def search_all(request):
    """Search the published claims of every published negotiation."""
    ctx, status = _results(request)
    template = PARTIAL if request.htmx else PAGE
    return render(request, template, ctx, status=status)


@require_GET
@vary_on_headers("HX-Request")
@cached_negotiation_page
def search_negotiation(request, negotiation):
    """Search one negotiation's published claims."""
    ctx, status = _results(request, fetch.negotiation(negotiation))
    template = PARTIAL if request.htmx else PAGE
    return render(request, template, ctx, status=status)
