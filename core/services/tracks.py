"""Tracks: starting one, listing what can be done next, advancing (the history is
:mod:`core.services.file_history`'s).

``advance`` is the write path of the whole application: it loads the track and the
person's other tracks, lets the engine check and fire the transition, and lands the event,
the projection, the deadlines and the optional note in one transaction. A concurrent
change to the same track raises a conflict and nothing is written; plugins are notified
only after the commit.

What a caller may do depends on the track: the core pathway is front-desk content
(volunteers act on it at the drop-in), every other track is case content, read and written
only by the person's referent and the supervisors of her delegation (:mod:`core.services.policy`).
Once she has withdrawn her consent to follow-up (or it expired), her case tracks may only be
closed and no new one is opened (:func:`core.services.consents.case_refusal`).

The checks' reasons are case content: whoever acts on the pathway without reading her case (a
volunteer, a referent who does not follow her) is told whether an action is allowed, not why.
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import func, select

from core import messages as M
from core.definitions.model import Role
from core.delegation import zone_of
from core.engine.checks import CheckResult, PersonSnapshot, blocking
from core.engine.outcome import ActionView, TransitionNotice
from core.errors import ConflictError, ConsentRequired, InputError, NotFound, TransitionRefused
from core.persistence.models import Event, Person, Track, User
from core.schemas import AdvanceResult, TrackView, UserView
from core.services import (access, consent_store, consents, followed, person_snapshot, records,
                           restricted_reasons)
from core.services.notes import MAX_NOTE
from core.services.notes_store import write_note
from core.services.person_views import track_view
from core.services.persons import PATHWAY
from core.services.policy import DataClass, Decision
from core.services.registry import Call, service
from core.services.restricted_reasons import Reasons
from core.text import clean_block

FOLLOWING_ROLES = (Role.REFERENT.value, Role.SUPERVISEUR.value)
"""Roles a person's referent may hold."""
TOLD_ANYONE = frozenset({"engine.role", "engine.not_from_step", "parcours.referent_manquant",
                         "parcours.consentement_manquant", "parcours.consentement_retire",
                         "parcours.consentement_posterieur", "parcours.suivi_possible"})
"""Reasons that name nothing of the person's case, told to whoever may act on the track: the
caller's role; a trigger the step she may read does not offer; a referent to name in the form;
her consent to follow-up, front-desk content that a referent records before she follows her
(:data:`core.services.consents.CLASSES`)."""


def track_class(definition_id: str) -> DataClass:
    """The data class of a track's steps and facts: the pathway is front desk, others case."""
    return DataClass.FRONT_DESK if definition_id == PATHWAY else DataClass.CASE


def _visible_view(call: Call, person: Person, track: Track, *, created: bool) -> TrackView:
    view = track_view(call, track, created=created)
    if access.shows(call, person, track_class(track.definition_id)):
        return view
    # When it is at its step since, and last moved, date what was recorded on it (the day a
    # prefect's decision was typed): hidden with the step.
    return view.model_copy(update={"step": None, "step_label": None, "step_kind": None,
                                   "step_since": None, "last_event_at": None,
                                   "next_due": None, "row_version": 0})


@service("track.start")
def start_track(call: Call, person: str | int, track: str, at: date | None = None) -> TrackView:
    """Open a track of definition ``track`` for a person.

    A person has at most one open track per definition: asking again returns the open one
    unchanged (``created`` is False), so a repeated command never duplicates a track. Opening
    a track is front-desk work (it declares a need in a domain); its step is shown only to
    those who may read the track.
    """
    # Her row is locked (a write's find): two starts at once, the second finds the first's.
    row = access.person_for(call, person, DataClass.FRONT_DESK, write=True)
    defn = call.app.catalog.definition(track)
    existing = next((t for t in records.open_tracks(call.session, row.id)
                     if t.definition_id == defn.id), None)
    if existing is not None:
        call.audit.target = f"track:{existing.id}"
        return _visible_view(call, row, existing, created=False)
    zone = zone_of(person_snapshot.delegation_info(call.session, row.delegation_id))
    if defn.id != PATHWAY:
        refusal = consents.case_refusal(  # on her day, as her consents are judged
            PersonSnapshot(consents=consent_store.snapshots(call, row.id, zone)),
            call.app.today(zone))
        if refusal is not None:
            raise ConsentRequired(f"{refusal.message} {refusal.remedy}")
    created = records.new_track(call.session, row, defn, call.actor,
                                call.app.occurred(at, zone), call.app.now())
    call.session.flush()
    call.audit.target = f"track:{created.id}"
    return _visible_view(call, row, created, created=True)


