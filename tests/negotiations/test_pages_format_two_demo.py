"""The demo's format-2 data on the pages: co-authors and source kinds."""

from io import StringIO

import pytest
from django.core.management import call_command

from negotiations.labels import version_url_for
from negotiations.models import Negotiation
from tests.negotiations.page_scenarios import page_text

pytestmark = pytest.mark.django_db

BASE = "/negotiations/gaza-2024/"
AGREEMENT = "Cease-fire and hostage-release agreement announced in Doha"
# Authors are listed in the actors' order (by name), not the document's.
AUTHORS = "Egypt, Qatar and United States"


@pytest.fixture
def demo():
    call_command("load_demo", stdout=StringIO())
    return Negotiation.objects.get(slug="gaza-2024")


def test_the_january_2025_agreement_s_page_names_its_three_authors(client, demo):
    url = version_url_for(demo.slug, "january-2025-agreement", "2025-01-15")
    text = page_text(client.get(url))
    assert f"put forward by {AUTHORS}" in text


def test_the_timeline_names_the_january_2025_agreement_s_three_authors(client, demo):
    query = {"kind": "version", "actor": "egypt"}
    text = page_text(client.get(BASE + "timeline/", query))
    assert f"By {AUTHORS}" in text


@pytest.mark.parametrize("author", ["qatar", "egypt", "united-states"])
def test_each_author_s_page_lists_the_co_authored_agreement(client, demo, author):
    assert AGREEMENT in page_text(client.get(BASE + f"actors/{author}/"))


def test_demo_sources_show_their_kinds(client, demo):
    text = page_text(client.get(BASE + "issues/philadelphi-corridor/"))
    assert "(aggregator)" in text
    assert "(mirror)" in text
