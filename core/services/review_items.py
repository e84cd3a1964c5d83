"""Finding what is stuck: the review queue's items as SQL *arms*, all on the projections.

An arm is one select of items that share a kind and a severity (:class:`Arm`). Every arm gives
the same columns (:data:`COLUMNS`), so :mod:`core.services.review` can unite them, filter,
hide marked items, sort and page in the database. The queue's order is (severity, ``at``,
kind, ``sub``, ``ref``): ``at`` is the moment the item sorts on (a due date, or the timestamp
a step or a contact dates from), ``ref`` its row's id. Each arm also says how to walk its rows
in that order on an index (``order``), so that a page asks every arm for its first rows only
and never sorts the whole queue: a first page costs what it returns, nationally too. A
supervisor of a few delegations gets each arm once per delegation, walking that delegation's
own ``(delegation_id, status, …)`` index (``tracks`` and ``deadlines`` carry their person's
delegation, migration 0014).

Each arm reads the projection columns kept in the same transaction as the events
(``deadlines.due`` and ``warn_from``, ``tracks.last_event_at`` and ``step_since``,
``persons.last_contact_at``), never the event log. Thresholds come from the track definitions
(``stall_after``, ``expected_answer_within``) and the deadline rules (warning windows). Keys
are built in SQL exactly as they always were (``stalled:track:12:connue:2026-03-10``): marks
taken on earlier keys still apply.

The arms are built once per *shape* (which kinds, which dialect, a supervisor or not, a
referent or a domain asked, a cursor's place...), never per call: every value that changes
from one call to the next (the day and the cutoffs derived from it, the caller's delegations
and id, the referent's name, the cursor) is a named bound parameter whose value the
:class:`~core.services.review_context.Context` records as a function of the call's values.
:mod:`core.services.review` keeps the built statement and only computes those values on
each call: building and hashing a statement of a dozen arms cost more than running it for one
referent's page. The caller's scope, her filters and their parameters are
:mod:`core.services.review_context`'s.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import UTC, date, datetime, timedelta
from typing import Any

from sqlalchemy import (ColumnElement, Integer, Select, String, and_, cast, exists,
                        false, literal, null, or_, select, true)

from core.definitions.catalog import Catalog
from core.definitions.model import StepKind
from core.persistence import sql_days as days
from core.persistence.access_models import AuditEntry
from core.persistence.join_order import outer_first
from core.persistence.models import Deadline, Person, PersonHold, Track, User
from core.services.followed import condition
from core.services.retention_rules import MONTH_ENDS
from core.services.review_context import Context, cutoff

KIND_ORDER = ("overdue", "due_soon", "stalled", "waiting_too_long", "no_referent", "no_contact",
              "exceptional_access", "retention")
COLUMNS = ("sev", "at", "rank", "sub", "ref", "key", "kind", "person_id", "track_id",
           "definition_id", "definition_version", "step", "since", "due", "referent",
           "rule_id", "rule_version")
"""What every arm selects, in this order (a ``UNION ALL`` needs the same columns)."""
SEVERITIES = ("high", "medium", "low")
"""Severity names by rank (the rank is what sorts)."""
DUE_SOON_HIGH = timedelta(days=3)
EXCEPTIONAL_WINDOW = timedelta(days=90)
RETENTION_WARNING = timedelta(days=60)
"""How long before a person's end of retention (R1) the queue starts showing her."""


def _stamp(text: str) -> datetime:
    return datetime.fromisoformat(text).replace(tzinfo=UTC)


@dataclass(frozen=True)
class Arm:
    """Items of one kind and one severity, and how to walk them in the queue's order."""

    query: Select[Any]
    """Selects :data:`COLUMNS`; filters, scope and thresholds applied, marks not yet."""
    sev: int
    rank: int
    """The kind's place in :data:`KIND_ORDER` (the order's third term)."""
    key: ColumnElement[str]
    at: ColumnElement[str]
    sub: ColumnElement[str]
    ref: ColumnElement[int]
    order: tuple[Any, ...]
    """Columns giving the rows in (at, sub, ref) order, so that an index can serve it."""
    seek: Callable[[Context], ColumnElement[bool]] | None = None
    """A bound on an indexed column from a cursor's ``at``: where a later page starts."""
    source: tuple[Any, tuple[Any, ...]] | None = None
    """Found from her persons (:attr:`Context.from_persons`): the rows it walks and the
    conditions it shares with the other arms of that walk, which read them once
    (:mod:`core.services.review_shared`)."""


def _none(kind: Any) -> Any:
    return cast(null(), kind)


