"""The drop-in register: rows grouped into drop-ins, checked, then written in bulk.

A drop-in is a day and an opening time; a row without an opening time belongs to the last
drop-in given above it for that day. Written as the services write one at a time: the
drop-in and its volunteers, one visit per person with its ``visit`` event, anonymous counts,
then each person's first visit (when unknown or later) and last contact (never back).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, time
from decimal import Decimal
from typing import Any

from sqlalchemy import bindparam, case, insert, or_, select, update

from core import messages as M
from core.persistence.base import UTCDateTime
from core.persistence.models import DropIn, DropInVolunteer, Event, Person, Visit
from core.crypto import search
from core.services.import_cells import (count_cell, date_cell, hours_cell, name_cell, text_cell,
                                        time_cell)
from core.services.import_checker import Checker, bad, persons_by_key
from core.services.registry import Call


@dataclass
class _DropIn:
    day: date
    starts_at: time | None
    ends_at: time | None
    line: int
    volunteers: dict[str, tuple[str, Decimal, int]] = field(default_factory=dict)
    visits: dict[int, int] = field(default_factory=dict)
    """Person id → line."""
    anonymous: list[int] = field(default_factory=list)


def check_register(call: Call, check: Checker, delegation_id: int) -> list[_DropIn]:
    rows = []
    for line, cells in check.table.rows:
        day = check.cell(line, cells, "date", lambda v: date_cell(v, check.today))
        if day is None and "date" in check.index and not bad(check, line, "date"):
            check.issue(line, check.written["date"], M.IMPORT_REQUIRED)
        rows.append((line, day, check.cell(line, cells, "début", time_cell),
                     check.cell(line, cells, "fin", time_cell),
                     check.cell(line, cells, "bénévole", name_cell),
                     check.cell(line, cells, "heures", hours_cell),
                     check.cell(line, cells, "pseudo", text_cell),
                     check.cell(line, cells, "anonymes", count_cell)))
    starts: dict[date, set[time | None]] = {}
    for _, day, start, *_ in rows:
        if day is not None and start is not None:
            starts.setdefault(day, set()).add(start)
    persons = persons_by_key(call, delegation_id)
    dropins: dict[tuple[date, time | None], _DropIn] = {}
    current: dict[date, time] = {}
    """The session a row without a start time belongs to: the last one given above it."""
    for line, day, start, end, volunteer, hours, alias, anonymous in rows:
        if day is None:
            continue
        if start is None and day not in current and len(starts.get(day, ())) > 1:
            check.issue(line, check.written.get("début"), M.IMPORT_WHICH_DROPIN.format(day=M.short_date(day)))
            continue
        start = start or current.get(day) or next(iter(starts.get(day, {None})))
        if start is not None:
            current[day] = start
        drop = dropins.setdefault((day, start), _DropIn(day, start, end, line))
        _row_into(check, drop, line, end, volunteer, hours, alias, anonymous, persons,
                  call.app.keys.search_key)
    _against_database(call, check, list(dropins.values()), delegation_id)
    return list(dropins.values())


def _row_into(check: Checker, drop: _DropIn, line: int, end: time | None, volunteer: str | None,
              hours: Decimal | None, alias: str | None,
              anonymous: int | None, persons: dict[str, list[int]], search_key: bytes) -> None:
    w = check.written
    if end is not None:
        if drop.ends_at is not None and drop.ends_at != end:
            check.issue(line, w["fin"], M.IMPORT_OTHER_END.format(line=drop.line))
        drop.ends_at = drop.ends_at or end
        if drop.starts_at and drop.ends_at <= drop.starts_at:
            check.issue(line, w["fin"], M.DROPIN_BAD_HOURS)
    if volunteer and hours is None and not bad(check, line, "heures"):
        check.issue(line, w.get("heures", w["bénévole"]), M.IMPORT_HOURS_MISSING.format(name=volunteer))
    elif hours is not None and not volunteer and not bad(check, line, "bénévole"):
        check.issue(line, w["heures"], M.IMPORT_HOURS_WITHOUT_NAME)
    elif volunteer and hours is not None:
        seen = drop.volunteers.get(volunteer.casefold())
        if seen:
            check.issue(line, w["bénévole"], M.IMPORT_VOLUNTEER_TWICE.format(name=volunteer, line=seen[2]))
        else:
            drop.volunteers[volunteer.casefold()] = (volunteer, hours, line)
    if alias:
        found = persons.get(search.alias_hash(search_key, alias), [])
        if not found:
            check.issue(line, w["pseudo"], M.IMPORT_UNKNOWN_ALIAS.format(alias=alias))
        elif len(found) > 1:
            check.issue(line, w["pseudo"], M.IMPORT_AMBIGUOUS_ALIAS.format(
                alias=alias, ids=", ".join(str(i) for i in found)))
        elif found[0] in drop.visits:
            check.issue(line, w["pseudo"], M.IMPORT_VISIT_TWICE.format(line=drop.visits[found[0]]))
        else:
            drop.visits[found[0]] = line
    if anonymous:
        drop.anonymous.append(anonymous)


def _against_database(call: Call, check: Checker, dropins: list[_DropIn],
                      delegation_id: int) -> None:
    """A register already imported (same day, same opening time) is refused."""
    days = sorted({d.day for d in dropins})
    if not days:
        return
    existing = {(day, start): i for i, day, start in call.session.execute(
        select(DropIn.id, DropIn.day, DropIn.starts_at).where(
            DropIn.day.between(days[0], days[-1]), DropIn.delegation_id == delegation_id))}
    for drop in dropins:
        found = existing.get((drop.day, drop.starts_at))
        if found is not None:
            check.issue(drop.line, check.written["date"], M.IMPORT_DROPIN_EXISTS.format(
                day=M.short_date(drop.day), id=found))


def write_register(call: Call, dropins: list[_DropIn], delegation_id: int) -> dict[str, int]:
    session, actor, now = call.session, call.actor, call.app.now()
    table = DropIn.__table__
    ids = session.scalars(insert(table).returning(table.c.id, sort_by_parameter_order=True),
                          [{"day": d.day, "starts_at": d.starts_at, "ends_at": d.ends_at,
                            "opened_by": actor.id, "created_at": now,
                            "delegation_id": delegation_id} for d in dropins]).all()
    volunteers = [{"dropin_id": i, "name": name, "hours": hours}
                  for i, d in zip(ids, dropins, strict=True) for name, hours, _ in d.volunteers.values()]
    visits: list[dict[str, Any]] = []
    events: list[dict[str, Any]] = []
    contacts: dict[int, tuple[date, date]] = {}
    for i, d in zip(ids, dropins, strict=True):
        occurred = call.app.occurred(d.day)
        for pid in d.visits:
            visits.append({"dropin_id": i, "person_id": pid, "count": 1, "recorded_by": actor.id,
                           "recorded_at": now})
            events.append({"person_id": pid, "kind": "visit", "occurred_at": occurred,
                           "recorded_at": now, "actor_id": actor.id,
                           "actor_role": actor.role.value, "facts": {"dropin": i},
                           "checks": [], "deadlines_enc": None})
            first, last = contacts.get(pid, (d.day, d.day))
            contacts[pid] = (min(first, d.day), max(last, d.day))
        visits += [{"dropin_id": i, "person_id": None, "count": n, "recorded_by": actor.id,
                    "recorded_at": now} for n in d.anonymous]
    for rows, model in ((volunteers, DropInVolunteer), (visits, Visit), (events, Event)):
        if rows:
            session.execute(insert(model.__table__), rows)
    _touch(call, contacts)
    return {"dropins": len(ids), "volunteers": len(volunteers), "visits": len(events),
            "anonymous": sum(n for d in dropins for n in d.anonymous)}


def _touch(call: Call, contacts: dict[int, tuple[date, date]]) -> None:
    """First visit (when unknown or later) and last contact (never moved back) per person."""
    if not contacts:
        return
    c = Person.__table__.c
    day, at = bindparam("b_day", type_=c.first_visit.type), bindparam("b_at", type_=UTCDateTime())
    statement = update(Person.__table__).where(c.id == bindparam("b_id")).values(
        first_visit=case((or_(c.first_visit.is_(None), c.first_visit > day), day),
                         else_=c.first_visit),
        last_contact_at=case((or_(c.last_contact_at.is_(None), c.last_contact_at < at), at),
                             else_=c.last_contact_at))
    call.session.execute(statement, [{"b_id": pid, "b_day": first, "b_at": call.app.occurred(last)}
                                     for pid, (first, last) in contacts.items()])




def register_counts(dropins: list[_DropIn]) -> dict[str, int]:
    """What writing ``dropins`` would write."""
    return {"dropins": len(dropins), "volunteers": sum(len(d.volunteers) for d in dropins),
            "visits": sum(len(d.visits) for d in dropins),
            "anonymous": sum(n for d in dropins for n in d.anonymous)}
