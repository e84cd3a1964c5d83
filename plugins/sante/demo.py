"""The health domain in the demo year: domiciliation first, then coverage, then care.

Once domiciled, a person holding a stay document (the shared fact ``sejour_regulier_jusquau``,
whatever domain gave it) asks for PUMa, an asylum seeker no sooner than 93 days after her
registration (``demande_asile_depuis``: more than any 3 months); anyone else asks for the AME.
Twelve persons nobody follows only have their domiciliation request started.
"""

from __future__ import annotations

from core import DemoDomain, DemoMove, DemoPath, DemoTrack, DemoValue

M = DemoMove

DOMICILIATION = DemoTrack(
    definition="sante_domiciliation",
    paths=(DemoPath(moves=(M(trigger="demander", after=(3, 20)),
                           M(trigger="domicilier", after=(10, 40)))),),
    moves=(1, 2))

COUVERTURE = DemoTrack(
    definition="sante_couverture", follows=("domicilier",), delay=(1, 20), moves=(1, 2),
    paths=(
        DemoPath(holding="sejour_regulier_jusquau", waits=("demande_asile_depuis", 93),
                 moves=(M(trigger="demander_puma", after=(10, 40)),
                        M(trigger="ouvrir_puma", after=(30, 75)))),
        DemoPath(moves=(M(trigger="demander_ame", after=(10, 40),
                          facts={"date_arrivee_france": DemoValue.years_before(1, 6)}),
                        M(trigger="accorder_ame", after=(30, 75)))),
    ))

SOINS = DemoTrack(
    definition="sante_soins", follows=("accorder_ame", "ouvrir_puma"), delay=(1, 30),
    moves=(0, 1, 2),
    paths=(DemoPath(moves=(M(trigger="orienter", after=(5, 30)),
                           M(trigger="honorer_rdv", after=(7, 30)))),))

DOMAINS = (DemoDomain(domain="sante", persons=90, tracks=(DOMICILIATION, COUVERTURE, SOINS),
                      unfollowed=12),)
