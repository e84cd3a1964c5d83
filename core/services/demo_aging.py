"""Earlier cohorts of the demo, ended the way the following year ends them (``demo --scale``).

A copy of the demo year moved back keeps that year as it stood on its last day: every pathway
open, every deadline still running. Eight years of a delegation copied so would hold eight
cohorts all still followed, years of overdue deadlines and referents each following hundreds
of persons: a base no association has, whose queues cost what no real one would. So the first
copy :data:`ENDED_AFTER` or more years back is aged through the services, in its own
transaction: every open track of its persons is ended during the following year, the latest
started first and the pathway last, by the shortest way to a final step (its forms filled as
the demo fills them), fired by the person's referent or else a member of the delegation whose
role may; the copies further back are copies of that aged year.
"""

from __future__ import annotations

from collections import deque
from datetime import date, datetime, timedelta
from typing import Any

from sqlalchemy import func, select

from core.definitions.model import Role, StepKind, TrackDefinition, TransitionDefinition
from core.engine.facts import describe_field
from core.errors import InvalidFacts, TransitionRefused
from core.persistence.access_models import UserDelegation
from core.persistence.models import Event, Person, Track, User
from core.services import tracks as track_service
from core.services.persons import PATHWAY
from core.services.app import Parcours
from core.services.principal import Principal
from core.services.registry import App, Call, run_body

FILLER = "non précisé"
ENDED_AFTER = 2
"""Years back from which a copy's pathways are ended (the last two years stay open: a
pathway of sortie lasts up to two years, renewals included)."""


class DemoClock(Parcours):
    """The application as of a day the demo moves forward: checks are evaluated on it."""

    def __init__(self, app: App, day: date) -> None:
        super().__init__(app.db, app.host, today=day, security=app.security,
                         key_file=app.key_file)

    @property
    def day(self) -> date:
        # The evaluation date itself: ``occurred`` refuses days after it, so a day the demo
        # moves to must become "today" for the date checks too, not only for ``today()``.
        return self._today or date.min

    @day.setter
    def day(self, value: date) -> None:
        self._today = value


def demo_principal(user: User, delegation: int, now: datetime) -> Principal:
    """A fictitious staff member acting for the demo (no session, no password)."""
    return Principal(user_id=user.id, name=user.name, role=Role(user.role),
                     delegations=frozenset({delegation}), session_id=0, kind="demo",
                     expires_at=now, reauth_at=None, must_change_password=False)


def form_facts(app: Parcours, definition: str, step: str, trigger: str,
               day: date) -> dict[str, Any]:
    """What the transition's form asks, filled in as a caseworker would on ``day``.

    Dates are the day itself, yes/no answers yes, choices the first one, numbers zero and
    texts « non précisé »: never free text about a person. The plan's facts override these.
    """
    defn = app.catalog.definition(definition)
    transition = defn.transition(trigger, step)
    return {} if transition is None else _filled(defn, transition, day)


def _filled(defn: TrackDefinition, transition: TransitionDefinition,
            day: date) -> dict[str, Any]:
    values: dict[str, Any] = {}
    for name, info in defn.facts_schema(transition).model_fields.items():
        if info.is_required():
            spec = describe_field(name, info)
            values[name] = {"date": day.isoformat(), "boolean": True, "integer": 0, "number": 0,
                            "choice": (spec["choices"] or ("",))[0]}.get(spec["type"], FILLER)
    return values


def closing_path(defn: TrackDefinition, step: str,
                 roles: frozenset[Role]) -> tuple[TransitionDefinition, ...] | None:
    """The fewest transitions from ``step`` to a final step that one of ``roles`` may fire,
    their forms filled by :func:`form_facts`: through transitions that check nothing when
    there is such a way (``abandonner``, ``clore``), else through checked ones (an authorised
    PSP ends by ``finir_anticipee``); None when there is no way at all."""
    return _shortest(defn, step, roles, checked=False) or _shortest(defn, step, roles,
                                                                    checked=True)


def _shortest(defn: TrackDefinition, step: str, roles: frozenset[Role], *,
              checked: bool) -> tuple[TransitionDefinition, ...] | None:
    finals = {s.id for s in defn.steps if s.kind is StepKind.FINAL}
    paths: dict[str, tuple[TransitionDefinition, ...]] = {step: ()}
    todo = deque([step])
    while todo:
        here = todo.popleft()
        if here in finals:
            return paths[here]
        for tr in defn.transitions_from(here):
            if tr.dest not in paths and roles & set(tr.roles) \
                    and (checked or not (tr.checks or tr.suspends)):
                paths[tr.dest] = (*paths[here], tr)
                todo.append(tr.dest)
    return None


def end_pathways(call: Call, clock: DemoClock, delegation: int, persons: list[int], year: int) -> int:
    """End every open track of ``persons`` (of ``delegation``) during ``year``, each person on
    her own day after her last event; returns how many transitions were fired.

    ``clock``: moved to each person's day; the services check and date her transitions on it.
    A track with no way out its staff may take, or whose way out a check refuses, stays open.
    """
    session = call.session
    staff = [demo_principal(u, delegation, call.app.now()) for u in session.scalars(
        select(User).join(UserDelegation, UserDelegation.user_id == User.id)
        .where(UserDelegation.delegation_id == delegation).order_by(User.id))]
    by_id = {p.user_id: p for p in staff}
    roles = frozenset(p.role for p in staff)
    last: dict[int | None, datetime] = {p: at for p, at in session.execute(
        select(Event.person_id, func.max(Event.occurred_at))
        .where(Event.person_id.in_(persons)).group_by(Event.person_id))}
    open_tracks = session.execute(
        select(Track.person_id, Track.id, Track.definition_id, Track.definition_version,
               Track.step, Person.referent_id).join(Person, Person.id == Track.person_id)
        .where(Track.person_id.in_(persons), Track.status == "open")
        .order_by(Track.person_id, Track.definition_id == PATHWAY, Track.id.desc())).all()
    order = {person: n for n, person in enumerate(persons)}
    fired = 0
    for person, track, definition, version, step, referent in open_tracks:
        defn = call.app.catalog.definition(definition, version)
        path = closing_path(defn, step, roles) or ()
        clock.day = _day(year, order[person], last.get(person))
        for tr in path:
            actor = by_id.get(referent) if referent in by_id else None
            if actor is None or actor.role not in tr.roles:
                actor = next(p for p in staff if p.role in tr.roles)
            try:
                run_body(track_service.advance, Call(clock, session, actor), person,
                         str(track), tr.trigger, facts=_filled(defn, tr, clock.day),
                         at=clock.day)
            except (TransitionRefused, InvalidFacts):  # a plugin's check: the track stays open
                break
            fired += 1
        session.flush()
        session.expunge_all()
    return fired


def _day(year: int, index: int, last: datetime | None) -> date:
    """A day of ``year``, spread over the persons, after her last event."""
    day = date(year, 1, 15) + timedelta(days=(index * 37) % 320)
    if last is not None:
        day = max(day, last.date() + timedelta(days=1))
    return min(day, date(year, 12, 31))


__all__ = ["ENDED_AFTER", "DemoClock", "closing_path", "demo_principal", "end_pathways",
           "form_facts"]
