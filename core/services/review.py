"""The supervisors' review queue: its items, pages and counts.

``review_queue`` gathers every kind of item (see :mod:`core.services.review_items`), drops
those a supervisor acknowledged or snoozed (a snoozed item comes back on its date), and
filters by kind, referent and domain, all in one query: marks are joined, not bound, and a
page (``limit``, then ``after`` the last item's cursor) is sorted and cut by the database, so
only its items are described and their aliases opened. ``review_counts`` counts the items of
each kind the same way. The decisions taken on its items are
:mod:`core.services.review_decisions`'.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any
from weakref import WeakKeyDictionary

from pydantic import BaseModel, ConfigDict
from sqlalchemy import Integer, String, and_, cast, func, literal, or_, select, union_all

from core import messages as M
from core.errors import InputError
from core.persistence.access_models import AuditEntry
from core.persistence.models import Person, PersonKey, ReviewMark
from core.persistence import sql_days
from core.persistence.ids import chunks
from core.persistence.prepared import Prepared
from core.services.registry import Call, service
from core.services.review_items import KIND_ORDER

KINDS = KIND_ORDER
NO_CONTACT_AFTER = timedelta(weeks=8)
PIECE = 1_000
"""Items described and handed over at a time by an export (``each``)."""


class ReviewItem(BaseModel):
    """One thing a supervisor should look at."""

    model_config = ConfigDict(defer_build=True, frozen=True)

    key: str
    """Stable id of the situation; a new situation on the same track gets a new key."""
    kind: str
    severity: str
    person_id: int
    alias: str
    track_id: int | None
    track: str | None
    track_label: str | None
    domain: str | None
    step: str | None
    step_label: str | None
    since: date | None
    due: date | None
    referent: str | None
    detail: str
    cursor: str = ""
    """Where this item sits in the queue's order: pass it as ``after`` for the items after it."""


def _kinds(kinds: set[str] | None) -> set[str]:
    wanted = set(kinds or KINDS)
    unknown = wanted - set(KINDS)
    if unknown:
        raise InputError(M.REVIEW_KIND_UNKNOWN.format(kind=", ".join(sorted(unknown)),
                                                      kinds=", ".join(KINDS)))
    return wanted


@dataclass(frozen=True)
class _Shape:
    """Everything the queue's SQL depends on but the values (:class:`review_context.Values`):
    its statement is built once per shape and kept (:func:`_statement`)."""

    dialect: str
    paramstyle: str
    definitions: int
    """How many definitions the catalog holds (a catalog still being filled is another)."""
    kinds: frozenset[str]
    delegations: int
    own: bool
    referent: bool
    domain: str | None
    wide: bool
    retention: Any
    limit: int | None
    cursor: tuple[int, int] | None
    """The cursor's severity and kind rank (they decide which arms are read, and how)."""
    counts: bool
    narrowed: bool = False
    """One delegation asked for among the caller's (``delegation``)."""


_BUILT: WeakKeyDictionary[Any, dict[_Shape, tuple[Any, dict[str, Any]]]] = WeakKeyDictionary()
"""Per catalog, the statements already built and the values their parameters take."""
KEPT = 256
"""Shapes kept per catalog (a handful in practice: roles, filters, first or later page)."""


def _shape(call: Call, kinds: set[str] | None, referent: str | None, domain: str | None,
           no_contact_after: timedelta, limit: int | None, cursor: Cursor | None, *,
           counts: bool = False, delegation: str | None = None) -> tuple[_Shape, Any]:
    """The call's shape and values: the caller's scope, and her own persons unless she
    supervises.

    A supervisor sees every item of her delegations; anyone else the items about the persons
    she follows but the supervisors' kinds, plus, for the front-desk kinds, the rest of her
    delegations; never the erased.
    """
    from core.services import access
    from core.services.review_context import Values, walks_national
    from core.services.retention_rules import rules_for
    from core.services.review_decisions import SUPERVISION_KINDS
    wanted = _kinds(kinds)
    if domain is not None:
        call.app.catalog.require_domain(domain)
    principal = call.principal
    supervisor = principal.role.value == "superviseur"
    if referent is not None:
        referent = access.own_name(call, referent)
    if referent is not None and (supervisor or referent == principal.name):
        referent = access.require_user(call, referent)
    if not supervisor:
        wanted -= SUPERVISION_KINDS
    # A supervisor of a few delegations has each one's items found on its own indexes, in
    # the queue's order (review_context.Context.rows). Beyond, walking each kind's national
    # index in that order pays when her scope holds enough of the base (access.sees_most);
    # for a small one or one referent, her items are found from her persons and sorted.
    scope = tuple(sorted(principal.delegations))
    if delegation is not None:  # one of hers (refused otherwise), read as her only one
        from core.services.persons import delegation_for
        scope = (delegation_for(call, delegation),)
    narrowed = delegation is not None
    wide = supervisor and referent is None and not narrowed and walks_national(call, scope)
    today = queue_day(call, scope)
    retention = rules_for(today).get("R1") if "retention" in wanted and domain is None \
        else None
    dialect = call.session.get_bind().dialect
    shape = _Shape(dialect.name, dialect.paramstyle, len(call.app.catalog.definitions),
                   frozenset(wanted), len(scope)
                   if access.reads_front_desk(principal) else 0, not supervisor, referent is not None, domain,
                   wide, retention, limit or None,
                   (cursor[0], cursor[2]) if cursor is not None else None, counts, narrowed)
    values = Values(today, principal.user_id, scope,
                    referent, no_contact_after, *(cursor[1], cursor[3], cursor[4])
                    if cursor is not None else ())
    return shape, values