def _unreadable(call: Call) -> Any:
    return blocking("access.not_readable", M.ACTIONS_NOT_READABLE, M.ACTIONS_NOT_READABLE_REMEDY)


def _withheld() -> CheckResult:
    """The one refusal a caller who does not read the case gets for what a check refused."""
    return blocking("access.case_denied", M.ACCESS_CASE_DENIED, M.REASONS_WITHHELD_REMEDY)


def _told_action(action: ActionView) -> ActionView:
    """An action as told to a caller who may act on the pathway but not read the case (a
    volunteer, a referent who does not follow her): the checks' reasons name the case (a
    consent withdrawn on a day, another track's step), so only whether it is allowed."""
    if all(r.code in TOLD_ANYONE for r in action.reasons):
        return action
    return action.model_copy(update={"reasons": () if action.allowed else (_withheld(),)})


def _told_refusal(refused: TransitionRefused) -> TransitionRefused:
    """:func:`_told_action` for a refused ``advance``."""
    if all(r.code in TOLD_ANYONE for r in refused.reasons):
        return refused
    return TransitionRefused(refused.trigger, refused.step, [_withheld()])


@service("track.actions", write=False)
def list_actions(call: Call, person: str | int, track: str | None = None, *,
                 reason: str | None = None) -> list[ActionView]:
    """Every transition from the current step of each open track (or of one), with its checks.

    A check drawn from restricted content is shown to a supervisor who does not follow her
    only with the ``reason`` of that exceptional access (:mod:`core.services.restricted_reasons`).

    A track the caller may not read is described from its definition only (every transition,
    not evaluated, with the reason), so that nothing about the person shows; without
    ``track``, such tracks are left out. A caller who reads the pathway but not the case gets
    its actions with their role's refusal or a check's withheld (:func:`_told_action`).
    """
    reason = restricted_reasons.given(reason)
    # Her file comes with her in one statement only when the caller reads her front desk
    # whatever it holds: another (the administrator) must not have her tracks read at all.
    file = records.find_file(call, person, write=True) \
        if access.shows_every_front_desk(call.principal) else None
    row = file.person if file is not None else access.find(call, person, write=True)
    call.audit.person_id = row.id
    if not access.shows(call, row, DataClass.FRONT_DESK):
        if track is None:
            return []
        return call.app.engine.describe_actions(call.app.catalog.definition(track).id,
                                                _unreadable(call))
    if track is not None and not _numbered(track) \
            and not access.shows(call, row, track_class(track.strip())):
        # Described from its definition before it is looked for: its actions against « no
        # such open track » told the front desk which case tracks of a domain she has.
        return call.app.engine.describe_actions(call.app.catalog.definition(track).id,
                                                _unreadable(call))
    file = file or records.load_file(call.session, row)
    catalog = call.app.catalog
    if track:
        named = _by_number(call, row, file.track(track), track)
        catalog.require_installed(named.definition_id, named.definition_version, named.step)
        tracks = [named]
    else:  # a track no plugin installed knows any more has no actions to list
        tracks = [t for t in file.tracks if t.status == "open"
                  and catalog.installed(t.definition_id, t.definition_version, t.step)]
    snapshot = person_snapshot.person_snapshot(call, call.app.catalog, row, file)
    shown = [t for t in tracks if access.shows(call, row, track_class(t.definition_id))]
    sensitive = records.sensitive_by_track(call, shown)  # one query, not one per track
    reads_case = access.shows(call, row, DataClass.CASE)
    actions: list[ActionView] = []
    veil = Reasons(call, row, reason)
    today = _her_today(call, snapshot)  # once: every track judged on the same day
    for t in tracks:
        if t.id not in sensitive:
            if track:
                actions.extend(call.app.engine.describe_actions(t.definition_id, _unreadable(call)))
            continue
        state = records.track_state(call, file, t, sensitive=sensitive[t.id])
        found = veil.actions(call.app.engine.available_actions(state, call.actor, today,
                                                               snapshot))
        if not reads_case:
            found = [_told_action(a) for a in found]
        actions.extend(_consent_gate(call, t, found, snapshot, today))
    return actions


