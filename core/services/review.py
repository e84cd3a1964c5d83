"""The supervisors' review queue, and the decisions taken on its items.

``review_queue`` gathers every kind of item (see :mod:`core.services.review_items`), drops
those a supervisor acknowledged or snoozed (a snoozed item comes back on its date), and
filters by kind, referent and domain. Each decision (acknowledge, snooze, reassign the
referent, comment) is an event, in one transaction with its mark.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from pydantic import BaseModel, ConfigDict
from sqlalchemy import and_, func, select

from core import messages as M
from core.errors import InputError, NotFound
from core.persistence.access_models import AuditEntry
from core.persistence.models import Deadline, Event, Person, ReviewMark, Track
from core.persistence.ids import chunks, next_ids
from core.services.notes_store import write_note
from core.services.registry import Call, service
from core.text import MAX_REASON, clean_block, clean_line

KINDS = ("overdue", "due_soon", "stalled", "waiting_too_long", "no_referent", "no_contact",
         "exceptional_access", "retention")
FRONT_DESK_KINDS = frozenset({"no_referent"})
"""What a referent sees about persons she does not follow: whether they need one."""
SEVERITY_ORDER = {"high": 0, "medium": 1, "low": 2}
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


def _kinds(kinds: set[str] | None) -> set[str]:
    wanted = set(kinds or KINDS)
    unknown = wanted - set(KINDS)
    if unknown:
        raise InputError(M.REVIEW_KIND_UNKNOWN.format(kind=", ".join(sorted(unknown)),
                                                      kinds=", ".join(KINDS)))
    return wanted


def _scope(call: Call) -> Any:
    """The persons whose items the caller sees: her delegations' (a supervisor), else her own
    persons plus, for the front-desk kinds, the rest of her delegations; never the erased."""
    from core.services import access
    return and_(access.visible(call), Person.erased_at.is_(None))


def _aliases(call: Call, items: list[dict[str, Any]]) -> list[str]:
    """The opened aliases of the items' persons (one query for the persons, one for keys)."""
    from core.services import aliases
    ids = sorted({i["person_id"] for i in items})
    persons = [p for chunk in chunks(ids) for p in call.session.scalars(
        select(Person).where(Person.id.in_(chunk)))]
    names = aliases.read(call, persons)
    return [names.get(i["person_id"], aliases.ERASED) for i in items]


def _readable(call: Call, item: dict[str, Any]) -> bool:
    if call.principal.role.value == "superviseur":
        return True
    return item["referent"] == call.principal.name or item["kind"] in FRONT_DESK_KINDS


@service("review.queue", write=False)
def review_queue(call: Call, *, kinds: set[str] | None = None, referent: str | None = None,
                 domain: str | None = None,
                 no_contact_after: timedelta = NO_CONTACT_AFTER) -> list[ReviewItem]:
    """Every open item of the caller's scope as of the evaluation date, most severe first."""
    from core.services import review_items as find
    wanted, today, catalog = _kinds(kinds), call.app.today(), call.app.catalog
    scope = _scope(call)
    raw = []
    if wanted & {"overdue", "due_soon"}:
        raw += find.deadlines(call.session, catalog, today, scope)
    if "stalled" in wanted:
        raw += find.stalled(call.session, catalog, today, scope)
    if "waiting_too_long" in wanted:
        raw += find.waiting_too_long(call.session, catalog, today, scope)
    if wanted & {"no_referent", "no_contact"}:
        raw += find.persons(call.session, catalog, today, no_contact_after, scope)
    if "exceptional_access" in wanted and call.principal.role.value == "superviseur":
        raw += find.exceptional(call.session, today, scope)
    if "retention" in wanted:
        raw += find.retention(call.session, today, scope)
    kept = [i for i in raw if i["kind"] in wanted and _readable(call, i)
            and (referent is None or i["referent"] == referent)
            and (domain is None or i["domain"] == domain)]
    items = [ReviewItem(**{**i, "alias": alias}) for i, alias in zip(kept, _aliases(call, kept), strict=True)]
    call.audit.detail = {"count": len(items)}
    hidden = _hidden(call, [i.key for i in items], today)
    return sorted((i for i in items if i.key not in hidden),
                  key=lambda i: (SEVERITY_ORDER[i.severity], i.due or i.since or today, i.key))


def _hidden(call: Call, keys: list[str], today: date) -> set[str]:
    """Keys whose latest mark is an acknowledgement, or a snooze not yet over."""
    if not keys:
        return set()
    latest = select(ReviewMark.item_key, func.max(ReviewMark.id).label("id")) \
        .where(ReviewMark.item_key.in_(keys)).group_by(ReviewMark.item_key).subquery()
    marks = call.session.scalars(select(ReviewMark).join(latest, ReviewMark.id == latest.c.id))
    return {m.item_key for m in marks
            if m.action == "acknowledged" or (m.until is not None and m.until > today)}


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
