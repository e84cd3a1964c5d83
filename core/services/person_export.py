"""The person's right of access (GDPR art. 15): every datum held about her, in one file.

``parcours person export N --output FILE`` gathers, decrypted, what Parcours holds about one
person: alias, legal identity, consents, tracks and their steps, the facts of every class
(ordinary, sensitive and restricted, each value recorded), deadlines with their explanation,
every event of her history, notes, drop-in visits, supervisors' decisions about her file and
legal holds; as JSON (portable) or as a French text to hand over (``texte``). A fictitious
base says so at the top of the file.

Who: reading all of it is reading restricted content, so the policy's decision for that class
applies (her referent once she typed her password again, a supervisor of her delegation who
does not follow her with a reason, audited as an exceptional access). The call writes one
``person_exported`` event on her file and its audit row (naming her and the kind of
destination, never a value) in one transaction. The file, readable by its owner only and never
written over an existing one, holds only a notice of the same size until that transaction
commits, and her data once it has: a process killed in between leaves no unaudited copy of
her data. It is removed again if the transaction does not commit.

With ``partner``, the export is for a partner and needs her active consent to sharing with
that partner (security.md AC-8, else :class:`~core.errors.ConsentRequired`). It is minimal
(GDPR art. 5(1)(c); her health, asylum or complaint are special categories a job-training
partner has no use for): her alias, identity and referent, her consents to that partner,
and only the démarches *shared*: those whose referral named that partner (fact
``partenaire``), and those her referent chose (``tracks``), each with its steps, facts,
deadlines, history and notes; no restricted content (récit, complaint details, restricted
notes), no supervision decisions nor legal holds, no drop-in visits (nor her first visit
and last contact), no referral's partner
but that one, no export made under another partner's consent. With nothing to share, the
export is refused (:data:`M.EXPORT_PARTNER_NOTHING`). Which démarches went is kept on the
``person_exported`` event (their numbers), so her own export says what was sent to whom.
"""

from __future__ import annotations

import json
import os
from datetime import date, datetime
from functools import partial
from pathlib import Path
from collections.abc import Iterable
from typing import Any
from zoneinfo import ZoneInfo

from pydantic import BaseModel, ConfigDict
from sqlalchemy import select

from core import messages as M
from core.delegation import zone_of
from core.engine.checks import PARTNER_FACT, PersonSnapshot
from core.errors import ConsentRequired, InputError
from core.persistence.access_models import BaseInfo, Delegation
from core.persistence.models import (Deadline, DropIn, Event, Note, Person, PersonHold,
                                     PersonIdentity, ReviewMark, SensitiveFact, Track, User,
                                     Visit)
from core.services import (access, aliases, consent_store, consents, export_file,
                           partner_share, person_snapshot, records)
from core.services.facts import fact_labels
from core.services.policy import DataClass
from core.services.registry import Call, service

FORMATS = M.EXPORT_FORMATS
KIND = "parcours.export_personne"
VERSION = 1


class PersonExport(BaseModel):
    """What ``person export`` wrote (the content itself stays in the file)."""

    model_config = ConfigDict(defer_build=True, frozen=True)

    person_id: int
    path: str
    format: str
    destination: str
    """``person`` (handed to her) or ``partner``."""
    partner: str | None = None


def _target(path: str | os.PathLike[str]) -> Path:
    """Where the export goes: a new file in an existing folder.

    Raises:
        InputError: the file exists, or its folder does not.
    """
    target = Path(path).expanduser().absolute()
    if target.exists():
        raise InputError(M.EXPORT_FILE_EXISTS.format(path=target))
    if not target.parent.is_dir():
        raise InputError(M.EXPORT_NO_FOLDER.format(folder=target.parent))
    return target


