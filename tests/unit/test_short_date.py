"""Dates in figures, the French way, from the one helper core, the TUI and plugins share."""

from __future__ import annotations

from datetime import UTC, date, datetime

from core import short_date
from core.messages import short_moment


def test_short_date_is_day_month_year_in_figures():
    assert short_date(date(2026, 5, 1)) == "01/05/2026"
    assert short_date(datetime(2026, 12, 31, 23, 59, tzinfo=UTC)) == "31/12/2026"


def test_short_moment_adds_the_time_as_given():
    assert short_moment(datetime(2026, 3, 9, 7, 5, tzinfo=UTC)) == "09/03/2026 07:05"
