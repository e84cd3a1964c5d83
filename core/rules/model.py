"""Deadline rules as data, and the due dates they produce.

A :class:`DeadlineRule` names its legal source and evidence tag, the fact its clock starts
from, a duration with its unit, whether a due date falling on a weekend or French public
holiday moves to the next working day, and warning windows. A :class:`DueDate` is one
computation: the date, the rule id and version, and every input, so that anyone can later
ask "why this date?".
"""

from __future__ import annotations

from datetime import date
from enum import StrEnum

from pydantic import BaseModel, ConfigDict, Field


class Unit(StrEnum):
    """How a duration is counted."""

    CALENDAR_DAYS = "calendar_days"
    WORKING_DAYS = "working_days"
    MONTHS = "months"
    """Counted date to date; a missing day clamps to the month's last day."""
    YEARS = "years"
    """Counted date to date, as twelve months."""


class Evidence(StrEnum):
    """How well the legal basis is established (domain.md §0)."""

    VERIFIED = "V"
    SECONDARY = "S"
    UNVERIFIED = "U"


class DeadlineRule(BaseModel):
    """A legal or practical time limit, versioned and dated."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    id: str
    """Stable public id, ``domain.name``, e.g. ``asile.ofpra_21j``."""
    version: int = 1
    label: str
    """French name of the deadline."""
    source: str
    """Legal source: article and text."""
    evidence: Evidence = Evidence.SECONDARY
    effective_from: date = date(1900, 1, 1)
    effective_to: date | None = None
    start_fact: str
    """Name of the fact (a date) the clock starts from."""
    start_label: str
    """French description of that starting event."""
    duration: int = Field(gt=0)
    unit: Unit
    roll_to_working_day: bool = True
    """Move a due date falling on a weekend or public holiday to the next working day."""
    warn_before_days: tuple[int, ...] = (7,)
    """Days before the due date when a warning shows (the largest opens the window)."""
    note: str = ""
    """Caveat in French, e.g. an open legal question; said in every explanation."""

    def in_force(self, day: date) -> bool:
        """Whether this version applies to a clock started on ``day``."""
        return self.effective_from <= day and (self.effective_to is None or day <= self.effective_to)


class Suspension(BaseModel):
    """A period during which a deadline's clock stood still.

    The clock stops on ``start`` and runs again from ``end`` for the remaining time, so the
    due date moves by ``end - start`` days (the practice for the CNDA month after a legal-aid
    decision: "le délai court à nouveau, pour la durée restante, à compter de la décision").
    """

    model_config = ConfigDict(frozen=True)

    start: date
    end: date

    @property
    def days(self) -> int:
        return (self.end - self.start).days


class DueDate(BaseModel):
    """One computed due date, with everything needed to explain it."""

    model_config = ConfigDict(frozen=True)

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
