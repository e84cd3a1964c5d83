"""The employment tracks (domain.md §6): France Travail, IAE (PASS IAE), CEJ, CIR, RSA, training.

Registering at France Travail, being hired (IAE or not) and signing a CEJ need a right to
work, checked across domains. The RSA track records ``beneficiaire_rsa`` while a request
is pending or granted. Every non-final step can be closed with a reason.
"""

from __future__ import annotations

from datetime import timedelta

from core import NoFacts, Silence, StepDefinition, StepKind, TrackDefinition
from core import TransitionDefinition as T

from . import schemas as S

Step = StepDefinition
WAIT, FINAL = StepKind.WAITING, StepKind.FINAL
TRAVAIL = "emploi.droit_au_travail"


ABANDONNEE = Step(id="abandonnee", label="Démarche close", kind=FINAL, facts=S.ClotureFacts)


def _abandon(steps: tuple[str, ...], closes: tuple[str, ...] = ()) -> T:
    return T(trigger="abandonner", label="Clore la démarche (avec motif)", source=steps,
             dest="abandonnee", closes=closes)


FRANCE_TRAVAIL = TrackDefinition(
    id="emploi_france_travail", label="Inscription à France Travail", domain="emploi",
    initial="a_inscrire",
    steps=(
        Step(id="a_inscrire", label="Inscription à faire", stall_after=timedelta(days=30),
             description="Droit au travail ouvert et pas d'inscription après 30 jours : "
                         "alerter."),
        Step(id="inscrite", label="Inscrite à France Travail", stall_after=timedelta(days=28),
             facts=S.InscriptionFacts),
        Step(id="contrat_engagement", label="Contrat d'engagement signé",
             stall_after=timedelta(days=28), facts=S.ContratEngagementFacts,
             description="Aucune activité enregistrée depuis 4 semaines : risque de sanction."),
        Step(id="en_emploi", label="En emploi", kind=FINAL, facts=S.EmploiFacts),
        Step(id="sortie", label="Sortie de la liste", kind=FINAL, facts=S.SortieFacts),
        ABANDONNEE,
    ),
    transitions=(
        T(trigger="inscrire", label="Enregistrer l'inscription", source=("a_inscrire",),
          dest="inscrite", checks=(TRAVAIL,)),
        T(trigger="signer_contrat", label="Enregistrer le contrat d'engagement",
          source=("inscrite",), dest="contrat_engagement", checks=("emploi.heures_activite",)),
        T(trigger="signaler_activite", label="Enregistrer une activité",
          source=("contrat_engagement",), dest="contrat_engagement", facts=S.ActiviteFacts),
        T(trigger="trouver_emploi", label="Enregistrer l'embauche",
          source=("inscrite", "contrat_engagement"), dest="en_emploi", checks=(TRAVAIL,)),
        T(trigger="sortir", label="Enregistrer la sortie de la liste",
          source=("inscrite", "contrat_engagement"), dest="sortie"),
        _abandon(("a_inscrire", "inscrite", "contrat_engagement")),
    ),
)

