"""Typed dates: ``AAAA-MM-JJ`` or ``JJ/MM/AAAA`` (also ``JJ-MM-AAAA`` and ``JJ.MM.AAAA``, as
French people write them too), strictly, in a plausible year.

Apart from :mod:`core.engine.facts` (which re-exports these names) so that a command line
option such as ``--today`` is parsed without importing Pydantic and the facts machinery.
"""

from __future__ import annotations

import re
from datetime import date, time

from core import messages as M
from core.errors import InputError

_ISO_DAY = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
_FR_DAY = re.compile(r"([0-9]{1,2})([/.-])([0-9]{1,2})\2([0-9]{4})")
"""Day, month, year: the year last, so ``03-12-2026`` cannot be read as an ISO date."""
FIRST_YEAR, LAST_YEAR = 1900, 2100
"""Dates outside these years are typos: birth dates start after 1900, deadlines end by 2100."""


def says_today(value: str) -> bool:
    """Whether ``value`` is « aujourd'hui » (any case, a typographic apostrophe, or none)."""
    return isinstance(value, str) and \
        value.strip().casefold().replace("\u2019", "'") in M.TODAY_WORDS


def parse_date(value: str, today: date | None = None) -> date:
    """Parse ``AAAA-MM-JJ`` or ``JJ/MM/AAAA`` (or ``JJ-MM-AAAA``, ``JJ.MM.AAAA``: one separator)
    strictly: ASCII digits only, nothing around them
    (no space, no sign), a date that exists, in a year between :data:`FIRST_YEAR` and
    :data:`LAST_YEAR`. Given ``today`` (a form's evaluation day), « aujourd'hui » is that day,
    as the command line's date options take it.

    Raises:
        InputError: anything else.
    """
    if today is not None and says_today(value):
        return today
    text = value if isinstance(value, str) else ""
    found = _FR_DAY.fullmatch(text)
    try:
        if found:
            day = date(int(found[4]), int(found[3]), int(found[1]))
        elif _ISO_DAY.fullmatch(text):  # 3.11 would also take 20260501 or 2026-W18-5
            day = date.fromisoformat(text)
        else:
            raise ValueError(text)
    except ValueError as exc:
        raise InputError(M.BAD_DATE.format(value=value)) from exc
    return plausible(day)


class ImplausibleDate(InputError):
    """A real date in a year nobody means (0026, 2206)."""


def plausible(day: date) -> date:
    """``day`` if its year can be meant in this domain (a typo such as 0026 or 2206 cannot).

    Raises:
        InputError: a year before :data:`FIRST_YEAR` or after :data:`LAST_YEAR`.
    """
    if not FIRST_YEAR <= day.year <= LAST_YEAR:
        raise ImplausibleDate(M.IMPLAUSIBLE_YEAR.format(value=day.isoformat(), first=FIRST_YEAR,
                                                   last=LAST_YEAR))
    return day


_HOUR = re.compile(r"([0-9]{1,2})(?::([0-9]{2})| ?[hH] ?([0-9]{2})?)")
"""``13:30``, or as French people write it, ``13h30``, ``13 h 30``, ``13h`` (as an imported
register's cells are read)."""


def parse_hour(text: str) -> time | None:
    """An hour of the day typed ``13:30``, ``13h30``, ``13 h 30`` or ``13h`` (spaces around it
    ignored); None for anything else. ``time.fromisoformat`` would also take « 1330 »,
    « T13:30 », seconds or a time zone (which no opening hour is compared with)."""
    found = _HOUR.fullmatch(text.strip()) if isinstance(text, str) else None
    if found is None:
        return None
    hours, minutes = int(found[1]), int(found[2] or found[3] or 0)
    return time(hours, minutes) if hours <= 23 and minutes <= 59 else None
