"""Deadline rules as data, and the due dates they produce.

A :class:`DeadlineRule` names its legal source and evidence tag, the fact its clock starts
from, a duration with its unit, what the computed date means (:class:`Kind`: a last day to
act, the last valid day of a document, the birth of an implicit decision, the day a "more
than N" condition is met, an authority's expected answer), whether it is a *délai franc*,
whether a date falling on a weekend or French public holiday moves to the next working day,
and when a suspension is lawful. A :class:`DueDate` is one computation: the date, the rule
id and version, and every input, so that anyone can later ask "why this date?".
"""

from __future__ import annotations

from datetime import date, datetime
from enum import StrEnum
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, model_validator

from core import messages as M


class Unit(StrEnum):
    """How a duration is counted."""

    CALENDAR_DAYS = "calendar_days"
    WORKING_DAYS = "working_days"
    MONTHS = "months"
    """Counted date to date; a missing day clamps to the month's last day."""
    YEARS = "years"
    """Counted date to date, as twelve months."""
    HOURS = "hours"
    """Counted from hour to hour, week-ends and holidays included (48 h, 96 h)."""
    MONTH_ENDS = "month_ends"
    """To the last day of the Nth month after the start's month (0: that month itself)."""


class Kind(StrEnum):
    """What the computed date means; it decides the last adjustment of the count."""

    LIMIT = "limit"
    """Last day to act (an appeal, a filing); a *délai franc* ends one day later."""
    VALIDITY = "validity"
    """Last valid day of a document or a right: the day before the anniversary."""
    SILENCE = "silence"
    """An authority's silence becomes an implicit decision on that very day."""
    CONDITION = "condition"
    """A "more than N" condition, met from the day after the N months or days."""
    TARGET = "target"
    """When an authority is expected to have answered; no legal effect by itself."""


class Evidence(StrEnum):
    """How well the basis of a rule is established (domain.md §0), or that it is practice."""

    VERIFIED = "V"
    SECONDARY = "S"
    UNVERIFIED = "U"
    PRACTICE = "P"
    """The association's own follow-up threshold, not a legal time limit."""


ROLLING_KINDS = (Kind.LIMIT, Kind.TARGET)
"""Kinds whose date may move to the next working day; the others are facts of the calendar."""
DATE_TO_DATE = (Unit.CALENDAR_DAYS, Unit.MONTHS, Unit.YEARS)
"""Units after which a validity ends the day before the anniversary."""


class SuspensionCondition(BaseModel):
    """When, and by what act, a running deadline may lawfully stand still.

    A rule without one cannot be suspended. The clock stops on the suspending act's date
    (``start_fact`` when the transition records it, else the day the transition happened) and
    runs again, for the time left, from the resuming act's date (``end_fact``, same fallback).
    """

    model_config = ConfigDict(defer_build=True, frozen=True, extra="forbid")

    cause: str
    """French name of the suspending act, e.g. « demande d'aide juridictionnelle »."""
    source: str
    """Legal source of the suspension."""
    code: str
    """Stable reason code of the refusal when the suspension is not lawful."""
    within: int | None = Field(default=None, gt=0)
    """The act suspends only if made within this many units of the clock's start."""
    within_unit: Unit = Unit.CALENDAR_DAYS
    within_rolls: bool = True
    """The window's last day moves to the next working day."""
    start_fact: str = ""
    """Fact dating the suspending act."""
    end_fact: str = ""
    """Fact dating the act from which the remaining time runs again."""
    remedy: str = ""
    """What to do, in French, when the suspension is refused."""


