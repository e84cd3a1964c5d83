"""Checks: the rules evaluated before a transition, and the context they read.

A check is a pure function of a :class:`CheckContext` returning one or more
:class:`CheckResult` (passed, warning or blocking), each with a French message, a remedy and
the facts it still needs. Checks are contributed by plugins (or the built-in tracks) as
:class:`CheckSpec` and referenced by id from transitions.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from contextvars import ContextVar
from dataclasses import dataclass, field
from datetime import date, datetime
from enum import StrEnum
from functools import lru_cache
from typing import Any, Protocol, overload

from dateutil.relativedelta import relativedelta
from pydantic import BaseModel, ConfigDict

from core.config import DatedConfig
from core.definitions.model import Role, StepKind, TrackDefinition, TransitionDefinition
from core.delegation import DelegationInfo, calendar_of
from core.frozen import read_only
from core.persistence.text import alias_key
from core.rules.calendar import FrenchCalendar

class Severity(StrEnum):
    """Outcome of one check."""

    PASSED = "passed"
    WARNING = "warning"
    BLOCKING = "blocking"


class CheckResult(BaseModel):
    """One check's verdict, explained for a caseworker."""

    model_config = ConfigDict(defer_build=True, frozen=True)

    code: str
    """Stable reason code, e.g. ``psp.afis_ada``; tests and scripts match on it."""
    severity: Severity
    message: str
    """One French sentence saying what holds or what is wrong."""
    remedy: str = ""
    """What to do about it, in French."""
    missing: tuple[str, ...] = ()
    """Names of facts that would let the check pass."""
    check: str = ""
    """Id of the check that produced this result (filled by the engine)."""
    restricted: bool = False
    """Drawn from a fact classed restricted (filled by the engine): its code, message and
    remedy may say that fact, so the services show them only to who reads it now."""

    @property
    def blocking(self) -> bool:
        return self.severity is Severity.BLOCKING


RUNNING_CHECK: ContextVar[str] = ContextVar("parcours_running_check", default="")
"""The id of the check the engine is running (empty outside one). The helpers below stamp
their result with it, so the engine need not copy each result to stamp it (a Pydantic copy
costs about as much as the check itself); a result built otherwise is still stamped by a copy."""


def passed(code: str, message: str) -> CheckResult:
    """A passing result. Results are frozen, so the same one is handed out again: building
    it cost about half of a typical check's run, on every transition that passes one."""
    return _passed(code, message, RUNNING_CHECK.get())


@lru_cache(maxsize=256)
def _passed(code: str, message: str, check: str) -> CheckResult:
    return CheckResult(code=code, severity=Severity.PASSED, message=message, check=check)


def warning(code: str, message: str, remedy: str = "", missing: Iterable[str] = ()) -> CheckResult:
    """A result that lets the transition happen but should be read."""
    return CheckResult(code=code, severity=Severity.WARNING, message=message, remedy=remedy,
                       missing=tuple(missing), check=RUNNING_CHECK.get())


def blocking(code: str, message: str, remedy: str = "", missing: Iterable[str] = ()) -> CheckResult:
    """A result that refuses the transition."""
    return CheckResult(code=code, severity=Severity.BLOCKING, message=message, remedy=remedy,
                       missing=tuple(missing), check=RUNNING_CHECK.get())


@dataclass(frozen=True)
class Actor:
    """Who is acting, and in which role."""

    name: str
    role: Role
    id: int | None = None


class StoredTrack(Protocol):
    """What a snapshot is taken of: an engine's track state, or a stored track row."""

    @property
    def definition_id(self) -> str: ...
    @property
    def step(self) -> str: ...
    @property
    def status(self) -> str: ...
    @property
    def facts(self) -> Mapping[str, Any]: ...
    @property
    def id(self) -> int | None: ...


@dataclass(frozen=True)
class TrackSnapshot:
    """Read-only view of one track, for checks that look across domains."""

    definition_id: str
    step: str
    status: str = "open"
    facts: Mapping[str, Any] = field(default_factory=dict)
    domain: str = ""
    id: int | None = None
    final: bool = False
    deadlines: Mapping[str, Any] = field(default_factory=dict)
    """Running deadlines by rule id (:class:`core.engine.deadlines.OpenDeadline`)."""

    @property
    def open(self) -> bool:
        return self.status == "open" and not self.final

    @classmethod
    def of(cls, defn: TrackDefinition | None, track: StoredTrack,
           deadlines: Mapping[str, Any]) -> TrackSnapshot:
        """The one way a snapshot is built (engine, services, test harness): ``track``'s step,
        status and facts (a read-only copy, nested values included: one check's write reached
        the next ones), its definition's domain and whether the step is final (neither when
        the definition or its step is not installed), and its running ``deadlines``."""
        step = next((s for s in defn.steps if s.id == track.step), None) if defn else None
        final = step is not None and step.kind is StepKind.FINAL
        return cls(definition_id=track.definition_id, step=track.step, status=track.status,
                   facts=read_only(track.facts), domain=defn.domain if defn else "",
                   id=track.id, final=final, deadlines=dict(deadlines))


PARTNER_FACT = "partenaire"
"""The shared fact a referral names its partner with: the partner is told about her, which
needs her consent to sharing with it (core check ``parcours.consentement_partage``)."""