_IAE_RUNNING = ("orientation", "eligibilite_demandee", "eligible", "en_parcours", "prolonge")
IAE = TrackDefinition(
    id="emploi_iae", label="Insertion par l'activité économique (PASS IAE)", domain="emploi",
    initial="orientation",
    steps=(
        Step(id="orientation", label="Orientation vers l'IAE", stall_after=timedelta(days=30)),
        Step(id="eligibilite_demandee", label="Diagnostic d'éligibilité en cours", kind=WAIT,
             expected_answer_within=timedelta(days=30), silence_means=Silence.SANS_EFFET,
             facts=S.DiagnosticFacts,
             description="Validation sur la plateforme de l'inclusion par un prescripteur "
                         "habilité ou par la SIAE ; délai non fixé."),
        Step(id="eligible", label="Éligibilité validée, embauche à trouver",
             stall_after=timedelta(days=60), facts=S.EligibiliteFacts),
        Step(id="en_parcours", label="Embauchée en SIAE (PASS IAE de 24 mois)",
             stall_after=timedelta(days=183), facts=S.EmbaucheFacts),
        Step(id="prolonge", label="PASS IAE prolongé", stall_after=timedelta(days=90),
             facts=S.ProlongationIaeFacts,
             description="Durée de prolongation non fixée par domain.md [U] : la date de fin "
                         "est celle de la décision."),
        Step(id="sortie", label="Sortie de l'IAE", kind=FINAL, facts=S.SortieIaeFacts),
        ABANDONNEE,
    ),
    transitions=(
        T(trigger="demander_eligibilite", label="Demander le diagnostic d'éligibilité",
          source=("orientation",), dest="eligibilite_demandee",
          checks=("emploi.iae_eligibilite",)),
        T(trigger="valider_eligibilite", label="Enregistrer l'éligibilité validée",
          source=("eligibilite_demandee",), dest="eligible"),
        T(trigger="refuser_eligibilite", label="Éligibilité non retenue",
          source=("eligibilite_demandee",), dest="orientation", facts=NoFacts),
        T(trigger="embaucher", label="Enregistrer l'embauche", source=("eligible",),
          dest="en_parcours", checks=(TRAVAIL,), opens=("emploi.pass_iae_24m",)),
        T(trigger="prolonger", label="Enregistrer la prolongation du PASS IAE",
          source=("en_parcours",), dest="prolonge", closes=("emploi.pass_iae_24m",)),
        T(trigger="sortir", label="Enregistrer la sortie", source=("en_parcours", "prolonge"),
          dest="sortie", closes=("emploi.pass_iae_24m",)),
        _abandon(_IAE_RUNNING, ("emploi.pass_iae_24m",)),
    ),
)

_CEJ_RULES = ("emploi.cej_12m", "emploi.cej_18m")
CEJ = TrackDefinition(
    id="emploi_cej", label="Contrat d'engagement jeune (CEJ)", domain="emploi",
    initial="a_proposer",
    steps=(
        Step(id="a_proposer", label="CEJ à proposer (moins de 26 ans)",
             stall_after=timedelta(days=30)),
        Step(id="signe", label="CEJ signé (12 mois)", stall_after=timedelta(days=28),
             facts=S.CejFacts, description="15 à 20 heures d'activité par semaine."),
        Step(id="prolonge", label="CEJ prolongé (jusqu'à 18 mois)",
             stall_after=timedelta(days=28), facts=S.ProlongationCejFacts),
        Step(id="termine", label="CEJ terminé", kind=FINAL, facts=S.FinCejFacts),
        ABANDONNEE,
    ),
    transitions=(
        T(trigger="signer", label="Enregistrer la signature du CEJ", source=("a_proposer",),
          dest="signe", checks=("emploi.cej_age", TRAVAIL, "emploi.cej_inscription"),
          opens=("emploi.cej_12m",)),
        T(trigger="prolonger", label="Enregistrer la prolongation exceptionnelle",
          source=("signe",), dest="prolonge", closes=("emploi.cej_12m",),
          opens=("emploi.cej_18m",)),
        T(trigger="terminer", label="Enregistrer la fin du CEJ", source=("signe", "prolonge"),
          dest="termine", closes=_CEJ_RULES),
        _abandon(("a_proposer", "signe", "prolonge"), _CEJ_RULES),
    ),
)

CIR = TrackDefinition(
    id="emploi_cir", label="Contrat d'intégration républicaine (CIR, OFII)", domain="emploi",
    initial="a_signer",
    steps=(
        Step(id="a_signer", label="CIR à signer", stall_after=timedelta(days=60)),
        Step(id="signe", label="CIR signé (un an)", stall_after=timedelta(days=60),
             facts=S.CirFacts,
             description="Besoin de français repéré et aucun cours après 2 mois : alerter."),
        Step(id="termine", label="CIR terminé", kind=FINAL, facts=S.FinCirFacts),
        ABANDONNEE,
    ),
    transitions=(
        T(trigger="signer", label="Enregistrer la signature du CIR", source=("a_signer",),
          dest="signe", checks=("emploi.cir_sejour",), opens=("emploi.cir_1a",)),
        T(trigger="terminer", label="Enregistrer la fin du CIR", source=("signe",),
          dest="termine", closes=("emploi.cir_1a",)),
        _abandon(("a_signer", "signe"), ("emploi.cir_1a",)),
    ),
)