def _her_today(call: Call, snapshot: PersonSnapshot) -> date:
    """The day it is where she is followed (her delegation's time zone): what her checks,
    her consents and the deadlines of what is done today are judged on."""
    return call.app.today(zone_of(snapshot.delegation))


def _numbered(ref: str) -> bool:
    """Whether ``ref`` names a track by its number (else by its definition)."""
    text = str(ref).strip()
    return text.isascii() and text.isdigit()


def _by_number(call: Call, person: Person, found: Track, ref: str, *,
               write: bool = False) -> Track:
    """``found`` (the track ``ref``) when the caller may read (or write) its kind. A track
    named by its number whose kind she may not is refused as a number of none of hers:
    « access refused » against « no such track » (and its actions described) told the front
    desk the numbers and the kinds of her case tracks, closed ones too.

    Raises:
        NotFound: as for a number that is none of her tracks'.
    """
    if _numbered(ref) and access.decision(call, person, track_class(found.definition_id),
                                          write=write) is not Decision.ALLOW:
        raise NotFound(M.TRACK_NOT_OPEN.format(track=ref))
    return found


def track_to_write(call: Call, person: Person, ref: str) -> Track:
    """The track ``ref`` of ``person`` (an open one by its definition, or one by its
    number) once the caller may write its kind: by definition, refused by its kind before
    it is looked for; by number, refused as a number of none of hers (:func:`_by_number`).

    Raises:
        PermissionDenied: a definition whose tracks the caller may not write.
        NotFound: no such track of hers, or one she may not write named by its number.
    """
    if not _numbered(ref):
        access.require(call, person, track_class(str(ref).strip()), write=True)
    return _by_number(call, person, records.find_track(call.session, person, ref), ref,
                      write=True)


def _consent_gate(call: Call, track: Track, actions: list[ActionView],
                  snapshot: PersonSnapshot, today: date) -> list[ActionView]:
    """A case track's actions once consent to follow-up is withdrawn (as of ``today``, her
    day): only closing ones."""
    refusal = consents.case_refusal(snapshot, today) \
        if track_class(track.definition_id) is DataClass.CASE else None
    if refusal is None:
        return actions
    defn = call.app.catalog.definition(track.definition_id, track.definition_version)
    gated = []
    for action in actions:
        transition = defn.transition(action.trigger, track.step)
        if transition is not None and not consents.closes(defn, transition):
            action = action.model_copy(update={"allowed": False,
                                               "reasons": (*action.reasons, refusal)})
        gated.append(action)
    return gated


def _backdated(call: Call, track: Track, at: date | None, occurred: datetime,
               zone: str) -> datetime:
    """Check an action dated before the track's last event (looked up only then), set its
    start right, and return the moment to record it at.

    Dated before the day of the track's last transition, it would follow a step it precedes,
    and a closing so dated left that later step counted in the report's monthly aggregates
    but not in the same month counted row by row, which no longer sees the track: refused.
    That day is the step's UTC day, or its day where she is (``zone``) when earlier: one
    recorded at 21:00 in Guadeloupe is already the next day in UTC, and the same day dated
    is then recorded at that step's moment, not before it (nor in an earlier month).
    Dated before the track's start (her pathway opened with her file today, its follow-up
    dated from last month), the track is stated to have started then: else the aggregates
    counted the step in a month whose rows did not see the track yet.

    Raises:
        InputError: ``at`` is a day before that of the track's last transition.
    """
    last = track.last_event_at
    if at is None or last is None or at >= last.astimezone(UTC).date():
        return occurred
    latest = call.session.scalar(select(func.max(Event.occurred_at)).where(
        Event.track_id == track.id, Event.kind == "transition"))
    if latest is not None:
        day = min(latest.astimezone(UTC).date(), latest.astimezone(ZoneInfo(zone)).date())
        if at < day:
            raise InputError(M.ADVANCE_BEFORE_LAST_STEP.format(
                value=M.short_date(at), last=M.short_date(day)))
        occurred = max(occurred, latest)
    start = track.started_at or call.session.scalar(
        select(func.min(Event.occurred_at)).where(Event.track_id == track.id,
                                                  Event.kind == "track_started"))
    if start is None or occurred < start:
        track.started_at = occurred  # written with the projection, by the unit of work
    return occurred


