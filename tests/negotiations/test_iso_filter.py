"""The `iso` filter: machine-readable dates for HTML's `datetime` attribute."""

import datetime

from django.test import override_settings

from negotiations.templatetags.negotiation_tags import iso


def test_a_day_is_written_as_year_month_day():
    assert iso(datetime.date(2025, 1, 15)) == "2025-01-15"


def test_a_moment_keeps_at_most_milliseconds():
    moment = datetime.datetime(2025, 1, 15, 9, 30, 5, 123456, tzinfo=datetime.UTC)

    with override_settings(TIME_ZONE="UTC"):
        assert iso(moment) == "2025-01-15T09:30:05.123+00:00"


def test_a_moment_is_shown_in_the_current_time_zone():
    moment = datetime.datetime(2025, 1, 15, 9, 30, tzinfo=datetime.UTC)

    with override_settings(TIME_ZONE="Asia/Jerusalem"):
        assert iso(moment) == "2025-01-15T11:30:00.000+02:00"


def test_a_missing_day_is_unknown():
    assert iso(None) == "unknown"
