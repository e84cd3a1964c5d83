"""The decisions taken on the review queue's items: acknowledge, snooze, reassign, comment.

Each decision is an event, in one transaction with its mark (a comment: with a restricted
note), on an item the caller's queue may show (:mod:`core.services.review` builds it): any
other key is refused as one that does not exist. Told apart, a forged key answered, number by
number, which deadlines, tracks or audit rows exist beyond what she may read.
"""

from __future__ import annotations

from datetime import date

from sqlalchemy import select

from core import messages as M
from core.errors import InputError, NotFound, PermissionDenied
from core.persistence.access_models import AuditEntry
from core.persistence.ids import next_ids
from core.persistence.models import Deadline, Event, Person, ReviewMark, Track
from core.services.notes_store import write_note
from core.services.registry import Call, service
from core.text import MAX_REASON, clean_block, clean_line


KEY_SHAPES = {"overdue": ("deadline", 3), "due_soon": ("deadline", 3),
              "stalled": ("track", 5), "waiting": ("track", 5), "no_referent": ("person", 3),
              "no_contact": ("person", 4), "exceptional_access": ("audit", 3),
              "retention": ("person", 4)}
"""The table an item key names and its number of parts, by the key's first part (``waiting``
is ``waiting_too_long``'s): :mod:`core.services.review_items` builds them so. A key of any
other shape is no item."""
FRONT_DESK_KINDS = frozenset({"no_referent"})
"""Kinds a caller who is not a supervisor is shown for the whole of her delegations, not only
for the persons she follows (:func:`core.services.review_items.no_referent`)."""
SUPERVISION_KINDS = frozenset({"exceptional_access", "retention"})
"""Kinds shown to supervisors only (:func:`core.services.review._shape` drops them for anyone
else): an exceptional access is a colleague's; the end of retention is theirs to act on
(erase, or hold), and a referent's queue leaving out her persons under a legal hold told her
which were held, which only supervisors are told (``person show``'s ``held``)."""


def _subject(call: Call, key: str) -> tuple[int, int | None]:
    """The person (and track) an item key is about, when the caller's queue may show it.

    Deny by default: a key of an unknown shape, a number that does not exist, and one outside
    what her queue shows (another delegation, a person she does not follow for a kind that
    is not the front desk's, an erased file, an audit row that is no exceptional access) are
    all refused with the same words. Told apart, a forged key answered, number by number,
    which deadlines, tracks or audit rows exist beyond what she may read, and wrote a comment
    on a file she does not follow.

    Raises:
        NotFound: the caller's queue may not show such an item.
    """
    parsed = _parsed(key)
    subject = _in_scope(call, *parsed[1:]) if parsed is not None else None
    if parsed is None or subject is None or not _shown(call, parsed[0], subject[0]):
        raise NotFound(M.REVIEW_ITEM_UNKNOWN.format(key=key))
    person, track = subject
    call.audit.person_id = person.id
    call.audit.target = f"review:{parsed[0]}"
    from core.services import access
    access.grant(call, "review_item", person.id, key)
    # Every decision writes about her: held as any write is (access.lock), a reassignment
    # read before her erasure committed set her referent again afterwards.
    access.lock(call, person)
    if not _shown(call, parsed[0], person):
        # Asked again of her row as the lock left it: her former referent, reassigned while
        # this call waited, commented a file she no longer follows.
        raise NotFound(M.REVIEW_ITEM_UNKNOWN.format(key=key))
    return person.id, track


def _parsed(key: str) -> tuple[str, str, int] | None:
    """(kind, table, number) of a key of one of :data:`KEY_SHAPES`' shapes; None otherwise."""
    parts = str(key).split(":")
    shape = KEY_SHAPES.get(parts[0])
    if shape is None or len(parts) != shape[1] or parts[1] != shape[0]:
        return None
    number = parts[2]
    # Bounded as a person's number is (access.find): a longer one overflowed the database's
    # integers, a failure rather than a refusal.
    if not (number.isascii() and number.isdigit() and len(number) <= 18):
        return None
    return parts[0], parts[1], int(number)


def _in_scope(call: Call, table: str, number: int) -> tuple[Person, int | None] | None:
    """The person (and track) row ``number`` of ``table`` is about, if she is one the caller
    may see at all (her delegations, not erased); an audit row counts only when it is an
    exceptional access."""
    from core.services import access
    if table == "audit":
        person_id = call.session.scalar(select(AuditEntry.person_id).where(
            AuditEntry.seq == number, AuditEntry.reason == "exceptional_access"))
        track_id = None
    elif table == "person":
        person_id, track_id = number, None
    elif table == "deadline":
        deadline = call.session.get(Deadline, number)
        person_id, track_id = (deadline.person_id, deadline.track_id) if deadline else (None, None)
    else:
        track = call.session.get(Track, number)
        person_id, track_id = (track.person_id, track.id) if track else (None, None)
    if person_id is None:
        return None
    person = call.session.scalar(select(Person).where(
        Person.id == person_id, Person.erased_at.is_(None), access.visible(call)))
    return (person, track_id) if person is not None else None