@dataclass(frozen=True)
class ConsentSnapshot:
    """One consent the person gave, as recorded (``consents`` table), for checks to read.

    ``purpose`` is ``suivi`` (individual follow-up), ``partage`` (sharing with ``partner``) or
    ``statistiques``. A consent is active on a day from the day it was given to its last day
    of validity (``expires_on``, included), unless it was withdrawn: a withdrawal ends it at
    once, whatever the day a check looks at.
    """

    purpose: str
    given_on: date
    partner: str | None = None
    expires_on: date | None = None
    withdrawn: bool = False
    withdrawn_on: date | None = None
    id: int | None = None

    def active_on(self, day: date) -> bool:
        """Given on or before ``day``, not expired on ``day``, never withdrawn."""
        return (not self.withdrawn and self.given_on <= day
                and (self.expires_on is None or day <= self.expires_on))

    def concerns(self, purpose: str, partner: str | None = None) -> bool:
        """Whether this consent is to ``purpose`` (and, for ``partage``, that partner:
        accents, case and spaces ignored)."""
        if self.purpose != purpose:
            return False
        if partner is None:
            return True
        return self.partner is not None and alias_key(self.partner) == alias_key(partner)


def age_on(born: date, day: date) -> int:
    """Someone's age in whole years on ``day``: a year is complete on its anniversary, and
    for a birth on 29 February on the last day of February of a common year (the 28th), as
    a period of years ends by CPC art. 641 when its month has no such day, the reading the
    administration gives majority (circular of 25 July 2013). Every check that asks for an
    age or a majority uses this one rule: on 28 February a person born on 29 February
    eighteen years before was an adult for one domain and a minor for another."""
    years = day.year - born.year
    return years - 1 if born + relativedelta(years=years) > day else years


@dataclass(frozen=True)
class PersonSnapshot:
    """Read-only view of the person a check is about."""

    id: int | None = None
    alias: str = ""
    referent: str | None = None
    birth_date: date | None = None
    tracks: tuple[TrackSnapshot, ...] = ()
    delegation: DelegationInfo | None = None
    """The delegation following her: holiday calendar and approvals (None: not known)."""
    consents: tuple[ConsentSnapshot, ...] = ()
    """Every consent recorded for her (given, expired or withdrawn), oldest first. The
    services fill it from the consents table; no submitted fact can stand in for it."""

    def consent(self, purpose: str, on: date, partner: str | None = None) -> ConsentSnapshot | None:
        """Her consent to ``purpose`` (with ``partner`` for ``partage``) active on ``on``, if any."""
        for c in reversed(self.consents):  # a loop, not next(...): every follow-up asks
            if c.purpose == purpose and c.concerns(purpose, partner) and c.active_on(on):
                return c
        return None

    def withdrawn(self, purpose: str, on: date, partner: str | None = None) -> ConsentSnapshot | None:
        """Her latest withdrawn consent to ``purpose``, when none is active on ``on``: she said
        no after saying yes (None otherwise)."""
        if self.consent(purpose, on, partner) is not None:
            return None
        return next((c for c in reversed(self.consents)
                     if c.concerns(purpose, partner) and c.withdrawn), None)

    def age_on(self, day: date) -> int | None:
        """Her age in whole years on ``day`` (:func:`age_on`; None when the birth date is
        not known)."""
        born = self.birth_date
        return None if born is None else age_on(born, day)

    def track(self, definition_id: str) -> TrackSnapshot | None:
        """The person's most relevant track of this definition (open first), if any."""
        found = [t for t in self.tracks if t.definition_id == definition_id]
        return next((t for t in found if t.open), found[0] if found else None)


@dataclass(frozen=True)
class CheckContext:
    """Everything a check may read; checks never touch the database."""

    track: TrackSnapshot
    transition: TransitionDefinition
    facts: Mapping[str, Any]
    """Facts submitted with this transition (already validated by the schema)."""
    actor: Actor
    today: date
    person: PersonSnapshot = field(default_factory=PersonSnapshot)
    config: DatedConfig = field(default_factory=DatedConfig)
    occurred_at: datetime | None = None

    def fact(self, name: str, default: Any = None) -> Any:
        """A fact from this submission, else from the track's recorded facts."""
        if self.facts.get(name) is not None:
            return self.facts[name]
        return self.track.facts.get(name, default)

    @overload
    def fact_date(self, name: str, default: date) -> date: ...

    @overload
    def fact_date(self, name: str, default: None = None) -> date | None: ...

    def fact_date(self, name: str, default: date | None = None) -> date | None:
        """:meth:`fact` read as a date (``default`` when absent or unreadable)."""
        return as_date(self.fact(name)) or default

    @property
    def event_day(self) -> date:
        """The day this transition is dated (when it happened, else the evaluation date)."""
        return self.occurred_at.date() if self.occurred_at else self.today

    @property
    def calendar(self) -> FrenchCalendar:
        """The holiday calendar of the person's delegation (national when unknown)."""
        return calendar_of(self.person.delegation)


def as_date(value: Any) -> date | None:
    """A fact value as a date: facts are stored as ISO text (a date and time gives its day);
    anything else gives None."""
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    moment = as_datetime(value)
    if moment is not None:
        return moment.date()
    try:
        return date.fromisoformat(value) if isinstance(value, str) and value else None
    except ValueError:
        return None


def as_datetime(value: Any) -> datetime | None:
    """A fact value as a date and time (ISO text with a time); a bare date gives None."""
    if isinstance(value, datetime):
        return value
    if not isinstance(value, str) or "T" not in value:
        return None
    try:
        return datetime.fromisoformat(value)
    except ValueError:
        return None


CheckFunction = Callable[[CheckContext], "CheckResult | Iterable[CheckResult] | None"]


class CheckSpec(BaseModel):
    """A check contributed by a plugin: id, French label and the function to run."""

    model_config = ConfigDict(defer_build=True, frozen=True, arbitrary_types_allowed=True)

    id: str
    label: str
    func: CheckFunction
    plugin: str = ""
    """Name of the contributing plugin (filled by the host)."""
