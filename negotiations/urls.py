from django.urls import path, register_converter

from . import views
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
    path(
        "negotiations/<slug:negotiation>/proposals/<slug:proposal>/<version_label:version>/",
        views.version,
        name="version",
    ),
]