def _shown(call: Call, kind: str, person: Person) -> bool:
    """Whether the caller's queue shows items of ``kind`` about ``person`` (scoped as
    :func:`_shape` scopes it): a supervisor every item of her delegations; anyone else the
    items about the persons she follows, and the front-desk kinds about the others who have
    no referent (the only ones such an item is about: with a referent, her file is another's)."""
    principal = call.principal
    if principal.role.value == "superviseur":
        return True
    if kind in SUPERVISION_KINDS:
        return False
    if person.referent_id == principal.user_id:
        return True
    return kind in FRONT_DESK_KINDS and person.referent_id is None


def _record(call: Call, key: str, kind: str, facts: dict) -> tuple[Event, int, int | None]:
    person, track = _subject(call, key)
    event = Event(person_id=person, track_id=track, kind=kind, occurred_at=call.app.occurred(None),
                  recorded_at=call.app.now(), actor_id=call.actor.id,
                  actor_role=call.actor.role.value, facts={"item": key, **facts})
    call.session.add(event)
    call.session.flush()
    return event, person, track


def _acknowledged(call: Call, key: str) -> bool:
    """Whether the item ``key`` was acknowledged already."""
    return call.session.scalar(select(ReviewMark.id).where(
        ReviewMark.item_key == key, ReviewMark.action == "acknowledged").limit(1)) is not None


def _own_access(call: Call, key: str) -> bool:
    """Whether the exceptional access ``key`` names (its audit row) is the caller's own."""
    seq = int(key.split(":")[2])  # _subject checked the key's form
    actor = call.session.scalar(select(AuditEntry.actor_id).where(AuditEntry.seq == seq))
    return actor == call.principal.user_id


def _mark(call: Call, key: str, action: str, until: date | None, reason: str | None,
          facts: dict) -> None:
    event, person, track = _record(call, key, f"review_{action}", facts)
    if key.startswith("exceptional_access:") and _own_access(call, key):
        # Shown to the other supervisors so that someone else reads why she opened it.
        raise PermissionDenied(M.REVIEW_OWN_ACCESS)
    if action == "acknowledged" and _acknowledged(call, key):
        # Asked once more (a key pressed twice, a command run again): an item acknowledged
        # has left the queue for good, and a second mark and event told of two decisions.
        # Checked once the key is known to be hers to decide: no oracle on other items.
        raise InputError(M.REVIEW_ALREADY_ACKNOWLEDGED)
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
    from core.services.review import queue_day
    today = queue_day(call, tuple(call.principal.delegations))  # the day her queue is on
    if until <= today:
        raise InputError(M.REVIEW_SNOOZE_DATE.format(today=M.long_date(today)))
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
    candidates = _candidates(call, person.delegation_id)
    user = next((u for u in candidates if u.name == referent), None)
    if user is None:
        raise InputError(_not_a_candidate(call, referent, person.delegation_id,
                                          [u.name for u in candidates]))
    person.referent_id = user.id


def _not_a_candidate(call: Call, name: str, delegation_id: int, names: list[str]) -> str:
    """Why ``name`` cannot follow a person of that delegation, and who can (the first few)."""
    from core.persistence.access_models import Delegation
    code = call.session.get_one(Delegation, delegation_id).code
    if not names:
        return M.REVIEW_REFERENT_NONE.format(name=name, delegation=code)
    shown = ", ".join(f"« {n} »" for n in names[:NAMES_SHOWN])
    if len(names) > NAMES_SHOWN:
        shown += " " + M.REVIEW_NAMES_MORE.format(rest=len(names) - NAMES_SHOWN)
    return M.REVIEW_REFERENT_ROLE.format(name=name, delegation=code, names=shown)


NAMES_SHOWN = 8
"""Accounts named at most in a refusal (a delegation may have dozens)."""


@service("review.comment")
def comment(call: Call, key: str, text: str) -> None:
    """Comment an item: an event, and the text as a restricted note on the person."""
    from core.services.notes import MAX_NOTE
    body = clean_block(text or "", limit=MAX_NOTE, field="le commentaire")
    if not body:
        raise InputError(M.REVIEW_COMMENT_EMPTY)
    event, person, track = _record(call, key, "review_comment", {})
    write_note(call, person, track, event.id, body, "restricted")