def queue_day(call: Call, scope: Sequence[int]) -> date:
    """The day a queue of ``scope`` (delegation numbers) is judged on: that of their clock when
    they share one (overseas in the evening, mainland France's is already their tomorrow),
    else the association's, mainland France's."""
    from core.delegation import zone_of_subdivision
    from core.persistence.access_models import Delegation
    zones = {zone_of_subdivision(subdivision) for subdivision in call.session.scalars(
        select(Delegation.holiday_subdivision).where(Delegation.id.in_(scope)))} \
        if scope else set()
    return call.app.today(zones.pop() if len(zones) == 1 else None)


def _statement(call: Call, shape: _Shape) -> tuple[Prepared | None, dict[str, Any]]:
    """The statement of ``shape`` (built and compiled on first use), and how its parameters
    are valued."""
    built = _BUILT.setdefault(call.app.catalog, {})
    found = built.get(shape)
    if found is None:
        if len(built) >= KEPT:
            built.clear()
        statement, binds = _build(call.app.catalog, shape)
        prepared = None if statement is None else Prepared(
            statement, call.session.get_bind().dialect, binds)
        found = built[shape] = (prepared, {n: value for n, value in binds.items()
                                           if prepared is not None and n in prepared.variables})
    return found


def _build(catalog: Any, shape: _Shape) -> tuple[Any, dict[str, Any]]:
    from core.services import review_items as find
    from core.services.review_context import Context
    ctx = Context(catalog, shape.dialect, delegations=shape.delegations, own=shape.own,
                  narrowed=shape.narrowed, referent=shape.referent, domain=shape.domain,
                  wide=shape.wide, retention=shape.retention, counting=shape.counts)
    arms = find.arms(ctx, set(shape.kinds))
    if ctx.from_persons:
        from core.services.review_shared import shared
        arms = shared(arms)
    if shape.counts:
        return _counted(arms, _hidden(ctx)), dict(ctx.binds)
    items = _page(ctx, arms, _hidden(ctx), shape.limit if shape.wide or ctx.rows else None,
                  shape.cursor)
    if items is None:
        return None, {}
    return _with_aliases(items, shape.limit, shape.dialect), dict(ctx.binds)


def _counted(arms: list[Any], hidden: Any) -> Any:
    """How many visible items each kind has: every arm counted on its own, selecting only
    its key (the queue's other columns, days and labels computed for each of the country's
    items, made the national counts cost seconds), then summed per kind."""
    if not arms:
        return None
    parts = [_visible(arm, hidden).with_only_columns(
        literal(KIND_ORDER[arm.rank], String).label("kind"), func.count().label("found"),
        maintain_column_froms=True) for arm in arms]
    combine: Callable[..., Any] = union_all
    counted = combine(*parts).subquery("counted") if len(parts) > 1 else parts[0].subquery()
    return select(counted.c.kind, cast(func.sum(counted.c.found), Integer)) \
        .group_by(counted.c.kind)


def _hidden(ctx: Any) -> Any:
    """Keys whose latest mark is an acknowledgement, or a snooze not yet over (a subquery:
    the marks are joined in the database, never bound one by one)."""
    latest = select(func.max(ReviewMark.id)).group_by(ReviewMark.item_key)
    return select(ReviewMark.item_key).where(
        ReviewMark.id.in_(latest),
        or_(ReviewMark.action == "acknowledged", ReviewMark.until > ctx.today))


def _visible(arm: Any, hidden: Any) -> Any:
    return arm.query.where(arm.key.not_in(hidden))


Cursor = tuple[int, str, int, str, int]
REF_DIGITS = 18
"""Digits a cursor's row number may have, as a person's or an item key's (``access.find``,
``review_decisions._parsed``): a longer one overflowed the database's integers, a failure
rather than a refusal."""


