"""The housing domain in the demo year: from the 115 to an admission through the SIAO."""

from __future__ import annotations

from core import DemoDomain, DemoMove, DemoPath, DemoTrack

M = DemoMove

DOMAINS = (DemoDomain(domain="logement", persons=70, tracks=(DemoTrack(
    definition="logement_hebergement",
    paths=(DemoPath(moves=(M(trigger="appeler_115", after=(0, 5)),
                           M(trigger="heberger", after=(1, 2)),
                           M(trigger="orienter_siao", after=(20, 60)),
                           M(trigger="admettre", after=(20, 50)))),)),)),)