def export_person(app: Any, credential: Any, person: str | int, path: str | os.PathLike[str], *,
                  fmt: str = "texte", partner: str | None = None,
                  reason: str | None = None,
                  tracks: list[str] | None = None) -> PersonExport:
    """Write everything held about ``person`` to ``path`` (a new file) in format ``fmt``.

    ``tracks`` (with ``partner`` only): démarches to send besides those whose referral named
    the partner, each by its definition (every track of it) or its number.

    Raises:
        InputError: unknown format, the file exists or its folder does not, or it cannot be
            written; ``tracks`` without ``partner``; nothing to send to the partner.
        NotFound: a démarche of ``tracks`` that is none of hers.
        ConsentRequired: ``partner`` given without her active consent to sharing with it.
        PermissionDenied, ReauthRequired, ReasonRequired: what the policy asks for restricted
            content (:mod:`core.services.access`).
    """
    if fmt not in FORMATS:
        raise InputError(M.EXPORT_BAD_FORMAT.format(value=fmt, choices=", ".join(FORMATS)))
    target = _target(path)  # checked before the call, so that a typo costs no audited refusal
    try:
        return _export(app, credential, person, str(target), fmt, partner=partner, reason=reason,
                       tracks=tracks)
    except InputError:
        raise  # refused before writing, or the file appeared meanwhile: it is not ours
    except BaseException:
        # Written, then the transaction failed (its audit row, its commit): a file nobody may
        # know was made must not stay.
        target.unlink(missing_ok=True)
        raise


@service("person.export")
def _export(call: Call, person: str | int, path: str, fmt: str, *, partner: str | None = None,
            reason: str | None = None, tracks: list[str] | None = None) -> PersonExport:
    """Gather and write the export once allowed, with one ``person_exported`` event on her
    file. The file is made last, in this transaction's body, holding only a notice; her data
    is written over it once the transaction commits (``after_commit``). If the commit fails,
    :func:`export_person` deletes it. The result names the file, never its content (a retried
    request is answered from it, see :mod:`core.services.requests`)."""
    call.audit.target = "export:person"
    if fmt not in FORMATS:  # before the audit row keeps it: an unknown format is not stored
        raise InputError(M.EXPORT_BAD_FORMAT.format(value=fmt, choices=", ".join(FORMATS)))
    if tracks and partner is None:
        raise InputError(M.EXPORT_TRACKS_WITHOUT_PARTNER)
    call.audit.detail.update(format=fmt, destination="partner" if partner else "person")
    row = access.person_for(call, person, DataClass.RESTRICTED, reason=reason)
    target = _target(path)
    consent = None
    if partner is not None:
        _, partner = consents.parse_purpose("partage", partner)
        zone = consents.her_zone(call, row)  # her day, as her consents are judged on
        held = PersonSnapshot(consents=consent_store.snapshots(call, row.id, zone))
        today = call.app.today(zone)
        consent = held.consent("partage", today, partner)
        if consent is None:
            raise ConsentRequired(M.EXPORT_PARTNER_REFUSED.format(partner=partner))
        # Sharing serves her follow-up: once she withdrew it (or it lapsed), her case may only
        # be closed, and her file goes to no partner under a consent given within it.
        ended = consents.case_refusal(held, today)
        if ended is not None:
            raise ConsentRequired(M.EXPORT_PARTNER_FOLLOW_UP_ENDED.format(
                why=ended.message, partner=consent.partner or partner))
        partner = consent.partner or partner  # her consent names the partner as recorded
        call.audit.detail.update(consent=consent.id)
    data = gather(call, row, partner=partner, chosen=tracks or ())
    sent = {"tracks": [t["id"] for t in data["tracks"]]} if partner else {}
    call.session.add(Event(person_id=row.id, kind="person_exported", occurred_at=call.app.now(),
                           recorded_at=call.app.now(), actor_id=call.actor.id,
                           actor_role=call.actor.role.value,
                           facts={"format": fmt, "destination": "partner" if partner else "person",
                                  **({"consent": consent.id} if consent else {}), **sent}))
    call.session.flush()
    if fmt == "json":
        text = json.dumps(data, ensure_ascii=False, indent=2, default=_plain) + "\n"
    else:
        from core.services.person_export_text import render
        text = render(data)
    data_bytes = text.encode("utf-8")
    # The name and the room are taken now (a file that appeared, a full disk refuse the
    # export before its audit row commits); her data goes in only once that row is committed.
    export_file.write_new(target, export_file.placeholder(len(data_bytes)))
    call.after_commit.append(partial(export_file.fill, target, data_bytes))
    return PersonExport(person_id=row.id, path=str(target), format=fmt,
                        destination="partner" if partner else "person", partner=partner)


def _plain(value: Any) -> Any:
    if isinstance(value, datetime | date):
        return value.isoformat()
    return str(value)


# --- gathering ----------------------------------------------------------------------------------

