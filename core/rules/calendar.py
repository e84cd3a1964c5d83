"""French working-day calendar: weekends and public holidays from the ``holidays`` package.

Holidays are the national ones by default; an association in Alsace-Moselle or overseas
passes its subdivision code (``"57"``, ``"974"``...) so that local days count too.
"""

from __future__ import annotations

from datetime import date, timedelta
from functools import lru_cache

import holidays


@lru_cache(maxsize=8)
def _holidays(subdiv: str | None) -> holidays.HolidayBase:
    return holidays.France(subdiv=subdiv, language="fr")


class FrenchCalendar:
    """Tells working days apart and finds the next one."""

    def __init__(self, subdiv: str | None = None) -> None:
        self.subdiv = subdiv

    def holiday_name(self, day: date) -> str | None:
        """The public holiday's French name on ``day``, if any."""
        return _holidays(self.subdiv).get(day)

    def is_working_day(self, day: date) -> bool:
        """Monday to Friday and not a public holiday (*jour ouvré*)."""
        return day.weekday() < 5 and self.holiday_name(day) is None

    def next_working_day(self, day: date) -> date:
        """``day`` itself when it is a working day, else the first one after it."""
        while not self.is_working_day(day):
            day += timedelta(days=1)
        return day

    def add_working_days(self, start: date, count: int) -> date:
        """The ``count``-th working day after ``start`` (``start`` itself not counted)."""
        day = start
        while count > 0:
            day += timedelta(days=1)
            if self.is_working_day(day):
                count -= 1
        return day
