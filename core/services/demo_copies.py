"""Copies of a demo delegation-year, written in bulk: the volumes ``parcours demo --scale`` builds.

Playing one delegation-year through the engine takes tens of seconds; a national base of
100,000 persons is over two hundred of them. So the demo plays the first delegation-year (its
stories, checks, deadlines and projections are the engine's own) and writes each further one
as a copy of it: a new delegation with its own staff (no password), new persons with fresh
fictitious aliases and their own data keys, her tracks, events, deadlines, sensitive values,
notes, drop-ins and visits. Ids are allocated before insert
(:func:`core.persistence.ids.next_ids`); every sealed field is opened once with the template
person's key and sealed again with the copy's, bound to its new row
(:mod:`core.crypto.contexts`), so a copy is as readable, searchable and erasable as the
original. A copy ``years`` back has every date moved back that many years (29 February becomes
the 28th), ISO dates inside facts and sealed computations too; the French explanations of
deadlines keep the template's wording.

Speed: the template's rows are converted to driver values once per year back
(:class:`core.persistence.bulk.BulkInsert`); a copy only swaps ids, seals and writes.

Consents are copied (the demo records each followed person's consent to follow-up; without
it a copy's case tracks would refuse every step). Not copied: review marks, legal holds and
approvals (the demo writes none).
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from sqlalchemy import Table, select

from core import messages as M
from core.crypto import contexts, search
from core.crypto.cipher import new_key, seal
from core.persistence.access_models import Delegation, UserDelegation
from core.persistence.bulk import BulkInsert
from core.persistence.ids import next_ids
from core.persistence.models import (Consent, Deadline, DropIn, DropInVolunteer, Event, Note,
                                     Person, PersonIdentity, PersonKey, PersonSearch,
                                     SensitiveFact, Track, User, Visit)
from core.errors import InputError
from core.services import report_aggregates
from core.services.registry import Call, service
from core.text import clean_name

ISO_DAY = re.compile(r"\d{4}-\d{2}-\d{2}")
SEALED = {  # table → (sealed column, context column)
    "persons": ("alias_enc", "alias"), "person_identities": ("data_enc", "data"),
    "events": ("deadlines_enc", "deadlines"), "deadlines": ("computation_enc", "computation"),
    "sensitive_facts": ("value_enc", "value"), "notes": ("text_enc", "text"),
    "consents": ("partner_enc", "partner"),
}
COPIED = (Person, PersonIdentity, DropIn, DropInVolunteer, Track, Event, Deadline, SensitiveFact,
          Note, Consent, Visit)
"""Tables copied, parents first (foreign keys are checked row by row)."""
REMAP = {  # column → whose new ids replace its values
    "id": "self", "person_id": "persons", "track_id": "tracks", "dropin_id": "dropins",
    "event_id": "events", "opened_event_id": "events", "closed_event_id": "events",
    "referent_id": "users", "created_by": "users", "actor_id": "users", "recorded_by": "users",
    "opened_by": "users", "author_id": "users", "delegation_id": "delegation",
    "withdrawn_by": "users", "withdrawal_event_id": "events",
}
JSON_COLUMNS = ("facts", "summary", "needs", "checks")


@dataclass(frozen=True)
class Written:
    """What one copy wrote: its delegation, its persons' and drop-ins' new ids."""

    delegation: int
    persons: list[int]
    dropins: list[int]
    names: dict[str, str]
    """The copy's staff names (``name (N)``) → the template's (``name``)."""


@dataclass
class Template:
    """One delegation-year's rows, read once, with the plaintext of every sealed field."""

    delegation: int
    staff: list[dict[str, Any]]
    rows: dict[str, list[dict[str, Any]]]
    plain: dict[tuple[str, int], Any] = field(default_factory=dict)
    """Opened sealed values by (table, template row id)."""
    prepared: dict[tuple[str, int], _Prepared] = field(default_factory=dict)
    """Driver-ready rows by (table, years back)."""

    def count(self, table: str) -> int:
        return len(self.rows.get(table, []))


