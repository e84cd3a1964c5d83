"""Reception conditions and ADA (OFII), and residence permits for victims (CESEDA L425-x).

``asile_ada`` runs beside the asylum track: accepting the reception conditions, the ADA paid
(shared fact ``beneficiaire_ada``, which rules AFIS out), cut or ended. ``sejour_victime``
follows the reflection-period récépissé, the L425-1 card (needs a filed complaint, read
across domains) and its renewals during the criminal case, then the L425-3 resident card.
"""

from __future__ import annotations

from datetime import timedelta

from core import NoFacts, Silence, StepDefinition, StepKind, TrackDefinition, TransitionDefinition
from plugins.asile import schemas as S
from plugins.asile import schemas_sejour as J

T = TransitionDefinition
DAYS = timedelta
FOUR_MONTHS = 122
SILENCE_4M = ("Sans réponse 4 mois après le dépôt du dossier complet, la demande est "
              "implicitement refusée [S] (articles exacts à vérifier [U]).")


def _prefecture(step_id: str, label: str, facts: type = NoFacts, extra: str = "") -> StepDefinition:
    return StepDefinition(id=step_id, label=label, kind=StepKind.WAITING, facts=facts,
                          expected_answer_within=DAYS(days=FOUR_MONTHS),
                          silence_means=Silence.REFUS, description=f"{SILENCE_4M} {extra}".strip())


ADA = TrackDefinition(
    id="asile_ada", label="Conditions matérielles d'accueil et ADA", domain="asile",
    initial="a_proposer",
    description="Offre de l'OFII (hébergement et allocation pour demandeur d'asile).",
    steps=(
        StepDefinition(id="a_proposer", label="Offre de conditions d'accueil à examiner",
                       stall_after=DAYS(days=7)),
        StepDefinition(id="cma_acceptees", label="Conditions d'accueil acceptées, ADA attendue",
                       kind=StepKind.WAITING, expected_answer_within=DAYS(days=30),
                       silence_means=Silence.SANS_EFFET, facts=J.CmaFacts,
                       description="Le silence de l'OFII ne vaut pas décision : relancer."),
        StepDefinition(id="ada_versee", label="ADA versée", stall_after=DAYS(days=183),
                       facts=J.AdaFacts),
        StepDefinition(id="ada_coupee", label="ADA coupée ou suspendue",
                       stall_after=DAYS(days=15), facts=J.AdaCoupureFacts,
                       description="Demander une décision motivée et, si besoin, la contester."),
        StepDefinition(id="cma_refusees", label="Conditions d'accueil refusées", kind=StepKind.FINAL,
                       facts=J.RefusCmaFacts),
        StepDefinition(id="ada_terminee", label="ADA terminée", kind=StepKind.FINAL,
                       facts=J.FinAdaFacts),
        StepDefinition(id="abandonnee", label="Démarche abandonnée", kind=StepKind.FINAL,
                       facts=S.AbandonFacts),
    ),
    transitions=(
        T(trigger="accepter_cma", label="Accepter les conditions d'accueil (demande d'ADA)",
          source=("a_proposer",), dest="cma_acceptees", checks=("asile.ada_conditions",)),
        T(trigger="refuser_cma", label="Refus des conditions d'accueil", source=("a_proposer",),
          dest="cma_refusees"),
        T(trigger="ouvrir_ada", label="Enregistrer l'ouverture de l'ADA",
          source=("cma_acceptees", "ada_coupee"), dest="ada_versee", checks=("psp.afis_cumul",)),
        T(trigger="couper_ada", label="Enregistrer la coupure de l'ADA", source=("ada_versee",),
          dest="ada_coupee"),
        T(trigger="terminer_ada", label="Enregistrer la fin de l'ADA",
          source=("ada_versee", "ada_coupee"), dest="ada_terminee"),
        T(trigger="abandonner", label="Abandonner la démarche (avec motif)",
          source=("a_proposer", "cma_acceptees", "ada_coupee"), dest="abandonnee"),
    ),
)

DEMANDES = ("l425_1_demandee", "renouvellement_demande", "l425_3_demandee")

