"""Facts shared across domains, read by name from any of the person's tracks.

Plugins never import each other. When one domain's check depends on another's, it reads the
person's tracks through these helpers, which look for the shared fact names below (or a
running deadline by its public rule id). A plugin that grants or records such a situation
collects the fact under the same name.

==========================  ==========================================================
shared fact                 meaning
==========================  ==========================================================
``sejour_regulier_jusquau``  date until which a regular-stay document is valid (ATDA,
                             APS, récépissé, carte L425-1, titre de séjour)
``autorise_travail``         bool: that document allows work
``beneficiaire_ada``         bool: receives or is eligible to the asylum seekers' allowance
``beneficiaire_rsa``         bool: receives or is eligible to the RSA
``plainte_deposee``          bool: a criminal complaint was filed (not a *main courante*)
``demande_asile_depuis``     date: registration of an asylum application still pending
==========================  ==========================================================
"""

from __future__ import annotations

from datetime import date
from typing import Any

from core.engine.checks import PersonSnapshot, TrackSnapshot, as_date

SHARED_FACTS = ("sejour_regulier_jusquau", "autorise_travail", "beneficiaire_ada",
                "beneficiaire_rsa", "plainte_deposee", "demande_asile_depuis")


def regular_stay(person: PersonSnapshot, today: date) -> TrackSnapshot | None:
    """A track recording a regular-stay document still valid on ``today``, if any."""
    for track in person.tracks:
        until = as_date(track.facts.get("sejour_regulier_jusquau"))
        if until is not None and until >= today:
            return track
    return None


def work_document(person: PersonSnapshot, today: date) -> TrackSnapshot | None:
    """A track recording a valid document that allows work, if any."""
    stay = [t for t in person.tracks if t.facts.get("autorise_travail") is True]
    valid = regular_stay(PersonSnapshot(tracks=tuple(stay)), today)
    return valid


def flagged(person: PersonSnapshot, name: str, *, open_only: bool = True) -> TrackSnapshot | None:
    """A track where the boolean shared fact ``name`` is true (open tracks by default)."""
    return next((t for t in person.tracks
                 if t.facts.get(name) is True and (t.open or not open_only)), None)


def running_deadline(person: PersonSnapshot, rule_id: str) -> Any | None:
    """The running deadline of public id ``rule_id`` on any open track, if any."""
    for track in person.tracks:
        if track.open and rule_id in track.deadlines:
            return track.deadlines[rule_id]
    return None


def asylum_registration(person: PersonSnapshot) -> date | None:
    """When her pending asylum application was registered (an open track holding
    ``demande_asile_depuis``), if she is an asylum seeker."""
    days = [as_date(t.facts.get("demande_asile_depuis")) for t in person.tracks if t.open]
    return min((d for d in days if d is not None), default=None)