def _rows(session: Any, table: Table, condition: Any) -> list[dict[str, Any]]:
    return [dict(r) for r in session.execute(select(table).where(condition)
                                             .order_by(*table.primary_key.columns)).mappings()]


def _row_id(table: str, row: dict[str, Any]) -> int:
    """The row id a sealed value is bound to (a legal identity's is its person's)."""
    return row["id"] if "id" in row else row["person_id"]


def load_template(call: Call, delegation: int, written: Written | None = None) -> Template:
    """Read delegation ``delegation``'s persons, staff, drop-ins and everything about them
    (``written``: only the persons and drop-ins of that copy, with the delegation's staff)."""
    session = call.session
    staff = [dict(r) for r in session.execute(select(User.__table__).join(
        UserDelegation, UserDelegation.user_id == User.id)
        .where(UserDelegation.delegation_id == delegation).order_by(User.id)).mappings()]
    persons: Any = select(Person.id).where(Person.delegation_id == delegation,
                                           Person.erased_at.is_(None))
    dropins: Any = select(DropIn.id).where(DropIn.delegation_id == delegation)
    if written is not None:  # its staff under the template's names: copies rename them
        persons, dropins = written.persons, written.dropins
        staff = [{**user, "name": written.names.get(user["name"], user["name"])}
                 for user in staff]
    rows = {"persons": _rows(session, Person.__table__, Person.id.in_(persons))}
    for model in (PersonIdentity, Track, Event, Deadline, SensitiveFact, Note, Consent):
        rows[model.__tablename__] = _rows(session, model.__table__, model.person_id.in_(persons))
    rows["dropins"] = _rows(session, DropIn.__table__, DropIn.id.in_(dropins))
    rows["dropin_volunteers"] = _rows(session, DropInVolunteer.__table__,
                                      DropInVolunteer.dropin_id.in_(dropins))
    rows["visits"] = _rows(session, Visit.__table__, Visit.dropin_id.in_(dropins))
    template = Template(delegation, staff, rows)
    call.sealer.preload([p["id"] for p in rows["persons"]])
    for table, (column, name) in SEALED.items():
        for row in rows[table]:
            if row[column] is not None and table != "persons":
                template.plain[(table, _row_id(table, row))] = call.sealer.open(
                    row["person_id"], table, _row_id(table, row), name, row[column])
    return template


def shift_day(value: Any, years: int) -> Any:
    """A date or datetime ``years`` earlier (29 February becomes the 28th); others unchanged."""
    if not years or not isinstance(value, date):
        return value
    target = value.year - years
    if value.month == 2 and value.day == 29:
        return value.replace(year=target, day=28)
    return value.replace(year=target)


def shift_json(value: Any, years: int, names: dict[str, str] | None = None) -> Any:
    """A JSON value with its ISO dates moved back and the template staff's names replaced."""
    if isinstance(value, dict):
        return {k: shift_json(v, years, names) for k, v in value.items()}
    if isinstance(value, list):
        return [shift_json(v, years, names) for v in value]
    if isinstance(value, str):
        if years and len(value) == 10 and ISO_DAY.fullmatch(value):
            return shift_day(date.fromisoformat(value), years).isoformat()
        return names.get(value, value) if names else value
    return value


def _encode(value: Any) -> bytes:
    # The same encoding as Sealer.seal, so that Sealer.open reads a copy like the original.
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"), default=str).encode()


@dataclass
class _Prepared:
    """A template table's rows as driver values, dates moved back; ids still the template's."""

    writer: BulkInsert
    base: list[list[Any]]
    remaps: list[tuple[int, str]]
    """(position, whose ids) of every column holding an id."""
    sealed: int | None
    plain: list[bytes | None]
    """What to seal in each row (already moved back)."""
    dynamic: dict[int, dict[str, Any]]
    """Rows whose JSON changes with each copy (staff names, drop-in ids): their facts."""


def _names_in(value: Any, names: set[str]) -> bool:
    if isinstance(value, dict):
        return any(_names_in(v, names) for v in value.values())
    if isinstance(value, list):
        return any(_names_in(v, names) for v in value)
    return isinstance(value, str) and value in names


