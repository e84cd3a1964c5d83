"""The PSP in the demo year: walked towards authorisation; once authorised, the APS, then
the AFIS once the APS is delivered (the APS gives the shared fact ``sejour_regulier_jusquau``)."""

from __future__ import annotations

from core.demo import DemoChoice, DemoDomain, DemoMove, DemoPath, DemoTrack, DemoValue

M = DemoMove

PSP = DemoTrack(
    definition="psp", moves=(1, 2, 3, 4, 5, 5, 5, 6, 7),
    paths=(DemoPath(moves=(
        M(trigger="signer_document", after=(10, 30)),
        M(trigger="constituer_dossier", after=(10, 30)),
        M(trigger="transmettre", after=(5, 15)),
        M(trigger="enregistrer_avis", after=(20, 60)),
        M(choices=(DemoChoice(trigger="autoriser", weight=0.85),
                   DemoChoice(trigger="refuser", weight=0.15)), after=(7, 30), ends=("refuser",)),
        M(trigger="transmettre_renouvellement", after=(110, 125)),
        M(trigger="renouveler", after=(20, 40)),
    )),))

APS = DemoTrack(
    definition="psp_aps", follows=("autoriser",), delay=(1, 10), moves=(1, 2),
    paths=(DemoPath(moves=(
        M(trigger="demander", after=(5, 15)),
        M(trigger="delivrer", after=(15, 40),
          facts={"sejour_regulier_jusquau": DemoValue.later(months=6)}))),))

AFIS = DemoTrack(
    definition="psp_afis", follows=("delivrer",), delay=(1, 10), moves=(1, 2),
    paths=(DemoPath(moves=(
        M(trigger="demander", after=(3, 10),
          facts={"situation_sejour": "aps", "beneficiaire_rsa": False, "beneficiaire_ada": False,
                 "date_naissance": DemoValue.years_before(22, 45),
                 "ressources_mois_precedent": DemoValue.one_of(0, 80, 150, 240)}),
        M(trigger="accorder", after=(20, 60)))),))

DOMAINS = (DemoDomain(domain="psp", persons=30, tracks=(PSP, APS, AFIS)),)
"""The PSP's demo: 30 persons a year."""
