"""French working-day calendar: weekends and public holidays from the ``holidays`` package.

Holidays are the eleven national ones by default; a delegation in Alsace-Moselle or overseas
gives its subdivision (``"57"``, ``"67"``, ``"68"``, ``"974"``...) so that local days count
too (Good Friday and 26 December in Alsace-Moselle). The departments 67 and 68 are the
``holidays`` package's ``6AE`` (Alsace); any other mainland department number uses the
national calendar, and an unknown code is refused rather than silently replaced by it.
"""

from __future__ import annotations

import re
from datetime import date, timedelta
from functools import lru_cache
from typing import TYPE_CHECKING

from core import messages as M
from core.errors import InputError

if TYPE_CHECKING:  # imported where a calendar is first built: ~0.1 s (with dateutil's parser)
    import holidays  # that a command reading no deadline (review, report) never pays

    from core.rules.model import DeadlineRule

ALIASES = {"67": "6AE", "68": "6AE", "alsace-moselle": "6AE"}
"""Department numbers the ``holidays`` package knows under another code."""
PLACES = frozenset({"57", "6AE", "971", "972", "973", "974", "976", "BL", "MF", "NC", "PF",
                    "PM", "TF", "WF"})
"""Every code a delegation's calendar may hold (what :func:`subdivision_code` gives), known
without importing the ``holidays`` package (a test keeps them equal)."""
METROPOLITAN = re.compile(r"(0[1-9]|[1-8]\d|9[0-5]|2[AB])")
"""A mainland department number: the national calendar unless it has its own."""


@lru_cache(maxsize=16)
def _holidays(subdiv: str | None) -> holidays.HolidayBase:
    import holidays
    return holidays.country_holidays("FR", subdiv=subdiv, language="fr")


def subdivision_code(value: str | None) -> str | None:
    """The ``holidays`` code of a subdivision given as a department number or a name.

    Raises:
        InputError: the subdivision has no calendar of its own.
    """
    if value is None or not value.strip():
        return None
    text = value.strip()
    code = _codes().get(text.casefold())
    if code is not None:
        return code
    if METROPOLITAN.fullmatch(text.upper()):
        return None
    raise InputError(M.CALENDAR_UNKNOWN.format(value=value))


@lru_cache(maxsize=1)
def _codes() -> dict[str, str]:
    """Every name of a subdivision, case folded, to its one code: « Guadeloupe », « GP » and
    « 971 » are one place, whose time zone (:data:`core.delegation.ZONES`) is found by code."""
    france = _holidays(None)
    aliases = getattr(france, "subdivisions_aliases", {})
    found = {**{code.casefold(): code for code in france.subdivisions},
             **{name.casefold(): code for name, code in aliases.items()},
             **{name.casefold(): code for name, code in ALIASES.items()}}
    # « Zone A » to « Zone C » are school holiday zones: no public holiday of their own, and
    # taken for a delegation's calendar they would say nothing of its place.
    return {name: code for name, code in found.items() if not code.startswith("Zone")}


class FrenchCalendar:
    """Tells working days apart and finds the next one."""

    def __init__(self, subdiv: str | None = None) -> None:
        self.subdiv = subdivision_code(subdiv)

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


@lru_cache(maxsize=16)
def french_calendar(subdiv: str | None = None) -> FrenchCalendar:
    """The shared calendar of a subdivision (the national one for None)."""
    return FrenchCalendar(subdiv)


def counting_calendar(rule: DeadlineRule, local: FrenchCalendar | None = None) -> FrenchCalendar:
    """The calendar ``rule`` counts on: her delegation's (``local``), or the national one
    when there is none or when the act is due before a national body
    (:attr:`~core.rules.model.DeadlineRule.national_calendar`)."""
    return french_calendar() if local is None or rule.national_calendar else local
