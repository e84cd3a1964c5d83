"""What an export for a partner holds of her file: the démarches sent, and nothing that tells
more than they do.

:func:`shared_tracks` says which démarches go (those whose referral named the partner, those
her referent chose); :func:`keep_shared` leaves out of the gathered export what concerns no
démarche sent; :func:`veil_restricted_moves` shows a move whose choice tells a restricted fact
without its name, its facts or the deadlines it opened (:mod:`core.services.person_export`
gathers the rest).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from sqlalchemy import select

from core import messages as M
from core.engine.checks import PARTNER_FACT
from core.errors import InputError, NotFound
from core.persistence.models import Person, SensitiveFact, Track
from core.persistence.text import alias_key
from core.services import records
from core.services.registry import Call
from core.text import NUMBERED


def keep_shared(data: dict[str, Any], shown: set[int]) -> None:
    """For a partner, only what concerns the démarches sent (``shown``): not a general note
    on her, nor another démarche's deadline or fact; of her events, those of these démarches
    and the exports made under this partner's consent."""
    for key in ("facts", "deadlines", "notes"):
        data[key] = [item for item in data[key] if item["track_id"] in shown]
    data["events"] = [e for e in data["events"] if e["track_id"] in shown
                      or (e["kind"] == "person_exported"
                          and e["facts"].get("destination") == "partner")]


def veil_restricted_moves(call: Call, data: dict[str, Any], tracks: list[Track]) -> None:
    """For a partner, a move whose very choice tells a restricted fact
    (:attr:`TransitionDefinition.restricted`: « Évaluer la prescription (un crime) ») is shown
    as a step recorded, without its name nor the facts it asked, and the deadlines it opens
    are left out (« … (crime) », and their length, tell the same)."""
    veiled: dict[int, tuple[set[str], set[str]]] = {}
    for track in tracks:
        defn = call.app.catalog.definitions.get((track.definition_id, track.definition_version))
        moves = [tr for tr in defn.transitions if tr.restricted] if defn else []
        if moves:
            veiled[track.id] = ({tr.trigger for tr in moves},
                                {r for tr in moves for r in tr.rule_ids() if r not in tr.closes})
    if not veiled:
        return
    hidden: set[int] = set()
    for event in data["events"]:
        triggers = veiled.get(event["track_id"], (set(), set()))[0]
        if event["kind"] == "transition" and event["trigger"] in triggers:
            # What it asked tells it too (her majority: she was a minor): its facts go.
            event.update(trigger=None, label=M.EXPORT_EVENT_VEILED, deadlines=[], details=[],
                         facts={})
            hidden.add(event["id"])
    data["facts"] = [f for f in data["facts"] if f["event_id"] not in hidden]
    data["deadlines"] = [d for d in data["deadlines"]
                         if d["rule"] not in veiled.get(d["track_id"], (set(), set()))[1]]


def shared_tracks(call: Call, person: Person, tracks: list[Track], partner: str,
                  chosen: Iterable[str]) -> list[Track]:
    """Her démarches sent to ``partner``: those whose referral named it (fact
    ``partenaire``, any value it held), then those of ``chosen`` (a definition: each of its
    tracks; a number: that track).

    Raises:
        NotFound: a démarche of ``chosen`` that is none of hers.
        InputError: nothing to send.
    """
    wanted = {t.id for t in tracks if names(t.facts.get(PARTNER_FACT), partner)}
    rows = call.session.scalars(select(SensitiveFact).where(
        SensitiveFact.person_id == person.id, SensitiveFact.name == PARTNER_FACT))
    wanted |= {r.track_id for r in rows if r.track_id is not None
               and names(records.opened_value(call, r), partner)}
    for ref in chosen:
        found = _chosen(tracks, ref)
        if not found:
            raise NotFound(M.EXPORT_TRACK_UNKNOWN.format(track=ref))
        wanted |= found
    if not wanted:
        raise InputError(M.EXPORT_PARTNER_NOTHING.format(partner=partner))
    return [t for t in tracks if t.id in wanted]


def names(value: Any, partner: str) -> bool:
    return isinstance(value, str) and alias_key(value) == alias_key(partner)


def _chosen(tracks: list[Track], ref: str) -> set[int]:
    """The tracks ``ref`` names: by number (« 12 », « n° 12 »), else by definition."""
    text = str(ref).strip()
    numbered = NUMBERED.fullmatch(text)
    if numbered or (text.isascii() and text.isdigit()):
        number = int(numbered.group(1) if numbered else text)
        return {t.id for t in tracks if t.id == number}
    return {t.id for t in tracks if t.definition_id == text.casefold()}
