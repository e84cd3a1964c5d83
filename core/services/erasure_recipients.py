"""Whom her data was sent to, named to the supervisor who erases her (GDPR art. 19).

The controller tells each recipient of personal data about an erasure, unless that proves
impossible. Parcours knows two kinds: a partner her file was exported to (``person export
--partner``: a ``person_exported`` event naming the consent it used), and a partner a
referral named (the shared fact ``partenaire``: that partner was told about her). Both names
are sealed with her key, which the erasure destroys: once it commits, nobody can say whom to
tell. So they are read in the erasure's own transaction, before her key goes, and handed to
the supervisor in its answer only: never stored, never in the audit row (a partner's name,
a health or legal service, tells her situation).
"""

from __future__ import annotations

from sqlalchemy import select

from core.engine.checks import PARTNER_FACT
from core.persistence.models import Consent, Event, SensitiveFact, Track
from core.persistence.text import alias_key
from core.services import consent_store, records
from core.services.registry import Call


def recipients(call: Call, person_id: int) -> list[str]:
    """The partners her data went to, each once (accents, case and spaces ignored), sorted."""
    names = _exported_to(call, person_id) + _referred_to(call, person_id)
    found: dict[str, str] = {}
    for name in names:
        if isinstance(name, str) and alias_key(name):
            found.setdefault(alias_key(name), name.strip())
    return sorted(found.values(), key=alias_key)


def _exported_to(call: Call, person_id: int) -> list[str]:
    used = {e.facts.get("consent") for e in call.session.scalars(select(Event).where(
        Event.person_id == person_id, Event.kind == "person_exported"))
        if (e.facts or {}).get("destination") == "partner"}
    if not used:
        return []
    rows = call.session.scalars(select(Consent).where(Consent.person_id == person_id,
                                                      Consent.id.in_(used - {None})))
    return [p for p in (consent_store.snapshot(call, r).partner for r in rows) if p]


def _referred_to(call: Call, person_id: int) -> list[str]:
    sealed = call.session.scalars(select(SensitiveFact).where(
        SensitiveFact.person_id == person_id, SensitiveFact.name == PARTNER_FACT))
    named = [records.opened_value(call, r) for r in sealed]
    plain = call.session.scalars(select(Track.facts).where(Track.person_id == person_id))
    return named + [facts.get(PARTNER_FACT) for facts in plain if facts]
