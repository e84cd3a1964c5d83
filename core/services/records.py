"""Loading and saving tracks: rows to engine states and outcomes back to rows.

The only module that maps between the ORM rows of ``core.persistence`` and the engine's
plain objects. An outcome lands as one event row, the track projection (step, facts, next
due date, version), the deadline rows it opens or closes, and the sensitive values of the
submission in their own table, all in the caller's transaction.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from sqlalchemy import or_, select, update
from sqlalchemy.orm import Session

from core import messages as M
from core.definitions.catalog import Catalog
from core.definitions.model import StepKind, TrackDefinition
from core.engine.checks import Actor, PersonSnapshot, TrackSnapshot
from core.engine.deadlines import OpenDeadline
from core.engine.facts import sensitivity_of
from core.engine.outcome import DeadlineChange, TransitionOutcome
from core.engine.runner import TrackState
from core.errors import NotFound
from core.persistence.models import Deadline, Event, Person, PersonIdentity, SensitiveFact, Track, User
from core.rules.model import Suspension


def find_person(session: Session, ref: str | int) -> Person:
    """A person by id, or by exact alias when that alias is unique."""
    text = str(ref).strip()
    person = session.get(Person, int(text)) if text.isdigit() else None
    if person is None and text and not text.isdigit():
        found = session.scalars(select(Person).where(Person.alias == text)).all()
        person = found[0] if len(found) == 1 else None
    if person is None:
        raise NotFound(M.PERSON_UNKNOWN.format(person=ref))
    return person


def open_tracks(session: Session, person_id: int) -> list[Track]:
    return list(session.scalars(select(Track).where(Track.person_id == person_id,
                                                    Track.status == "open").order_by(Track.id)))


@dataclass
class PersonFile:
    """A person's tracks and their open deadline rows, loaded once for one command."""

    person: Person
    tracks: list[Track]
    deadlines: dict[int, dict[str, Deadline]]
    """Open deadline rows by track id, then by rule id."""

    def track(self, ref: str) -> Track:
        """Her open track of definition ``ref``, or her track with id ``ref``."""
        text = str(ref).strip()
        for track in self.tracks:
            if (text.isdigit() and track.id == int(text)) or (
                    track.status == "open" and track.definition_id == text):
                return track
        raise NotFound(M.TRACK_NOT_OPEN.format(track=ref))


def load_file(session: Session, person: Person) -> PersonFile:
    """Every track of the person and the open deadlines of her open tracks (two queries)."""
    tracks = list(session.scalars(select(Track).where(Track.person_id == person.id)
                                  .order_by(Track.id)))
    open_ids = [t.id for t in tracks if t.status == "open"]
    deadlines: dict[int, dict[str, Deadline]] = {}
    if open_ids:
        for row in session.scalars(select(Deadline).where(Deadline.track_id.in_(open_ids),
                                                          Deadline.status == "open")):
            deadlines.setdefault(row.track_id, {})[row.rule_id] = row
    return PersonFile(person, tracks, deadlines)


def find_track(session: Session, person: Person, ref: str) -> Track:
    """The person's open track of definition ``ref``, or her track with id ``ref``."""
    return load_file(session, person).track(ref)


def touch_contact(session: Session, person_id: int, occurred_at: datetime) -> None:
    """Move the person's last-contact projection forward (never back).

    A plain UPDATE, not the ORM: the projection must not bump the person file's version, or
    two caseworkers advancing two different tracks of one person would conflict.
    """
    session.execute(update(Person).where(
        Person.id == person_id,
        or_(Person.last_contact_at.is_(None), Person.last_contact_at < occurred_at))
        .values(last_contact_at=occurred_at).execution_options(synchronize_session=False))


def sensitive_values(session: Session, track_id: int) -> dict[str, Any]:
    """Latest sensitive or restricted value of each fact of a track."""
    rows = session.scalars(select(SensitiveFact).where(SensitiveFact.track_id == track_id)
                           .order_by(SensitiveFact.id))
    return {row.name: row.value for row in rows}


