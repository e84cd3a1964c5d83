"""Computing a due date from a deadline rule, its start date and suspensions.

Order of operations, as French practice counts them (domain.md §0): the start day is not
counted; months and years run date to date, clamping to the last day of a shorter month;
each suspension pushes the due date by the days the clock stood still, so that the
remaining duration runs again from the resumption; only then is a due date falling on a
weekend or public holiday moved to the next working day, where the rule says so.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, timedelta

from dateutil.relativedelta import relativedelta

from core import messages as M
from core.errors import InputError
from core.rules.calendar import FrenchCalendar
from core.rules.model import DeadlineRule, DueDate, Evidence, Suspension, Unit

_DEFAULT_CALENDAR = FrenchCalendar()


def add_duration(rule: DeadlineRule, start: date, calendar: FrenchCalendar) -> date:
    """The raw end of the duration, before suspensions and rolling."""
    if rule.unit is Unit.CALENDAR_DAYS:
        return start + timedelta(days=rule.duration)
    if rule.unit is Unit.WORKING_DAYS:
        return calendar.add_working_days(start, rule.duration)
    months = rule.duration * (12 if rule.unit is Unit.YEARS else 1)
    return start + relativedelta(months=months)


def apply_suspensions(due: date, start: date,
                      suspensions: Iterable[Suspension]) -> tuple[date, tuple[Suspension, ...]]:
    """Push ``due`` by every suspension that began while the clock was still running."""
    applied = []
    for period in sorted(suspensions, key=lambda s: s.start):
        if period.end < period.start or period.start < start:
            raise InputError(M.SUSPENSION_BAD.format(value=f"{period.start}:{period.end}"))
        if period.start <= due:
            due += timedelta(days=period.days)
            applied.append(period)
    return due, tuple(applied)


def compute_due(rule: DeadlineRule, start: date, suspensions: Iterable[Suspension] = (),
                calendar: FrenchCalendar = _DEFAULT_CALENDAR) -> DueDate:
    """Compute one due date and its explanation.

    Args:
        rule: the rule in force for ``start``.
        start: date of the starting fact (not counted).
        suspensions: periods when the clock stood still.
        calendar: working days and holidays.

    Raises:
        InputError: a suspension ends before it starts or begins before the clock started.
    """
    unadjusted, applied = apply_suspensions(add_duration(rule, start, calendar), start, suspensions)
    due = calendar.next_working_day(unadjusted) if rule.roll_to_working_day else unadjusted
    warn_from = due - timedelta(days=max(rule.warn_before_days, default=0))
    explanation = explain(rule, start, unadjusted, due, applied, calendar)
    return DueDate(due=due, rule=rule.id, version=rule.version, source=rule.source,
                   evidence=rule.evidence, start=start, unadjusted=unadjusted,
                   suspensions=applied, warn_from=warn_from, explanation=explanation)


def explain(rule: DeadlineRule, start: date, unadjusted: date, due: date,
            suspensions: tuple[Suspension, ...], calendar: FrenchCalendar) -> str:
    """One French sentence saying why the due date is what it is."""
    singular, plural = M.UNIT_LABELS[rule.unit.value]
    amount = f"{rule.duration} {singular if rule.duration == 1 else plural}"
    return M.DUE_SENTENCE.format(
        due=M.long_date(due), amount=amount, start=M.long_date(start),
        start_label=rule.start_label, suspension=_suspension_text(suspensions),
        rolled=_rolled_text(unadjusted, due, calendar), source=rule.source,
        tag=rule.evidence.value, caveat=_caveat(rule))


def _suspension_text(suspensions: tuple[Suspension, ...]) -> str:
    if not suspensions:
        return ""
    periods = ", ".join(M.DUE_SUSPENSION_PERIOD.format(start=M.long_date(s.start),
                                                       end=M.long_date(s.end)) for s in suspensions)
    return M.DUE_SUSPENSION.format(days=sum(s.days for s in suspensions), periods=periods)


def _rolled_text(unadjusted: date, due: date, calendar: FrenchCalendar) -> str:
    if unadjusted == due:
        return ""
    holiday = calendar.holiday_name(unadjusted)
    why = M.DUE_HOLIDAY.format(name=holiday) if holiday else M.DUE_WEEKEND
    return M.DUE_ROLLED.format(original=M.long_date(unadjusted), why=why)


def _caveat(rule: DeadlineRule) -> str:
    if not rule.note:
        return ""
    template = M.DUE_CAVEAT_UNVERIFIED if rule.evidence is Evidence.UNVERIFIED else M.DUE_CAVEAT_NOTE
    return template.format(note=rule.note)
