"""The complaint domain in the demo year: reflection time, the complaint, the prosecutor's
decision."""

from __future__ import annotations

from core import DemoChoice, DemoDomain, DemoMove, DemoPath, DemoTrack

M = DemoMove

DOMAINS = (DemoDomain(domain="plainte", persons=20, tracks=(DemoTrack(
    definition="plainte",
    paths=(DemoPath(moves=(
        M(trigger="informer_delai_reflexion", after=(5, 20)),
        M(trigger="deposer_plainte", after=(20, 45),
          facts={"recepisse_remis": True, "consentement_eclaire": True,
                 "evaluation_risques": True}),
        M(choices=(DemoChoice(trigger="classer_sans_suite", weight=0.5),
                   DemoChoice(trigger="engager_poursuites", weight=0.5)), after=(60, 150)),
    )),)),)),)
