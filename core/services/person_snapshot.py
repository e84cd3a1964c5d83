"""The person as the engine's checks read her: her tracks, consents, delegation and birth date.

A :class:`~core.engine.checks.PersonSnapshot` is built for every transition and every list of
actions. Her referent's name, her sealed identity, her data key, her delegation with its
approvals and her consents come in one statement (:data:`_CONTEXT`); her tracks and their
open deadlines from the file :mod:`core.services.records` loaded. What must be opened to be
read (her alias, her birth date, her other tracks' deadlines) is opened when a check reads it.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from functools import cached_property
from datetime import date, datetime
from typing import Any, NamedTuple

from sqlalchemy import bindparam, select
from sqlalchemy.orm import Session

from core.definitions.catalog import Catalog
from core.delegation import Agrement, DelegationInfo, zone_of
from core.engine.checks import ConsentSnapshot, PersonSnapshot, TrackSnapshot
from core.persistence.access_models import AgrementRow, Delegation
from core.persistence.models import Consent, Person, PersonIdentity, PersonKey, User
from core.services import aliases, consent_store
from core.services.records import PersonFile, load_file, open_deadlines
from core.services.registry import Call


def _birth_date(call: Call, person: Person, sealed: bytes | None) -> date | None:
    """The person's date of birth, when her legal identity holds one (opened)."""
    if sealed is None:
        return None
    data = call.sealer.open(person.id, "person_identities", person.id, "data", sealed)
    return date.fromisoformat(data["birth_date"]) if data.get("birth_date") else None


_DELEGATIONS, _AGREMENTS = Delegation.__table__, AgrementRow.__table__
_DELEGATION_COLUMNS = (
    _DELEGATIONS.c.code, _DELEGATIONS.c.holiday_subdivision, _DELEGATIONS.c.department,
    _AGREMENTS.c.id.label("agrement"), _AGREMENTS.c.department.label("agrement_department"),
    _AGREMENTS.c.requested_on, _AGREMENTS.c.completed_on, _AGREMENTS.c.granted_on,
    _AGREMENTS.c.refused_on, _AGREMENTS.c.valid_from, _AGREMENTS.c.valid_to)
_CONSENTS = Consent.__table__
_CONSENT_COLUMNS = (_CONSENTS.c.id.label("consent"), _CONSENTS.c.purpose, _CONSENTS.c.partner_enc,
                    _CONSENTS.c.given_on, _CONSENTS.c.expires_on, _CONSENTS.c.withdrawn_at)
_CONTEXT = (select(User.name, PersonIdentity.data_enc, PersonKey.person_id, PersonKey.dek_version,
                   PersonKey.kek_version, PersonKey.wrapped, *_DELEGATION_COLUMNS,
                   *_CONSENT_COLUMNS)
            .select_from(Person)
            .outerjoin(User, User.id == Person.referent_id)
            .outerjoin(PersonIdentity, PersonIdentity.person_id == Person.id)
            .outerjoin(PersonKey, PersonKey.person_id == Person.id)
            .outerjoin(_DELEGATIONS, _DELEGATIONS.c.id == Person.delegation_id)
            .outerjoin(_AGREMENTS, _AGREMENTS.c.delegation_id == _DELEGATIONS.c.id)
            .outerjoin(_CONSENTS, _CONSENTS.c.person_id == Person.id)
            .where(Person.id == bindparam("person")).order_by(_AGREMENTS.c.id, _CONSENTS.c.id))
"""Built once, run as Core: her referent's name, her sealed identity, her key's columns (all
the sealer reads of its row), her delegation and its approvals, her consents: a row per
(approval, consent) pair, a handful (a delegation has one approval per department it asked
in, a person one consent per purpose and partner)."""


class _Consent(NamedTuple):
    """A consent's columns of a :data:`_CONTEXT` row, named as the table names them."""

    id: int
    person_id: int
    purpose: str
    partner_enc: bytes | None
    given_on: date
    expires_on: date | None
    withdrawn_at: datetime | None


@dataclass(frozen=True)
class _Context:
    referent: str | None
    identity: bytes | None
    delegation: DelegationInfo | None
    consents: tuple[ConsentSnapshot, ...]


