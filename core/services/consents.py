"""Consent per purpose: recording, withdrawing and reading a person's consents, and the gate
that a withdrawal puts on her file.

Purposes: ``suivi`` (individual follow-up), ``partage`` (a referral to, or an export for, a
named partner) and ``statistiques``. Each consent is given on a day, recorded by someone,
may expire (its last day of validity) and may be withdrawn. Recording and withdrawing each
write an event on the person's file in the same transaction, and take effect at once: the
checks read the table on every evaluation (:func:`core.services.consent_store.snapshots`).

Who: the POLICY row keeps consents to caseworkers (referents and supervisors). Volunteers
and interns do not record consent: valid consent from a person in a situation of dependence
means informing her first (purposes, recipients, rights; security.md §1.1 ICRC, domain.md §8),
which is the referent's work; a volunteer who hears "yes" or "stop" passes it on. Beyond the
role, each purpose has the data class of what it reveals (:data:`CLASSES`):

* ``suivi`` is front-desk content, like the pathway step it opens: a referent of the
  person's delegation may record it before she becomes her referent (that is how follow-up
  starts), and may record its withdrawal whoever follows her (withdrawing must be as easy
  as giving, GDPR art. 7(3));
* ``statistiques`` is case content, ``partage`` sensitive (a partner's name can reveal health
  or legal matters): her referent and the supervisors of her delegation only.

Withdrawing a consent withdraws every current consent of the same purpose (and partner): the
person takes back her consent to a purpose, not a row. A consent of a purpose the caller may
not withdraw is refused as a number that does not exist.

What a withdrawal (or an expiry) of ``suivi`` means at once (:func:`case_refusal`): entering
or resuming follow-up is refused (check ``parcours.referent_consentement``), and so is every
write to her case tracks except what closes them (a transition to a final step); no new case
track is opened for her. The pathway itself stays workable (pause, loss of contact, closure,
reinsertion), notes may still be added (the front desk must be able to record what happens at
the drop-in), and everything recorded so far stays readable by those allowed. A person never
asked (no ``suivi`` consent at all, e.g. files from before consents existed) keeps her case
tracks workable: the gate applies when consent was recorded and is no longer active.
"""

from __future__ import annotations

from datetime import date
from zoneinfo import ZoneInfo

from sqlalchemy import select

from core import messages as M
from core.definitions.model import StepKind, TrackDefinition, TransitionDefinition
from core.delegation import zone_of
from core.engine.checks import CheckResult, PersonSnapshot, blocking
from core.errors import ConflictError, InputError, NotFound
from core.persistence.ids import next_ids
from core.persistence.models import CONSENT_PURPOSES, Consent, Event, Person, User
from core.schemas import ConsentView
from core.services import access, consent_store, person_snapshot, records
from core.services.policy import DataClass, Decision, allowed
from core.services.registry import Call, service
from core.text import clean_name

CLASSES = {"suivi": DataClass.FRONT_DESK, "statistiques": DataClass.CASE,
           "partage": DataClass.SENSITIVE}
"""The data class of each purpose: who may record, withdraw and read it (with the POLICY row)."""


def parse_purpose(purpose: str, partner: str | None) -> tuple[str, str | None]:
    """The purpose and its partner, from ``partage`` with ``partner`` or ``partage:NOM``.

    Raises:
        InputError: unknown purpose, a share without partner, a partner for another purpose.
    """
    text = (purpose or "").strip()
    name, _, inline = text.partition(":")
    name = name.strip().lower()
    if name not in CONSENT_PURPOSES:
        raise InputError(M.CONSENT_PURPOSE_UNKNOWN.format(
            value=text, choices=", ".join(CONSENT_PURPOSES)))
    partner = partner if partner is not None else (inline or None)
    if name == "partage":
        if partner is None or not str(partner).strip():
            raise InputError(M.CONSENT_PARTNER_NEEDED)
        return name, clean_name(partner, field=M.CONSENT_PARTNER_FIELD)
    if partner is not None or inline:
        raise InputError(M.CONSENT_PARTNER_ONLY_SHARE)
    return name, None


def names_of(call: Call, rows: list[Consent], *, desk: bool = False) -> dict[int, str]:
    """Who recorded or withdrew ``rows``, by user id; ``desk``: as the front desk reads it (a
    caseworker by her role: :func:`core.services.file_history.shown_actor`)."""
    from core.services.file_history import shown_actor
    wanted = {r.recorded_by for r in rows} | {r.withdrawn_by for r in rows if r.withdrawn_by}
    if not wanted:
        return {}
    return {i: shown_actor(call, name, role, desk=desk) for i, name, role in call.session.execute(
        select(User.id, User.name, User.role).where(User.id.in_(wanted)))}


