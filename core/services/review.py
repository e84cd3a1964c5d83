"""The supervisors' review queue, and the decisions taken on its items.

``review_queue`` gathers every kind of item (see :mod:`core.services.review_items`), drops
those a supervisor acknowledged or snoozed (a snoozed item comes back on its date), and
filters by kind, referent and domain, all in one query: marks are joined, not bound, and a
page (``limit``, then ``after`` the last item's cursor) is sorted and cut by the database, so
only its items are described and their aliases opened. ``review_counts`` counts the items of
each kind the same way. Each decision (acknowledge, snooze, reassign the referent, comment)
is an event, in one transaction with its mark.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta
from collections.abc import Callable, Sequence
from typing import Any

from pydantic import BaseModel, ConfigDict
from sqlalchemy import and_, func, or_, select, union_all

from core import messages as M
from core.errors import InputError, NotFound
from core.persistence.access_models import AuditEntry
from core.persistence.models import Deadline, Event, Person, ReviewMark, Track
from core.persistence import sql_days
from core.persistence.ids import chunks, next_ids
from core.services.notes_store import write_note
from core.services.registry import Call, service
from core.services.review_items import KIND_ORDER
from core.text import MAX_REASON, clean_block, clean_line

KINDS = KIND_ORDER
NO_CONTACT_AFTER = timedelta(weeks=8)


class ReviewItem(BaseModel):
    """One thing a supervisor should look at."""

    model_config = ConfigDict(frozen=True)

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


def _context(call: Call, referent: str | None, domain: str | None,
             no_contact_after: timedelta) -> Any:
    """The arms' context: the caller's scope, and her own persons unless she supervises.

    A supervisor sees every item of her delegations; anyone else the items about the persons
    she follows, plus, for the front-desk kinds, the rest of her delegations; never the erased.
    """
    from core.persistence.access_models import Delegation
    from core.persistence.models import User
    from core.services import access
    from core.services import review_items as find
    own = None if call.principal.role.value == "superviseur" else \
        Person.referent_id == call.principal.user_id
    referent_id = call.session.scalar(select(User.id).where(User.name == referent)) \
        if referent is not None else None
    # Walking each kind's national index in the queue's order pays when the caller sees most
    # of the base; for one delegation or one referent, her few items are found from her
    # persons and sorted.
    everyone = call.session.scalar(select(func.count()).select_from(Delegation)) or 0
    wide = own is None and referent is None and 2 * len(call.principal.delegations) >= everyone
    return find.Context(call.app.catalog, call.app.today(), call.session.get_bind().dialect.name,
                        and_(access.visible(call), Person.erased_at.is_(None)), own,
                        referent, domain, no_contact_after, referent_id=referent_id, wide=wide)


def _hidden(today: date) -> Any:
    """Keys whose latest mark is an acknowledgement, or a snooze not yet over (a subquery:
    the marks are joined in the database, never bound one by one)."""
    latest = select(func.max(ReviewMark.id)).group_by(ReviewMark.item_key)
    return select(ReviewMark.item_key).where(
        ReviewMark.id.in_(latest),
        or_(ReviewMark.action == "acknowledged", ReviewMark.until > today))


def _arms(call: Call, kinds: set[str] | None, referent: str | None, domain: str | None,
          no_contact_after: timedelta) -> tuple[list[Any], Any]:
    from core.services import review_items as find
    wanted = _kinds(kinds)
    if call.principal.role.value != "superviseur":
        wanted.discard("exceptional_access")
    ctx = _context(call, referent, domain, no_contact_after)
    return find.arms(ctx, wanted), ctx


def _visible(arm: Any, hidden: Any) -> Any:
    return arm.query.where(arm.key.not_in(hidden))


Cursor = tuple[int, str, int, str, int]


def parse_cursor(after: str) -> Cursor:
    """``after`` as (severity rank, at, kind rank, sub, ref): where an item sits in the order.

    Raises:
        InputError: not a cursor this queue gave.
    """
    parts = str(after or "").split("|")
    try:
        sev, at, rank, sub, ref = int(parts[0]), parts[1], int(parts[2]), parts[3], int(parts[4])
        for stamp in (at, sub):
            if stamp:
                datetime.fromisoformat(stamp)
    except (ValueError, IndexError):
        raise InputError(M.REVIEW_CURSOR_BAD.format(value=after)) from None
    if len(parts) != 5 or sev not in (0, 1, 2) or not 0 <= rank < len(KINDS) or not at:
        raise InputError(M.REVIEW_CURSOR_BAD.format(value=after))
    return sev, at, rank, sub, ref


def _after(arm: Any, cursor: Cursor, dialect: str, *, seek: bool) -> Any:
    """The arm's rows after ``cursor`` (same severity: the order's other terms decide)."""
    _, at, rank, sub, ref = cursor
    mine = sql_days.binary(arm.at, dialect)
    if arm.rank != rank:
        later = mine >= at if arm.rank > rank else mine > at
    else:
        tail = sql_days.binary(arm.sub, dialect)
        later = or_(mine > at, and_(mine == at, or_(tail > sub, and_(tail == sub,
                                                                      arm.ref > ref))))
    return and_(later, arm.seek(at)) if seek and arm.seek is not None else later


def _page(arms: list[Any], hidden: Any, limit: int | None, cursor: Cursor | None,
          dialect: str) -> Any:
    """Each arm's rows after the cursor, united. With ``limit`` (a wide scope's page), each
    arm gives only its first ``limit`` rows on its own index order: the page is among them,
    and no arm is read past what a page needs."""
    parts: list[Any] = []  # Select arms of differing column types
    for arm in arms:
        query = _visible(arm, hidden)
        if cursor is not None:
            if arm.sev < cursor[0]:
                continue  # wholly before the cursor
            if arm.sev == cursor[0]:
                query = query.where(_after(arm, cursor, dialect, seek=bool(limit)))
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


@service("review.queue", write=False)
def review_queue(call: Call, *, kinds: set[str] | None = None, referent: str | None = None,
                 domain: str | None = None, no_contact_after: timedelta = NO_CONTACT_AFTER,
                 limit: int | None = None, after: str | None = None) -> list[ReviewItem]:
    """Open items of the caller's scope as of the evaluation date, most severe first.

    Args:
        kinds, referent, domain: filters (applied in the query).
        limit: at most this many items (a page); None or 0: all.
        after: the ``cursor`` of the last item of the previous page (keyset paging: a page
            costs the same wherever it is).

    Raises:
        InputError: an unknown kind, a bad cursor or a negative limit.
    """
    if limit is not None and limit < 0:
        raise InputError(M.REVIEW_LIMIT_BAD.format(value=limit))
    cursor = parse_cursor(after) if after else None
    arms, ctx = _arms(call, kinds, referent, domain, no_contact_after)
    dialect = ctx.dialect
    items = _page(arms, _hidden(ctx.today), limit if ctx.wide else None, cursor, dialect)
    rows = [] if items is None else call.session.execute(
        select(items).order_by(*_order(items, dialect)).limit(limit or None)).all()
    found = _describe(call, rows)
    call.audit.detail = {"count": len(found)}
    return found


@service("review.counts", write=False)
def review_counts(call: Call, *, kinds: set[str] | None = None, referent: str | None = None,
                  domain: str | None = None,
                  no_contact_after: timedelta = NO_CONTACT_AFTER) -> dict[str, int]:
    """How many open items of each kind the caller's queue holds (counted in the database)."""
    counts = dict.fromkeys(sorted(_kinds(kinds), key=KINDS.index), 0)
    arms, ctx = _arms(call, kinds, referent, domain, no_contact_after)
    items = _page(arms, _hidden(ctx.today), None, None, ctx.dialect)
    if items is not None:
        counts.update(call.session.execute(
            select(items.c.kind, func.count()).group_by(items.c.kind)).all())
    call.audit.detail = {"count": sum(counts.values())}
    return counts