class DeadlineRule(BaseModel):
    """A legal or practical time limit, versioned and dated."""

    model_config = ConfigDict(defer_build=True, frozen=True, extra="forbid")

    id: str
    """Stable public id, ``domain.name``, e.g. ``asile.ofpra_21j``."""
    version: int = 1
    label: str
    """French name of the deadline."""
    source: str
    """Legal source: article and text."""
    evidence: Evidence = Evidence.SECONDARY
    effective_from: date = date(1900, 1, 1)
    """First start date this version applies to (the clock's start, e.g. a notification)."""
    effective_to: date | None = None
    """Last start date this version applies to (None: still in force)."""
    start_fact: str
    """Name of the fact (a date, or a date and time for hours) the clock starts from."""
    start_label: str
    """French description of that starting event."""
    duration: int = Field(ge=0)
    unit: Unit
    kind: Kind = Kind.LIMIT
    franc: bool = False
    """*Délai franc*: neither the start day nor the last day counts, so the last day to act
    is the day after the date-to-date end (administrative court appeals)."""
    franc_source: str = ""
    """The source saying the deadline is (or is not) *franc*; required when it is."""
    roll_to_working_day: bool = True
    """Move a date falling on a weekend or public holiday to the next working day. Defaults
    to yes for limits and targets; validities, silences and conditions never move."""
    warn_before_days: tuple[int, ...] = (7,)
    """Days before the due date when a warning shows (the largest opens the window)."""
    note: str = ""
    """Caveat in French, e.g. an open legal question; said in every explanation."""
    suspension: SuspensionCondition | None = None
    """When the deadline may be suspended; None: never."""
    start_after: tuple[str, ...] = ()
    """Rule ids whose running due date starts this clock (the first running one), e.g. the
    TA appeal that opens when the prefect's deadline expires."""
    restarts: dict[str, str] = Field(default_factory=dict)
    """Facts that, submitted with the opening transition, start the clock again from their
    date, with the French label of that event (e.g. a final decision on an appeal)."""
    continuous: bool = False
    """Opening it while it runs keeps the running clock (a continuous stay); once closed (a
    break), the next opening starts afresh."""
    national_calendar: bool = False
    """The act is due before a national body seated in mainland France (OFPRA, the CNDA and
    its legal-aid office): the national calendar's holidays move or count the days, not
    those of her delegation. A day that is a holiday only in Alsace-Moselle (Good Friday) or
    overseas (the abolition of slavery) is a working day there: moving the date past it
    would show a last day after the real one."""

    @model_validator(mode="before")
    @classmethod
    def _default_roll(cls, data: Any) -> Any:
        if isinstance(data, dict) and "roll_to_working_day" not in data:
            kind = Kind(data.get("kind", Kind.LIMIT))
            unit = data.get("unit")
            data = {**data, "roll_to_working_day": kind in ROLLING_KINDS and unit != Unit.HOURS}
        return data

    @model_validator(mode="after")
    def _coherent(self) -> DeadlineRule:
        problems = []
        if not self.source.strip():  # every due date quotes it: a blank one says nothing
            problems.append(M.RULE_NO_SOURCE)
        if self.duration == 0 and self.unit is not Unit.MONTH_ENDS:
            problems.append("une durée nulle n'a de sens qu'en fins de mois")
        if self.franc and (self.kind is not Kind.LIMIT or self.unit is Unit.HOURS):
            problems.append("seule une date limite en jours, mois ou années peut être franche")
        if self.franc and not self.franc_source:
            problems.append("un délai franc doit citer sa source (franc_source)")
        if self.roll_to_working_day and (self.kind not in ROLLING_KINDS
                                         or self.unit is Unit.HOURS):
            problems.append("seules les dates limites et attendues en jours, mois ou années "
                            "se reportent au jour ouvré")
        if self.national_calendar and not self.counts_holidays:
            problems.append(M.RULE_NATIONAL_CALENDAR_UNUSED)
        if problems:
            raise ValueError(f"règle {self.id} : " + " ; ".join(problems))
        return self

    @property
    def counts_holidays(self) -> bool:
        """Whether a holiday can change its date: it moves to a working day, counts working
        days, or its suspension's window does."""
        window = self.suspension is not None and self.suspension.within is not None and (
            self.suspension.within_rolls or self.suspension.within_unit is Unit.WORKING_DAYS)
        return self.roll_to_working_day or self.unit is Unit.WORKING_DAYS or window

    def in_force(self, day: date) -> bool:
        """Whether this version applies to a clock started on ``day``."""
        return self.effective_from <= day and (self.effective_to is None or day <= self.effective_to)


class Suspension(BaseModel):
    """A period during which a deadline's clock stood still.

    The clock stops on ``start`` and runs again from ``end`` for the remaining time, so the
    due date moves by ``end - start`` days (the practice for the CNDA month after a legal-aid
    decision: "le délai court à nouveau, pour la durée restante, à compter de la décision").
    """

    model_config = ConfigDict(defer_build=True, frozen=True)

    start: date
    end: date

    @property
    def days(self) -> int:
        return (self.end - self.start).days


class DueDate(BaseModel):
    """One computed due date, with everything needed to explain it."""

    model_config = ConfigDict(defer_build=True, frozen=True)

    due: date
    rule: str
    version: int
    source: str
    evidence: Evidence
    start: date
    unadjusted: date
    """Date before the move to the next working day."""
    suspensions: tuple[Suspension, ...] = ()
    warn_from: date
    explanation: str
    kind: Kind = Kind.LIMIT
    franc: bool = False
    due_at: datetime | None = None
    """For hours: the exact moment the time runs out."""
    start_at: datetime | None = None
    """For hours: the exact moment the clock started."""
