"""A person's history: her events as the caller may read them.

Whoever reads her case reads every event with its facts and its checks' reasons (those drawn
from restricted content veiled unless open to the caller). Whoever reads only her front desk
(a volunteer, an intern, a referent who does not follow her) reads her pathway's events and
her visits, without facts, and who acted by role when a caseworker did (:func:`shown_actor`,
which the consents' views use too).
"""

from __future__ import annotations

from zoneinfo import ZoneInfo

from sqlalchemy import select

from core import messages as M
from core.definitions.model import CASEWORKERS
from core.delegation import zone_of
from core.errors import NotFound, PermissionDenied
from core.persistence.models import Event, Person, Track, User
from core.schemas import EventView
from core.services import access, person_snapshot, restricted_reasons
from core.services.persons import PATHWAY
from core.services.policy import DataClass, Decision
from core.services.registry import Call, service
from core.services.restricted_reasons import Reasons
from core.services.tracks import _by_number

FILE_ONLY_EVENTS = frozenset({"consent_given", "consent_withdrawn", "person_exported"})
"""Person-level events the front desk does not see in her history (what she consented to,
and who received her data, are for those who read her file)."""
SUPERVISION_EVENTS = "review_"
"""The prefix of the supervision's decisions on review items (acknowledged, snoozed,
reassigned, commented): those who read her file see them, the front desk does not (a
volunteer learnt that her file was under review, or that an exceptional access to it was
acknowledged)."""


def front_desk_event(kind: str) -> bool:
    """Whether the front desk sees an event of ``kind`` (of her pathway or of no track)."""
    return kind not in FILE_ONLY_EVENTS and not kind.startswith(SUPERVISION_EVENTS)


def _history_track(call: Call, person: Person, ref: str) -> Track:
    """The track ``ref`` (an id, or a definition: the open one, else the latest closed)."""
    rows = list(call.session.scalars(select(Track).where(Track.person_id == person.id)
                                     .order_by(Track.id)))
    text = str(ref).strip()
    by_id = [t for t in rows if text.isascii() and text.isdigit() and t.id == int(text)]
    by_definition = sorted((t for t in rows if t.definition_id == text),
                           key=lambda t: (t.status == "open", t.id))
    found = by_id or by_definition[-1:]
    if not found:
        raise NotFound(M.TRACK_NOT_OPEN.format(track=ref))
    return found[0]


def shown_actor(call: Call, name: str, role: str, *, desk: bool) -> str:
    """Who did it, as the caller reads it: with ``desk`` (she reads the person as the front
    desk does), a caseworker by her role only, since the front desk is not told who follows
    a person (``person show``), which a pathway's « suivre » signed with her referent's name
    told; her own acts always by her name, which tells her nothing."""
    if desk and role in _CASEWORK_ROLES and name != call.actor.name:
        return M.role_label(role)
    return name


_CASEWORK_ROLES = frozenset(r.value for r in CASEWORKERS)


@service("track.history", write=False)
def history(call: Call, person: str | int, track: str | None = None, *,
            reason: str | None = None) -> list[EventView]:
    """The person's events (or one track's), oldest first, sensitive values left out; the
    results of checks drawn from restricted content veiled unless open to the caller (a
    supervisor who does not follow her: with the ``reason`` of that exceptional access).

    Who may read only the front desk gets the pathway's events and the visits, without facts
    (not her consents, her exports nor the supervision's decisions: :func:`front_desk_event`).
    """
    reason = restricted_reasons.given(reason)
    row = access.person_for(call, person, DataClass.FRONT_DESK)
    full = access.decision(call, row, DataClass.CASE) is Decision.ALLOW
    query = select(Event, User.name, Track.definition_id).join(User, Event.actor_id == User.id) \
        .outerjoin(Track, Event.track_id == Track.id).where(Event.person_id == row.id)
    if track:
        if not full and track != PATHWAY and not track.strip().isdigit():
            raise PermissionDenied(M.ACCESS_CASE_DENIED)  # whether she has one or not
        chosen = _by_number(call, row, _history_track(call, row, track), track)
        call.audit.target = f"track:{chosen.id}"
        query = query.where(Event.track_id == chosen.id)
    veil = Reasons(call, row, reason)
    # When it happened, on her delegation's clock: a step recorded at 21:30 in Guadeloupe is
    # already the next day in UTC (a stated day, noon UTC, is that day everywhere in France).
    here = ZoneInfo(zone_of(person_snapshot.delegation_info(call.session, row.delegation_id)))
    events = [EventView(id=e.id, kind=e.kind, track=defn_id, trigger=e.trigger,
                        from_step=e.from_step, to_step=e.to_step,
                        occurred_at=e.occurred_at.astimezone(here),
                        recorded_at=e.recorded_at,
                        actor=shown_actor(call, name, e.actor_role, desk=not full),
                        actor_role=e.actor_role,
                        facts=e.facts if full else {},
                        checks=veil.stored(e.checks or []) if full else [])
              for e, name, defn_id in call.session.execute(query.order_by(Event.id))
              if full or (defn_id in (None, PATHWAY) and front_desk_event(e.kind))]
    return _veil_moves(call, events, veil)


def _veil_moves(call: Call, events: list[EventView], veil: Reasons) -> list[EventView]:
    """A move whose very choice tells a restricted fact (« Évaluer la prescription (un
    crime) »: :attr:`TransitionDefinition.restricted`) shown without its name nor its facts
    unless restricted content is open to the caller, as its checks' reasons are."""
    moves = call.app.catalog.restricted_moves()
    if not moves or not any((e.track, e.trigger) in moves for e in events) or veil.open():
        return events
    return [e.model_copy(update={"trigger": None, "facts": {}})
            if (e.track, e.trigger) in moves else e for e in events]
