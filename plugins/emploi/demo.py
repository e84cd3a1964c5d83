"""The employment domain in the demo year: French classes, started and finished."""

from __future__ import annotations

from core import DemoDomain, DemoMove, DemoPath, DemoTrack

M = DemoMove

DOMAINS = (DemoDomain(domain="emploi", persons=45, tracks=(DemoTrack(
    definition="emploi_formation",
    paths=(DemoPath(moves=(M(trigger="orienter_francais", after=(10, 40)),
                           M(trigger="commencer", after=(20, 60)),
                           M(trigger="terminer", after=(60, 150)))),)),)),)