def gather(call: Call, person: Person, *, partner: str | None = None,
           chosen: Iterable[str] = ()) -> dict[str, Any]:
    """Everything held about ``person``, opened, as plain data (the JSON export); for
    ``partner``, only what is shared with it (the module's docstring).

    Raises:
        NotFound: a démarche of ``chosen`` that is none of hers.
        InputError: for ``partner``, no démarche to send.
    """
    full = partner is None
    info = call.session.get(BaseInfo, 1)
    fictitious = bool(info and info.fictitious)
    users = dict(call.session.execute(select(User.id, User.name)).all())
    tracks = list(call.session.scalars(select(Track).where(Track.person_id == person.id)
                                       .order_by(Track.id)))
    if partner is not None:
        tracks = partner_share.shared_tracks(call, person, tracks, partner, chosen)
    shown_tracks = {t.id for t in tracks}
    labels = {t.id: _track_label(call, t) for t in tracks}
    shared = _consents(call, person, partner)
    shown = {c["id"] for c in shared}
    data: dict[str, Any] = {}
    if fictitious:
        data["notice"] = M.EXPORT_FICTITIOUS
    data.update({
        "kind": KIND, "version": VERSION, "fictitious": fictitious,
        "generated_at": call.app.now(), "generated_by": call.actor.name,
        "destination": {"kind": "person"} if full else {"kind": "partner", "partner": partner},
        "person": _person(call, person, users, full),
        "identity": _identity(call, person),
        "consents": shared,
        "tracks": [_track(call, t, labels[t.id]) for t in tracks],
        "facts": _facts(call, person, tracks, partner),
        "deadlines": _deadlines(call, person, labels),
        "events": _events(call, person, labels, users, full, shown),
        "notes": _notes(call, person, labels, users, full),
    })
    if not full:
        partner_share.keep_shared(data, shown_tracks)
        partner_share.veil_restricted_moves(call, data, tracks)
    if full:
        data["visits"] = _visits(call, person)
        data["review_marks"] = _review(call, person, users)
        data["holds"] = _holds(call, person, users)
    return _on_clock(data, ZoneInfo(consents.her_zone(call, person)))


def _on_clock(value: Any, here: ZoneInfo) -> Any:
    """``value`` with each instant in it on ``here``'s clock (the same instant), her
    delegation's: the day it was where she is. At 21:30 in Guadeloupe, the UTC date (the
    export's, her last contact's) is already her tomorrow."""
    if isinstance(value, datetime) and value.tzinfo is not None:
        return value.astimezone(here)
    if isinstance(value, dict):
        return {key: _on_clock(item, here) for key, item in value.items()}
    if isinstance(value, list):
        return [_on_clock(item, here) for item in value]
    return value


def _track_label(call: Call, track: Track) -> str:
    defn = call.app.catalog.definitions.get((track.definition_id, track.definition_version))
    return defn.label if defn else track.definition_id


def _step_label(call: Call, track: Track) -> str:
    defn = call.app.catalog.definitions.get((track.definition_id, track.definition_version))
    try:
        return defn.step(track.step).label if defn else track.step
    except KeyError:
        return track.step


def _person(call: Call, person: Person, users: dict[int, str], full: bool) -> dict[str, Any]:
    """Who she is; for a partner, not her first visit nor her last contact: the first is a
    drop-in visit, the last one too or a step of a démarche not sent."""
    delegation = call.session.get(Delegation, person.delegation_id)
    found = {"id": person.id, "alias": aliases.one(call, person),
             "delegation": delegation.label if delegation else "",
             "first_visit": person.first_visit, "referent": users.get(person.referent_id or 0),
             "created_at": person.created_at, "last_contact_at": person.last_contact_at}
    if not full:
        del found["first_visit"], found["last_contact_at"]
    return found


def _identity(call: Call, person: Person) -> dict[str, Any] | None:
    row = call.session.get(PersonIdentity, person.id)
    if row is None:
        return None
    return call.sealer.open(person.id, "person_identities", person.id, "data", row.data_enc)


def _consents(call: Call, person: Person, partner: str | None) -> list[dict[str, Any]]:
    rows = consent_store.rows(call, person.id)
    if partner is not None:
        rows = [r for r in rows if consent_store.snapshot(call, r).concerns("partage", partner)]
    names, zone = consents.names_of(call, rows), consents.her_zone(call, person)
    return [consents.view(call, r, names, zone).model_dump(exclude={"person_id"}) for r in rows]


def _fact_labels(call: Call, track: Track) -> dict[str, str]:
    defn = call.app.catalog.definitions.get((track.definition_id, track.definition_version))
    return fact_labels(defn) if defn else {}