def _prepare(template: Template, table: Table, years: int, dialect: Any) -> _Prepared:
    source = template.rows[table.name]
    columns = [c.name for c in table.columns]
    writer = BulkInsert(table, columns, dialect)
    staff = {u["name"] for u in template.staff}
    base, plain, dynamic = [], [], {}
    for n, row in enumerate(source):
        shifted = {c: shift_day(v, years) for c, v in row.items()}
        for c in JSON_COLUMNS:
            if shifted.get(c) is not None:
                shifted[c] = shift_json(shifted[c], years)
        facts = shifted.get("facts")
        if facts and (_names_in(facts, staff) or (table.name == "events" and "dropin" in facts)):
            dynamic[n] = facts
        sealed = SEALED.get(table.name)
        if sealed:
            shifted[sealed[0]] = None
            value = template.plain.get((table.name, _row_id(table.name, row)))
            plain.append(None if value is None else _encode(shift_json(value, years)))
        base.append(writer.convert_row(shifted))
    remaps = [(writer.index(c), REMAP[c]) for c in columns if c in REMAP]
    position = writer.index(SEALED[table.name][0]) if table.name in SEALED else None
    return _Prepared(writer, base, remaps, position, plain, dynamic)


@dataclass
class _Copy:
    """One copy being written: the new ids by table, the copy's staff names and data keys."""

    call: Call
    template: Template
    years: int
    ids: dict[str, dict[int, int]] = field(default_factory=dict)
    names: dict[str, str] = field(default_factory=dict)
    keys: dict[int, bytes] = field(default_factory=dict)
    """New person id → her new data key."""
    visit_facts: dict[int, Any] = field(default_factory=dict)

    def allocate(self, table: str) -> None:
        old = [r["id"] for r in self.template.rows[table]]
        self.ids[table] = dict(zip(old, next_ids(self.call.session, table, len(old)), strict=True))

    def rows(self, table: Table) -> list[list[Any]]:
        """The table's rows for this copy: ids swapped, fields sealed with the new keys."""
        key = (table.name, self.years)
        if key not in self.template.prepared:
            self.template.prepared[key] = _prepare(self.template, table, self.years,
                                                   self.call.session.get_bind().dialect)
        prepared = self.template.prepared[key]
        maps = {name: self.ids.get(table.name if name == "self" else name, {})
                for _, name in prepared.remaps}
        out = []
        for n, base in enumerate(prepared.base):
            row = list(base)
            for position, name in prepared.remaps:
                if row[position] is not None:
                    row[position] = maps[name].get(row[position], row[position])
            if n in prepared.dynamic:
                self._dynamic(prepared, row, prepared.dynamic[n])
            plain = prepared.plain[n] if prepared.sealed is not None else None
            if prepared.sealed is not None and plain is not None:
                row[prepared.sealed] = self._seal(table.name, row, prepared, plain)
            out.append(row)
        return out

    def _dynamic(self, prepared: _Prepared, row: list[Any], value: dict[str, Any]) -> None:
        at = prepared.writer.index("facts")
        if list(value) == ["dropin"]:  # a visit event: thousands, but one value per drop-in
            old = value["dropin"]
            if old not in self.visit_facts:
                self.visit_facts[old] = prepared.writer.convert(
                    "facts", {"dropin": self.ids["dropins"].get(old)})
            row[at] = self.visit_facts[old]
            return
        value = shift_json(value, 0, self.names)
        if "dropin" in value:
            value["dropin"] = self.ids["dropins"].get(value["dropin"])
        row[at] = prepared.writer.convert("facts", value)

    def _seal(self, table: str, row: list[Any], prepared: _Prepared, plain: bytes) -> bytes:
        writer = prepared.writer
        row_id = row[writer.index("id")] if "id" in writer.columns \
            else row[writer.index("person_id")]
        person = row_id if table == "persons" else row[writer.index("person_id")]
        return seal(self.keys[person], plain, contexts.field(table, row_id, SEALED[table][1], 1))


