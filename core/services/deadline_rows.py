"""A track's deadline rows: their sealed computations, read back and written.

Each ``deadlines`` row holds the due date in clear (what the review and the lists walk) and
its computation sealed with her key (start, explanation, source, suspensions: they quote the
facts used). :func:`open_deadlines` gives a track's open rows as the engine runs them, each
opened once per command; :func:`apply_deadlines` writes what a transition changed (closed,
suspended, resumed, opened), in the transaction of its event
(:func:`core.services.records.record_outcome`).
"""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, Any

from core.engine.deadlines import OpenDeadline
from core.engine.outcome import DeadlineChange
from core.persistence.ids import next_ids
from core.persistence.models import Deadline, Track
from core.rules.model import Suspension
from core.services.registry import Call

if TYPE_CHECKING:
    from core.services.records import PersonFile


def computation(call: Call, row: Deadline) -> dict[str, Any]:
    """A deadline's computation (start, explanation, source, suspensions), opened."""
    return call.sealer.open(row.person_id, "deadlines", row.id, "computation", row.computation_enc)


def open_deadlines(call: Call, file: PersonFile, track_id: int) -> dict[str, OpenDeadline]:
    """The track's open deadlines as the engine runs them, by rule id: each row opened once
    per command (the person's snapshot and the track's state read the same ones)."""
    running = {}
    for rule, row in file.open_rows(track_id).items():
        if row.id not in file.running:
            file.running[row.id] = _opened(call, row)
        running[rule] = file.running[row.id]
    return running


def _opened(call: Call, row: Deadline) -> OpenDeadline:
    comp = computation(call, row)
    periods = tuple(Suspension(start=date.fromisoformat(s["start"]), end=date.fromisoformat(s["end"]))
                    for s in comp.get("suspensions", []))
    since = comp.get("suspended_since")
    return OpenDeadline(row.rule_id, row.rule_version, date.fromisoformat(comp["start"]), row.due,
                        periods, date.fromisoformat(since) if since else None)


def apply_deadlines(call: Call, track: Track, changes: tuple[DeadlineChange, ...],
                     event_id: int, rows: dict[str, Deadline], *,
                     final: bool) -> dict[str, Deadline]:
    """Close, suspend, resume and open deadline rows; returns those still open."""
    for change in changes:
        row = rows.get(change.rule)
        if change.action == "close" and row is not None:
            row.status, row.closed_event_id = "met", event_id
            rows.pop(change.rule)
        elif change.action == "suspend" and row is not None:
            assert change.on is not None  # the engine dates every suspension
            comp = {**computation(call, row), "suspended_since": change.on.isoformat()}
            row.computation_enc = seal_computation(call, row.person_id, row.id, comp)
            row.suspended_since = change.on
        elif change.action in ("open", "resume") and change.due is not None:
            rows[change.rule] = store_due(call, track, change, row, event_id)
    if final:
        for row in rows.values():
            row.status, row.closed_event_id = "closed", event_id
        return {}
    return rows


def seal_computation(call: Call, person_id: int, row_id: int, comp: dict[str, Any]) -> bytes:
    """A deadline's computation sealed with her key, bound to its row."""
    return call.sealer.seal(person_id, "deadlines", row_id, "computation", comp)


def store_due(call: Call, track: Track, change: DeadlineChange, row: Deadline | None,
              event_id: int) -> Deadline:
    """The row of a deadline opened or resumed: ``row`` again, or a new one."""
    due = change.due
    assert due is not None
    comp = {"start": due.start.isoformat(), "explanation": due.explanation, "source": due.source,
            "evidence": due.evidence.value, "unadjusted": due.unadjusted.isoformat(),
            "warn_from": due.warn_from.isoformat(),
            "suspensions": [{"start": s.start.isoformat(), "end": s.end.isoformat()}
                            for s in due.suspensions]}
    if row is None:
        row_id = next_ids(call.session, "deadlines")[0]
        row = Deadline(id=row_id, track_id=track.id, person_id=track.person_id,
                       delegation_id=track.delegation_id, rule_id=due.rule,
                       rule_version=due.version, due=due.due, warn_from=due.warn_from,
                       computation_enc=seal_computation(call, track.person_id, row_id, comp),
                       opened_event_id=event_id)
        call.session.add(row)
    else:
        row.due, row.warn_from = due.due, due.warn_from
        row.computation_enc = seal_computation(call, row.person_id, row.id, comp)
        row.suspended_since = None
    return row