def _context(call: Call, person: Person) -> _Context:
    """Her referent's name, her sealed identity, her delegation and her consents, and her data
    key put in the sealer's cache, in one query: six lookups on the write path otherwise."""
    rows = call.session.connection().execute(_CONTEXT, {"person": person.id}).all()
    row = rows[0]
    if row.person_id is not None:
        call.sealer.remember(row)
    consents = {r.consent: _Consent(r.consent, person.id, r.purpose, r.partner_enc, r.given_on,
                                    r.expires_on, r.withdrawn_at)
                for r in rows if r.consent is not None}
    delegation = _delegation(rows)
    return _Context(row.name, row.data_enc, delegation,
                    tuple(consent_store.snapshot(call, c, zone_of(delegation)) for c in
                          sorted(consents.values(), key=lambda c: c.id)))


def person_snapshot(call: Call, catalog: Catalog, person: Person,
                    file: PersonFile | None = None) -> PersonSnapshot:
    """The person, all her tracks (ordinary facts only) and her consents, for the checks.

    Her referent, delegation and consents are read at once (the command's own rules need
    them); her tracks, alias and birth date when a check first reads them (:class:`_Deferred`).
    """
    file = file or load_file(call.session, person)
    context = _context(call, person)
    snapshot = object.__new__(_Deferred)  # the deferred three left out of its __dict__
    snapshot.__dict__.update(id=person.id, referent=context.referent,
                             delegation=context.delegation, consents=context.consents,
                             _sources=_Sources(call, catalog, person, file, context.identity))
    return snapshot


@dataclass(frozen=True)
class _Sources:
    """What a :class:`_Deferred` snapshot reads its deferred values from (the command's call)."""

    call: Call
    catalog: Catalog
    person: Person
    file: PersonFile
    identity: bytes | None


class _Deferred(PersonSnapshot):
    """A snapshot whose tracks, alias and birth date are built on first read.

    Each opens sealed values (her other tracks' deadlines, her alias, her identity): a tenth
    of a write, measured, although most transitions run no check that reads them. A check
    that reads one gets the same value an eager snapshot holds: nothing the command changes
    is written before the engine has decided. A value never read is never opened.
    """

    _sources: _Sources

    @property
    def _open_sources(self) -> _Sources:
        # A check that kept the snapshot must not open her values after the call (unaudited,
        # through a session the door has ended): what it read during the call stays cached.
        if self._sources.call.closed:
            raise RuntimeError("a person's snapshot was read after the call that built it")
        return self._sources

    @cached_property
    def tracks(self) -> tuple[TrackSnapshot, ...]:
        src = self._open_sources
        return tuple(TrackSnapshot.of(src.catalog.definitions.get((row.definition_id,
                                                                   row.definition_version)),
                                      row, open_deadlines(src.call, src.file, row.id))
                     for row in src.file.tracks)

    @cached_property
    def alias(self) -> str:
        src = self._open_sources
        return aliases.one(src.call, src.person)

    @cached_property
    def birth_date(self) -> date | None:
        src = self._open_sources
        return _birth_date(src.call, src.person, src.identity)


_DELEGATION = (select(*_DELEGATION_COLUMNS)
               .outerjoin_from(_DELEGATIONS, _AGREMENTS,
                               _AGREMENTS.c.delegation_id == _DELEGATIONS.c.id)
               .where(_DELEGATIONS.c.id == bindparam("delegation"))
               .order_by(_AGREMENTS.c.id))
"""A delegation and its approvals, as columns (no ORM object is kept), built once."""


def delegation_info(session: Session, delegation_id: int) -> DelegationInfo | None:
    """The engine's view of a delegation: holiday calendar, department and approvals."""
    return _delegation(session.connection().execute(
        _DELEGATION, {"delegation": delegation_id}).all())


def _delegation(rows: Sequence[Any]) -> DelegationInfo | None:
    """A delegation from its rows of :data:`_DELEGATION_COLUMNS` (one per approval)."""
    if not rows or rows[0].code is None:
        return None
    row = rows[0]
    # One row per approval, or several (a row per approval and consent: :data:`_CONTEXT`).
    approvals = {a.agrement: a for a in rows if a.agrement is not None}
    return DelegationInfo(code=row.code, holiday_subdivision=row.holiday_subdivision,
                          department=row.department, agrements=tuple(
                              Agrement(department=a.agrement_department,
                                       requested_on=a.requested_on, completed_on=a.completed_on,
                                       granted_on=a.granted_on, refused_on=a.refused_on,
                                       valid_from=a.valid_from, valid_to=a.valid_to)
                              for a in approvals.values()))
