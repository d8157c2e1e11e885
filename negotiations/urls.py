from django.urls import path, register_converter

from . import views, views_implementation, views_public_data, views_search
from .caching import cached_issue_page, cached_negotiation_page
from .feeds import negotiation_feed
from .feeds_implementation import implementation_feed
from .labels import VersionLabelConverter

register_converter(VersionLabelConverter, "version_label")

app_name = "negotiations"
urlpatterns = [
    path("", views.negotiation_list, name="negotiation_list"),
    path("negotiations/<slug:negotiation>/", views.state_of_play, name="state_of_play"),
    path("negotiations/<slug:negotiation>/timeline/", views.timeline, name="timeline"),
    path(
        "negotiations/<slug:negotiation>/issues/<slug:issue>/",
        views.issue,
        name="issue",
    ),
    path(
        "negotiations/<slug:negotiation>/actors/<slug:actor>/",
        views.actor,
        name="actor",
    ),
    # Before the version page: its label pattern would take "<label>/implementation".
    path(
        "negotiations/<slug:negotiation>/proposals/<slug:proposal>/<version_label:version>/implementation/",
        views_implementation.implementation,
        name="implementation",
    ),
    path(
        "negotiations/<slug:negotiation>/proposals/<slug:proposal>/<version_label:version>/",
        views.version,
        name="version",
    ),
    # Search, feeds, downloads and the embeddable card.
    path("search/", views_search.search_all, name="search_all"),
    path(
        "negotiations/<slug:negotiation>/search/",
        views_search.search_negotiation,
        name="search",
    ),
    path(
        "negotiations/<slug:negotiation>/feed/",
        cached_negotiation_page(negotiation_feed),
        name="feed",
    ),
    path(
        "negotiations/<slug:negotiation>/issues/<slug:issue>/feed/",
        cached_issue_page(negotiation_feed),
        name="issue_feed",
    ),
    path(
        "negotiations/<slug:negotiation>/issues/<slug:issue>/card/",
        views_public_data.issue_card,
        name="issue_card",
    ),
    path(
        "negotiations/<slug:negotiation>/export.json",
        views_public_data.export_json,
        name="export_json",
    ),
    path(
        "negotiations/<slug:negotiation>/positions.csv",
        views_public_data.positions_csv,
        name="positions_csv",
    ),
    path(
        "negotiations/<slug:negotiation>/implementation.csv",
        views_implementation.implementation_csv,
        name="implementation_csv",
    ),
    path(
        "negotiations/<slug:negotiation>/implementation/feed/",
        cached_negotiation_page(implementation_feed),
        name="implementation_feed",
    ),
    path(
        "negotiations/<slug:negotiation>/state-of-play.csv",
        views_public_data.state_of_play_csv,
        name="state_of_play_csv",
    ),
]
