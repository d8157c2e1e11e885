"""The database setting: PostgreSQL's JIT off, other databases left alone."""

import dj_database_url

from tracker.settings.base import without_jit


def test_postgresql_connections_turn_jit_off():
    database = without_jit(dj_database_url.parse("postgres://u@db.internal/tracker"))

    assert database["OPTIONS"]["options"] == "-c jit=off"


def test_options_already_given_are_kept():
    database = dj_database_url.parse("postgres://u@db.internal/tracker")
    database["OPTIONS"] = {"options": "-c statement_timeout=5000"}

    without_jit(database)

    assert database["OPTIONS"]["options"] == "-c statement_timeout=5000 -c jit=off"


def test_sqlite_is_left_as_it_is():
    database = without_jit(dj_database_url.parse("sqlite:///tracker.sqlite3"))

    assert "options" not in database.get("OPTIONS", {})