@service("track.advance")
def advance(call: Call, person: str | int, track: str, trigger: str, *,
            facts: dict[str, Any] | None = None, at: date | None = None, note: str | None = None,
            expected_version: int | None = None, reason: str | None = None) -> AdvanceResult:
    """Fire ``trigger`` on the person's track with the submitted facts.

    An action whose checks read restricted content is, for a supervisor who does not follow
    her, an exceptional access: it needs its ``reason``, kept with the call's audit row.

    Raises:
        NotFound: unknown person or no such open track.
        PermissionDenied: the caller may not act on this track of this person (the
            administrator, who reads no file, on any of them).
        UnknownTrigger, InvalidFacts, TransitionRefused: from the engine; nothing written. A
            caller who does not read her case is told a check's refusal, not its reasons.
        ConflictError: the track changed since ``expected_version`` or meanwhile.
        ReauthRequired, ReasonRequired: the checks read restricted content, and the password
            must be confirmed (her referent) or a reason given (a supervisor) first.
    """
    text = clean_block(note, limit=MAX_NOTE, field="la note") if note else ""
    reason = restricted_reasons.given(reason)
    if not access.reads_front_desk(call.principal):
        # Acting told her the step (« refusée depuis l'étape « en_pause » ») or whether the
        # track is still open.
        access.refuse_unreadable(call, person)
    file = records.find_file(call, person, write=True,
                             lock=followed.may_change_by(call.app.catalog, track, trigger))
    row = file.person
    call.audit.person_id = row.id
    access.require(call, row, DataClass.FRONT_DESK)  # one acts only on a file one reads
    if not _numbered(track):
        # Refused by the track's kind before it is looked for: "no such open track" against
        # "not allowed" told the front desk which case tracks she has (AFIS or APS).
        access.require(call, row, track_class(track), write=True)
    stored = _by_number(call, row, file.track(track), track, write=True)
    call.audit.target = f"track:{stored.id}"
    call.app.catalog.require_installed(stored.definition_id, stored.definition_version,
                                       stored.step)
    access.require(call, row, track_class(stored.definition_id), write=True)
    if expected_version is not None and stored.version != expected_version:
        raise ConflictError(M.TRACK_STALE)
    # The snapshot first: its query also brings her data key, which the state then uses.
    snapshot = person_snapshot.person_snapshot(call, call.app.catalog, row, file)
    state = records.track_state(call, file, stored, sensitive={})
    if call.app.engine.reads_facts(state, trigger):  # else her sealed values stay sealed
        state.facts.update(records.sensitive_values(call, stored))
    defn = call.app.engine.definition_of(state)
    zone = zone_of(snapshot.delegation)
    stated = call.app.occurred(at, zone)  # not after her today
    occurred = _backdated(call, stored, at, stated, zone)
    today = _her_today(call, snapshot)
    # The engine counts her deadlines from the day it happened where she is: the day stated,
    # else her today (the real moment, kept on the event, may be another day in UTC).
    dated = stated if at is not None else call.app.occurred(today)
    _refuse_after_withdrawal(stored, defn, trigger, snapshot, today)
    veil = Reasons(call, row, reason)
    # A volunteer or a referent who does not follow her may act on her pathway (one takes
    # her into follow-up that way), so the checks run; why they refuse is her case's.
    reads_case = access.shows(call, row, DataClass.CASE)
    try:
        outcome = call.app.engine.fire(state, trigger, call.actor, today=today, facts=facts,
                                       occurred_at=dated, person=snapshot)
    except TransitionRefused as refused:
        veil.require(refused.restricted)  # refused on what she may not read: not told so
        if not reads_case:
            raise _told_refusal(refused) from None
        # Its reasons quote what was read: a supervisor's exceptional access, reviewed.
        call.audit.refusal_shows = refused.restricted
        raise
    veil.require(any(r.restricted for r in outcome.checks))  # nor done on it
    _sync_referent(call, row, outcome.facts)
    after = followed.after(file.tracks, stored, outcome.to_step, outcome.final) \
        if followed.may_change(defn.id, outcome.from_step, outcome.to_step, outcome.final) \
        else None
    event_id = records.record_outcome(call, defn, stored, outcome, occurred,
                                      file.open_rows(stored.id), delegation_id=row.delegation_id,
                                      followed_after=after)
    if text:
        write_note(call, row.id, stored.id, event_id, text, "restricted")
    call.session.flush()
    # Added to what the checks of access noted (an exceptional access and its sealed reason).
    call.audit.detail.update(trigger=trigger, fields=sorted(outcome.facts))
    notice = TransitionNotice(person_id=row.id, track_id=stored.id, definition_id=defn.id,
                              trigger=trigger, from_step=outcome.from_step, to_step=outcome.to_step,
                              actor=call.actor.name, role=call.actor.role.value,
                              occurred_at=occurred, deadlines=outcome.deadlines)
    call.after_commit.append(lambda: call.app.host.after_transition(notice))
    return AdvanceResult(person_id=row.id, track_id=stored.id, track=defn.id, trigger=trigger,
                         from_step=outcome.from_step, step=outcome.to_step,
                         step_label=defn.step(outcome.to_step).label, event_id=event_id,
                         warnings=tuple(r for r in outcome.checks if r.severity == "warning")
                         if reads_case else (),
                         deadlines=outcome.deadlines,
                         row_version=stored.version)