def _key(*parts: Any) -> ColumnElement[str]:
    out = None
    for part in parts:
        piece = literal(part, String) if isinstance(part, str) else cast(part, String) \
            if not isinstance(part.type, String) else part
        out = piece if out is None else out + piece
    return out  # type: ignore[return-value]


def _arm(kind: str, sev: int, at: Any, key: Any, person: Any, ref: Any, order: tuple[Any, ...],
         *, sub: Any = None, track: bool = False, since: Any = None, due: Any = None,
         referent: Any = None, rule: Any = None, version: Any = None,
         seek: Callable[[Context], ColumnElement[bool]] | None = None) -> Arm:
    sub = sub if sub is not None else literal("", String)
    values = (literal(sev), at, literal(KIND_ORDER.index(kind)), sub, ref, key,
              literal(kind, String), person,
              Track.id if track else _none(Integer),
              Track.definition_id if track else _none(String),
              Track.definition_version if track else _none(Integer),
              Track.step if track else _none(String),
              since if since is not None else _none(String),
              due if due is not None else _none(String),
              referent if referent is not None else User.name,
              rule if rule is not None else _none(String),
              version if version is not None else _none(Integer))
    query = select(*(cast(v, Integer).label(n) if n in ("sev", "rank") else v.label(n)
                     for v, n in zip(values, COLUMNS, strict=True)))
    return Arm(query, sev, KIND_ORDER.index(kind), key, at, sub, ref, order, seek)


def _joined(arm: Arm, start: Any, on: Any, *conditions: Any) -> Arm:
    query = arm.query.select_from(start)
    if on is not None:
        query = query.join(Person, Person.id == on)
    query = query.outerjoin(User, User.id == Person.referent_id).where(*conditions)
    return replace(arm, query=query)


def _deadline_arm(ctx: Context, kind: str, sev: int, *window: Any) -> Arm:
    due = days.date_text(Deadline.due, ctx.dialect)
    arm = _arm(kind, sev, due, _key(f"{kind}:deadline:", Deadline.id), Track.person_id,
               Deadline.id, (Deadline.due, Deadline.id), track=True,
               since=days.day_of(Track.step_since, ctx.dialect), due=due,
               rule=Deadline.rule_id, version=Deadline.rule_version,
               seek=lambda c: Deadline.due >= c.bind(
                   "seek_day", lambda v: date.fromisoformat(v.at[:10])))
    if not ctx.from_persons:
        start = Deadline.__table__.join(Track.__table__, Track.id == Deadline.track_id)
        return _joined(arm, start, Track.person_id, *_deadlines_open(ctx), *window)
    walk = ctx.walk("deadlines", lambda: (outer_first(
        # A deadline's person is its track's (deadline_rows.store_due and the bulk copies write
        # it so; nothing moves either): her deadlines are found on their own person_id.
        outer_first(Person.__table__, Deadline.__table__, Deadline.person_id == Person.id),
        Track.__table__, and_(Track.id == Deadline.track_id, Track.person_id == Person.id)),
        _deadlines_open(ctx)))
    return replace(_joined(arm, walk[0], None, *walk[1], *window), source=walk)


def _deadlines_open(ctx: Context) -> tuple[Any, ...]:
    """What every deadline arm asks: open, warning begun, running, on an open track of the
    domain asked, a person of the scope."""
    return (ctx.status(Deadline.status) == "open", ctx.national(Deadline.warn_from) <= ctx.today,
            Deadline.suspended_since.is_(None), ctx.status(Track.status) == "open",
            ctx.definitions(), ctx.persons(rows=Deadline.delegation_id))


def deadlines(ctx: Context, kinds: set[str]) -> list[Arm]:
    """Open, running deadlines past due (``overdue``, high) or inside their warning window
    (``due_soon``: high within three days, medium before)."""
    soon = ctx.bind("soon", lambda v: v.today + DUE_SOON_HIGH)
    found = []
    due = ctx.walked(Deadline.due)
    if "overdue" in kinds:
        found.append(_deadline_arm(ctx, "overdue", 0, due < ctx.today))
    if "due_soon" in kinds:
        found += [_deadline_arm(ctx, "due_soon", 0, due >= ctx.today, due <= soon),
                  _deadline_arm(ctx, "due_soon", 1, due > soon)]
    return found


def _step_thresholds(catalog: Catalog, kind: StepKind) -> list[tuple[str, int, str, timedelta, Any]]:
    found = []
    for (defn_id, version), defn in catalog.definitions.items():
        for step in defn.steps:
            limit = step.stall_after if kind is StepKind.ACTION else step.expected_answer_within
            if step.kind is kind and limit is not None:
                found.append((defn_id, version, step.id, limit, step.silence_means))
    return found


