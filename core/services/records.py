"""Loading and saving tracks: rows to engine states and outcomes back to rows.

The only module that maps between the ORM rows of ``core.persistence`` and the engine's
plain objects. An outcome lands as one event row, the track projection (step, facts, next
due date, version), the deadline rows it opens or closes, and the sensitive values of the
submission in their own table, all in the caller's transaction. What quotes a person's facts
is sealed with her key on the way in and opened on the way out (:mod:`core.services.keys`):
sensitive values, deadline computations, the deadlines an event records. The person as the
checks read her is :mod:`core.services.person_snapshot`'s.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from sqlalchemy import and_, bindparam, case, insert, inspect, or_, select, update
from sqlalchemy.orm import Session
from sqlalchemy.orm.attributes import set_committed_value

from core import messages as M
from core.definitions.model import TrackDefinition
from core.engine.checks import Actor
from core.engine.deadlines import OpenDeadline
from core.engine.facts import sensitivity_of
from core.engine.outcome import TransitionOutcome
from core.engine.runner import TrackState
from core.errors import ConflictError, NotFound
from core.persistence.id_list import among
from core.persistence.ids import next_ids
from core.persistence.prepared import Fixed, Write, fixed_insert, run_writes
from core.persistence.models import Deadline, Event, Person, SensitiveFact, Track
from core.services import access, followed, report_aggregates
from core.services.deadline_rows import (apply_deadlines, computation,  # noqa: F401 - re-exported
                                         open_deadlines)
from core.services.registry import Call


def open_tracks(session: Session, person_id: int) -> list[Track]:
    return list(session.scalars(select(Track).where(Track.person_id == person_id,
                                                    Track.status == "open").order_by(Track.id)))


@dataclass
class PersonFile:
    """A person's tracks and their open deadline rows, loaded once for one command."""

    person: Person
    tracks: list[Track]
    deadlines: dict[int, dict[str, Deadline]]
    """Open deadline rows by track id, then by rule id."""
    running: dict[int, OpenDeadline] = field(default_factory=dict)
    """Deadlines already opened (decrypted) in this command, by row id: the snapshot and each
    track's state read the same ones."""

    def open_rows(self, track_id: int) -> dict[str, Deadline]:
        """The track's open deadline rows by rule id (none for a closed track)."""
        return self.deadlines.get(track_id, {})

    def track(self, ref: str) -> Track:
        """Her open track of definition ``ref``, or her track with id ``ref``."""
        text = str(ref).strip()
        for track in self.tracks:
            if (text.isascii() and text.isdigit() and track.id == int(text)) or (
                    track.status == "open" and track.definition_id == text):
                return track
        raise NotFound(M.TRACK_NOT_OPEN.format(track=ref))


_FILE = (select(Track, Deadline)
         .outerjoin(Deadline, and_(Deadline.track_id == Track.id, Track.status == "open",
                                   Deadline.status == "open"))
         .where(Track.person_id == bindparam("person")).order_by(Track.id))
"""Every track of a person, each open one beside its open deadlines (none: a null)."""


def load_file(session: Session, person: Person) -> PersonFile:
    """Every track of the person and the open deadlines of her open tracks (one query)."""
    found = _file(session.execute(_FILE, {"person": person.id}), person)
    assert found is not None  # the person was given
    return found


def _file(rows: Any, person: Person | None) -> PersonFile | None:
    """A file from rows of (track, open deadline or None), grouped by track; ``person``
    None: the person is the first element of each row."""
    tracks: list[Track] = []
    deadlines: dict[int, dict[str, Deadline]] = {}
    for row in rows:
        if person is None:
            person = row[0]
        track, deadline = row[-2], row[-1]
        if track is None:
            continue  # a person without any track
        if not tracks or tracks[-1] is not track:  # rows come grouped by track (ordered)
            tracks.append(track)
        if deadline is not None:
            deadlines.setdefault(deadline.track_id, {})[deadline.rule_id] = deadline
    return None if person is None else PersonFile(person, tracks, deadlines)


