"""The person list: aliases, first visits, referents and notes, checked, then written in bulk.

Each person is written as ``person add`` writes her (the person, her ``person_added`` event,
her pathway at its first step with its ``track_started`` event, her last contact), plus her
referent and her note, kept *restricted*.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import select

from core import messages as M
from core.errors import InputError
from core.persistence.access_models import UserDelegation
from core.crypto import search
from core.persistence.bulk import BulkInsert
from core.persistence.ids import next_ids
from core.persistence.models import Event, Note, Person, PersonKey, PersonSearch, Track, User
from core.persistence.text import alias_key
from core.services import followed
from core.services.import_cells import MAX_NOTE, CellError, blank, date_cell, text_cell
from core.services.import_checker import Checker, bad, persons_by_key
from core.services.import_model import Progress
from core.services.persons import PATHWAY, clean_alias
from core.services.registry import Call

CASEWORK_ROLES = ("referent", "superviseur")
"""Who can be a person's referent."""


@dataclass
class _Person:
    alias: str
    first_visit: date | None
    referent_id: int | None
    note: str
    key: str
    """:func:`alias_key` of the alias (normalised once: a large list has many)."""
    hashed: str
    """Its keyed hash (:func:`core.crypto.search.key_hash`)."""


def check_persons(call: Call, check: Checker, delegation_id: int) -> list[_Person]:
    users = {name: (uid, role, active) for uid, name, role, active in
             call.session.execute(select(User.id, User.name, User.role, User.active).join(
                 UserDelegation, UserDelegation.user_id == User.id).where(
                 UserDelegation.delegation_id == delegation_id))}
    folded: dict[str, list[str]] = {}
    for name in users:
        folded.setdefault(name.casefold(), []).append(name)
    known = persons_by_key(call, delegation_id)
    hashed = call.app.keys.search_key
    seen: dict[str, int] = {}
    persons = []
    for line, cells in check.table.rows:
        alias = check.cell(line, cells, "pseudo", _alias)
        first = check.cell(line, cells, "premier passage", lambda v: date_cell(v, check.today))
        referent = check.cell(line, cells, "référent",
                              lambda v: _referent(text_cell(v), users, folded))
        note = check.cell(line, cells, "notes", lambda v: text_cell(v, MAX_NOTE, block=True)) or ""
        if alias == "" and not bad(check, line, "pseudo"):
            check.issue(line, check.written["pseudo"], M.ALIAS_EMPTY)
        if not alias:
            continue
        key = alias_key(alias)
        digest = search.key_hash(hashed, key)
        if key in seen:
            check.issue(line, check.written["pseudo"], M.IMPORT_ALIAS_TWICE.format(
                alias=alias, line=seen[key]))
        elif digest in known:
            check.issue(line, check.written["pseudo"], M.IMPORT_ALIAS_EXISTS.format(
                alias=alias, id=known[digest][0]))
        seen.setdefault(key, line)
        persons.append(_Person(alias, first, referent, note, key, digest))
    return persons


def _alias(value: Any) -> str:
    if blank(value):
        return ""
    try:
        return clean_alias(text_cell(value, MAX_NOTE))
    except InputError as exc:
        raise CellError(exc.msg) from None


def _referent(name: str, users: dict[str, tuple[int, str, bool]],
              folded: dict[str, list[str]]) -> int | None:
    if not name:
        return None
    matches = [name] if name in users else folded.get(name.casefold(), [])
    if len(matches) != 1 or not users[matches[0]][2]:
        raise CellError(M.IMPORT_UNKNOWN_REFERENT.format(name=name))
    uid, role, _ = users[matches[0]]
    if role not in CASEWORK_ROLES:
        raise CellError(M.IMPORT_NOT_REFERENT.format(name=name, role=role))
    return uid


def write_persons(call: Call, persons: list[_Person], delegation_id: int,
                  progress: Progress | None = None) -> dict[str, int]:
    """Write the checked persons in batches of :data:`BATCH` (all in the caller's transaction:
    all or nothing), telling ``progress`` how many are written after each."""
    writers = _Writers(call)
    for start in range(0, len(persons), BATCH):
        batch = persons[start:start + BATCH]
        _write_batch(call, writers, batch, delegation_id)
        if progress is not None:
            progress(start + len(batch), len(persons))
    return {"persons": len(persons), "notes": sum(1 for p in persons if p.note),
            "referents": sum(1 for p in persons if p.referent_id)}


BATCH = 2000
"""Persons per batch: the rows of one batch are built in memory, then written."""