def _staff(copy: _Copy, delegation: int, number: int | None) -> None:
    """The template's staff again, renamed for this copy (``name (N)``), members of its
    delegation: those an earlier copy into the same delegation wrote are reused, the others
    written. ``number`` None: the template's own delegation, worked by its own staff."""
    session, template = copy.call.session, copy.template
    if number is None:
        copy.ids["users"] = {u["id"]: u["id"] for u in template.staff}
        return
    wanted = {u["name"]: f"{u['name']} ({number})" for u in template.staff}
    found = {name: user_id for name, user_id in session.execute(
        select(User.name, User.id).where(User.name.in_(list(wanted.values()))))}
    copy.names.update(wanted)
    missing = [u for u in template.staff if wanted[u["name"]] not in found]
    ids = next_ids(session, "users", len(missing)) if missing else []
    rows = [{**user, "id": new, "name": wanted[user["name"]], "password_hash": None}
            for new, user in zip(ids, missing, strict=True)]
    found.update((r["name"], r["id"]) for r in rows)
    copy.ids["users"] = {u["id"]: found[wanted[u["name"]]] for u in template.staff}
    members = set(session.scalars(select(UserDelegation.user_id).where(
        UserDelegation.delegation_id == delegation,
        UserDelegation.user_id.in_(list(found.values())))))
    dialect, connection = session.get_bind().dialect, session.connection()
    if rows:
        users = BulkInsert(User.__table__, list(rows[0]), dialect)
        users.run(connection, [users.convert_row(r) for r in rows])
    joining = sorted(set(found.values()) - members)
    if joining:
        writer = BulkInsert(UserDelegation.__table__, ["user_id", "delegation_id"], dialect)
        writer.run(connection, [[i, delegation] for i in joining])


def _persons(copy: _Copy, aliases: list[str]) -> None:
    """The copy's persons: new ids, data keys, aliases sealed and hashed, search pieces."""
    session, keys = copy.call.session, copy.call.app.keys
    copy.allocate("persons")
    persons = copy.ids["persons"]
    key_rows, tokens = [], []
    by_new = {}
    for new, alias in zip(persons.values(), aliases, strict=True):
        dek = copy.keys[new] = new_key()
        by_new[new] = alias
        key_rows.append({"person_id": new, "dek_version": 1, "kek_version": keys.version,
                         "created_at": copy.call.app.now(),
                         "wrapped": seal(keys.kek(keys.version), dek,
                                         contexts.person_key(new, 1, keys.version))})
        tokens += [[new, t] for t in search.alias_tokens(keys.search_key, alias)]
    rows = copy.rows(Person.__table__)
    writer = copy.template.prepared[("persons", copy.years)].writer
    at_id, at_enc, at_hash = (writer.index(c) for c in ("id", "alias_enc", "alias_hash"))
    for row in rows:
        alias = by_new[row[at_id]]
        row[at_enc] = seal(copy.keys[row[at_id]], _encode(alias),
                           contexts.field("persons", row[at_id], "alias", 1))
        row[at_hash] = search.alias_hash(keys.search_key, alias)
    connection, dialect = session.connection(), session.get_bind().dialect
    writer.run(connection, rows)
    person_keys = BulkInsert(PersonKey.__table__, list(key_rows[0]), dialect)
    person_keys.run(connection, [person_keys.convert_row(r) for r in key_rows])
    BulkInsert(PersonSearch.__table__, ["person_id", "token"], dialect).run(connection, tokens)


def next_number(session: Any) -> int:
    """The first free demo delegation number (``demo-N``)."""
    codes = set(session.scalars(select(Delegation.code).where(Delegation.code.like("demo-%"))))
    number = 1
    while f"demo-{number}" in codes:
        number += 1
    return number