@functools.cache
def _person_file(count: int, lock: bool = False) -> Any:
    """The person by number among ``count`` delegations of the caller
    (:func:`core.services.access.by_number`) and her file, as :data:`_FILE` reads it (no
    track: one row of nulls beside her); built once per count. ``lock``: her row locked by
    the statement, and read as the writers it waited for left it (her tracks as it began)."""
    return access.locking(
        select(Person, Track, Deadline).select_from(Person)
        .outerjoin(Track, Track.person_id == Person.id)
        .outerjoin(Deadline, and_(Deadline.track_id == Track.id, Track.status == "open",
                                  Deadline.status == "open"))
        .where(*access.by_number(count)).order_by(Track.id), lock)


_LOCK = Fixed(select(Person.id).where(Person.id == bindparam("id")).with_for_update(), ("id",))
"""Her row locked, run at the driver's cost, once :func:`core.services.access.find` found her."""


@functools.cache
def _lock_in_scope(count: int) -> Fixed:
    """Her row locked when she is a person of the caller's ``count`` delegations, and nobody's
    else: a number of another delegation locked first and refused after made the caller wait
    for that person's writers, and told her when that person was being written about."""
    return Fixed(select(Person.id).where(*access.by_number(count)).with_for_update(),
                 ("id", *(f"d{i}" for i in range(count))))


def find_file(call: Call, ref: str | int, *, write: bool = False,
              lock: bool = False) -> PersonFile:
    """The person ``ref`` as :func:`core.services.access.find` finds her, with her file.

    The usual call (a number, by a caller with delegations) is one statement; any other, or
    a refusal (so that it is audited and worded exactly as ``find`` does), takes ``find``'s
    way then :func:`load_file`. ``lock``, on PostgreSQL: her row is locked first, in a
    statement of its own, so that her file, read by the next one, is as the writers that held
    the lock before left it (a statement's snapshot is taken before it waits for a lock);
    SQLite runs one writer at a time. Any other ``write`` locks her row in the statement that
    reads her (:func:`core.services.access.find`): she is judged as the writers it waited for
    left her, her tracks as they were when it began.
    """
    lock = lock and call.session.get_bind().dialect.name == "postgresql"
    scoped = access.number_in_scope(call, ref, write=write)
    if scoped is not None:
        values = access.by_number_values(*scoped)
        if lock:
            _lock_in_scope(len(scoped[1])).run(call.session.connection(), values)
        read = _person_file(len(scoped[1]), write and not lock and access.locks(call))
        file = _file(call.session.execute(read, values), None)
        if file is not None:
            return file
    person = access.find(call, ref, write=write)
    if lock and not write:
        _LOCK.run(call.session.connection(), {"id": person.id})
    return load_file(call.session, person)


def find_track(session: Session, person: Person, ref: str) -> Track:
    """The person's open track of definition ``ref``, or her track with id ``ref``."""
    return load_file(session, person).track(ref)


_PERSONS = Person.__table__
_TOUCH = (update(_PERSONS)
          .where(_PERSONS.c.id == bindparam("person"),
                 or_(_PERSONS.c.last_contact_at.is_(None),
                     _PERSONS.c.last_contact_at < bindparam("at")))
          .values(last_contact_at=bindparam("at")))
_TOUCHED = Fixed(_TOUCH, ("person", "at"))
_TOUCHED_FOLLOWED = Fixed(
    update(_PERSONS).where(_PERSONS.c.id == bindparam("person"))
    .values(last_contact_at=case((or_(_PERSONS.c.last_contact_at.is_(None),
                                      _PERSONS.c.last_contact_at < bindparam("at")),
                                  bindparam("at")), else_=_PERSONS.c.last_contact_at),
            followed=bindparam("followed", type_=_PERSONS.c.followed.type)),
    ("person", "at", "followed"))
""":data:`_TOUCHED` with whether she is followed (:mod:`core.services.followed`): one
statement still, after a transition that may change it."""