SEJOUR_VICTIME = TrackDefinition(
    id="sejour_victime", label="Titre de séjour des victimes (L425-1, L425-3)", domain="asile",
    initial="a_evaluer",
    description="Récépissé du délai de réflexion, carte L425-1 après une plainte ou un "
                "témoignage, renouvelée pendant la procédure pénale, puis carte de résident.",
    steps=(
        StepDefinition(id="a_evaluer", label="Situation à évaluer (plainte, séjour)",
                       stall_after=DAYS(days=30)),
        StepDefinition(id="recepisse_reflexion", label="Récépissé du délai de réflexion",
                       stall_after=DAYS(days=25), facts=J.RecepisseReflexionFacts,
                       description="Pendant le délai de réflexion : aucun éloignement, travail "
                                   "autorisé (CESEDA R425-1 et suivants)."),
        _prefecture("l425_1_demandee", "Carte L425-1 demandée", J.DemandeL4251Facts,
                    "Sans récépissé après 1 mois, relancer la préfecture."),
        StepDefinition(id="carte_l425_1", label="Carte L425-1 délivrée (1 an)",
                       stall_after=DAYS(days=300), facts=J.CarteL4251Facts),
        _prefecture("renouvellement_demande", "Renouvellement de la carte L425-1 demandé",
                    J.RenouvellementL4251Facts),
        _prefecture("l425_3_demandee", "Carte de résident (L425-3) demandée", J.DemandeL4253Facts,
                    "Délivrance de plein droit ou à l'appréciation du préfet : à vérifier [U]."),
        StepDefinition(id="carte_resident", label="Carte de résident délivrée", kind=StepKind.FINAL,
                       facts=J.CarteResidentFacts),
        StepDefinition(id="refusee", label="Titre refusé", kind=StepKind.FINAL,
                       facts=J.RefusSejourFacts,
                       description="Recours possible : délai à lire sur la notification, voir "
                                   "l'avocat·e."),
        StepDefinition(id="abandonnee", label="Démarche abandonnée", kind=StepKind.FINAL,
                       facts=S.AbandonFacts),
    ),
    transitions=(
        T(trigger="obtenir_recepisse_reflexion", label="Enregistrer le récépissé du délai de réflexion",
          source=("a_evaluer",), dest="recepisse_reflexion"),
        T(trigger="demander_carte_l425_1", label="Demander la carte L425-1",
          source=("a_evaluer", "recepisse_reflexion"), dest="l425_1_demandee",
          checks=("asile.l425_1_plainte", "asile.dossier_l425_1"),
          opens=("asile.sejour_silence_4m", "asile.recepisse_demande_1m")),
        T(trigger="recevoir_recepisse_demande", label="Enregistrer le récépissé de la demande",
          source=("l425_1_demandee",), dest="l425_1_demandee", facts=J.RecepisseDemandeFacts,
          closes=("asile.recepisse_demande_1m",)),
        T(trigger="delivrer_carte_l425_1", label="Enregistrer la délivrance de la carte",
          source=("l425_1_demandee",), dest="carte_l425_1", opens=("asile.carte_l425_1_1an",),
          closes=("asile.sejour_silence_4m", "asile.recepisse_demande_1m")),
        T(trigger="demander_renouvellement", label="Demander le renouvellement de la carte",
          source=("carte_l425_1",), dest="renouvellement_demande",
          checks=("asile.renouvellement_l425_1", "asile.validite_document"),
          opens=("asile.sejour_silence_4m",)),
        T(trigger="renouveler_carte", label="Enregistrer la carte renouvelée",
          source=("renouvellement_demande",), dest="carte_l425_1", facts=J.CarteL4251Facts,
          closes=("asile.sejour_silence_4m",), opens=("asile.carte_l425_1_1an",)),
        T(trigger="demander_carte_resident", label="Demander la carte de résident (L425-3)",
          source=("carte_l425_1",), dest="l425_3_demandee", checks=("asile.l425_3_condamnation",),
          opens=("asile.sejour_silence_4m",)),
        T(trigger="delivrer_carte_resident", label="Enregistrer la carte de résident",
          source=("l425_3_demandee",), dest="carte_resident",
          closes=("asile.sejour_silence_4m", "asile.carte_l425_1_1an")),
        T(trigger="refuser_carte_resident", label="Enregistrer le refus de la carte de résident",
          source=("l425_3_demandee",), dest="carte_l425_1", facts=J.RefusSejourFacts,
          closes=("asile.sejour_silence_4m",)),
        T(trigger="refuser", label="Enregistrer le refus (explicite ou implicite)",
          source=("l425_1_demandee", "renouvellement_demande"), dest="refusee",
          closes=("asile.sejour_silence_4m", "asile.recepisse_demande_1m")),
        T(trigger="abandonner", label="Abandonner la démarche (avec motif)",
          source=("a_evaluer", "recepisse_reflexion", *DEMANDES, "carte_l425_1"),
          dest="abandonnee",
          closes=("asile.sejour_silence_4m", "asile.recepisse_demande_1m", "asile.carte_l425_1_1an")),
    ),
)
