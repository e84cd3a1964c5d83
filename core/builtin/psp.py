"""The PSP (*parcours de sortie de la prostitution*) tracks, domain.md §2.

``psp``: needs assessment, pathway document, application file, sending to the prefecture,
commission opinion, the prefect's decision, 6-month authorisations renewable up to 24
months in total (renewal file due ahead of each end, commitments and cessation weighed at
each renewal), early end and exit (flagging the APS and AFIS that depend on it). Only an
association approved on the filing date may send the application. ``psp_aps`` and
``psp_afis`` follow the residence authorisation (CESEDA L425-4, at least 6 months) and the
AFIS allowance (CASF R121-12-13-1) requested during an authorised pathway, with their
conditions as checks; AFIS stops from the month after the decision that ends it.
"""

from __future__ import annotations

from datetime import timedelta

from core.builtin import schemas as S
from core.definitions.model import (Silence, StepDefinition, StepKind,
                                    TrackDefinition, TransitionDefinition)

T = TransitionDefinition
RUNNING = ("evaluation_besoins", "document_parcours", "constitution_dossier", "transmis",
           "avis_rendu", "refuse")

PSP = TrackDefinition(
    id="psp", version=1, label="Parcours de sortie de la prostitution (PSP)", domain="psp",
    initial="evaluation_besoins",
    steps=(
        StepDefinition(id="evaluation_besoins", label="Évaluation des besoins",
                       stall_after=timedelta(days=60)),
        StepDefinition(id="document_parcours", label="Document de parcours signé",
                       stall_after=timedelta(days=45), facts=S.DocumentParcoursFacts),
        StepDefinition(id="constitution_dossier", label="Dossier de demande constitué",
                       stall_after=timedelta(weeks=8), facts=S.DossierFacts),
        StepDefinition(id="transmis", label="Dossier transmis, commission attendue",
                       kind=StepKind.WAITING, expected_answer_within=timedelta(weeks=8),
                       silence_means=Silence.SANS_EFFET, facts=S.EnvoiFacts),
        StepDefinition(id="avis_rendu", label="Avis de la commission, décision du préfet attendue",
                       kind=StepKind.WAITING, expected_answer_within=timedelta(weeks=4),
                       silence_means=Silence.SANS_EFFET, facts=S.CommissionFacts,
                       description="Effet du silence du préfet non établi [U]."),
        StepDefinition(id="autorise", label="Parcours autorisé (période de 6 mois)",
                       stall_after=timedelta(days=60), facts=S.DecisionFacts),
        StepDefinition(id="renouvellement_transmis", label="Renouvellement transmis",
                       kind=StepKind.WAITING, expected_answer_within=timedelta(weeks=6),
                       silence_means=Silence.SANS_EFFET, facts=S.RenouvellementFacts),
        StepDefinition(id="refuse", label="Refus du préfet (recours possible)",
                       stall_after=timedelta(days=45), facts=S.RefusFacts),
        StepDefinition(id="fin_anticipee", label="Fin anticipée du parcours",
                       kind=StepKind.FINAL, facts=S.FinAnticipeeFacts),
        StepDefinition(id="sorti", label="Sortie du parcours", kind=StepKind.FINAL,
                       facts=S.SortieFacts),
        StepDefinition(id="abandonne", label="Démarche abandonnée", kind=StepKind.FINAL,
                       facts=S.ClotureFacts),
    ),
    transitions=(
        T(trigger="signer_document", label="Signer le document de parcours",
          source=("evaluation_besoins",), dest="document_parcours"),
        T(trigger="constituer_dossier", label="Constituer le dossier de demande",
          source=("document_parcours", "refuse"), dest="constitution_dossier",
          checks=("psp.dossier_complet",)),
        T(trigger="transmettre", label="Transmettre le dossier à la préfecture",
          source=("constitution_dossier",), dest="transmis",
          checks=("psp.dossier_complet", "psp.agrement")),
        T(trigger="enregistrer_avis", label="Enregistrer l'avis de la commission",
          source=("transmis",), dest="avis_rendu"),
        T(trigger="autoriser", label="Enregistrer l'autorisation du préfet",
          source=("avis_rendu",), dest="autorise",
          opens=("psp.autorisation_6m", "psp.duree_max_24m")),
        T(trigger="refuser", label="Enregistrer le refus du préfet",
          source=("avis_rendu",), dest="refuse", opens=("psp.recours_refus_2m",)),
        T(trigger="transmettre_renouvellement", label="Transmettre le dossier de renouvellement",
          source=("autorise",), dest="renouvellement_transmis",
          checks=("psp.plafond_24m", "psp.renouvellement_a_temps",
                  "psp.renouvellement_conditions")),
        T(trigger="renouveler", label="Enregistrer le renouvellement (6 mois)",
          source=("renouvellement_transmis",), dest="autorise", facts=S.DecisionFacts,
          checks=("psp.plafond_24m",), opens=("psp.autorisation_6m",)),
        T(trigger="finir_anticipee", label="Enregistrer une fin anticipée",
          source=("autorise", "renouvellement_transmis"), dest="fin_anticipee",
          checks=("psp.dependances",), closes=("psp.autorisation_6m", "psp.duree_max_24m")),
        T(trigger="sortir", label="Sortie du parcours (fin de l'autorisation)",
          source=("autorise", "renouvellement_transmis"), dest="sorti",
          checks=("psp.dependances",), closes=("psp.autorisation_6m", "psp.duree_max_24m")),
        T(trigger="abandonner", label="Abandonner la démarche (avec motif)",
          source=RUNNING, dest="abandonne", closes=("psp.recours_refus_2m",)),
    ),
)