def parse_cursor(after: str) -> Cursor:
    """``after`` as (severity rank, at, kind rank, sub, ref): where an item sits in the order.

    Raises:
        InputError: not a cursor this queue gave.
    """
    parts = str(after or "").split("|")
    try:
        number = parts[4]
        if not (number.isascii() and number.isdigit() and len(number) <= REF_DIGITS):
            raise ValueError(number)
        sev, at, rank, sub, ref = int(parts[0]), parts[1], int(parts[2]), parts[3], int(number)
        for stamp in (at, sub):
            if stamp:
                datetime.fromisoformat(stamp)
    except (ValueError, IndexError):
        raise InputError(M.REVIEW_CURSOR_BAD.format(value=after)) from None
    if len(parts) != 5 or sev not in (0, 1, 2) or not 0 <= rank < len(KINDS) or not at:
        raise InputError(M.REVIEW_CURSOR_BAD.format(value=after))
    return sev, at, rank, sub, ref


def _after(ctx: Any, arm: Any, rank: int, *, seek: bool) -> Any:
    """The arm's rows after the cursor (same severity: the order's other terms decide); the
    cursor's ``at``, ``sub`` and ``ref`` are parameters."""
    at = ctx.bind("at", lambda v: v.at, String)
    mine = sql_days.binary(arm.at, ctx.dialect)
    if arm.rank != rank:
        later = mine >= at if arm.rank > rank else mine > at
    else:
        tail = sql_days.binary(arm.sub, ctx.dialect)
        sub = ctx.bind("sub", lambda v: v.sub, String)
        later = or_(mine > at, and_(mine == at, or_(tail > sub, and_(
            tail == sub, arm.ref > ctx.bind("ref", lambda v: v.ref, Integer)))))
    return and_(later, arm.seek(ctx)) if seek and arm.seek is not None else later


def _page(ctx: Any, arms: list[Any], hidden: Any, limit: int | None,
          cursor: tuple[int, int] | None) -> Any:
    """Each arm's rows after the cursor (its severity and kind rank), united. With ``limit``
    (a wide scope's page, or a few delegations'), each arm gives only its first ``limit``
    rows on its own index order: the page is among them, and no arm is read past what a
    page needs."""
    parts: list[Any] = []  # Select arms of differing column types
    for arm in arms:
        query = _visible(arm, hidden)
        if cursor is not None:
            if arm.sev < cursor[0]:
                continue  # wholly before the cursor
            if arm.sev == cursor[0]:
                query = query.where(_after(ctx, arm, cursor[1], seek=bool(limit)))
        if limit:
            query = select(query.order_by(*arm.order).limit(limit).subquery())
        parts.append(query)
    if not parts:
        return None
    if len(parts) == 1:
        return parts[0].subquery("queue")
    combine: Callable[..., Any] = union_all  # its overloads crash mypy 2.4 on *parts
    return combine(*parts).subquery("queue")


def _order(items: Any, dialect: str) -> tuple[Any, ...]:
    return (items.c.sev, sql_days.binary(items.c.at, dialect), items.c.rank,
            sql_days.binary(items.c.sub, dialect), items.c.ref)


def _with_aliases(items: Any, limit: int | None, dialect: str) -> Any:
    """The page, sorted and cut, with its persons' sealed aliases and wrapped keys joined:
    what the page shows is read in the same query, for its rows only."""
    page = select(items).order_by(*_order(items, dialect)).limit(limit).subquery("page")
    persons, keys = Person.__table__, PersonKey.__table__
    return select(page, persons.c.alias_enc, keys.c.dek_version, keys.c.kek_version,
                  keys.c.wrapped) \
        .select_from(page.outerjoin(persons, persons.c.id == page.c.person_id)
                     .outerjoin(keys, keys.c.person_id == page.c.person_id)) \
        .order_by(*_order(page, dialect))


def _rows(call: Call, statement: Prepared | None, binds: dict[str, Any],
          values: Any) -> list[Any]:
    """The statement's rows, its parameters valued for this call (driver rows, no ORM)."""
    if statement is None:
        return []
    return list(statement.run(call.session.connection(),
                              {name: value(values) for name, value in binds.items()}).all())


def _pieces(call: Call, statement: Prepared | None, binds: dict[str, Any],
            values: Any) -> Iterator[Sequence[Any]]:
    """The statement's rows in pieces of :data:`PIECE`, read as they are asked for (on
    PostgreSQL through a server-side cursor: the driver would otherwise fetch them all)."""
    if statement is None:
        return
    yield from statement.run(call.session.connection(),
                             {name: value(values) for name, value in binds.items()},
                             stream=True).partitions(PIECE)