def her_zone(call: Call, person: Person) -> str:
    """Her delegation's time zone (:func:`core.delegation.zone_of`)."""
    return zone_of(person_snapshot.delegation_info(call.session, person.delegation_id))


def her_today(call: Call, person: Person) -> date:
    """The day it is where she is followed (her delegation's clock): what her consents are
    judged on. In Guadeloupe from 19:00, mainland France's is already her tomorrow: one
    valid through her today read « expiré »."""
    return call.app.today(her_zone(call, person))


def view(call: Call, row: Consent, names: dict[int, str], zone: str) -> ConsentView:
    """A consent as shown, its status on her today and its withdrawal on her clock (``zone``,
    :func:`her_zone`: one withdrawn at 21:30 in Guadeloupe is already the next day in UTC)."""
    return ConsentView(id=row.id, person_id=row.person_id, purpose=row.purpose,
                       partner=consent_store.partner_of(call, row), given_on=row.given_on,
                       expires_on=row.expires_on,
                       status=consent_store.status(row, call.app.today(zone)),
                       recorded_by=names.get(row.recorded_by, ""), recorded_at=row.recorded_at,
                       withdrawn_at=row.withdrawn_at.astimezone(ZoneInfo(zone))
                       if row.withdrawn_at else None,
                       withdrawn_by=names.get(row.withdrawn_by) if row.withdrawn_by else None)


def _desk(call: Call, person: Person) -> bool:
    """Whether the caller reads her as the front desk does (not her case)."""
    return access.decision(call, person, DataClass.CASE) is not Decision.ALLOW


def readable(call: Call, person: Person) -> list[ConsentView] | None:
    """The consents of ``person`` the caller may read (None: the role reads none)."""
    if not allowed("consent.list", call.principal.role):
        return None
    shown = {p for p, cls in CLASSES.items() if access.shows(call, person, cls)}
    found = [r for r in consent_store.rows(call, person.id) if r.purpose in shown]
    # A referent reads « suivi » of the persons she does not follow as the front desk: whoever
    # recorded it (her referent, most often) by role, as the history names them.
    names = names_of(call, found, desk=_desk(call, person))
    zone = her_zone(call, person)
    return [view(call, r, names, zone) for r in found]


def _event(call: Call, person: Person, kind: str, facts: dict, day: date | None = None) -> Event:
    """The event of a consent given (on its day) or withdrawn (now), on her file.

    Giving consent is a meeting with her, so it moves her last contact; a withdrawal does not:
    saying "stop" must not push back the retention clock (R1 runs from the last contact)."""
    event = Event(person_id=person.id, kind=kind, occurred_at=call.app.occurred(day),
                  recorded_at=call.app.now(), actor_id=call.actor.id,
                  actor_role=call.actor.role.value, facts=facts)
    call.session.add(event)
    call.session.flush()
    if kind == "consent_given":
        records.touch_contact(call.session, person.id, event.occurred_at)
    return event


@service("consent.give")
def give_consent(call: Call, person: str | int, purpose: str, *, given_on: date | None = None,
                 expires_on: date | None = None, partner: str | None = None,
                 expires_today: bool = False) -> ConsentView:
    """Record the person's consent to ``purpose`` (``partage`` names its ``partner``), given on
    ``given_on`` (by default her today, where she is followed), valid through ``expires_on``
    (None: until withdrawn), or through her today with ``expires_today`` (« aujourd'hui »
    typed: overseas, mainland France's day may be a day apart from hers).

    Raises:
        InputError: unknown purpose, missing or superfluous partner, a date in the future, an
            end of validity before the consent.
        PermissionDenied: the caller may not record this purpose for her.
    """
    name, partner = parse_purpose(purpose, partner)
    row = access.person_for(call, person, CLASSES[name], write=True)
    # Her day, as her checks read it: in Guadeloupe from 19:00, Paris's was her tomorrow,
    # and a consent so dated did not count yet for what was done with her that evening.
    zone = her_zone(call, row)
    today = call.app.today(zone)
    given = given_on or today
    if expires_today:
        expires_on = today
    if given > today:
        raise InputError(M.CONSENT_FUTURE.format(day=M.long_date(given)))
    if expires_on is not None and expires_on < given:
        raise InputError(M.CONSENT_EXPIRY_BEFORE.format(expires=M.long_date(expires_on),
                                                        given=M.long_date(given)))
    twin = consent_store.current_twin(call, row.id, name, partner, given, expires_on)
    if twin is not None:  # a command typed again, a dialog saved twice: one consent
        raise InputError(M.CONSENT_TWICE.format(id=twin.id, day=M.short_date(given)))
    consent_id = next_ids(call.session, "consents")[0]
    event = _event(call, row, "consent_given", {"consent": consent_id, "purpose": name}, given)
    consent = Consent(id=consent_id, person_id=row.id, purpose=name, given_on=given,
                      expires_on=expires_on, recorded_by=call.actor.id, recorded_at=call.app.now(),
                      event_id=event.id,
                      **(consent_store.seal_partner(call, row.id, consent_id, partner)
                         if partner else {}))
    call.session.add(consent)
    call.session.flush()
    call.audit.target = f"consent:{consent_id}"
    call.audit.detail.update(purpose=name)
    return view(call, consent, {call.principal.user_id: call.actor.name}, zone)


