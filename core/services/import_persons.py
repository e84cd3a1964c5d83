"""The person list: aliases, first visits, referents and notes, checked, then written in bulk.

Each person is written as ``person add`` writes her (the person, her ``person_added`` event,
her pathway at its first step with its ``track_started`` event, her last contact), plus her
referent and her note, kept *restricted*.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import insert, select

from core import messages as M
from core.errors import InputError
from core.persistence.access_models import UserDelegation
from core.crypto import search
from core.persistence.ids import next_ids
from core.persistence.models import Event, Note, Person, PersonKey, PersonSearch, Track, User
from core.persistence.text import alias_key
from core.services.import_cells import MAX_NOTE, CellError, blank, date_cell, text_cell
from core.services.import_checker import Checker, bad, persons_by_key
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
        if key in seen:
            check.issue(line, check.written["pseudo"], M.IMPORT_ALIAS_TWICE.format(
                alias=alias, line=seen[key]))
        elif search.alias_hash(hashed, alias) in known:
            check.issue(line, check.written["pseudo"], M.IMPORT_ALIAS_EXISTS.format(
                alias=alias, id=known[search.alias_hash(hashed, alias)][0]))
        seen.setdefault(key, line)
        persons.append(_Person(alias, first, referent, note))
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


def write_persons(call: Call, persons: list[_Person], delegation_id: int) -> dict[str, int]:
    session, actor, now = call.session, call.actor, call.app.now()
    defn = call.app.catalog.definition(PATHWAY)
    occurred = [call.app.occurred(p.first_visit) for p in persons]
    ids = next_ids(session, "persons", len(persons))
    keys = [call.sealer.fresh(pid) for pid in ids]
    search_key = call.app.keys.search_key
    session.execute(insert(Person.__table__), [
        {"id": pid, "alias_enc": call.sealer.seal(pid, "persons", pid, "alias", p.alias),
         "alias_hash": search.alias_hash(search_key, p.alias), "first_visit": p.first_visit,
         "referent_id": p.referent_id, "pathway_closed": False, "created_at": now,
         "created_by": actor.id, "version": 1, "last_contact_at": at,
         "delegation_id": delegation_id}
        for pid, p, at in zip(ids, persons, occurred, strict=True)])
    session.execute(insert(PersonKey.__table__), keys)
    session.execute(insert(PersonSearch.__table__), [
        {"person_id": pid, "token": t} for pid, p in zip(ids, persons, strict=True)
        for t in search.alias_tokens(search_key, p.alias)])
    tracks = Track.__table__
    track_ids = session.scalars(insert(tracks).returning(tracks.c.id, sort_by_parameter_order=True), [
        {"person_id": pid, "definition_id": defn.id, "definition_version": defn.version,
         "step": defn.initial, "status": "open", "facts": {}, "step_since": at,
         "last_event_at": at, "opened_at": now, "version": 1}
        for pid, at in zip(ids, occurred, strict=True)]).all()
    common: dict[str, Any] = {"recorded_at": now, "actor_id": actor.id, "actor_role": actor.role.value,
              "checks": [], "deadlines_enc": None, "trigger": None, "from_step": None}
    events = [{**common, "person_id": pid, "track_id": None, "kind": "person_added",
               "to_step": None, "occurred_at": at, "facts": {}}
              for pid, at in zip(ids, occurred, strict=True)]
    events += [{**common, "person_id": pid, "track_id": tid, "kind": "track_started",
                "to_step": defn.initial, "occurred_at": at, "facts": {}}
               for pid, tid, at in zip(ids, track_ids, occurred, strict=True)]
    session.execute(insert(Event.__table__), events)
    with_notes = [(pid, p.note) for pid, p in zip(ids, persons, strict=True) if p.note]
    notes = [{"id": nid, "person_id": pid, "author_id": actor.id, "sensitivity": "restricted",
              "text_enc": call.sealer.seal(pid, "notes", nid, "text", text), "created_at": now}
             for nid, (pid, text) in zip(next_ids(session, "notes", len(with_notes)), with_notes,
                                         strict=True)]
    if notes:
        session.execute(insert(Note.__table__), notes)
    return {"persons": len(ids), "notes": len(notes),
            "referents": sum(1 for p in persons if p.referent_id)}
