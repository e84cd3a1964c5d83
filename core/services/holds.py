"""Legal holds (GDPR art. 17(3)(e)): placing and lifting them, and telling who is held.

A hold stops retention from erasing a person (``parcours retention --apply`` lists her as
held and leaves her) and refuses an explicit erasure too: while proceedings need her file,
nothing may destroy it, whoever asks. A supervisor of her delegation places it with a reason
(sealed with her key: it may name the proceedings) and lifts it; each is audited. Lifted
holds stay as rows until she is erased.
"""

from __future__ import annotations

from datetime import datetime

from pydantic import BaseModel, ConfigDict
from sqlalchemy import select
from sqlalchemy.orm import Session

from core import messages as M
from core.errors import InputError
from core.persistence.ids import chunks, next_ids
from core.persistence.models import PersonHold
from core.services import access
from core.services.policy import DataClass
from core.services.registry import Call, service
from core.text import MAX_REASON, clean_line


class HoldView(BaseModel):
    """A person's legal hold as the command line shows it (never its reason)."""

    model_config = ConfigDict(defer_build=True, frozen=True)

    person_id: int
    placed_at: datetime
    lifted_at: datetime | None = None


def active(session: Session, person_id: int) -> PersonHold | None:
    """Her hold in force, if any."""
    return session.scalar(select(PersonHold).where(PersonHold.person_id == person_id,
                                                   PersonHold.lifted_at.is_(None)).limit(1))


def held(session: Session, person_ids: list[int]) -> set[int]:
    """Which of these persons are under a hold now."""
    found: set[int] = set()
    for chunk in chunks(sorted(set(person_ids))):
        found.update(session.scalars(select(PersonHold.person_id).where(
            PersonHold.person_id.in_(chunk), PersonHold.lifted_at.is_(None))))
    return found


@service("person.hold")
def place_hold(call: Call, person: str | int, reason: str) -> HoldView:
    """Place a legal hold on a person of the caller's delegations, with a reason.

    Raises:
        InputError: no reason, or she is already held.
    """
    # Her row is locked (a write's find): no other hold, nor her erasure, between this
    # check and the write.
    row = access.person_for(call, person, DataClass.CASE, write=True)
    text = clean_line(reason or "", limit=MAX_REASON, field="le motif")
    if not text:
        raise InputError(M.HOLD_REASON_NEEDED)
    if active(call.session, row.id) is not None:
        raise InputError(M.HOLD_ALREADY.format(id=row.id))
    hold_id = next_ids(call.session, "person_holds")[0]
    hold = PersonHold(id=hold_id, person_id=row.id, placed_by=call.actor.id,
                      placed_at=call.app.now(),
                      reason_enc=call.sealer.seal(row.id, "person_holds", hold_id, "reason", text))
    call.session.add(hold)
    call.audit.target = f"hold:{hold_id}"
    return HoldView(person_id=row.id, placed_at=hold.placed_at)


@service("person.hold")
def lift_hold(call: Call, person: str | int) -> HoldView:
    """Lift a person's legal hold: retention applies to her again.

    Raises:
        InputError: she is not held.
    """
    row = access.person_for(call, person, DataClass.CASE, write=True)  # her row locked
    hold = active(call.session, row.id)
    if hold is None:
        raise InputError(M.HOLD_NONE.format(id=row.id))
    hold.lifted_at, hold.lifted_by = call.app.now(), call.actor.id
    call.audit.target = f"hold:{hold.id}"
    call.audit.detail["lifted"] = True
    return HoldView(person_id=row.id, placed_at=hold.placed_at, lifted_at=hold.lifted_at)