@service("consent.withdraw")
def withdraw_consent(call: Call, person: str | int, consent: int | str) -> ConsentView:
    """Withdraw consent ``consent`` of the person, at once, with every other current consent
    to the same purpose (and partner); returns the consent named.

    Raises:
        NotFound: no such consent for this person, or one of a purpose the caller may not
            withdraw for her (or the person is out of scope): the same answer.
        ConflictError: it was already withdrawn.
    """
    row = access.find(call, person, write=True)
    call.audit.person_id = row.id
    number = _number(consent)
    purposes = _withdrawable(call, row)
    found = call.session.scalar(select(Consent).where(
        Consent.id == number, Consent.person_id == row.id,
        Consent.purpose.in_(purposes))) if purposes else None
    if found is None:
        raise NotFound(M.CONSENT_UNKNOWN.format(id=consent))
    access.require(call, row, CLASSES[found.purpose], write=True)
    call.audit.target = f"consent:{found.id}"
    call.audit.detail.update(purpose=found.purpose)
    if found.withdrawn_at is not None:
        raise ConflictError(M.CONSENT_ALREADY_WITHDRAWN.format(
            id=found.id, day=M.long_date(found.withdrawn_at.astimezone(
                ZoneInfo(her_zone(call, row))).date())))
    same = [r for r in consent_store.rows(call, row.id)
            if r.purpose == found.purpose and r.withdrawn_at is None
            and r.partner_hash == found.partner_hash]
    event = _event(call, row, "consent_withdrawn",
                   {"consents": [r.id for r in same], "purpose": found.purpose})
    for other in same:
        other.withdrawn_at, other.withdrawn_by = call.app.now(), call.actor.id
        other.withdrawal_event_id = event.id
    call.session.flush()
    call.audit.detail.update(count=len(same))
    return view(call, found, names_of(call, [found], desk=_desk(call, row)),
                her_zone(call, row))


def _withdrawable(call: Call, person: Person) -> list[str]:
    """The purposes whose consents the caller may withdraw for ``person``.

    Deny by default: a consent of any other purpose is looked for nowhere, so that its number
    is refused as one that does not exist. Refused by its purpose's class after being found,
    it answered « informations sensibles » for a sharing consent and « détail » for a
    statistics one: which purposes she consented to, to a caller who may read neither.
    """
    return [purpose for purpose, data in CLASSES.items()
            if access.decision(call, person, data, write=True) is not Decision.DENY]


def _number(value: int | str) -> int:
    text = str(value).strip()
    if not (text.isascii() and text.isdigit() and len(text) <= 18):
        raise NotFound(M.CONSENT_UNKNOWN.format(id=value))
    return int(text)


@service("consent.list", write=False)
def list_consents(call: Call, person: str | int) -> list[ConsentView]:
    """The person's consents the caller may read, oldest first (withdrawn ones included)."""
    row = access.person_for(call, person, DataClass.FRONT_DESK)
    views = readable(call, row) or []
    call.audit.detail.update(count=len(views))
    return views


# --- the gate a withdrawal puts on the file --------------------------------------------------

def case_refusal(person: PersonSnapshot, today: date) -> CheckResult | None:
    """Why her case may not be written to now: consent to follow-up withdrawn or expired
    (None when she consents today, or was never asked)."""
    if person.consent("suivi", today) is not None:
        return None
    withdrawn = person.withdrawn("suivi", today)
    if withdrawn is not None:
        return blocking("consentement.suivi_retire",
                        M.CONSENT_CASE_WITHDRAWN.format(
                            day=M.long_date(withdrawn.withdrawn_on or today)),
                        M.CONSENT_CASE_WITHDRAWN_REMEDY)
    lapsed = [c for c in person.consents if c.purpose == "suivi" and c.expires_on is not None
              and c.expires_on < today]
    if lapsed:
        last = max(c.expires_on for c in lapsed if c.expires_on)
        return blocking("consentement.suivi_expire", M.CONSENT_CASE_LAPSED.format(
            day=M.long_date(last)), M.CONSENT_CASE_LAPSED_REMEDY)
    return None


def closes(defn: TrackDefinition, transition: TransitionDefinition) -> bool:
    """Whether a transition closes its track (leads to a final step)."""
    return defn.step(transition.dest).kind is StepKind.FINAL
