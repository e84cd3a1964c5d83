"""The visits recorded at one drop-in, as the desks of that drop-in read them.

Two laptops at a Tuesday drop-in, or the same one after a restart: each desk sees who was
recorded already, by whichever desk (a second recording of the same person is refused, and
« who came today » is the front desk's own question). Her alias only, and the needs ticked:
nothing of her file. The administrator, who reads no front desk, is refused; so is a drop-in
of another delegation, as an unknown number.
"""

from __future__ import annotations

from zoneinfo import ZoneInfo

from sqlalchemy import select

from core import messages as M
from core.delegation import zone_of
from core.errors import PermissionDenied
from core.persistence.models import Person, User, Visit
from core.schemas import VisitView
from core.services import access, aliases, person_snapshot
from core.services.dropins import _dropin
from core.services.registry import Call, service

MAX_VISITS = 500
"""Visits listed at most: a drop-in sees some dozens; a bound keeps a forged one cheap."""


@service("dropin.visits", write=False)
def list_visits(call: Call, dropin: str | int) -> list[VisitView]:
    """The visits of a drop-in, newest first: known persons by alias, anonymous visitors by
    count, each with the needs ticked and who recorded it.

    Raises:
        NotFound: no such drop-in among the caller's delegations.
        PermissionDenied: a caller who reads no front desk (the administrator).
    """
    if not access.reads_front_desk(call.principal):
        raise PermissionDenied(M.ACCESS_DENIED)
    row = _dropin(call, dropin)
    rows = call.session.execute(
        select(Visit.id, Visit.person_id, Visit.count.label("visitors"), Visit.needs,
               Visit.recorded_at,
               User.name, Person.alias_enc)
        .join(User, User.id == Visit.recorded_by)
        .outerjoin(Person, Person.id == Visit.person_id)
        .where(Visit.dropin_id == row.id)
        .order_by(Visit.recorded_at.desc(), Visit.id.desc()).limit(MAX_VISITS)).all()
    known = [_Sealed(r.person_id, r.alias_enc) for r in rows if r.person_id is not None]
    names = aliases.read(call, known)
    call.audit.detail.update(count=len(rows))
    # on the clock of the drop-in's delegation, as its day is read
    here = ZoneInfo(zone_of(person_snapshot.delegation_info(call.session, row.delegation_id)))
    return [VisitView(id=r.id, person_id=r.person_id,
                      alias=names.get(r.person_id) if r.person_id is not None else None,
                      count=r.visitors, needs=tuple(sorted(r.needs or {})),
                      recorded_at=r.recorded_at.astimezone(here), recorded_by=r.name)
            for r in rows]


class _Sealed:
    """A person's number and sealed alias, as :func:`core.services.aliases.read` reads them."""

    __slots__ = ("id", "alias_enc")

    def __init__(self, person_id: int, alias_enc: bytes | None) -> None:
        self.id, self.alias_enc = person_id, alias_enc
