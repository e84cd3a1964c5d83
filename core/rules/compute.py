"""Computing a due date from a deadline rule, its start and suspensions.

Order of operations, as French practice counts them (domain.md §0): the start day is not
counted; months and years run date to date, clamping to the last day of a shorter month;
then the rule's kind adjusts the end (a *délai franc* ends the day after, a validity the day
before its anniversary, a "more than N" condition is met the day after, a silence and a
target stay put); each lawful suspension pushes the date by the days the clock stood still,
so that the remaining time runs again from the resumption; only then is a date falling on a
weekend or public holiday moved to the next working day, where the rule says so. Hours run
from hour to hour and never move.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime, time, timedelta

from core.errors import InputError
from core.rules import suspension
from core.rules.calendar import FrenchCalendar, counting_calendar, french_calendar
from core.rules.counting import Span, hours, shift
from core.rules.explain import Computation, explain
from core.rules.model import DATE_TO_DATE, DeadlineRule, DueDate, Kind, Suspension, Unit


def adjust(rule: DeadlineRule, span: Span) -> date:
    """The kind's last step: franc and "more than" end a day later, validities a day earlier
    (the eve of the anniversary; when the anniversary day does not exist, the short month's
    last day is already that eve)."""
    end = span.end
    if rule.unit not in DATE_TO_DATE and rule.unit is not Unit.WORKING_DAYS:
        return end
    if (rule.kind is Kind.LIMIT and rule.franc) or rule.kind is Kind.CONDITION:
        return end + timedelta(days=1)
    if rule.kind is Kind.VALIDITY and rule.unit in DATE_TO_DATE and span.clamped_day is None:
        return end - timedelta(days=1)
    return end


def compute_due(rule: DeadlineRule, start: date | datetime, suspensions: Iterable[Suspension] = (),
                calendar: FrenchCalendar | None = None) -> DueDate:
    """Compute one due date and its explanation.

    Args:
        rule: the rule in force for ``start``.
        start: date of the starting fact (not counted); a date and time for hour rules (a
            bare date then counts from midnight, the earliest it can be).
        suspensions: periods when the clock stood still.
        calendar: working days and holidays where she is followed (the national calendar
            by default); a rule with ``national_calendar`` counts on the national one.

    Raises:
        InputError: a suspension ends before it starts, or the rule does not allow it then.
    """
    local = calendar or french_calendar()
    calendar = counting_calendar(rule, local)
    suspensions = tuple(suspensions)
    day = start.date() if isinstance(start, datetime) else start
    span = _span(rule, start, calendar)
    adjusted = adjust(rule, span)
    unadjusted, applied = suspension.apply(rule, adjusted, day, suspensions, calendar)
    due = calendar.next_working_day(unadjusted) if rule.roll_to_working_day else unadjusted
    warn_from = due - timedelta(days=max(rule.warn_before_days, default=0))
    start_at = _start_at(rule, start)
    text = explain(Computation(rule=rule, start=day, span=span, adjusted=adjusted,
                               unadjusted=unadjusted, due=due, applied=applied,
                               start_at=start_at, hour_known=isinstance(start, datetime),
                               national=calendar is not local
                               and _moved_locally(rule, start, suspensions, local, due)),
                   calendar)
    return DueDate(due=due, rule=rule.id, version=rule.version, source=rule.source,
                   evidence=rule.evidence, start=day, unadjusted=unadjusted,
                   suspensions=tuple(a.period for a in applied), warn_from=warn_from,
                   explanation=text, kind=rule.kind, franc=rule.franc, due_at=span.end_at,
                   start_at=start_at)


def _moved_locally(rule: DeadlineRule, start: date | datetime, suspensions: tuple[Suspension, ...],
                   local: FrenchCalendar, due: date) -> bool:
    """Whether her delegation's own holidays would have given another date than ``due``
    (then the explanation says why they do not count)."""
    try:
        there = compute_due(rule.model_copy(update={"national_calendar": False}), start,
                            suspensions, calendar=local)
    except InputError:  # a suspension lawful nationally, refused on her calendar: it differs
        return True
    return there.due != due


def _start_at(rule: DeadlineRule, start: date | datetime) -> datetime | None:
    if rule.unit is not Unit.HOURS:
        return None
    return start if isinstance(start, datetime) else datetime.combine(start, time(0))


def _span(rule: DeadlineRule, start: date | datetime, calendar: FrenchCalendar) -> Span:
    if rule.unit is Unit.HOURS:
        at = _start_at(rule, start)
        assert at is not None
        return hours(at, rule.duration)
    day = start.date() if isinstance(start, datetime) else start
    return shift(day, rule.duration, rule.unit, calendar)