def open_deadlines(session: Session, track_id: int) -> dict[str, OpenDeadline]:
    rows = session.scalars(select(Deadline).where(Deadline.track_id == track_id,
                                                  Deadline.status == "open"))
    return {row.rule_id: _open_deadline(row) for row in rows}


def _open_deadline(row: Deadline) -> OpenDeadline:
    comp = row.computation or {}
    periods = tuple(Suspension(start=date.fromisoformat(s["start"]), end=date.fromisoformat(s["end"]))
                    for s in comp.get("suspensions", []))
    since = comp.get("suspended_since")
    return OpenDeadline(row.rule_id, row.rule_version, row.start, row.due, periods,
                        date.fromisoformat(since) if since else None)


def track_state(session: Session, track: Track,
                open_rows: dict[str, Deadline] | None = None) -> TrackState:
    """The engine's view of a stored track (ordinary and sensitive facts, open deadlines)."""
    facts = {**track.facts, **sensitive_values(session, track.id)}
    running = (open_deadlines(session, track.id) if open_rows is None
               else {rule: _open_deadline(row) for rule, row in open_rows.items()})
    return TrackState(track.definition_id, track.definition_version, track.step, facts,
                      running, track.status, track.id)


def person_snapshot(session: Session, catalog: Catalog, person: Person,
                    file: PersonFile | None = None) -> PersonSnapshot:
    """The person and all her tracks (ordinary facts only), for cross-domain checks."""
    file = file or load_file(session, person)
    referent = session.get(User, person.referent_id).name if person.referent_id else None
    identity = session.get(PersonIdentity, person.id)
    tracks = tuple(_snapshot(catalog, row, {rule: _open_deadline(d) for rule, d in
                                            file.deadlines.get(row.id, {}).items()})
                   for row in file.tracks)
    return PersonSnapshot(id=person.id, alias=person.alias, referent=referent,
                          birth_date=identity.birth_date if identity else None, tracks=tracks)


def _snapshot(catalog: Catalog, row: Track, deadlines: dict[str, OpenDeadline]) -> TrackSnapshot:
    defn = catalog.definitions.get((row.definition_id, row.definition_version))
    final = bool(defn) and defn.step(row.step).kind is StepKind.FINAL
    return TrackSnapshot(definition_id=row.definition_id, step=row.step, status=row.status,
                         facts=dict(row.facts), domain=defn.domain if defn else "", id=row.id,
                         final=final, deadlines=deadlines)


def new_track(session: Session, person: Person, defn: TrackDefinition, actor: Actor,
              occurred_at: datetime, recorded_at: datetime) -> Track:
    """Insert a track at the definition's initial step, with its ``track_started`` event."""
    track = Track(person_id=person.id, definition_id=defn.id, definition_version=defn.version,
                  step=defn.initial, facts={}, step_since=occurred_at, last_event_at=occurred_at)
    session.add(track)
    session.flush()
    session.add(Event(person_id=person.id, track_id=track.id, kind="track_started",
                      to_step=defn.initial, occurred_at=occurred_at, recorded_at=recorded_at,
                      actor_id=actor.id, actor_role=actor.role.value, facts={}))
    touch_contact(session, person.id, occurred_at)
    return track


def split_facts(defn: TrackDefinition, trigger: str, step: str,
                facts: dict[str, Any]) -> tuple[dict[str, Any], dict[str, tuple[str, Any]]]:
    """Ordinary facts, and sensitive ones with their class, per the transition's schema."""
    transition = defn.transition(trigger, step)
    schema = defn.facts_schema(transition) if transition else None
    ordinary: dict[str, Any] = {}
    sensitive: dict[str, tuple[str, Any]] = {}
    for name, value in facts.items():
        level = sensitivity_of(schema, name) if schema else "ordinary"
        if level == "ordinary":
            ordinary[name] = value
        else:
            sensitive[name] = (level, value)
    return ordinary, sensitive