def _track_arm(ctx: Context, kind: str, sev: int, limits: list[Any], prefix: str,
               column: Any) -> Arm | None:
    if not limits:
        return None
    loosest = ctx.cutoff(min(limit for _, _, _, limit, _ in limits))
    # One condition per threshold, not per step: the same few delays serve a hundred steps,
    # and the statement stays small to build, cache and plan.
    # The step lists are constants of the shape, each value its own parameter: nothing is
    # expanded when the kept statement runs again.
    by_limit: dict[timedelta, dict[tuple[str, int], list[str]]] = {}
    for d, v, step, limit, _ in limits:
        by_limit.setdefault(limit, {}).setdefault((d, v), []).append(step)
    per_step = or_(*(and_(or_(*(and_(Track.definition_id == literal(d, String),
                                     Track.definition_version == literal(v, Integer),
                                     Track.step.in_([literal(s, String) for s in steps]))
                                for (d, v), steps in sorted(groups.items()))),
                          column < ctx.cutoff(limit))
                     for limit, groups in sorted(by_limit.items())))
    since = days.day_of(column, ctx.dialect)
    arm = _arm(kind, sev, days.stamp_of(column, ctx.dialect),
               _key(f"{prefix}:track:", Track.id, ":", Track.step, ":", since), Track.person_id,
               Track.id, (column, Track.id), track=True, since=since,
               seek=lambda c: column >= c.bind("seek_stamp", lambda v: _stamp(v.at)))
    if not ctx.from_persons:
        return _joined(arm, Track, Track.person_id, *_tracks_open(ctx),
                       ctx.walked(column) < loosest, per_step)
    walk = ctx.walk("tracks", lambda: (
        outer_first(Person.__table__, Track.__table__, Track.person_id == Person.id),
        _tracks_open(ctx)))
    return replace(_joined(arm, walk[0], None, *walk[1], ctx.walked(column) < loosest,
                           per_step), source=walk)


def _tracks_open(ctx: Context) -> tuple[Any, ...]:
    """What every track arm asks: open, of the domain asked, a person of the scope."""
    return (ctx.status(Track.status) == "open", ctx.definitions(),
            ctx.persons(rows=Track.delegation_id))


def stalled(ctx: Context) -> list[Arm]:
    """Action steps with no event for longer than their ``stall_after`` (medium)."""
    arm = _track_arm(ctx, "stalled", 1, _step_thresholds(ctx.catalog, StepKind.ACTION),
                     "stalled", Track.last_event_at)
    return [arm] if arm is not None else []


def waiting_too_long(ctx: Context) -> list[Arm]:
    """Waiting steps past the authority's expected answer time: high where silence means
    refusal (a deadline to appeal may be running), medium elsewhere."""
    limits = _step_thresholds(ctx.catalog, StepKind.WAITING)
    refusal = [t for t in limits if t[4] is not None and t[4].value == "refus"]
    others = [t for t in limits if t not in refusal]
    arms = (_track_arm(ctx, "waiting_too_long", 0, refusal, "waiting", Track.step_since),
            _track_arm(ctx, "waiting_too_long", 1, others, "waiting", Track.step_since))
    return [arm for arm in arms if arm is not None]


def _followed(catalog: Catalog) -> ColumnElement[bool]:
    """SQL condition: the person is followed (individual follow-up, or an open domain track).

    ``persons.followed`` first: its indexes hold followed persons only, where walking the
    persons met every closed file of past years before an open one. The correlated
    ``EXISTS`` on ``tracks (person_id, status)`` keeps the answer exact: a referent's queue
    probes her persons' tracks only, and the national one one index lookup per person.
    """
    if not catalog.definitions:
        return false()
    return and_(Person.followed == true(), condition(Person.id))


def no_referent(ctx: Context) -> list[Arm]:
    """Followed persons without a referent (front desk: any caller of the delegation)."""
    if ctx.domain is not None:
        return []
    arm = _arm("no_referent", 1, ctx.day, _key("no_referent:person:", Person.id), Person.id,
               Person.id, (Person.id,))
    return [_joined(arm, Person, None, ctx.persons(front_desk=True),
                    ctx.national(Person.referent_id).is_(None), _followed(ctx.catalog))]


def no_contact(ctx: Context) -> list[Arm]:
    """Followed persons not seen for longer than ``no_contact_after`` (low)."""
    if ctx.domain is not None:
        return []
    since = days.day_of(Person.last_contact_at, ctx.dialect)
    arm = _arm("no_contact", 2, days.stamp_of(Person.last_contact_at, ctx.dialect),
               _key("no_contact:person:", Person.id, ":", since), Person.id, Person.id,
               (Person.last_contact_at, Person.id), since=since,
               seek=lambda c: Person.last_contact_at >= c.bind(
                   "seek_stamp", lambda v: _stamp(v.at)))
    return [_joined(arm, Person, None, ctx.persons(),
                    Person.last_contact_at < ctx.bind(
                        "no_contact_cut", lambda v: cutoff(v.today, v.no_contact_after)),
                    _followed(ctx.catalog))]