def _describe(call: Call, rows: Sequence[Any]) -> list[ReviewItem]:
    """The page's rows as items: labels, aliases (opened for the page only), details."""
    from core.services import aliases
    from core.services.review_detail import describe
    persons = sorted({r.person_id for r in rows})
    found = [p for chunk in chunks(persons) for p in call.session.scalars(
        select(Person).where(Person.id.in_(chunk)))]
    names = aliases.read(call, found)
    audits = _audits(call, [r.ref for r in rows if r.kind == "exceptional_access"])
    return [ReviewItem(**describe(call.app.catalog, call.app.today(), r, audits),
                       alias=names.get(r.person_id, aliases.ERASED),
                       cursor=f"{r.sev}|{r.at}|{r.rank}|{r.sub}|{r.ref}") for r in rows]


def _audits(call: Call, seqs: list[int]) -> dict[int, tuple[AuditEntry, str | None]]:
    """The audit rows of the page's exceptional accesses, with who opened what."""
    from core.persistence.models import User
    out: dict[int, tuple[AuditEntry, str | None]] = {}
    for chunk in chunks(sorted(set(seqs))):
        for entry, who in call.session.execute(
                select(AuditEntry, User.name).outerjoin(User, AuditEntry.actor_id == User.id)
                .where(AuditEntry.seq.in_(chunk))):
            out[entry.seq] = (entry, who)
    return out


