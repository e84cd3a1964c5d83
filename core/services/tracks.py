"""Tracks: starting one, listing what can be done next, advancing, reading the history.

``advance`` is the write path of the whole application: it loads the track and the
person's other tracks, lets the engine check and fire the transition, and lands the event,
the projection, the deadlines and the optional note in one transaction. A concurrent
change to the same track raises a conflict and nothing is written; plugins are notified
only after the commit.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from sqlalchemy import select

from core import messages as M
from core.engine.outcome import ActionView, TransitionNotice
from core.errors import ConflictError
from core.persistence.models import Event, Note, Person, Track, User
from core.schemas import AdvanceResult, EventView, TrackView
from core.services import records
from core.services.persons import track_view
from core.services.registry import Call, service


@service("track.start")
def start_track(call: Call, person: str | int, track: str, at: date | None = None) -> TrackView:
    """Open a track of definition ``track`` for a person.

    A person has at most one open track per definition: asking again returns the open one
    unchanged (``created`` is False), so a repeated command never duplicates a track.
    """
    row = records.find_person(call.session, person)
    defn = call.app.catalog.definition(track)
    existing = next((t for t in records.open_tracks(call.session, row.id)
                     if t.definition_id == defn.id), None)
    if existing is not None:
        return track_view(call, existing, created=False)
    created = records.new_track(call.session, row, defn, call.actor, call.app.occurred(at),
                                call.app.now())
    call.session.flush()
    return track_view(call, created)


@service("track.actions", write=False)
def list_actions(call: Call, person: str | int, track: str | None = None) -> list[ActionView]:
    """Every transition from the current step of each open track (or of one), with its checks."""
    row = records.find_person(call.session, person)
    file = records.load_file(call.session, row)
    tracks = [file.track(track)] if track else [t for t in file.tracks if t.status == "open"]
    snapshot = records.person_snapshot(call.session, call.app.catalog, row, file)
    actions: list[ActionView] = []
    for t in tracks:
        state = records.track_state(call.session, t, file.deadlines.get(t.id, {}))
        actions.extend(call.app.engine.available_actions(state, call.actor, call.app.today(), snapshot))
    return actions


@service("track.advance")
def advance(call: Call, person: str | int, track: str, trigger: str, *,
            facts: dict[str, Any] | None = None, at: date | None = None, note: str | None = None,
            expected_version: int | None = None) -> AdvanceResult:
    """Fire ``trigger`` on the person's track with the submitted facts.

    Raises:
        NotFound: unknown person or no such open track.
        UnknownTrigger, InvalidFacts, TransitionRefused: from the engine; nothing written.
        ConflictError: the track changed since ``expected_version`` or meanwhile.
    """
    row = records.find_person(call.session, person)
    file = records.load_file(call.session, row)
    stored = file.track(track)
    if expected_version is not None and stored.version != expected_version:
        raise ConflictError(M.TRACK_STALE)
    open_rows = file.deadlines.get(stored.id, {})
    state = records.track_state(call.session, stored, open_rows)
    defn = call.app.engine.definition_of(state)
    occurred = call.app.occurred(at)
    snapshot = records.person_snapshot(call.session, call.app.catalog, row, file)
    outcome = call.app.engine.fire(state, trigger, call.actor, today=call.app.today(),
                                   facts=facts, occurred_at=occurred, person=snapshot)
    event = records.record_outcome(call.session, defn, stored, outcome, call.actor, occurred,
                                   call.app.now(), open_rows)
    _sync_referent(call, row, outcome.facts)
    if note and note.strip():
        call.session.add(Note(person_id=row.id, track_id=stored.id, author_id=call.actor.id,
                              event_id=event.id, text=note.strip()))
    call.session.flush()
    notice = TransitionNotice(person_id=row.id, track_id=stored.id, definition_id=defn.id,
                              trigger=trigger, from_step=outcome.from_step, to_step=outcome.to_step,
                              actor=call.actor.name, role=call.actor.role.value,
                              occurred_at=occurred, deadlines=outcome.deadlines)
    call.after_commit.append(lambda: call.app.host.after_transition(notice))
    return AdvanceResult(person_id=row.id, track_id=stored.id, track=defn.id, trigger=trigger,
                         from_step=outcome.from_step, step=outcome.to_step,
                         step_label=defn.step(outcome.to_step).label, event_id=event.id,
                         warnings=tuple(r for r in outcome.checks if r.severity == "warning"),
                         deadlines=tuple(c.model_dump(mode="json") for c in outcome.deadlines))


def _sync_referent(call: Call, person: Person, facts: dict[str, Any]) -> None:
    """A referent named in a transition who is a user becomes the person's referent."""
    name = facts.get("referent")
    user = call.session.scalar(select(User).where(User.name == name)) if name else None
    if user is not None and person.referent_id != user.id:
        person.referent_id = user.id


@service("track.history", write=False)
def history(call: Call, person: str | int, track: str | None = None) -> list[EventView]:
    """The person's events (or one track's), oldest first, sensitive values left out."""
    row = records.find_person(call.session, person)
    query = select(Event, User.name, Track.definition_id).join(User, Event.actor_id == User.id) \
        .outerjoin(Track, Event.track_id == Track.id).where(Event.person_id == row.id)
    if track:
        query = query.where(Event.track_id == records.find_track(call.session, row, track).id)
    return [EventView(id=e.id, kind=e.kind, track=defn_id, trigger=e.trigger, from_step=e.from_step,
                      to_step=e.to_step, occurred_at=e.occurred_at, recorded_at=e.recorded_at,
                      actor=name, actor_role=e.actor_role, facts=e.facts, checks=e.checks)
            for e, name, defn_id in call.session.execute(query.order_by(Event.id))]
