"""Persons: adding someone known by an alias, listing and showing files.

Adding a person also opens her core pathway (``parcours``) at its initial step, in the same
transaction, because every person the association knows has exactly one pathway.
"""

from __future__ import annotations

from datetime import date

from sqlalchemy import select

from core import messages as M
from core.errors import InputError
from core.persistence.models import Event, Person, Track, User
from core.persistence.text import alias_key
from core.schemas import PersonView, TrackView
from core.services import records
from core.services.registry import Call, service

PATHWAY = "parcours"
MAX_ALIAS = 80


def clean_alias(alias: str) -> str:
    """The alias as stored: trimmed, non-empty, of reasonable length."""
    text = " ".join(alias.split())
    if not text or not alias_key(text):
        raise InputError(M.ALIAS_EMPTY)
    if len(text) > MAX_ALIAS:
        raise InputError(M.ALIAS_TOO_LONG)
    return text


@service("person.add")
def add_person(call: Call, alias: str, first_visit: date | None = None) -> PersonView:
    """Create a person known by ``alias`` and open her pathway."""
    person = Person(alias=clean_alias(alias), first_visit=first_visit, created_by=call.actor.id)
    call.session.add(person)
    call.session.flush()
    occurred = call.app.occurred(first_visit)
    call.session.add(Event(person_id=person.id, kind="person_added", occurred_at=occurred,
                           recorded_at=call.app.now(), actor_id=call.actor.id,
                           actor_role=call.actor.role.value, facts={}))
    defn = call.app.catalog.definition(PATHWAY)
    records.new_track(call.session, person, defn, call.actor, occurred, call.app.now())
    call.session.flush()
    return person_view(call, person)


@service("person.list", write=False)
def list_persons(call: Call, search: str | None = None, limit: int | None = None) -> list[PersonView]:
    """Persons by alias; ``search`` matches anywhere in the alias, accents and case ignored."""
    query = select(Person).order_by(Person.alias_key, Person.id)
    if search:
        query = query.where(Person.alias_key.contains(alias_key(search), autoescape=True))
    if limit:
        query = query.limit(limit)
    return [person_view(call, p, with_tracks=False) for p in call.session.scalars(query)]


@service("person.show", write=False)
def show_person(call: Call, person: str | int) -> PersonView:
    """One person's file: pathway step and every track."""
    return person_view(call, records.find_person(call.session, person))


def person_view(call: Call, person: Person, *, with_tracks: bool = True) -> PersonView:
    rows = list(call.session.scalars(select(Track).where(Track.person_id == person.id)
                                     .order_by(Track.id)))
    tracks = tuple(track_view(call, t) for t in rows)
    pathway = next((t for t in reversed(tracks) if t.track == PATHWAY), None)
    referent = call.session.get(User, person.referent_id).name if person.referent_id else None
    return PersonView(id=person.id, alias=person.alias, first_visit=person.first_visit,
                      referent=referent or (pathway_referent(rows)),
                      pathway_step=pathway.step if pathway else None,
                      pathway_label=pathway.step_label if pathway else None,
                      tracks=tracks if with_tracks else (), created_at=person.created_at)


def pathway_referent(rows: list[Track]) -> str | None:
    """The referent named when the person entered individual follow-up, if any."""
    return next((t.facts.get("referent") for t in reversed(rows)
                 if t.definition_id == PATHWAY and t.facts.get("referent")), None)


def track_view(call: Call, track: Track, *, created: bool = True) -> TrackView:
    defn = call.app.catalog.definition(track.definition_id, track.definition_version)
    step = defn.step(track.step)
    return TrackView(id=track.id, person_id=track.person_id, track=defn.id, version=defn.version,
                     label=defn.label, step=step.id, step_label=step.label, step_kind=step.kind.value,
                     status=track.status, step_since=track.step_since,
                     last_event_at=track.last_event_at, next_due=track.next_due,
                     row_version=track.version, created=created)
