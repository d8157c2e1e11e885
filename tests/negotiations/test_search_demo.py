import pytest
from django.core.management import call_command
from django.db.models import Q
from django.urls import reverse

from negotiations import search
from negotiations.models import Negotiation, Position, Source, Term, Version

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo():
    call_command("load_demo", stdout=None)
    return Negotiation.objects.get(slug="gaza-2024")


def _by_kind(groups):
    return {group.kind: group for group in groups}


def _philadelphi_positions():
    return Position.objects.filter(
        Q(summary__icontains="philadelphi") | Q(issue__title__icontains="philadelphi")
    )


def test_the_demo_search_finds_philadelphi_in_positions_and_sources(demo):
    groups = _by_kind(search.search("Philadelphi", negotiation=demo))
    assert groups["position"].hits
    assert groups["source"].hits
    found = {hit.url.rsplit("#position-", 1)[1] for hit in groups["position"].hits}
    expected = {str(pk) for pk in _philadelphi_positions().values_list("pk", flat=True)}
    assert found == expected or (groups["position"].more and found < expected)
    for hit in groups["position"].hits:
        assert hit.url.startswith("/negotiations/gaza-2024/timeline/?issue=")


def test_search_finds_every_position_on_a_sticking_point_by_its_title(demo):
    # Issue 14: a position's summary need not repeat its sticking point's name.
    on_the_corridor = Position.objects.public().filter(
        issue__slug="philadelphi-corridor"
    )
    groups = _by_kind(search.search("Philadelphi", negotiation=demo, limit=100))

    found = {hit.url.rsplit("#position-", 1)[1] for hit in groups["position"].hits}

    assert on_the_corridor.count() >= 12
    assert {str(pk) for pk in on_the_corridor.values_list("pk", flat=True)} <= found


def test_the_demo_search_page_shows_philadelphi_hits(client, demo):
    url = reverse("negotiations:search", kwargs={"negotiation": demo.slug})
    response = client.get(url, {"q": "Philadelphi"})
    assert response.status_code == 200
    assert "<mark>Philadelphi</mark>" in response.content.decode()


def test_an_unpublished_demo_position_is_no_longer_found(demo):
    position = _philadelphi_positions().first()
    position.is_published = False
    position.save()
    hits = _by_kind(search.search("Philadelphi"))["position"].hits
    assert all(not hit.url.endswith(f"#position-{position.pk}") for hit in hits)


def test_a_source_cited_only_by_drafts_is_not_found(demo):
    source = Source.objects.filter(title__icontains="Philadelphi").first()
    for claims in (source.positions, source.versions, source.responses, source.events):
        claims.update(is_published=False)
    # Implementation reports cite sources too; a commitment is public with its
    # agreement version.
    source.implementation_entries.update(is_published=False)
    Version.objects.filter(commitments__sources=source).update(is_published=False)
    hits = _by_kind(search.search("Philadelphi"))["source"].hits
    assert source.title not in {hit.title.split(" (")[0] for hit in hits}


def test_search_finds_the_terms_on_a_sticking_point_by_its_title(demo):
    on_the_corridor = Term.objects.public().filter(
        issue__slug="philadelphi-corridor",
        version__proposal__negotiation=demo,
    )
    groups = _by_kind(search.search("Philadelphi", negotiation=demo, limit=100))

    found = {hit.title for hit in groups["term"].hits}

    assert on_the_corridor.exists()
    assert len(found) == on_the_corridor.count()
    for hit in groups["term"].hits:
        assert hit.url.startswith(
            "/negotiations/gaza-2024/issues/philadelphi-corridor/"
        )
        assert hit.url.endswith("#terms-heading")
