"""The association's delegation a person is followed by: its holiday calendar and its approvals.

These are plain values the storage side fills (from the delegations table) into
:class:`core.engine.checks.PersonSnapshot`; the engine and the checks only read them. The
holiday subdivision decides which public holidays move a due date (Alsace-Moselle adds Good
Friday and 26 December); the approvals (*agréments*, CASF L121-9 and R121-12-1 and following)
decide whether the association may file a PSP application on a given day.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from core.rules.calendar import FrenchCalendar, french_calendar


HOME_ZONE = "Europe/Paris"
"""The association's clock, and that of its delegations in mainland France and Corsica."""
ZONES = {"971": "America/Guadeloupe", "972": "America/Martinique", "973": "America/Cayenne",
         "974": "Indian/Reunion", "976": "Indian/Mayotte", "BL": "America/St_Barthelemy",
         "MF": "America/Marigot", "NC": "Pacific/Noumea", "PF": "Pacific/Tahiti",
         "PM": "America/Miquelon", "TF": "Indian/Kerguelen", "WF": "Pacific/Wallis"}
"""The time zone of each overseas holiday subdivision (French Polynesia: Tahiti's). An act
recorded at 21:00 in Guadeloupe is already the next day in UTC, and in Paris: its legal
deadlines must count from the day it was where she is."""


@dataclass(frozen=True)
class Agrement:
    """One prefectoral approval (or application for one) to run PSPs in one department.

    Only dates are stored; what they imply (a file deemed complete after 2 months, approval
    after 4 months of silence, 3 years of validity) is computed by the ``psp.agrement_*``
    deadline rules, so that a law change is one new rule version.
    """

    department: str
    """Department number the approval covers (``"59"``, ``"67"``...)."""
    requested_on: date | None = None
    """Application filed with the prefect."""
    completed_on: date | None = None
    """File complete (the prefect's acknowledgement, or the day the last missing document
    arrived); when None, the file is deemed complete 2 months after ``requested_on``."""
    granted_on: date | None = None
    """Date of the approval order, when the prefect decided explicitly."""
    refused_on: date | None = None
    """Date of an explicit refusal (no tacit approval then)."""
    valid_from: date | None = None
    """First day of validity, when the order sets one (else the approval date)."""
    valid_to: date | None = None
    """Last day of validity, when the order sets one (else 3 years, computed)."""


@dataclass(frozen=True)
class DelegationInfo:
    """What the engine needs to know about the delegation following a person."""

    code: str
    """Stable identifier of the delegation."""
    holiday_subdivision: str | None = None
    """Holiday calendar: ``None`` for the national one, ``"57"``, ``"67"``, ``"68"`` for
    Alsace-Moselle, ``"971"``... overseas."""
    agrements: tuple[Agrement, ...] = ()
    department: str | None = None
    """Department where it runs PSPs; approvals of other departments do not count. None:
    any of its approvals counts."""

    @property
    def calendar(self) -> FrenchCalendar:
        return french_calendar(self.holiday_subdivision)

    @property
    def zone(self) -> str:
        """The time zone that says what day it is for her (:data:`ZONES`)."""
        return zone_of_subdivision(self.holiday_subdivision)

    def agrements_here(self) -> tuple[Agrement, ...]:
        """Approvals covering the delegation's department."""
        if self.department is None:
            return self.agrements
        return tuple(a for a in self.agrements if a.department == self.department)


def calendar_of(delegation: DelegationInfo | None) -> FrenchCalendar:
    """The delegation's holiday calendar, the national one when none is known."""
    return delegation.calendar if delegation is not None else french_calendar()


def zone_of_subdivision(subdivision: str | None) -> str:
    """The time zone of a delegation of this holiday subdivision (:data:`ZONES`)."""
    return ZONES.get(subdivision or "", HOME_ZONE)


def zone_of(delegation: DelegationInfo | None) -> str:
    """The delegation's time zone, the association's when none is known."""
    return delegation.zone if delegation is not None else HOME_ZONE