def touch_contact(session: Session, person_id: int, occurred_at: datetime) -> None:
    """Move the person's last-contact projection forward (never back).

    A plain UPDATE, not the ORM: the projection must not bump the person file's version, or
    two caseworkers advancing two different tracks of one person would conflict. Built once
    and run at the driver's cost on the session's connection (the write path runs it on every
    call: :class:`~core.persistence.prepared.Fixed`).
    """
    touch = _touch_write(person_id, occurred_at)
    touch.fixed.run(session.connection(), touch.values)


def _touch_write(person_id: int, occurred_at: datetime) -> Write:
    """:func:`touch_contact` as a write to run with others (:func:`record_outcome`)."""
    return Write(_TOUCHED, {"person": person_id, "at": occurred_at})


_SENSITIVE = (select(SensitiveFact.id, SensitiveFact.person_id, SensitiveFact.name,
                     SensitiveFact.value_enc)
              .where(SensitiveFact.track_id == bindparam("track")).order_by(SensitiveFact.id))
"""Built once, run as Core: a value is only opened here, never changed."""


def sensitive_values(call: Call, track: Track) -> dict[str, Any]:
    """Latest sensitive or restricted value of each fact of a track (opened)."""
    rows = call.session.connection().execute(_SENSITIVE, {"track": track.id})
    return {row.name: opened_value(call, row) for row in rows}


def opened_value(call: Call, row: Any) -> Any:
    """The value of a ``sensitive_facts`` row (or of its id, person, value columns), opened."""
    return call.sealer.open(row.person_id, "sensitive_facts", row.id, "value", row.value_enc)


_SENSITIVE_OF = Fixed(select(SensitiveFact.id, SensitiveFact.person_id, SensitiveFact.track_id,
                            SensitiveFact.name, SensitiveFact.value_enc)
                     .where(among(SensitiveFact.track_id)).order_by(SensitiveFact.id), ("ids",))


def sensitive_by_track(call: Call, tracks: list[Track]) -> dict[int, dict[str, Any]]:
    """:func:`sensitive_values` of several tracks with one query (their ids as one value)."""
    found: dict[int, dict[str, Any]] = {t.id: {} for t in tracks}
    if tracks:
        for row in _SENSITIVE_OF.run(call.session.connection(), {"ids": list(found)}):
            found[row.track_id][row.name] = opened_value(call, row)
    return found


def track_state(call: Call, file: PersonFile, track: Track, *,
                sensitive: dict[str, Any] | None = None) -> TrackState:
    """The engine's view of one of the file's tracks (ordinary and sensitive facts, open
    deadlines).

    ``sensitive``: its sensitive values when already read (:func:`sensitive_by_track`).
    """
    if sensitive is None:
        sensitive = sensitive_values(call, track)
    facts = {**track.facts, **sensitive}
    return TrackState(track.definition_id, track.definition_version, track.step, facts,
                      open_deadlines(call, file, track.id), track.status, track.id)


def new_track(session: Session, person: Person, defn: TrackDefinition, actor: Actor,
              occurred_at: datetime, recorded_at: datetime) -> Track:
    """Insert a track at the definition's initial step, with its ``track_started`` event."""
    track = Track(person_id=person.id, delegation_id=person.delegation_id,
                  definition_id=defn.id, definition_version=defn.version,
                  step=defn.initial, facts={}, step_since=occurred_at, last_event_at=occurred_at,
                  started_at=occurred_at)
    session.add(track)
    session.flush()
    session.add(Event(person_id=person.id, track_id=track.id, kind="track_started",
                      to_step=defn.initial, occurred_at=occurred_at, recorded_at=recorded_at,
                      actor_id=actor.id, actor_role=actor.role.value, facts={}))
    touch_contact(session, person.id, occurred_at)
    if followed.opens_followed(defn):
        opened = followed.set_write(person.id, True)
        opened.fixed.run(session.connection(), opened.values)
    return track


