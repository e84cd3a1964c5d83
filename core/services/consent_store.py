"""Consent rows: the one place a partner's name meets the person's key, and what checks see.

A consent to ``partage`` names its partner: the name is sealed with the person's key
(``partner_enc``, bound to its row) and found through a keyed hash of its normalised form
(``partner_hash``, :func:`core.crypto.search.partner_hash`), never stored in clear. The
engine's checks read consents from :attr:`core.engine.checks.PersonSnapshot.consents`,
which :func:`snapshots` fills from the table: no submitted fact can stand in for one.
"""

from __future__ import annotations

from datetime import date
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import bindparam, select

from core.crypto import search
from core.engine.checks import ConsentSnapshot
from core.persistence.models import Consent
from core.services.registry import Call


_ROWS = select(Consent).where(Consent.person_id == bindparam("person")).order_by(Consent.id)
"""Built once: every write to a person's tracks reads her consents."""


def rows(call: Call, person_id: int) -> list[Consent]:
    """Every consent of the person, oldest first."""
    return list(call.session.scalars(_ROWS, {"person": person_id}))


def current_twin(call: Call, person_id: int, purpose: str, partner: str | None, given: date,
                 expires: date | None) -> Consent | None:
    """Her current consent to ``purpose`` (and ``partner``) given on ``given`` and valid through
    ``expires``, if one is recorded already: the same consent typed again."""
    wanted = search.partner_hash(call.app.keys.search_key, partner) if partner else None
    return next((r for r in rows(call, person_id) if r.purpose == purpose
                 and r.withdrawn_at is None and r.given_on == given and r.expires_on == expires
                 and r.partner_hash == wanted), None)


def seal_partner(call: Call, person_id: int, consent_id: int, partner: str) -> dict[str, Any]:
    """The sealed name and keyed hash of a partner, for the consent row ``consent_id``."""
    return {"partner_enc": call.sealer.seal(person_id, "consents", consent_id, "partner", partner),
            "partner_hash": search.partner_hash(call.app.keys.search_key, partner)}


def partner_of(call: Call, row: Any) -> str | None:
    """The partner's name of a consent to ``partage`` (opened), else None."""
    if row.partner_enc is None:
        return None
    return call.sealer.open(row.person_id, "consents", row.id, "partner", row.partner_enc)


def status(row: Consent, today: date) -> str:
    """``withdrawn``, ``future``, ``expired`` or ``active`` on ``today``."""
    if row.withdrawn_at is not None:
        return "withdrawn"
    if row.given_on > today:
        return "future"
    if row.expires_on is not None and row.expires_on < today:
        return "expired"
    return "active"


def snapshot(call: Call, row: Any, zone: str | None = None) -> ConsentSnapshot:
    """A consent row (or its columns) as the checks read it; ``zone``: her delegation's, the
    clock her withdrawal's day is read on (at 21:30 in Guadeloupe, UTC's is her tomorrow)."""
    withdrawn = row.withdrawn_at.astimezone(ZoneInfo(zone)) if zone and row.withdrawn_at \
        else row.withdrawn_at
    return ConsentSnapshot(purpose=row.purpose, given_on=row.given_on, partner=partner_of(call, row),
                           expires_on=row.expires_on, withdrawn=row.withdrawn_at is not None,
                           withdrawn_on=withdrawn.date() if withdrawn else None,
                           id=row.id)


_COLUMNS = Consent.__table__
_SNAPSHOTS = (select(_COLUMNS.c.id, _COLUMNS.c.person_id, _COLUMNS.c.purpose, _COLUMNS.c.partner_enc,
                     _COLUMNS.c.given_on, _COLUMNS.c.expires_on, _COLUMNS.c.withdrawn_at)
              .where(_COLUMNS.c.person_id == bindparam("person")).order_by(_COLUMNS.c.id))
"""What :func:`snapshot` reads of each row, as Core columns (built once; every write to a
person's tracks runs it, and no row is changed)."""


def snapshots(call: Call, person_id: int, zone: str | None = None
              ) -> tuple[ConsentSnapshot, ...]:
    """The person's consents as the engine's checks read them (:func:`snapshot`)."""
    return tuple(snapshot(call, row, zone) for row in
                 call.session.connection().execute(_SNAPSHOTS, {"person": person_id}))
