import pytest
from django.db import connection

from negotiations import search

pytestmark = [
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="the GIN indexes exist on PostgreSQL only",
    ),
    pytest.mark.django_db,
]


@pytest.mark.parametrize("kind", list(search.DOCUMENTS))
def test_each_kinds_search_matches_its_gin_index_expression(kind):
    # With sequential scans priced out, the planner picks the index if, and only
    # if, the query's tsvector expression is exactly the indexed one.
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")
    plan = search.ranked(kind, "philadelphi corridor").explain()
    assert f"Bitmap Index Scan on search_{kind}" in plan


def test_every_search_index_exists():
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT indexname FROM pg_indexes WHERE indexname LIKE 'search\\_%%'"
        )
        names = {row[0] for row in cursor.fetchall()}
    assert names >= {f"search_{kind}" for kind in search.DOCUMENTS}