def split_facts(defn: TrackDefinition, trigger: str, step: str,
                facts: dict[str, Any]) -> tuple[dict[str, Any], dict[str, tuple[str, Any]]]:
    """Ordinary facts, and sensitive ones with their class, per the transition's schema."""
    transition = defn.transition(trigger, step)
    schema = defn.facts_schema(transition) if transition else None
    ordinary: dict[str, Any] = {}
    sensitive: dict[str, tuple[str, Any]] = {}
    for name, value in facts.items():
        level = sensitivity_of(schema, name) if schema else "ordinary"
        if level == "ordinary":
            ordinary[name] = value
        else:
            sensitive[name] = (level, value)
    return ordinary, sensitive


_EVENT_COLUMNS = ("person_id", "track_id", "kind", "trigger", "from_step", "to_step",
                  "occurred_at", "recorded_at", "actor_id", "actor_role", "facts", "checks",
                  "deadlines_enc")
_INSERT_EVENT = fixed_insert(Event.__table__, ("id", *_EVENT_COLUMNS))
_INSERT_EVENT_ID = fixed_insert(Event.__table__, _EVENT_COLUMNS, returning=Event.__table__.c.id)


def record_outcome(call: Call, defn: TrackDefinition, track: Track, outcome: TransitionOutcome,
                   occurred_at: datetime, open_rows: dict[str, Deadline], *,
                   delegation_id: int | None = None, followed_after: bool | None = None) -> int:
    """Write the event, the sealed sensitive values, the deadlines, the new projection and
    the report's monthly count of this transition (same transaction).

    Returns the event's id. ``open_rows`` are the track's open deadline rows;
    ``delegation_id`` is the person's (looked up when not given); ``followed_after``, when
    the transition may change it, whether she is followed afterwards
    (:func:`core.services.followed.after`).
    """
    session, actor, person = call.session, call.actor, track.person_id
    ordinary, sensitive = split_facts(defn, outcome.trigger, outcome.from_step, outcome.facts)
    changes = [c.model_dump(mode="json") for c in outcome.deadlines]
    row = {"person_id": person, "track_id": track.id, "kind": "transition",
           "trigger": outcome.trigger, "from_step": outcome.from_step, "to_step": outcome.to_step,
           "occurred_at": occurred_at, "recorded_at": call.app.now(), "actor_id": actor.id,
           "actor_role": actor.role.value,
           "facts": {**ordinary, **({"_sensibles": sorted(sensitive)} if sensitive else {})},
           "checks": [r.model_dump(mode="json") for r in outcome.checks], "deadlines_enc": None}
    connection = session.connection()  # statements built once, no ORM object: Fixed
    # An event that needs nothing of its own id beforehand (no sealed deadlines, no sensitive
    # value, no deadline to close) goes with the last writes; else its id comes first.
    alone = bool(changes or sensitive or (outcome.final and open_rows))
    if changes:  # the sealed deadlines are bound to the event's id: it is needed first
        event_id = row["id"] = next_ids(session, "events")[0]
        row["deadlines_enc"] = call.sealer.seal(person, "events", event_id, "deadlines", changes)
        _INSERT_EVENT.run(connection, row)
    elif alone:  # nothing to seal: the database gives the id (one statement less)
        event_id = _INSERT_EVENT_ID.run(connection, row).scalar_one()
    if alone:
        _store_sensitive(call, track, event_id, sensitive)
    still_open = apply_deadlines(call, track, outcome.deadlines, event_id, dict(open_rows),
                                  final=outcome.final) if alone else open_rows
    # The last contact, the month's count and the projection (and the event, when it can
    # wait): one round trip where the back-end takes them as one statement (PostgreSQL).
    writes = [] if alone else [Write(_INSERT_EVENT_ID, row)]
    touch = _touch_write(person, occurred_at) if followed_after is None else \
        Write(_TOUCHED_FOLLOWED, {"person": person, "at": occurred_at, "followed": followed_after})
    writes += [touch, report_aggregates.transition_write(
        session, report_aggregates.delegation_of(session, person)
        if delegation_id is None else delegation_id,
        track.definition_id, outcome.trigger, outcome.to_step, occurred_at)]
    projection = _projection_write(session, track, outcome, ordinary, occurred_at,
                                   [r.due for r in still_open.values()])
    answers = run_writes(connection, writes + [projection] if projection else writes)
    if projection is not None:
        _projected(session, track, projection, answers[-1])
    if not alone:
        event_id = answers[0]
    return event_id


