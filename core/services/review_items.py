"""Finding what is stuck: one SQL select per kind of review item, all on the projections.

Each kind is an *arm*: a select giving every item of that kind the same columns (:data:`COLUMNS`):
its severity rank, the day it sorts on, its key, and what the queue needs to describe it.
:mod:`core.services.review` unites the arms, filters, hides marked items, sorts and pages in
SQL, so a page costs what it returns plus the database's own sort, and a referent's queue
only reads her persons (``persons.referent_id``). Each arm reads the projection columns kept
in the same transaction as the events (``deadlines.warn_from``, ``tracks.last_event_at``,
``tracks.step_since``, ``persons.last_contact_at``), never the event log. Thresholds come
from the track definitions (``stall_after``, ``expected_answer_within``) and the deadline
rules (warning windows). Keys are built in SQL exactly as they always were
(``stalled:track:12:connue:2026-03-10``): marks taken on earlier keys still apply.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

from sqlalchemy import (ColumnElement, Integer, Select, String, and_, case, cast, exists,
                        false, literal, null, or_, select, true)

from core.definitions.catalog import Catalog
from core.definitions.model import StepKind
from core.persistence import sql_days as days
from core.persistence.access_models import AuditEntry
from core.persistence.models import Deadline, Person, PersonHold, Track, User

PATHWAY = "parcours"
FOLLOWED_STEP = "suivi_individuel"
COLUMNS = ("sev", "day", "key", "kind", "person_id", "track_id", "definition_id",
           "definition_version", "step", "since", "due", "referent", "rule_id", "rule_version",
           "ref")
"""What every arm selects, in this order (a ``UNION ALL`` needs the same columns)."""
SEVERITIES = ("high", "medium", "low")
"""Severity names by rank (the rank is what sorts)."""
DUE_SOON_HIGH = timedelta(days=3)
EXCEPTIONAL_WINDOW = timedelta(days=90)
RETENTION_WARNING = timedelta(days=60)
"""How long before a person's end of retention (R1) the queue starts showing her."""


def cutoff(today: date, delta: timedelta) -> datetime:
    """Start of the day ``delta`` before ``today``: older than this is past the threshold."""
    return datetime.combine(today - delta, time.min, tzinfo=UTC)


@dataclass(frozen=True)
class Context:
    """What every arm is built for: the day, the dialect, and who reads with which filters."""

    catalog: Catalog
    today: date
    dialect: str
    scope: ColumnElement[bool]
    """Persons the caller may see at all (delegations, not erased)."""
    own: ColumnElement[bool] | None
    """Persons whose case items the caller reads (None: all in scope, a supervisor)."""
    referent: str | None = None
    domain: str | None = None
    no_contact_after: timedelta = timedelta(weeks=8)

    @property
    def day(self) -> ColumnElement[str]:
        return days.text(self.today.isoformat())

    def persons(self, *, front_desk: bool = False) -> ColumnElement[bool]:
        """The scope, narrowed to the caller's own persons unless ``front_desk``."""
        conditions = [self.scope]
        if self.own is not None and not front_desk:
            conditions.append(self.own)
        if self.referent is not None:
            conditions.append(User.name == self.referent)
        return and_(*conditions)

    def definitions(self) -> ColumnElement[bool]:
        """Tracks of the domain asked (all tracks without one)."""
        if self.domain is None:
            return true()
        ids = sorted({d for (d, _), defn in self.catalog.definitions.items()
                      if defn.domain == self.domain})
        return Track.definition_id.in_(ids) if ids else false()


def _none(kind: Any) -> Any:
    return cast(null(), kind)


def _key(*parts: Any) -> ColumnElement[str]:
    out = None
    for part in parts:
        piece = literal(part, String) if isinstance(part, str) else cast(part, String) \
            if not isinstance(part.type, String) else part
        out = piece if out is None else out + piece
    return out  # type: ignore[return-value]