def _track(call: Call, track: Track, label: str) -> dict[str, Any]:
    names = _fact_labels(call, track)
    return {"id": track.id, "definition": track.definition_id, "version": track.definition_version,
            "label": label, "step": track.step, "step_label": _step_label(call, track),
            "status": track.status, "step_since": track.step_since, "opened_at": track.opened_at,
            "closed_at": track.closed_at,
            "facts": [{"name": n, "label": names.get(n, n), "value": v}
                      for n, v in sorted(track.facts.items())]}


def _facts(call: Call, person: Person, tracks: list[Track],
           partner: str | None) -> list[dict[str, Any]]:
    """Every sensitive and restricted value recorded (each submission, not only the latest);
    for ``partner``, no restricted value, and no referral's partner but this one: naming
    another tells whom else she agreed to share with (:func:`_other_partner`)."""
    by_id = {t.id: t for t in tracks}
    names = {t.id: _fact_labels(call, t) for t in tracks}
    rows = call.session.scalars(select(SensitiveFact).where(SensitiveFact.person_id == person.id)
                                .order_by(SensitiveFact.id))
    found = []
    for r in rows:
        if partner is not None and r.sensitivity == "restricted":
            continue
        value = records.opened_value(call, r)
        if partner is not None and _other_partner(r.name, value, partner):
            continue
        found.append({"track_id": r.track_id,
                      "track": _track_label(call, by_id[r.track_id]) if r.track_id in by_id
                      else None,
                      "name": r.name, "label": names.get(r.track_id or 0, {}).get(r.name, r.name),
                      "sensitivity": r.sensitivity, "value": value,
                      "recorded_at": r.recorded_at, "event_id": r.event_id})
    return found


def _other_partner(name: str, value: Any, partner: str) -> bool:
    """Whether a fact names, as a referral's partner, someone other than ``partner``
    (accents, case and spaces ignored, as her consents are matched)."""
    return name == PARTNER_FACT and not partner_share.names(value, partner)


def _deadlines(call: Call, person: Person, labels: dict[int, str]) -> list[dict[str, Any]]:
    found = []
    for row in call.session.scalars(select(Deadline).where(Deadline.person_id == person.id)
                                    .order_by(Deadline.id)):
        comp = records.computation(call, row)
        rule = next((r for r in call.app.catalog.rules.get(row.rule_id, [])
                     if r.version == row.rule_version), None)
        found.append({"track_id": row.track_id, "track": labels.get(row.track_id),
                      "rule": row.rule_id, "version": row.rule_version,
                      "label": rule.label if rule else row.rule_id, "due": row.due,
                      "status": row.status, "start": comp.get("start"),
                      "explanation": comp.get("explanation", ""), "source": comp.get("source", ""),
                      "evidence": comp.get("evidence", ""),
                      "suspensions": comp.get("suspensions", [])})
    return found


def _event_label(call: Call, event: Event, tracks: dict[int, Track]) -> str:
    """What happened, in French: a transition's label and destination, or the event's kind."""
    track = tracks.get(event.track_id or 0)
    defn = call.app.catalog.definitions.get((track.definition_id, track.definition_version)) \
        if track else None
    facts = event.facts or {}
    if event.kind == "transition" and defn is not None:
        label = next((t.label for t in defn.transitions if t.trigger == event.trigger),
                     event.trigger or "")
        try:
            step = defn.step(event.to_step or "").label
        except KeyError:
            step = event.to_step or ""
        return M.EXPORT_EVENT_TRANSITION.format(label=label, step=step)
    if event.kind in ("consent_given", "consent_withdrawn"):
        purpose = str(facts.get("purpose", ""))
        return M.EXPORT_EVENT_CONSENT.format(
            what=M.EXPORT_EVENT_KINDS[event.kind],
            purpose=M.CONSENT_PURPOSE_LABELS.get(purpose, purpose))
    if event.kind == "person_exported":
        return M.EXPORT_EVENT_EXPORTED[facts.get("destination") == "partner"]
    return M.EXPORT_EVENT_KINDS.get(event.kind, event.kind)


def _details(call: Call, event: Event, tracks: dict[int, Track]) -> list[dict[str, Any]]:
    """A transition's ordinary facts with their French labels (the values of sensitive ones
    are in the facts section); nothing for other events, whose facts are references."""
    track = tracks.get(event.track_id or 0)
    if event.kind != "transition" or track is None:
        return []
    names = _fact_labels(call, track)
    return [{"label": names.get(n, n), "value": v} for n, v in (event.facts or {}).items()
            if not n.startswith("_")]