RSA = TrackDefinition(
    id="emploi_rsa", label="Revenu de solidarité active (RSA)", domain="emploi",
    initial="a_demander",
    description="Le RSA remplace l'AFIS : l'éligibilité est partagée avec les autres domaines "
                "(beneficiaire_rsa).",
    steps=(
        Step(id="a_demander", label="RSA à demander", stall_after=timedelta(days=30)),
        Step(id="demandee", label="RSA demandé (CAF ou MSA)", kind=WAIT,
             expected_answer_within=timedelta(days=61), silence_means=Silence.SANS_EFFET,
             facts=S.RsaDemandeFacts,
             description="Délai de décision non fixé par domain.md [U] : relancer au bout de "
                         "2 mois."),
        Step(id="beneficiaire", label="Bénéficiaire du RSA", stall_after=timedelta(days=183),
             facts=S.RsaAccordFacts),
        Step(id="refusee", label="RSA refusé", kind=FINAL, facts=S.RsaFinFacts),
        Step(id="fin_droits", label="Fin du RSA", kind=FINAL, facts=S.RsaFinFacts),
        # closing says the shared fact is no longer true
        Step(id="abandonnee", label="Démarche close", kind=FINAL, facts=S.RsaClotureFacts),
    ),
    transitions=(
        T(trigger="demander", label="Déposer la demande de RSA", source=("a_demander",),
          dest="demandee", checks=("emploi.rsa_conditions",)),
        T(trigger="accorder", label="Enregistrer l'ouverture du RSA", source=("demandee",),
          dest="beneficiaire", checks=("psp.afis_cumul",)),
        T(trigger="refuser", label="Enregistrer le refus du RSA", source=("demandee",),
          dest="refusee"),
        T(trigger="cesser", label="Enregistrer la fin du RSA", source=("beneficiaire",),
          dest="fin_droits"),
        _abandon(("a_demander", "demandee", "beneficiaire")),
    ),
)

_FORMATION_RULES = ("emploi.formation_francais_2m", "emploi.formation_debut_3m")
SHARING = "parcours.consentement_partage"
"""Core's check: a partner named in a referral needs the person's consent to sharing with it."""
FORMATION = TrackDefinition(
    id="emploi_formation", label="Formation et cours de français", domain="emploi",
    initial="a_planifier",
    steps=(
        Step(id="a_planifier", label="Formation à trouver", stall_after=timedelta(days=60)),
        Step(id="planifiee", label="Orientée, début attendu", stall_after=timedelta(days=60),
             facts=S.OrientationFormationFacts),
        Step(id="en_formation", label="En formation", stall_after=timedelta(days=120),
             facts=S.DebutFormationFacts),
        Step(id="terminee", label="Formation terminée", kind=FINAL, facts=S.FinFormationFacts),
        ABANDONNEE,
    ),
    transitions=(
        T(trigger="orienter_francais", label="Orienter vers un cours de français (FLE, ASL)",
          source=("a_planifier",), dest="planifiee", opens=("emploi.formation_francais_2m",),
          checks=(SHARING,)),
        T(trigger="orienter_formation", label="Orienter vers une formation",
          source=("a_planifier",), dest="planifiee", opens=("emploi.formation_debut_3m",),
          checks=(SHARING,)),
        T(trigger="commencer", label="Enregistrer le début de la formation",
          source=("planifiee",), dest="en_formation", closes=_FORMATION_RULES),
        T(trigger="terminer", label="Enregistrer la fin de la formation",
          source=("en_formation",), dest="terminee"),
        _abandon(("a_planifier", "planifiee", "en_formation"), _FORMATION_RULES),
    ),
)

TRACKS = [FRANCE_TRAVAIL, IAE, CEJ, CIR, RSA, FORMATION]
