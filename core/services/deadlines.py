"""Deadlines as caseworkers read them: due date, rule, legal source and "why this date".

The state of each deadline (overdue, due soon, upcoming, suspended) is evaluated as of the
application's evaluation date, so ``--today`` shows a file as it will look on another day.
"""

from __future__ import annotations

from datetime import date

from sqlalchemy import select

from core.persistence.models import Deadline, Person, Track
from core.schemas import DeadlineView
from core.services import records
from core.services.registry import Call, service


def deadline_state(row: Deadline, today: date) -> str:
    """Where a deadline stands on ``today``."""
    comp = row.computation or {}
    if comp.get("suspended_since"):
        return "suspended"
    if row.due < today:
        return "overdue"
    warn = comp.get("warn_from")
    if warn and date.fromisoformat(warn) <= today:
        return "due_soon"
    return "upcoming"


@service("deadline.list", write=False)
def list_deadlines(call: Call, person: str | int | None = None) -> list[DeadlineView]:
    """Open deadlines, soonest first, for everyone or for one person."""
    query = select(Deadline, Person.alias, Track.definition_id).join(
        Person, Deadline.person_id == Person.id).join(Track, Deadline.track_id == Track.id) \
        .where(Deadline.status == "open")
    if person is not None:
        query = query.where(Deadline.person_id == records.find_person(call.session, person).id)
    today = call.app.today()
    return [_view(call, row, alias, track, today)
            for row, alias, track in call.session.execute(query.order_by(Deadline.due, Deadline.id))]


def _view(call: Call, row: Deadline, alias: str, track: str, today: date) -> DeadlineView:
    comp = row.computation or {}
    rule = call.app.catalog.rules.get(row.rule_id, [])
    label = next((r.label for r in rule if r.version == row.rule_version), row.rule_id)
    warn = comp.get("warn_from")
    return DeadlineView(id=row.id, person_id=row.person_id, alias=alias, track=track,
                        track_id=row.track_id, rule=row.rule_id, version=row.rule_version,
                        label=label, source=comp.get("source", ""), evidence=comp.get("evidence", ""),
                        start=row.start, due=row.due,
                        warn_from=date.fromisoformat(warn) if warn else None, status=row.status,
                        state=deadline_state(row, today), explanation=comp.get("explanation", ""))