def _store_sensitive(call: Call, track: Track, event_id: int,
                     sensitive: dict[str, tuple[str, Any]]) -> None:
    if not sensitive:
        return
    ids = next_ids(call.session, "sensitive_facts", len(sensitive))
    call.session.execute(insert(SensitiveFact), [
        {"id": row_id, "person_id": track.person_id, "track_id": track.id, "event_id": event_id,
         "name": name, "sensitivity": level, "recorded_at": call.app.now(),
         "value_enc": call.sealer.seal(track.person_id, "sensitive_facts", row_id, "value", value)}
        for row_id, (name, (level, value)) in zip(ids, sorted(sensitive.items()), strict=True)])


_TRACKS = Track.__table__
_PROJECTED = ("step", "step_since", "facts", "last_event_at", "next_due", "status", "closed_at")
"""The projection's columns; an UPDATE assigns only those a transition changes (an index is
rewritten for every column assigned, changed or not), and always the version."""
_PROJECTS: dict[tuple[str, ...], Fixed] = {}


def _projection(columns: tuple[str, ...]) -> Fixed:
    """``UPDATE tracks SET <columns>, version WHERE id = ? AND version = ?``, built once per
    set of columns (a transition changes one of a handful)."""
    found = _PROJECTS.get(columns)
    if found is None:
        names = (*columns, "version")
        found = _PROJECTS[columns] = Fixed(
            update(_TRACKS)
            .where(_TRACKS.c.id == bindparam("p_id"),
                   _TRACKS.c.version == bindparam("p_expected"))
            .values({name: bindparam(f"p_{name}", type_=_TRACKS.c[name].type)
                     for name in names}),
            ("p_id", "p_expected", *(f"p_{name}" for name in names)))
    return found


def _projection_write(session: Session, track: Track, outcome: TransitionOutcome,
                      ordinary: dict[str, Any], occurred_at: datetime,
                      dues: list[date]) -> Write | None:
    """The track's new projection and its version bumped, unless it changed meanwhile
    (:func:`_projected` checks the count and keeps the loaded row in step).

    One Core ``UPDATE ... WHERE id = ? AND version = ?`` rather than the unit of work (a
    flush costs several times the statement). None when the track was changed in this
    session and not flushed: the unit of work then writes it all (its version too).
    """
    values = {
        "step": outcome.to_step,
        "step_since": occurred_at if outcome.to_step != outcome.from_step else track.step_since,
        "facts": {**track.facts, **ordinary} if ordinary else track.facts,
        "last_event_at": max(track.last_event_at, occurred_at),
        "next_due": min(dues) if dues else None,
        "status": "closed" if outcome.final else track.status,
        "closed_at": occurred_at if outcome.final else track.closed_at}
    if inspect(track).modified:
        for name, value in values.items():
            setattr(track, name, value)
        return None
    changed = tuple(name for name in _PROJECTED if values[name] != getattr(track, name))
    return Write(_projection(changed), {
        "p_id": track.id, "p_expected": track.version, "p_version": track.version + 1,
        **{f"p_{name}": values[name] for name in changed}})


def _projected(session: Session, track: Track, write: Write, count: int) -> None:
    """After the projection's ``UPDATE``: the loaded row holds the values written, as
    committed, so no flush writes them again.

    Raises:
        ConflictError: another transaction changed the track since it was read.
    """
    if count != 1:
        raise ConflictError(M.DB_CONFLICT_STALE)
    written = {name.removeprefix("p_"): value for name, value in write.values.items()
               if name not in ("p_id", "p_expected", "p_version")}
    for name, value in written.items():
        if name != "facts":
            set_committed_value(track, name, value)
    set_committed_value(track, "version", track.version + 1)
    if "facts" in written:  # read again if asked: its in-place changes stay tracked
        session.expire(track, ["facts"])