def exceptional(ctx: Context) -> list[Arm]:
    """Exceptional accesses of the last 90 days: restricted content opened with a reason,
    whether the call then went through or was refused (a refusal may quote what it opened)."""
    if ctx.domain is not None or ctx.referent:
        return []  # about an access, not a person's referent or domain
    arm = _arm("exceptional_access", 1, days.stamp_of(AuditEntry.at, ctx.dialect),
               _key("exceptional_access:audit:", AuditEntry.seq), AuditEntry.person_id,
               AuditEntry.seq, (AuditEntry.at, AuditEntry.seq),
               since=days.day_of(AuditEntry.at, ctx.dialect), referent=_none(String),
               seek=lambda c: AuditEntry.at >= c.bind("seek_stamp", lambda v: _stamp(v.at)))
    query = arm.query.select_from(AuditEntry).join(Person, AuditEntry.person_id == Person.id) \
        .where(AuditEntry.reason == "exceptional_access",
               AuditEntry.at >= ctx.cutoff(EXCEPTIONAL_WINDOW), ctx.scope)
    return [replace(arm, query=query)]


def retention(ctx: Context) -> list[Arm]:
    """Persons whose end of retention (R1) falls within :data:`RETENTION_WARNING`, not held
    (high once the day has come): a supervisor erases the file or places a legal hold.

    The end is her last contact (else her creation) plus the rule's period, computed in SQL;
    it only grows with the start, so the start's index gives the order.
    """
    rule = ctx.retention
    if rule is None or ctx.domain is not None:
        return []
    held = exists().where(PersonHold.person_id == Person.id, PersonHold.lifted_at.is_(None))
    # Timestamp ranges narrow on an index (a few days' margin around the month arithmetic);
    # the exact due day decides. The rule is the shape's: its period is part of the SQL.
    # The month ends' slack past the start whose end is the warning's last day: 29 February
    # 2024 ends on 28 February 2026, whose cutoff is 28 February 2024 (it came a day late).
    narrow = ctx.bind("retention_narrow", lambda v: cutoff(
        rule.cutoff(v.today + RETENTION_WARNING) + timedelta(days=1), -MONTH_ENDS))
    before = ctx.bind("retention_before", lambda v: cutoff(rule.cutoff(v.today), -MONTH_ENDS))
    after = ctx.bind("retention_after", lambda v: cutoff(rule.cutoff(v.today), MONTH_ENDS))
    until = ctx.bind("retention_until",
                     lambda v: (v.today + RETENTION_WARNING).isoformat(), String)
    arms = []
    for start, known in ((Person.last_contact_at, Person.last_contact_at.is_not(None)),
                         (Person.created_at, Person.last_contact_at.is_(None))):
        since = days.day_of(start, ctx.dialect)
        due = days.plus(since, rule.amount, rule.unit, ctx.dialect)
        # A start before ``after`` is past its end whatever the month ends do: the day's
        # arithmetic (six date() calls a person) is left to the few days' band between.
        for sev, window in ((0, and_(start < before, or_(start < after, due <= ctx.day))),
                            (1, and_(start >= after, due > ctx.day, due <= until))):
            arm = _arm("retention", sev, due, _key("retention:person:", Person.id, ":", due),
                       Person.id, Person.id, (start, Person.id),
                       sub=days.stamp_of(start, ctx.dialect), since=since, due=due,
                       rule=literal(rule.id, String))
            arms.append(_joined(arm, Person, None, ctx.persons(), known, start < narrow,
                                window, ~held))
    return arms


ARMS: dict[str, Callable[[Context], list[Arm]]] = {
    "stalled": stalled, "waiting_too_long": waiting_too_long, "no_referent": no_referent,
    "no_contact": no_contact, "exceptional_access": exceptional, "retention": retention}


def arms(ctx: Context, kinds: set[str]) -> list[Arm]:
    """The arms of the kinds asked (deadlines cover two kinds); with :attr:`Context.rows`,
    those of each of the caller's delegations (a person is in one: no item twice)."""
    if ctx.rows and ctx.slot is None and ctx.delegations > 1:
        return [arm for slot in range(ctx.delegations)
                for arm in arms(replace(ctx, slot=slot, walks={}), kinds)]
    found = deadlines(ctx, kinds)
    for kind, build in ARMS.items():
        if kind in kinds:
            found += build(ctx)
    return found
