import pytest
from django.contrib.postgres.search import SearchQuery
from django.db import connection

from negotiations import search
from negotiations.models import (
    Commitment,
    Event,
    ImplementationEntry,
    Position,
    Proposal,
    Response,
    Source,
    Term,
    Version,
)

pytestmark = [
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="the GIN indexes exist on PostgreSQL only",
    ),
    pytest.mark.django_db,
]

MODELS = {
    "position": Position,
    "proposal": Proposal,
    "version": Version,
    "response": Response,
    "event": Event,
    "source": Source,
    "term": Term,
    "commitment": Commitment,
    "implementation": ImplementationEntry,
}


@pytest.mark.parametrize("kind", search.INDEXED_KINDS)
def test_each_kinds_search_matches_its_gin_index_expression(kind):
    # search.ranked() filters on document_vector(kind). With sequential and
    # plain index scans priced out, only a bitmap scan on an index whose
    # expression is exactly that tsvector can answer the filter.
    query = SearchQuery(
        "philadelphi corridor", config=search.CONFIG, search_type="websearch"
    )
    matching = (
        MODELS[kind]
        .objects.alias(document=search.document_vector(kind))
        .filter(document=query)
    )
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute("SET LOCAL enable_indexscan = off")
    assert f"Bitmap Index Scan on search_{kind}" in matching.explain()


def test_every_search_index_exists():
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT indexname FROM pg_indexes WHERE indexname LIKE 'search\\_%%'"
        )
        names = {row[0] for row in cursor.fetchall()}
    assert names >= {f"search_{kind}" for kind in search.INDEXED_KINDS}