def _arm(sev: Any, day: Any, key: Any, kind: Any, person: Any, *, track: Any = None,
         since: Any = None, due: Any = None, referent: Any = None, rule: Any = None,
         version: Any = None, ref: Any = None) -> Select[Any]:
    values = (sev, day, key, kind, person,
              track if track is not None else _none(Integer),
              Track.definition_id if track is not None else _none(String),
              Track.definition_version if track is not None else _none(Integer),
              Track.step if track is not None else _none(String),
              since if since is not None else _none(String),
              due if due is not None else _none(String),
              referent if referent is not None else User.name,
              rule if rule is not None else _none(String),
              version if version is not None else _none(Integer),
              ref if ref is not None else _none(Integer))
    return select(*(cast(v, Integer).label(n) if n == "sev" else v.label(n)
                    for v, n in zip(values, COLUMNS, strict=True)))


def _person_joins(query: Select[Any], on: Any) -> Select[Any]:
    return query.join(Person, Person.id == on).outerjoin(User, User.id == Person.referent_id)


def _from_persons(query: Select[Any]) -> Select[Any]:
    return query.select_from(Person).outerjoin(User, User.id == Person.referent_id)


def deadlines(ctx: Context, kinds: set[str]) -> Select[Any] | None:
    """Open, running deadlines past due (``overdue``) or inside their warning window."""
    late = Deadline.due < ctx.today
    kind = case((late, literal("overdue")), else_=literal("due_soon"))
    due = days.date_text(Deadline.due, ctx.dialect)
    query = _arm(case((Deadline.due <= ctx.today + DUE_SOON_HIGH, 0), else_=1), due,
                 _key(kind, ":deadline:", Deadline.id), kind, Track.person_id, track=Track.id,
                 since=days.day_of(Track.step_since, ctx.dialect), due=due,
                 rule=Deadline.rule_id, version=Deadline.rule_version, ref=Deadline.id)
    query = _person_joins(query.select_from(Deadline).join(Track, Track.id == Deadline.track_id),
                          Track.person_id)
    wanted = [true()] if kinds >= {"overdue", "due_soon"} else \
        [late] if "overdue" in kinds else [~late]
    return query.where(Deadline.status == "open", Deadline.warn_from <= ctx.today,
                       Deadline.suspended_since.is_(None), Track.status == "open",
                       ctx.definitions(), ctx.persons(), *wanted)


def _step_thresholds(catalog: Catalog, kind: StepKind) -> list[tuple[str, int, str, timedelta, Any]]:
    found = []
    for (defn_id, version), defn in catalog.definitions.items():
        for step in defn.steps:
            limit = step.stall_after if kind is StepKind.ACTION else step.expected_answer_within
            if step.kind is kind and limit is not None:
                found.append((defn_id, version, step.id, limit, step.silence_means))
    return found


def _tracks(ctx: Context, kind: StepKind, name: str, prefix: str) -> Select[Any] | None:
    column = Track.last_event_at if kind is StepKind.ACTION else Track.step_since
    limits = _step_thresholds(ctx.catalog, kind)
    if not limits:
        return None

    def step_is(d: str, v: int, s: str) -> ColumnElement[bool]:
        return and_(Track.definition_id == d, Track.definition_version == v, Track.step == s)

    loosest = cutoff(ctx.today, min(limit for _, _, _, limit, _ in limits))
    per_step = or_(*(and_(step_is(d, v, s), column < cutoff(ctx.today, limit))
                     for d, v, s, limit, _ in limits))
    refused = [step_is(d, v, s) for d, v, s, _, silence in limits
               if silence is not None and silence.value == "refus"]
    sev = case((or_(*refused), 0), else_=1) if refused else literal(1)
    since = days.day_of(column, ctx.dialect)
    query = _arm(sev, since, _key(f"{prefix}:track:", Track.id, ":", Track.step, ":", since),
                 literal(name), Track.person_id, track=Track.id, since=since)
    return _person_joins(query.select_from(Track), Track.person_id).where(
        Track.status == "open", column < loosest, per_step, ctx.definitions(), ctx.persons())


def stalled(ctx: Context) -> Select[Any] | None:
    """Action steps with no event for longer than their ``stall_after``."""
    return _tracks(ctx, StepKind.ACTION, "stalled", "stalled")


def waiting_too_long(ctx: Context) -> Select[Any] | None:
    """Waiting steps past the authority's expected answer time (high if silence is refusal)."""
    return _tracks(ctx, StepKind.WAITING, "waiting_too_long", "waiting")


