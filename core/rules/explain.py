"""The French sentence that says why a due date is what it is.

It names what the date means (last day to act, last valid day, birth of an implicit
decision, condition met, expected answer), the duration and its start, then each step that
moved the date: a day that does not exist in a short month, the *délai franc*, a validity's
eve of anniversary, a "more than" condition's next day, each suspension with the days that
were left and the day they run again from, the move past a weekend or holiday (or why there
is none), and finally the source with its evidence tag and the rule's caveat.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from core import messages as M
from core.rules.calendar import FrenchCalendar
from core.rules.counting import Span
from core.rules.model import DeadlineRule, Evidence, Kind, Unit
from core.rules.suspension import Applied


@dataclass(frozen=True)
class Computation:
    """Every intermediate date of one computation."""

    rule: DeadlineRule
    start: date
    span: Span
    adjusted: date
    """After the kind's adjustment, before suspensions."""
    unadjusted: date
    """After suspensions, before the move to a working day."""
    due: date
    applied: tuple[Applied, ...]
    start_at: datetime | None = None
    hour_known: bool = True
    national: bool = False
    """Counted on the national calendar although her delegation's has days of its own."""


def explain(c: Computation, calendar: FrenchCalendar) -> str:
    """One French sentence, then the rule's caveat."""
    rule = c.rule
    parts = [_clamp(c), _adjustment(c), _franc(c), _suspensions(c.applied),
             _rolled(c, calendar), M.DUE_NATIONAL_CALENDAR if c.national else ""]
    return M.DUE_SENTENCE.format(lead=_lead(c), span=_span(c), details="".join(parts),
                                 source=rule.source, tag=rule.evidence.value,
                                 caveat=_caveat(rule))


def _lead(c: Computation) -> str:
    text = M.DUE_LEADS[c.rule.kind.value].format(due=M.long_date(c.due))
    if c.span.end_at is not None:
        text += M.DUE_AT_HOUR.format(hour=M.hour(c.span.end_at))
    return text


def _amount(rule: DeadlineRule) -> str:
    singular, plural = M.UNIT_LABELS[rule.unit.value]
    return f"{rule.duration} {singular if rule.duration == 1 else plural}"


def _span(c: Computation) -> str:
    rule, start = c.rule, M.long_date(c.start)
    if rule.unit is Unit.MONTH_ENDS:
        template = M.DUE_SPAN_MONTH_END if rule.duration else M.DUE_SPAN_SAME_MONTH
        return template.format(nth=M.ordinal(rule.duration), start=start, label=rule.start_label)
    if c.start_at is not None:
        start += M.DUE_AT_HOUR.format(hour=M.hour(c.start_at))
    template = M.DUE_SPANS.get(rule.kind.value, M.DUE_SPAN)
    return template.format(amount=_amount(rule), start=start, label=rule.start_label)


def _clamp(c: Computation) -> str:
    if c.span.clamped_day is None:
        return ""
    month = M.MONTHS[c.span.end.month - 1]
    return M.DUE_CLAMPED.format(day=c.span.clamped_day, month=month)


def _adjustment(c: Computation) -> str:
    rule = c.rule
    if rule.unit is Unit.HOURS:
        return ("" if c.hour_known else M.DUE_HOUR_UNKNOWN) + M.DUE_HOURS
    if rule.kind is Kind.VALIDITY and c.adjusted != c.span.end:
        return M.DUE_VALIDITY_EVE
    if rule.kind is Kind.CONDITION and c.adjusted != c.span.end:
        return M.DUE_CONDITION_NEXT.format(end=M.long_date(c.span.end))
    return ""


def _franc(c: Computation) -> str:
    rule = c.rule
    if rule.franc:
        return M.DUE_FRANC.format(source=rule.franc_source, end=M.long_date(c.span.end))
    return M.DUE_NOT_FRANC.format(source=rule.franc_source) if rule.franc_source else ""


def _suspensions(applied: tuple[Applied, ...]) -> str:
    if not applied:
        return ""
    periods = ", ".join(M.DUE_SUSPENSION_PERIOD.format(start=M.long_date(a.period.start),
                                                       end=M.long_date(a.period.end))
                        for a in applied)
    left = " ; ".join(M.DUE_SUSPENSION_LEFT.format(days=a.days_left,
                                                   start=M.long_date(a.period.start),
                                                   end=M.long_date(a.period.end))
                      for a in applied)
    total = sum(a.period.days for a in applied)
    return M.DUE_SUSPENSION.format(days=total, periods=periods) + M.DUE_SUSPENSION_THEN + left


def _why(day: date, calendar: FrenchCalendar) -> str:
    holiday = calendar.holiday_name(day)
    return M.DUE_HOLIDAY.format(name=holiday) if holiday else M.DUE_WEEKEND


def _rolled(c: Computation, calendar: FrenchCalendar) -> str:
    if c.unadjusted != c.due:
        return M.DUE_ROLLED.format(original=M.long_date(c.unadjusted),
                                   why=_why(c.unadjusted, calendar))
    if c.span.end_at is None and not c.rule.roll_to_working_day \
            and not calendar.is_working_day(c.due):
        return M.DUE_NOT_ROLLED.format(why=_why(c.due, calendar))
    return ""


def _caveat(rule: DeadlineRule) -> str:
    if rule.evidence is Evidence.PRACTICE:
        return M.DUE_CAVEAT_PRACTICE + (M.DUE_CAVEAT_NOTE.format(note=rule.note) if rule.note else "")
    if not rule.note:
        return ""
    template = M.DUE_CAVEAT_UNVERIFIED if rule.evidence is Evidence.UNVERIFIED else M.DUE_CAVEAT_NOTE
    return template.format(note=rule.note)
