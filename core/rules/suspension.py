"""Suspensions: whether the law lets a deadline stand still, and what is left when it does.

A rule carries its :class:`SuspensionCondition`: the act that suspends it and, often, a
window (legal aid suspends the CNDA month only when asked within 15 days of the OFPRA
decision's notification). :func:`refusal` says in French why a suspension is not lawful;
the command line and the engine both use it, so ``parcours rule --suspend`` and the tracks
refuse the same suspensions for the same reason. :func:`apply` pushes the due date by each
lawful period that began while the clock was still running and records the time that was
left at each stop.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta

from core import messages as M
from core.errors import InputError
from core.rules.calendar import FrenchCalendar, counting_calendar
from core.rules.counting import shift
from core.rules.model import DeadlineRule, SuspensionCondition, Suspension


@dataclass(frozen=True)
class Applied:
    """One suspension that moved the due date, with the days that were left when it began."""

    period: Suspension
    days_left: int


def window_end(condition: SuspensionCondition, start: date, calendar: FrenchCalendar) -> date:
    """Last day on which the suspending act still suspends the clock started on ``start``."""
    assert condition.within is not None
    last = shift(start, condition.within, condition.within_unit, calendar).end
    return calendar.next_working_day(last) if condition.within_rolls else last


def refusal(rule: DeadlineRule, start: date, day: date, calendar: FrenchCalendar) -> str | None:
    """Why a suspension beginning on ``day`` of a clock started on ``start`` is not lawful.

    Returns:
        A French sentence, or None when the suspension is lawful.
    """
    condition = rule.suspension
    if condition is None:
        return M.SUSPENSION_NOT_ALLOWED.format(label=rule.label)
    if day < start:
        return M.SUSPENSION_BEFORE_START.format(cause=condition.cause, day=M.long_date(day),
                                                start=M.long_date(start))
    if condition.within is None:
        return None
    last = window_end(condition, start, counting_calendar(rule, calendar))
    if day <= last:
        return None
    singular, plural = M.UNIT_LABELS[condition.within_unit.value]
    return M.SUSPENSION_LATE.format(
        cause=condition.cause, day=M.long_date(day), last=M.long_date(last),
        amount=f"{condition.within} {singular if condition.within == 1 else plural}",
        start_label=rule.start_label, source=condition.source)


def apply(rule: DeadlineRule, due: date, start: date, suspensions: Iterable[Suspension],
          calendar: FrenchCalendar) -> tuple[date, tuple[Applied, ...]]:
    """Push ``due`` by every lawful suspension that began while the clock was still running.

    Raises:
        InputError: a period ends before it starts, or the law does not allow it.
    """
    applied = []
    for period in sorted(suspensions, key=lambda s: s.start):
        if period.end < period.start:
            raise InputError(M.SUSPENSION_BAD.format(value=f"{period.start}:{period.end}"))
        reason = refusal(rule, start, period.start, calendar)
        if reason is not None:
            raise InputError(reason)
        if period.start <= due:
            applied.append(Applied(period, (due - period.start).days))
            due += timedelta(days=period.days)
    return due, tuple(applied)