def _followed(catalog: Catalog) -> ColumnElement[bool]:
    """SQL condition: the person is followed (individual follow-up, or an open domain track).

    A correlated ``EXISTS`` on ``tracks (person_id, status)``: a referent's queue probes her
    persons' tracks only, and the national one one index lookup per person.
    """
    if not catalog.definitions:
        return false()
    return exists().where(Track.person_id == Person.id, Track.status == "open",
                          or_(Track.definition_id != PATHWAY, Track.step == FOLLOWED_STEP))


def no_referent(ctx: Context) -> Select[Any] | None:
    """Followed persons without a referent (front-desk: any caller of the delegation)."""
    if ctx.domain is not None:
        return None
    query = _arm(literal(1), ctx.day, _key("no_referent:person:", Person.id),
                 literal("no_referent"), Person.id)
    return _from_persons(query).where(
        ctx.persons(front_desk=True), Person.referent_id.is_(None), _followed(ctx.catalog))


def no_contact(ctx: Context) -> Select[Any] | None:
    """Followed persons not seen for longer than ``no_contact_after``."""
    if ctx.domain is not None:
        return None
    since = days.day_of(Person.last_contact_at, ctx.dialect)
    query = _arm(literal(2), since, _key("no_contact:person:", Person.id, ":", since),
                 literal("no_contact"), Person.id, since=since)
    return _from_persons(query).where(
        ctx.persons(), Person.last_contact_at < cutoff(ctx.today, ctx.no_contact_after),
        _followed(ctx.catalog))


def exceptional(ctx: Context) -> Select[Any] | None:
    """Exceptional accesses of the last 90 days: restricted content opened with a reason."""
    if ctx.domain is not None or ctx.referent is not None:
        return None  # about an access, not a person's referent or domain
    since = days.day_of(AuditEntry.at, ctx.dialect)
    query = _arm(literal(1), since, _key("exceptional_access:audit:", AuditEntry.seq),
                 literal("exceptional_access"), AuditEntry.person_id, since=since,
                 referent=_none(String), ref=AuditEntry.seq)
    return query.select_from(AuditEntry).join(Person, AuditEntry.person_id == Person.id).where(
        AuditEntry.reason == "exceptional_access", AuditEntry.outcome == "done",
        AuditEntry.at >= cutoff(ctx.today, EXCEPTIONAL_WINDOW), ctx.scope)


def retention(ctx: Context) -> Select[Any] | None:
    """Persons whose end of retention (R1) falls within :data:`RETENTION_WARNING`, not held:
    a supervisor erases the file (``parcours retention --apply``) or places a legal hold."""
    from core.services.retention_rules import rules_for
    rule = rules_for(ctx.today).get("R1")
    if rule is None or ctx.domain is not None:
        return None
    until = ctx.today + RETENTION_WARNING
    last = Person.last_contact_at.is_(None)
    start = case((last, Person.created_at), else_=Person.last_contact_at)
    since = days.day_of(start, ctx.dialect)
    due = days.plus(since, rule.amount, rule.unit, ctx.dialect)
    held = exists().where(PersonHold.person_id == Person.id, PersonHold.lifted_at.is_(None))
    query = _arm(case((due <= ctx.day, 0), else_=1), due,
                 _key("retention:person:", Person.id, ":", due), literal("retention"),
                 Person.id, since=since, due=due, rule=literal(rule.id))
    # The timestamp range narrows on an index; the exact day (month arithmetic) decides.
    narrow = start < cutoff(rule.cutoff(until) + timedelta(days=1), timedelta(0))
    return _from_persons(query).where(
        ctx.persons(), narrow, due <= days.text(until.isoformat()), ~held)


ARMS = {"overdue": "deadlines", "due_soon": "deadlines", "stalled": stalled,
        "waiting_too_long": waiting_too_long, "no_referent": no_referent,
        "no_contact": no_contact, "exceptional_access": exceptional, "retention": retention}


def arms(ctx: Context, kinds: set[str]) -> list[Select[Any]]:
    """The selects of the kinds asked (each kind once; deadlines cover two kinds)."""
    found = []
    if kinds & {"overdue", "due_soon"}:
        found.append(deadlines(ctx, kinds & {"overdue", "due_soon"}))
    for kind in ("stalled", "waiting_too_long", "no_referent", "no_contact",
                 "exceptional_access", "retention"):
        if kind in kinds:
            found.append(ARMS[kind](ctx))  # type: ignore[operator]
    return [arm for arm in found if arm is not None]
