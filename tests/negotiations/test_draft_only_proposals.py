"""A proposal whose every version is a draft is itself a draft, on every page."""

import pytest

from tests.factories import make_negotiation, make_proposal, make_version

pytestmark = pytest.mark.django_db


def test_the_authors_page_does_not_name_a_draft_only_proposal(client):
    negotiation = make_negotiation(slug="talks")
    author = negotiation.side_a
    drafted = make_proposal(negotiation, title="Secret framework", author=author)
    make_version(drafted, label="v1", is_published=False)
    shown = make_proposal(negotiation, title="Public framework", author=author)
    make_version(shown, label="v1")

    text = client.get(author.get_absolute_url()).content.decode()

    assert "Public framework" in text
    assert "Secret framework" not in text