def write_copy(call: Call, template: Template, years: int, aliases: list[str],
               code: str | None = None) -> Written:
    """Write one copy of ``template`` into a delegation; returns what it wrote.

    Args:
        years: how many years back the copy's dates go.
        aliases: one new alias per template person, in the template's order; a multiple of
            that many repeats the template's persons in the one delegation (a bigger
            delegation-year: same staff and drop-ins, more persons; anonymous visits once).
        code: the delegation to write into: the template's own (another year of its
            persons, by its staff), or ``demo-N`` (created if missing, with the template's
            staff as ``name (N)``; reused with them if an earlier copy made it). None: a new
            ``demo-N``, the first free number.
    """
    people = template.count("persons")
    if not people or len(aliases) % people:
        raise InputError(M.DEMO_COPY_ALIASES.format(given=len(aliases), persons=people))
    delegation, number = _delegation(call, template, code)
    copy = _Copy(call, template, years, ids={"delegation": {template.delegation: delegation}})
    _staff(copy, delegation, number)
    persons: list[int] = []
    for start in range(0, len(aliases), people):
        _person_rows(copy, aliases[start:start + people], first=start == 0)
        persons += copy.ids["persons"].values()
    report_aggregates.rebuild(call.session, [delegation])  # its figures, from its rows
    return Written(delegation, persons, list(copy.ids.get("dropins", {}).values()),
                   {new: old for old, new in copy.names.items()})


def _delegation(call: Call, template: Template, code: str | None) -> tuple[int, int | None]:
    """The copy's delegation (created when new) and the number its staff's names carry
    (None: the template's own delegation)."""
    session = call.session
    if code is not None:
        found = session.execute(select(Delegation.id).where(Delegation.code == code)).scalar()
        if found == template.delegation:
            return found, None
        number = demo_number(code)
        if found is not None:
            return found, number
    else:
        number = next_number(session)
    row = Delegation(code=f"demo-{number}", label=M.DEMO_DELEGATION.format(number=number),
                     created_at=call.app.now())
    session.add(row)
    session.flush()
    return row.id, number


def demo_number(code: str) -> int:
    """N of a demo delegation's code ``demo-N``."""
    number = code.removeprefix("demo-")
    if code == number or not number.isdigit():
        raise InputError(M.DEMO_NOT_A_DEMO_DELEGATION.format(code=code))
    return int(number)


SHARED = ("dropins", "dropin_volunteers")
"""Tables written once per copy, whatever the number of times its persons are repeated."""


def _person_rows(copy: _Copy, aliases: list[str], *, first: bool) -> None:
    """The template's persons once more (and, the first time, the delegation's drop-ins)."""
    connection = copy.call.session.connection()
    copy.keys.clear()
    _persons(copy, aliases)
    for model in COPIED[1:]:
        table = model.__table__
        if not copy.template.rows[table.name] or (table.name in SHARED and not first):
            continue
        if "id" in table.c:
            copy.allocate(table.name)
        rows = copy.rows(table)
        if table.name == "visits" and not first:  # anonymous visitors are counted once
            at = copy.template.prepared[("visits", copy.years)].writer.index("person_id")
            rows = [r for r in rows if r[at] is not None]
        copy.template.prepared[(table.name, copy.years)].writer.run(connection, rows)


@service("demo.fill")
def copy_year(call: Call, template: int | Template, years: int, aliases: list[str],
              code: str | None = None, ended_in: int | None = None) -> Template:
    """One copy of a demo delegation-year in one transaction (administrators only).

    ``template`` is the delegation to copy, or the :class:`Template` a previous call returned
    (read once for all the copies); ``code``: the delegation written into (see
    :func:`write_copy`). Returns the template. With ``ended_in`` (a year), every pathway of
    the copy is then ended during that year (:mod:`core.services.demo_aging`) and the copy,
    so aged, is returned as the template of the copies further back.
    """
    from core.services.demo_aging import DemoClock, end_pathways
    aliases = [clean_name(alias, field="le pseudonyme") for alias in aliases]
    loaded = template if isinstance(template, Template) else load_template(call, template)
    written = write_copy(call, loaded, years, aliases, code)
    call.audit.target = f"delegation:{written.delegation}"
    call.audit.detail = {"copy_of": loaded.delegation, "persons": len(aliases)}
    if ended_in is None:
        return loaded
    clock = DemoClock(call.app, date(ended_in, 1, 1))
    ended = end_pathways(call, clock, written.delegation, written.persons, ended_in)
    call.audit.detail["ended"] = ended
    return load_template(call, written.delegation, written)


__all__ = ["Template", "Written", "copy_year", "demo_number", "load_template", "shift_day", "shift_json",
           "write_copy"]