APS = TrackDefinition(
    id="psp_aps", version=1, label="APS du parcours de sortie (L425-4)", domain="psp",
    initial="a_demander",
    steps=(
        StepDefinition(id="a_demander", label="APS à demander", stall_after=timedelta(days=30)),
        StepDefinition(id="demandee", label="APS demandée, préfecture saisie",
                       kind=StepKind.WAITING, expected_answer_within=timedelta(days=30),
                       silence_means=Silence.SANS_EFFET, facts=S.ApsDemandeFacts),
        StepDefinition(id="delivree", label="APS délivrée (autorise le travail)",
                       stall_after=timedelta(days=183), facts=S.ApsDelivranceFacts),
        StepDefinition(id="refusee", label="APS refusée", kind=StepKind.FINAL,
                       facts=S.DecisionNegativeFacts),
        StepDefinition(id="terminee", label="APS terminée (fin du parcours)", kind=StepKind.FINAL),
        StepDefinition(id="abandonnee", label="Demande d'APS abandonnée", kind=StepKind.FINAL,
                       facts=S.ClotureFacts),
    ),
    transitions=(
        T(trigger="demander", label="Demander l'APS", source=("a_demander", "delivree"),
          dest="demandee", checks=("psp.parcours_autorise",)),
        T(trigger="delivrer", label="Enregistrer la délivrance de l'APS", source=("demandee",),
          dest="delivree", checks=("psp.aps_duree",), opens=("psp.aps_validite_6m",)),
        T(trigger="refuser", label="Enregistrer le refus de l'APS", source=("demandee",),
          dest="refusee", closes=("psp.aps_validite_6m",)),
        T(trigger="terminer", label="Clore l'APS (fin du parcours)",
          source=("delivree", "demandee"), dest="terminee", closes=("psp.aps_validite_6m",)),
        T(trigger="abandonner", label="Abandonner la demande (avec motif)",
          source=("a_demander", "demandee"), dest="abandonnee"),
    ),
)

AFIS = TrackDefinition(
    id="psp_afis", version=1, label="AFIS (aide financière du parcours de sortie)",
    domain="psp", initial="a_demander",
    steps=(
        StepDefinition(id="a_demander", label="AFIS à demander", stall_after=timedelta(days=30)),
        StepDefinition(id="demandee", label="AFIS demandée (MSA)", kind=StepKind.WAITING,
                       expected_answer_within=timedelta(days=61),
                       silence_means=Silence.SANS_EFFET, facts=S.AfisDemandeFacts),
        StepDefinition(id="versee", label="AFIS versée", stall_after=timedelta(days=183),
                       facts=S.AfisAccordFacts),
        StepDefinition(id="refusee", label="AFIS refusée", kind=StepKind.FINAL,
                       facts=S.DecisionNegativeFacts),
        StepDefinition(id="arret_decide", label="Arrêt décidé : versée jusqu'à la fin du mois",
                       stall_after=timedelta(days=45), facts=S.AfisArretFacts,
                       description="L'AFIS s'arrête à compter du mois qui suit la décision."),
        StepDefinition(id="arretee", label="AFIS arrêtée", kind=StepKind.FINAL,
                       facts=S.AfisFinFacts),
        StepDefinition(id="abandonnee", label="Demande d'AFIS abandonnée", kind=StepKind.FINAL,
                       facts=S.ClotureFacts),
    ),
    transitions=(
        T(trigger="demander", label="Demander l'AFIS", source=("a_demander",), dest="demandee",
          checks=("psp.parcours_autorise", "psp.afis_age", "psp.afis_sejour",
                  "psp.afis_ressources", "psp.afis_rsa_ada")),
        T(trigger="accorder", label="Enregistrer l'accord de l'AFIS", source=("demandee",),
          dest="versee"),
        T(trigger="refuser", label="Enregistrer le refus de l'AFIS", source=("demandee",),
          dest="refusee"),
        T(trigger="arreter", label="Enregistrer la décision d'arrêt de l'AFIS",
          source=("versee", "demandee"), dest="arret_decide", opens=("psp.afis_fin_mois",)),
        T(trigger="terminer", label="Constater le dernier versement de l'AFIS",
          source=("arret_decide",), dest="arretee", closes=("psp.afis_fin_mois",)),
        T(trigger="abandonner", label="Abandonner la demande (avec motif)",
          source=("a_demander", "demandee"), dest="abandonnee"),
    ),
)