def _for_partner(event: Event, consents: set[int]) -> bool:
    """Whether a partner's export shows ``event``: not the supervision's decisions, nor her
    consents to share with partners (whichever: the consents section shows this partner's),
    nor an export for a partner made under a consent other than this partner's (``consents``,
    their numbers): it tells that she agreed to share with someone else, and when."""
    facts = event.facts or {}
    if event.kind.startswith("review_"):
        return False
    if event.kind == "person_exported" and facts.get("destination") == "partner":
        return facts.get("consent") in consents
    return not (event.kind in ("consent_given", "consent_withdrawn")
                and facts.get("purpose") == "partage")


def _events(call: Call, person: Person, labels: dict[int, str],
            users: dict[int, str], full: bool, consents: set[int]) -> list[dict[str, Any]]:
    """Her events; for a partner, without the supervision's, the sharing consents' and the
    exports for other partners (:func:`_for_partner`; ``consents``: the numbers of this
    partner's), and without the checks' messages, which may quote restricted content
    (« Crime : … »)."""
    tracks = {t.id: t for t in call.session.scalars(select(Track).where(
        Track.person_id == person.id))}
    # When it happened on her delegation's clock, as her history says it.
    here = ZoneInfo(zone_of(person_snapshot.delegation_info(call.session, person.delegation_id)))
    found = []
    for e in call.session.scalars(select(Event).where(Event.person_id == person.id)
                                  .order_by(Event.id)):
        if not full and not _for_partner(e, consents):
            continue
        deadlines = call.sealer.open(person.id, "events", e.id, "deadlines", e.deadlines_enc) \
            if e.deadlines_enc is not None else []
        found.append({"id": e.id, "kind": e.kind, "label": _event_label(call, e, tracks),
                      "track_id": e.track_id,
                      "track": labels.get(e.track_id or 0), "trigger": e.trigger,
                      "from_step": e.from_step, "to_step": e.to_step,
                      "occurred_at": e.occurred_at.astimezone(here),
                      "recorded_at": e.recorded_at,
                      "actor": users.get(e.actor_id, ""), "actor_role": e.actor_role,
                      "facts": dict(e.facts or {}), "details": _details(call, e, tracks),
                      "checks": list(e.checks or []) if full else [],
                      "deadlines": deadlines})
    return found


def _notes(call: Call, person: Person, labels: dict[int, str], users: dict[int, str],
           full: bool) -> list[dict[str, Any]]:
    from core.services.notes_store import note_text
    rows = call.session.scalars(select(Note).where(Note.person_id == person.id).order_by(Note.id))
    return [{"id": n.id, "created_at": n.created_at, "author": users.get(n.author_id, ""),
             "track_id": n.track_id, "track": labels.get(n.track_id or 0), "sensitivity": n.sensitivity,
             "text": note_text(call, n)}
            for n in rows if full or n.sensitivity != "restricted"]


def _visits(call: Call, person: Person) -> list[dict[str, Any]]:
    rows = call.session.execute(select(Visit, DropIn.day).join(DropIn, Visit.dropin_id == DropIn.id)
                                .where(Visit.person_id == person.id).order_by(DropIn.day, Visit.id))
    return [{"day": day, "needs": v.needs, "recorded_at": v.recorded_at} for v, day in rows]


def _review(call: Call, person: Person, users: dict[int, str]) -> list[dict[str, Any]]:
    rows = call.session.scalars(select(ReviewMark).where(ReviewMark.person_id == person.id)
                                .order_by(ReviewMark.id))
    return [{"created_at": m.created_at, "kind": m.kind, "action": m.action, "until": m.until,
             "reason": call.sealer.open(person.id, "review_marks", m.id, "reason", m.reason_enc)
             if m.reason_enc is not None else None, "actor": users.get(m.actor_id, "")}
            for m in rows]


def _holds(call: Call, person: Person, users: dict[int, str]) -> list[dict[str, Any]]:
    rows = call.session.scalars(select(PersonHold).where(PersonHold.person_id == person.id)
                                .order_by(PersonHold.id))
    return [{"placed_at": h.placed_at, "placed_by": users.get(h.placed_by, ""),
             "reason": call.sealer.open(person.id, "person_holds", h.id, "reason", h.reason_enc),
             "lifted_at": h.lifted_at} for h in rows]