_EVENT_COLUMNS = ("person_id", "track_id", "kind", "trigger", "from_step", "to_step",
                  "occurred_at", "recorded_at", "actor_id", "actor_role", "facts", "checks",
                  "deadlines_enc")


class _Writers:
    """One compiled INSERT per table (:class:`BulkInsert`), for every batch."""

    def __init__(self, call: Call) -> None:
        dialect = call.session.get_bind().dialect
        self.persons = BulkInsert(Person.__table__, (
            "id", "alias_enc", "alias_hash", "first_visit", "referent_id", "pathway_closed",
            "created_at", "created_by", "version", "last_contact_at", "delegation_id",
            "followed"), dialect)
        self.keys = BulkInsert(PersonKey.__table__, ("person_id", "dek_version", "kek_version",
                                                     "created_at", "wrapped"), dialect)
        self.search = BulkInsert(PersonSearch.__table__, ("person_id", "token"), dialect)
        self.tracks = BulkInsert(Track.__table__, (
            "id", "person_id", "delegation_id", "definition_id", "definition_version", "step",
            "status", "facts", "step_since", "last_event_at", "opened_at", "version"), dialect)
        self.events = BulkInsert(Event.__table__, _EVENT_COLUMNS, dialect)
        self.notes = BulkInsert(Note.__table__, ("id", "person_id", "author_id", "sensitivity",
                                                 "text_enc", "created_at"), dialect)


def _write_batch(call: Call, w: _Writers, persons: list[_Person], delegation_id: int) -> None:
    """Each person as ``person add`` writes her: her row, data key, search pieces, pathway at
    its first step, ``person_added`` and ``track_started`` events, and her restricted note."""
    session, actor, now = call.session, call.actor, call.app.now()
    connection = session.connection()
    defn = call.app.catalog.definition(PATHWAY)
    occurred = [call.app.occurred(p.first_visit) for p in persons]
    ids = next_ids(session, "persons", len(persons))
    search_key = call.app.keys.search_key
    keys = [call.sealer.fresh(pid) for pid in ids]  # before sealing: the sealer uses them
    w.persons.run(connection, w.persons.rows_of([
        {"id": pid, "alias_enc": call.sealer.seal(pid, "persons", pid, "alias", p.alias),
         "alias_hash": p.hashed, "first_visit": p.first_visit,
         "referent_id": p.referent_id, "last_contact_at": at}
        for pid, p, at in zip(ids, persons, occurred, strict=True)],
        {"pathway_closed": False, "created_at": now, "created_by": actor.id, "version": 1,
         "delegation_id": delegation_id, "followed": followed.opens_followed(defn)}))
    w.keys.run(connection, w.keys.rows_of(keys))
    w.search.run(connection, [[pid, t] for pid, p in zip(ids, persons, strict=True)
                              for t in search.key_tokens(search_key, p.key)])
    track_ids = next_ids(session, "tracks", len(ids))
    w.tracks.run(connection, w.tracks.rows_of(
        [{"id": tid, "person_id": pid, "step_since": at, "last_event_at": at}
         for pid, tid, at in zip(ids, track_ids, occurred, strict=True)],
        {"definition_id": defn.id, "definition_version": defn.version, "step": defn.initial,
         "status": "open", "facts": {}, "opened_at": now, "version": 1,
         "delegation_id": delegation_id}))
    common: dict[str, Any] = {"recorded_at": now, "actor_id": actor.id,
                              "actor_role": actor.role.value, "checks": [], "facts": {},
                              "deadlines_enc": None, "trigger": None, "from_step": None}
    events = [{"person_id": pid, "track_id": None, "kind": "person_added", "to_step": None,
               "occurred_at": at} for pid, at in zip(ids, occurred, strict=True)]
    events += [{"person_id": pid, "track_id": tid, "kind": "track_started",
                "to_step": defn.initial, "occurred_at": at}
               for pid, tid, at in zip(ids, track_ids, occurred, strict=True)]
    w.events.run(connection, w.events.rows_of(events, common))
    with_notes = [(pid, p.note) for pid, p in zip(ids, persons, strict=True) if p.note]
    w.notes.run(connection, w.notes.rows_of(
        [{"id": nid, "person_id": pid,
          "text_enc": call.sealer.seal(pid, "notes", nid, "text", text)}
         for nid, (pid, text) in zip(next_ids(session, "notes", len(with_notes)), with_notes,
                                     strict=True)],
        {"author_id": actor.id, "sensitivity": "restricted", "created_at": now}))
