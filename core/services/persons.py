"""Persons: adding someone known by an alias, listing (filtered, paged) and showing files.

Adding a person also opens her core pathway (``parcours``) at its initial step, in the same
transaction, because every person the association knows has exactly one pathway.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from sqlalchemy import Select, func, select

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
def list_persons(call: Call, search: str | None = None, limit: int | None = None, *,
                 offset: int = 0, referent: str | None = None, pathway_step: str | None = None,
                 domain: str | None = None) -> list[PersonView]:
    """Persons by alias, one page of them, optionally filtered.

    Args:
        search: matches anywhere in the alias, accents and case ignored.
        limit: at most this many persons (all when None or 0).
        offset: skip this many persons first (paging).
        referent: only persons whose referent is the user with this name.
        pathway_step: only persons whose current pathway is at this step.
        domain: only persons with an open track of this domain (``psp``, ``asile``...).

    Returns:
        Persons sorted by alias key, then id, without their tracks.
    """
    query = _filtered(call, select(Person), search, referent, pathway_step, domain) \
        .order_by(Person.alias_key, Person.id)
    if offset:
        query = query.offset(offset)
    if limit:
        query = query.limit(limit)
    return list_views(call, list(call.session.scalars(query)))


@service("person.count", write=False)
def count_persons(call: Call, search: str | None = None, *, referent: str | None = None,
                  pathway_step: str | None = None, domain: str | None = None) -> int:
    """How many persons :func:`list_persons` would list with the same filters."""
    query = _filtered(call, select(func.count(Person.id)), search, referent, pathway_step, domain)
    return int(call.session.scalar(query) or 0)


def _filtered(call: Call, query: Select[Any], search: str | None, referent: str | None,
              pathway_step: str | None, domain: str | None) -> Select[Any]:
    if search:
        query = query.where(Person.alias_key.contains(alias_key(search), autoescape=True))
    if referent:
        query = query.where(Person.referent_id == select(User.id).where(
            User.name == referent).scalar_subquery())
    if pathway_step:
        latest = select(func.max(Track.id)).where(Track.definition_id == PATHWAY) \
            .group_by(Track.person_id)
        query = query.where(Person.id.in_(select(Track.person_id).where(
            Track.id.in_(latest), Track.step == pathway_step)))
    if domain:
        ids = sorted({d.id for d in call.app.catalog.definitions.values() if d.domain == domain})
        query = query.where(Person.id.in_(select(Track.person_id).where(
            Track.status == "open", Track.definition_id.in_(ids))))
    return query


def list_views(call: Call, persons: list[Person]) -> list[PersonView]:
    """The list views of many persons with two queries, not two per person."""
    ids = [p.id for p in persons]
    pathways: dict[int, list[Track]] = {i: [] for i in ids}
    for track in call.session.scalars(select(Track).where(
            Track.person_id.in_(ids), Track.definition_id == PATHWAY).order_by(Track.id)):
        pathways[track.person_id].append(track)
    wanted = {p.referent_id for p in persons if p.referent_id}
    names = {i: n for i, n in call.session.execute(
        select(User.id, User.name).where(User.id.in_(wanted)))} if wanted else {}
    return [_list_view(call, p, pathways[p.id], names) for p in persons]


def _list_view(call: Call, person: Person, rows: list[Track], names: dict[int, str]) -> PersonView:
    last = rows[-1] if rows else None
    step = (call.app.catalog.definition(last.definition_id, last.definition_version).step(last.step)
            if last else None)
    referent = names.get(person.referent_id) if person.referent_id else None
    return PersonView(id=person.id, alias=person.alias, first_visit=person.first_visit,
                      referent=referent or pathway_referent(rows),
                      pathway_step=step.id if step else None,
                      pathway_label=step.label if step else None,
                      tracks=(), created_at=person.created_at)


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
