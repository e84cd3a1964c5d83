"""The asylum domain in the demo year: applications walked from the SPADA to the decision.

150 of them reach the *récit de vie* in the year (the association's published count): while
fewer have, a track is walked at least that far and starts by 15 November; afterwards tracks
stop before it. Only persons first seen by 25 October are helped, so that the récit comes in
the year. The ATDA gives the shared facts ``sejour_regulier_jusquau`` and
``demande_asile_depuis`` that the health domain reads.
"""

from __future__ import annotations

from core import DemoChoice, DemoDomain, DemoGoal, DemoMove, DemoPath, DemoTrack, DemoValue

M = DemoMove
ATDA = {"sejour_regulier_jusquau": DemoValue.later(months=10),
        "demande_asile_depuis": DemoValue.later()}

ASILE = DemoTrack(
    definition="asile",
    paths=(DemoPath(moves=(
        M(trigger="pre_enregistrer", after=(1, 4)),
        M(choices=(DemoChoice(trigger="enregistrer_procedure_normale", weight=0.8),
                   DemoChoice(trigger="enregistrer_procedure_acceleree", weight=0.2)),
          after=(3, 9), facts=ATDA),
        M(trigger="rediger_recit", after=(3, 10),
          facts={"langue_recit": DemoValue.one_of("français", "anglais", "arabe", "tigrinya",
                                                  "espagnol"),
                 "recit_traduit_francais": True}),
        M(trigger="envoyer_ofpra", after=(2, 6)),
        M(trigger="enregistrer_introduction", after=(10, 30)),
        M(trigger="convoquer", after=(40, 140),
          facts={"date_entretien": DemoValue.later(days=30),
                 "accompagnement_entretien": DemoValue.one_of("aucun", "association_habilitee")}),
        M(trigger="passer_entretien", after=(30, 30)),
        M(choices=(DemoChoice(trigger="accorder_protection", weight=0.55,
                              facts={"protection": DemoValue.one_of("refugiee",
                                                                    "protection_subsidiaire")}),
                   DemoChoice(trigger="rejeter", weight=0.45, facts={"droit_au_maintien": True})),
          after=(30, 110), facts={"sejour_regulier_jusquau": DemoValue.later(months=6)}),
    )),),
    moves=(0, 1, 2),
    goal=DemoGoal(trigger="rediger_recit", tracks=150, moves=(3, 3, 4, 4, 5, 6, 6, 7, 8),
                  start_by=(11, 15)),
)

DOMAINS = (DemoDomain(domain="asile", persons=170, tracks=(ASILE,), first_seen_by=(10, 25)),)