def _subject(call: Call, key: str) -> tuple[int, int | None]:
    """The person (and track) an item key is about."""
    parts = key.split(":")
    try:
        table, number = parts[1], int(parts[2])
    except (IndexError, ValueError):
        raise NotFound(M.REVIEW_ITEM_UNKNOWN.format(key=key)) from None
    if parts[0] not in KINDS and parts[0] != "waiting":
        raise NotFound(M.REVIEW_ITEM_UNKNOWN.format(key=key))
    if table == "audit":
        entry = call.session.scalar(select(AuditEntry).where(AuditEntry.seq == number))
        person_id = entry.person_id if entry is not None else None
        track_id = None
    else:
        model = {"deadline": Deadline, "track": Track, "person": Person}.get(table)
        row = call.session.get(model, number) if model else None
        person_id = row.id if isinstance(row, Person) else (
            row.person_id if isinstance(row, Deadline | Track) else None)
        track_id = row.id if isinstance(row, Track) else (
            row.track_id if isinstance(row, Deadline) else None)
    person = call.session.get(Person, person_id) if person_id is not None else None
    from core.services import access
    if person is None or access.scope_of(call.principal, person).value == "other":
        raise NotFound(M.REVIEW_ITEM_UNKNOWN.format(key=key))
    call.audit.person_id = person.id
    call.audit.target = f"review:{key.split(':')[0]}"
    return person.id, track_id


def _record(call: Call, key: str, kind: str, facts: dict) -> tuple[Event, int, int | None]:
    person, track = _subject(call, key)
    event = Event(person_id=person, track_id=track, kind=kind, occurred_at=call.app.occurred(None),
                  recorded_at=call.app.now(), actor_id=call.actor.id,
                  actor_role=call.actor.role.value, facts={"item": key, **facts})
    call.session.add(event)
    call.session.flush()
    return event, person, track


def _mark(call: Call, key: str, action: str, until: date | None, reason: str | None,
          facts: dict) -> None:
    event, person, track = _record(call, key, f"review_{action}", facts)
    mark_id = next_ids(call.session, "review_marks")[0]
    sealed = call.sealer.seal(person, "review_marks", mark_id, "reason", reason) if reason else None
    call.session.add(ReviewMark(id=mark_id, item_key=key, kind=key.split(":")[0], person_id=person,
                                track_id=track, action=action, until=until, reason_enc=sealed,
                                actor_id=call.actor.id, event_id=event.id))


@service("review.decide")
def acknowledge(call: Call, key: str) -> None:
    """Mark an item as seen: it leaves the queue until its situation changes."""
    _mark(call, key, "acknowledged", None, None, {})


@service("review.decide")
def snooze(call: Call, key: str, until: date, reason: str) -> None:
    """Hide an item until ``until`` (it comes back on that day), with a reason."""
    if until <= call.app.today():
        raise InputError(M.REVIEW_SNOOZE_DATE.format(today=M.long_date(call.app.today())))
    text = clean_line(reason or "", limit=MAX_REASON, field="le motif")
    if not text:
        raise InputError(M.REVIEW_REASON_NEEDED)
    _mark(call, key, "snoozed", until, text, {"until": until.isoformat()})


@service("review.decide")
def reassign(call: Call, key: str, referent: str) -> None:
    """Give the item's person another referent (an active referent or supervisor of her
    delegation)."""
    from core.services.tracks import _candidates
    event, person_id, _ = _record(call, key, "review_reassign", {"referent": referent})
    person = call.session.get_one(Person, person_id)  # _record found her
    user = next((u for u in _candidates(call, person.delegation_id) if u.name == referent), None)
    if user is None:
        raise InputError(M.REVIEW_REFERENT_ROLE.format(name=referent))
    person.referent_id = user.id


@service("review.comment")
def comment(call: Call, key: str, text: str) -> None:
    """Comment an item: an event, and the text as a restricted note on the person."""
    from core.services.notes import MAX_NOTE
    body = clean_block(text or "", limit=MAX_NOTE, field="le commentaire")
    if not body:
        raise InputError(M.REVIEW_COMMENT_EMPTY)
    event, person, track = _record(call, key, "review_comment", {})
    write_note(call, person, track, event.id, body, "restricted")
