"""Counting a duration from a start, before any legal adjustment (domain.md §0).

Months and years run date to date (*de quantième à quantième*); when the target month has no
such day the count stops on its last day, and :class:`Span` records the day that was asked
so the explanation can say why. Hours run from hour to hour; "month ends" run to the last day
of the Nth month after the start's month. Working days skip weekends and holidays of the
calendar given.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from dateutil.relativedelta import relativedelta

from core.rules.calendar import FrenchCalendar
from core.rules.model import Unit


@dataclass(frozen=True)
class Span:
    """The raw end of a duration."""

    end: date
    end_at: datetime | None = None
    """For hours: the exact end."""
    clamped_day: int | None = None
    """The day of the month that does not exist in the end's month (31 for 31 February)."""


def shift(start: date, amount: int, unit: Unit, calendar: FrenchCalendar) -> Span:
    """``start`` plus ``amount`` of ``unit`` (dates only; hours go through :func:`hours`)."""
    if unit is Unit.CALENDAR_DAYS:
        return Span(start + timedelta(days=amount))
    if unit is Unit.WORKING_DAYS:
        return Span(calendar.add_working_days(start, amount))
    if unit is Unit.MONTH_ENDS:
        month = start.replace(day=1) + relativedelta(months=amount)
        return Span(month + relativedelta(day=31))
    if unit is Unit.HOURS:
        return hours(datetime.combine(start, time(0)), amount)
    months = amount * (12 if unit is Unit.YEARS else 1)
    end = start + relativedelta(months=months)
    return Span(end, clamped_day=start.day if end.day != start.day else None)


def hours(start: datetime, amount: int) -> Span:
    """From hour to hour, week-ends included."""
    end = start + timedelta(hours=amount)
    return Span(end.date(), end_at=end)