def _refuse_after_withdrawal(track: Track, defn: Any, trigger: str, snapshot: PersonSnapshot,
                             today: date) -> None:
    """Refuse a case write that does not close the track once consent to follow-up is gone
    (as of ``today``, her day).

    Raises:
        TransitionRefused: with the consent's reason, as the actions list shows it.
    """
    if track_class(track.definition_id) is not DataClass.CASE:
        return
    transition = defn.transition(trigger, track.step)
    if transition is None or consents.closes(defn, transition):
        return  # unknown triggers are the engine's to refuse
    refusal = consents.case_refusal(snapshot, today)
    if refusal is not None:
        raise TransitionRefused(trigger, track.step, [refusal])


def _sync_referent(call: Call, person: Person, facts: dict[str, Any]) -> None:
    """A referent named in a transition must be an active user who may follow persons of the
    person's delegation; she becomes the person's referent.

    Raises:
        InputError: no such active user, or one whose role does not follow persons.
    """
    name = facts.get("referent")
    if not name:
        return
    candidates = _candidates(call, person.delegation_id)
    user = next((u for u in candidates if u.name == name), None)
    if user is None and isinstance(name, str):  # « Camille » for camille, as she signs in
        from core.services.account_names import name_key
        folded = [u for u in candidates if name_key(u.name) == name_key(name)]
        user = folded[0] if len(folded) == 1 else None
    if user is None:
        raise InputError(M.REFERENT_NOT_A_USER.format(name=name))
    facts["referent"] = user.name  # as her file, the filters and the history name her
    if person.referent_id != user.id:
        person.referent_id = user.id


def _candidates(call: Call, delegation_id: int) -> list[User]:
    from core.persistence.access_models import UserDelegation
    return list(call.session.scalars(
        select(User).join(UserDelegation, UserDelegation.user_id == User.id)
        .where(UserDelegation.delegation_id == delegation_id, User.active.is_(True),
               User.role.in_(FOLLOWING_ROLES)).order_by(User.name)))


@service("referent.candidates", write=False)
def referent_candidates(call: Call, person: str | int) -> list[UserView]:
    """Who may become a person's referent: active referents and supervisors of her delegation."""
    row = access.person_for(call, person, DataClass.FRONT_DESK, write=True)
    return [UserView(id=u.id, name=u.name, role=u.role, active=u.active)
            for u in _candidates(call, row.delegation_id)]