def record_outcome(session: Session, defn: TrackDefinition, track: Track, outcome: TransitionOutcome,
                   actor: Actor, occurred_at: datetime, recorded_at: datetime,
                   open_rows: dict[str, Deadline] | None = None) -> Event:
    """Write the event, the sensitive values, the deadlines and the new projection.

    ``open_rows`` are the track's open deadline rows when the caller already loaded them.
    """
    ordinary, sensitive = split_facts(defn, outcome.trigger, outcome.from_step, outcome.facts)
    event = Event(person_id=track.person_id, track_id=track.id, kind="transition",
                  trigger=outcome.trigger, from_step=outcome.from_step, to_step=outcome.to_step,
                  occurred_at=occurred_at, recorded_at=recorded_at, actor_id=actor.id,
                  actor_role=actor.role.value,
                  facts={**ordinary, **({"_sensibles": sorted(sensitive)} if sensitive else {})},
                  checks=[r.model_dump(mode="json") for r in outcome.checks],
                  deadlines=[c.model_dump(mode="json") for c in outcome.deadlines])
    session.add(event)
    session.flush()
    for name, (level, value) in sensitive.items():
        session.add(SensitiveFact(person_id=track.person_id, track_id=track.id, event_id=event.id,
                                  name=name, sensitivity=level, value=value,
                                  recorded_at=recorded_at))
    if open_rows is None:
        open_rows = {r.rule_id: r for r in session.scalars(
            select(Deadline).where(Deadline.track_id == track.id, Deadline.status == "open"))}
    still_open = _apply_deadlines(session, track, outcome.deadlines, event.id, dict(open_rows),
                                  final=outcome.final)
    touch_contact(session, track.person_id, occurred_at)
    _project(track, outcome, ordinary, occurred_at, [r.due for r in still_open.values()])
    return event


def _apply_deadlines(session: Session, track: Track, changes: tuple[DeadlineChange, ...],
                     event_id: int, rows: dict[str, Deadline], *,
                     final: bool) -> dict[str, Deadline]:
    """Close, suspend, resume and open deadline rows; returns those still open."""
    for change in changes:
        row = rows.get(change.rule)
        if change.action == "close" and row is not None:
            row.status, row.closed_event_id = "met", event_id
            rows.pop(change.rule)
        elif change.action == "suspend" and row is not None:
            row.computation = {**row.computation, "suspended_since": change.on.isoformat()}
            row.suspended_since = change.on
        elif change.action in ("open", "resume") and change.due is not None:
            rows[change.rule] = _store_due(session, track, change, row, event_id)
    if final:
        for row in rows.values():
            row.status, row.closed_event_id = "closed", event_id
        return {}
    return rows


def _store_due(session: Session, track: Track, change: DeadlineChange, row: Deadline | None,
               event_id: int) -> Deadline:
    due = change.due
    assert due is not None
    computation = {"explanation": due.explanation, "source": due.source,
                   "evidence": due.evidence.value, "unadjusted": due.unadjusted.isoformat(),
                   "warn_from": due.warn_from.isoformat(),
                   "suspensions": [{"start": s.start.isoformat(), "end": s.end.isoformat()}
                                   for s in due.suspensions]}
    if row is None:
        row = Deadline(track_id=track.id, person_id=track.person_id, rule_id=due.rule,
                       rule_version=due.version, start=due.start, due=due.due,
                       warn_from=due.warn_from, computation=computation,
                       opened_event_id=event_id)
        session.add(row)
    else:
        row.due, row.warn_from, row.computation = due.due, due.warn_from, computation
        row.suspended_since = None
    return row


def _project(track: Track, outcome: TransitionOutcome, ordinary: dict[str, Any],
             occurred_at: datetime, dues: list[date]) -> None:
    # No query from here on: an autoflush would write a half-made projection and bump the
    # version twice for one transition.
    if outcome.to_step != outcome.from_step:
        track.step_since = occurred_at
    track.step = outcome.to_step
    track.facts = {**track.facts, **ordinary}
    track.last_event_at = max(track.last_event_at, occurred_at)
    track.next_due = min(dues) if dues else None
    if outcome.final:
        track.status, track.closed_at = "closed", occurred_at