@service("review.queue", write=False)
def review_queue(call: Call, *, kinds: set[str] | None = None, referent: str | None = None,
                 domain: str | None = None, no_contact_after: timedelta = NO_CONTACT_AFTER,
                 limit: int | None = None, after: str | None = None,
                 delegation: str | None = None,
                 each: Callable[[list[ReviewItem]], None] | None = None) -> list[ReviewItem]:
    """Open items of the caller's scope as of the evaluation date, most severe first.

    Args:
        kinds, referent, domain: filters (applied in the query).
        delegation: only the items of this one of the caller's delegations (its code).
        limit: at most this many items (a page); None or 0: all.
        after: the ``cursor`` of the last item of the previous page (keyset paging: a page
            costs the same wherever it is).
        each: given, the items are handed to it in pieces as they are read, in the queue's
            order, and none are returned: an export of a national queue (hundreds of
            thousands of items) then holds one piece in memory, not all of them.

    Raises:
        InputError: an unknown kind, a bad cursor or a negative limit.
    """
    if limit is not None and limit < 0:
        raise InputError(M.REVIEW_LIMIT_BAD.format(value=limit))
    cursor = parse_cursor(after) if after else None
    shape, values = _shape(call, kinds, referent, domain, no_contact_after, limit, cursor,
                           delegation=delegation)
    statement, binds = _statement(call, shape)
    if each is None:
        found = _describe(call, values.today, _rows(call, statement, binds, values))
        call.audit.detail = {"count": len(found)}
        return found
    from core.services.exports import hand_over
    seen: dict[Any, Any] = {}
    names: dict[int, str] = {}
    hand_over(call, (_describe(call, values.today, rows, seen, names)
                     for rows in _pieces(call, statement, binds, values)), each,
              sorted(k for k, v in (("kinds", kinds), ("referent", referent), ("domain", domain),
                                    ("delegation", delegation), ("after", after)) if v))
    return []


@service("review.counts", write=False)
def review_counts(call: Call, *, kinds: set[str] | None = None, referent: str | None = None,
                  domain: str | None = None,
                  no_contact_after: timedelta = NO_CONTACT_AFTER,
                  delegation: str | None = None) -> dict[str, int]:
    """How many open items of each kind the caller's queue holds (counted in the database),
    with the filters of :func:`review_queue`."""
    counts = dict.fromkeys(sorted(_kinds(kinds), key=KINDS.index), 0)
    shape, values = _shape(call, kinds, referent, domain, no_contact_after, None, None,
                           counts=True, delegation=delegation)
    statement, binds = _statement(call, shape)
    counts.update((kind, number) for kind, number in _rows(call, statement, binds, values))
    call.audit.detail = {"count": sum(counts.values())}
    return counts


def _describe(call: Call, today: date, rows: Sequence[Any],
              seen: dict[Any, Any] | None = None,
              names: dict[int, str] | None = None) -> list[ReviewItem]:
    """The page's rows as items: labels, aliases (opened for the page only, from the sealed
    alias and wrapped key read with them), details. ``seen`` and ``names``: the labels and aliases worked
    out for the pieces before (see :func:`~core.services.review_detail.describe`)."""
    from core.services import aliases
    from core.services.keys import WrappedKey
    from core.services.review_detail import describe
    sealer = call.sealer
    names = {} if names is None else names
    for r in rows:
        if r.person_id in names:
            continue
        if r.alias_enc is None:
            names[r.person_id] = aliases.ERASED
            continue
        if r.wrapped is not None:
            sealer.remember(WrappedKey(r.person_id, r.dek_version, r.kek_version, r.wrapped))
        names[r.person_id] = sealer.open(r.person_id, "persons", r.person_id, "alias",
                                         r.alias_enc)
    audits = _audits(call, [r.ref for r in rows if r.kind == "exceptional_access"])
    catalog = call.app.catalog
    seen = {} if seen is None else seen
    return [ReviewItem(**describe(catalog, today, r, audits, seen),
                       alias=names.get(r.person_id, aliases.ERASED),
                       cursor=f"{r.sev}|{r.at}|{r.rank}|{r.sub}|{r.ref}") for r in rows]


def _audits(call: Call, seqs: list[int]) -> dict[int, tuple[str, str | None]]:
    """The page's exceptional accesses: the reason typed (opened with her key) and who
    opened restricted content."""
    from core.persistence.models import User
    from core.services import audit_reasons
    found: list[Any] = []
    for chunk in chunks(sorted(set(seqs))):
        found += call.session.execute(
            select(AuditEntry.seq, AuditEntry.person_id, AuditEntry.detail, User.name)
            .outerjoin(User, AuditEntry.actor_id == User.id).where(AuditEntry.seq.in_(chunk)))
    reasons = audit_reasons.opened(call, ((person, detail) for _, person, detail, _ in found))
    return {seq: (reason, who) for (seq, _, _, who), reason in zip(found, reasons, strict=True)}
