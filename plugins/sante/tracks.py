"""The health tracks (domain.md §4): domiciliation, coverage (AME or PUMa), CSS, care access.

``sante_couverture`` is one track for the person's basic coverage: AME while the stay is
irregular, PUMa when it is regular, and moving from one to the other is a transition
(domain.md §1: never two parallel rights). Every non-final step can be closed with a reason.
"""

from __future__ import annotations

from datetime import timedelta

from core import EVERYONE, Silence, StepDefinition, StepKind, TrackDefinition
from core import TransitionDefinition as T

from . import schemas as S

Step = StepDefinition
WAIT, FINAL = StepKind.WAITING, StepKind.FINAL
DOSSIER = ("sante.dossier_cpam", "sante.domiciliation")


def _closing(steps: tuple[str, ...], closes: tuple[str, ...] = ()) -> T:
    return T(trigger="abandonner", label="Clore la démarche (avec motif)", source=steps,
             dest="abandonnee", closes=closes)


DOMICILIATION = TrackDefinition(
    id="sante_domiciliation", label="Domiciliation (adresse postale)", domain="sante",
    initial="a_demander",
    description="Élection de domicile auprès d'un CCAS, d'un CIAS ou d'un organisme agréé "
                "(CASF L264-1) : préalable à l'AME, la PUMa, la CSS, le RSA et au DALO.",
    steps=(
        Step(id="a_demander", label="Domiciliation à demander", stall_after=timedelta(days=30)),
        Step(id="demandee", label="Demande déposée, réponse de l'organisme attendue", kind=WAIT,
           expected_answer_within=timedelta(days=61), silence_means=Silence.SANS_EFFET,
           facts=S.DemandeDomiciliationFacts,
           description="L'organisme doit répondre dans les 2 mois ; l'effet de son silence "
                       "n'est pas établi : relancer."),
        Step(id="domiciliee", label="Domiciliée (attestation valable un an)",
           stall_after=timedelta(days=60), facts=S.DomiciliationFacts,
           description="Radiation possible après 3 mois consécutifs sans contact : enregistrez "
                       "chaque retrait de courrier."),
        Step(id="refusee", label="Domiciliation refusée", stall_after=timedelta(days=30),
           facts=S.RefusDomiciliationFacts,
           description="Le refus doit être motivé ; orienter vers un autre organisme."),
        Step(id="terminee", label="Domiciliation terminée", kind=FINAL,
           facts=S.FinDomiciliationFacts),
        Step(id="abandonnee", label="Démarche close", kind=FINAL, facts=S.ClotureFacts),
    ),
    transitions=(
        T(trigger="demander", label="Déposer la demande de domiciliation",
          source=("a_demander", "refusee"), dest="demandee",
          checks=("sante.demande_domiciliation",), opens=("sante.domiciliation_reponse_2m",)),
        T(trigger="domicilier", label="Enregistrer l'attestation de domiciliation",
          source=("demandee",), dest="domiciliee",
          closes=("sante.domiciliation_reponse_2m",),
          opens=("sante.domiciliation_1a", "sante.domiciliation_contact_3m")),
        T(trigger="refuser", label="Enregistrer le refus de l'organisme", source=("demandee",),
          dest="refusee", closes=("sante.domiciliation_reponse_2m",)),
        # recording that mail was collected is a harmless front-desk move
        T(trigger="signaler_contact", label="Enregistrer un contact (courrier retiré)",
          source=("domiciliee",), dest="domiciliee", facts=S.ContactFacts,
          roles=EVERYONE, opens=("sante.domiciliation_contact_3m",)),
        T(trigger="renouveler", label="Enregistrer le renouvellement (un an)",
          source=("domiciliee",), dest="domiciliee", facts=S.DomiciliationFacts,
          opens=("sante.domiciliation_1a",)),
        T(trigger="terminer", label="Enregistrer la fin de la domiciliation",
          source=("domiciliee",), dest="terminee",
          closes=("sante.domiciliation_1a", "sante.domiciliation_contact_3m")),
        _closing(("a_demander", "demandee", "domiciliee", "refusee"),
                 ("sante.domiciliation_reponse_2m", "sante.domiciliation_1a",
                  "sante.domiciliation_contact_3m")),
    ),
)

AME_CHECKS = ("sante.exclusivite_couverture", "sante.ame_conditions", *DOSSIER)
PUMA_CHECKS = ("sante.exclusivite_couverture", "sante.puma_conditions", *DOSSIER)
ALL_COVERAGE_RULES = ("sante.ame_decision_2m", "sante.ame_droits_1a",
                      "sante.ame_soins_programmes_9m", "sante.recours_refus_2m",
                      "sante.puma_carence_3m", "sante.puma_maintien_6m")

COUVERTURE = TrackDefinition(
    id="sante_couverture", label="Couverture maladie (AME ou PUMa)", domain="sante",
    initial="evaluation",
    description="Une seule couverture de base : AME en séjour irrégulier, PUMa en séjour "
                "régulier ; le passage de l'une à l'autre est une transition.",
    steps=(
        Step(id="evaluation", label="Droits à évaluer", stall_after=timedelta(days=30)),
        Step(id="puma_carence", label="Carence de 3 mois avant la PUMa (demandeuse d'asile)",
           stall_after=timedelta(days=100), facts=S.CarenceFacts,
           description="Pendant la carence : PASS et CeGIDD."),
        Step(id="ame_demandee", label="AME demandée, décision de la CPAM attendue", kind=WAIT,
           expected_answer_within=timedelta(days=61), silence_means=Silence.REFUS,
           facts=S.AmeDemandeFacts,
           description="Sans réponse dans les 2 mois, la demande est implicitement rejetée : "
                       "enregistrer le refus implicite et envisager un recours."),
        Step(id="ame_accordee", label="AME accordée (un an)", stall_after=timedelta(days=305),
           facts=S.AmeAccordFacts,
           description="Demander le renouvellement 2 mois avant la fin des droits."),
        Step(id="ame_renouvellement", label="Renouvellement de l'AME demandé", kind=WAIT,
           expected_answer_within=timedelta(days=61), silence_means=Silence.REFUS,
           facts=S.AmeRenouvellementFacts,
           description="Silence de 2 mois = refus implicite."),
        Step(id="puma_demandee", label="PUMa demandée, décision de la CPAM attendue", kind=WAIT,
           expected_answer_within=timedelta(days=61), silence_means=Silence.SANS_EFFET,
           facts=S.PumaDemandeFacts,
           description="Délai de réponse et effet du silence non établis par domain.md [U] : "
                       "relancer au bout de 2 mois."),
        Step(id="puma_ouverte", label="PUMa ouverte", stall_after=timedelta(days=365),
           facts=S.PumaOuvertureFacts),
        Step(id="puma_maintien", label="Titre expiré : droits PUMa maintenus 6 mois",
           stall_after=timedelta(days=150), facts=S.FinTitreFacts,
           description="Au-delà de 5 mois, préparer la bascule vers l'AME si le séjour est "
                       "devenu irrégulier."),
        Step(id="refusee", label="Refus de la CPAM (recours possible)",
           stall_after=timedelta(days=30), facts=S.RefusFacts),
        Step(id="abandonnee", label="Démarche close", kind=FINAL, facts=S.ClotureFacts),
    ),
    transitions=(
        T(trigger="ouvrir_carence", label="Enregistrer la carence de 3 mois (asile)",
          source=("evaluation",), dest="puma_carence", opens=("sante.puma_carence_3m",)),
        T(trigger="demander_ame", label="Déposer la demande d'AME", source=("evaluation",),
          dest="ame_demandee", checks=AME_CHECKS, opens=("sante.ame_decision_2m",)),
        T(trigger="demander_puma", label="Déposer la demande de PUMa",
          source=("evaluation", "puma_carence"), dest="puma_demandee", checks=PUMA_CHECKS,
          closes=("sante.puma_carence_3m",)),
        T(trigger="accorder_ame", label="Enregistrer l'accord de l'AME", source=("ame_demandee",),
          dest="ame_accordee", closes=("sante.ame_decision_2m", "sante.puma_maintien_6m"),
          opens=("sante.ame_droits_1a", "sante.ame_soins_programmes_9m")),
        T(trigger="demander_renouvellement_ame", label="Demander le renouvellement de l'AME",
          source=("ame_accordee",), dest="ame_renouvellement",
          checks=("sante.ame_conditions", "sante.domiciliation"),
          opens=("sante.ame_decision_2m",)),
        T(trigger="accorder_renouvellement_ame", label="Enregistrer le renouvellement de l'AME",
          source=("ame_renouvellement",), dest="ame_accordee", facts=S.AmeAccordFacts,
          closes=("sante.ame_decision_2m",), opens=("sante.ame_droits_1a",)),
        T(trigger="refuser", label="Enregistrer un refus (explicite ou implicite)",
          source=("ame_demandee", "ame_renouvellement", "puma_demandee"), dest="refusee",
          closes=("sante.ame_decision_2m",), opens=("sante.recours_refus_2m",)),
        # AME rights keep running until the PUMa is open: no gap in coverage
        T(trigger="basculer_puma", label="Basculer vers la PUMa (séjour devenu régulier)",
          source=("ame_accordee",), dest="puma_demandee",
          checks=("sante.puma_conditions", *DOSSIER)),
        T(trigger="ouvrir_puma", label="Enregistrer l'ouverture de la PUMa",
          source=("puma_demandee",), dest="puma_ouverte",
          closes=("sante.ame_droits_1a", "sante.ame_soins_programmes_9m")),
        T(trigger="signaler_fin_titre", label="Signaler l'expiration du document de séjour",
          source=("puma_ouverte",), dest="puma_maintien", opens=("sante.puma_maintien_6m",)),
        T(trigger="renouveler_titre", label="Enregistrer un nouveau document de séjour",
          source=("puma_maintien",), dest="puma_ouverte", facts=S.NouveauTitreFacts,
          closes=("sante.puma_maintien_6m",)),
        T(trigger="basculer_ame", label="Basculer vers l'AME (séjour devenu irrégulier)",
          source=("puma_maintien",), dest="ame_demandee",
          checks=("sante.ame_conditions", *DOSSIER), opens=("sante.ame_decision_2m",)),
        T(trigger="redemander_ame", label="Redéposer une demande d'AME", source=("refusee",),
          dest="ame_demandee", checks=AME_CHECKS, closes=("sante.recours_refus_2m",),
          opens=("sante.ame_decision_2m",)),
        T(trigger="redemander_puma", label="Redéposer une demande de PUMa", source=("refusee",),
          dest="puma_demandee", checks=PUMA_CHECKS, closes=("sante.recours_refus_2m",)),
        _closing(("evaluation", "puma_carence", "ame_demandee", "ame_accordee",
                  "ame_renouvellement", "puma_demandee", "puma_ouverte", "puma_maintien",
                  "refusee"), ALL_COVERAGE_RULES),
    ),
)

CSS = TrackDefinition(
    id="sante_css", label="Complémentaire santé solidaire (CSS)", domain="sante",
    initial="a_demander",
    steps=(
        Step(id="a_demander", label="CSS à demander", stall_after=timedelta(days=30)),
        Step(id="demandee", label="CSS demandée, décision de la CPAM attendue", kind=WAIT,
           expected_answer_within=timedelta(days=61), silence_means=Silence.SANS_EFFET,
           facts=S.CssDemandeFacts,
           description="Délai de réponse et effet du silence non établis par domain.md [U]."),
        Step(id="accordee", label="CSS accordée (un an)", stall_after=timedelta(days=305),
           facts=S.CssAccordFacts),
        Step(id="refusee", label="CSS refusée", kind=FINAL, facts=S.RefusCssFacts),
        Step(id="terminee", label="CSS terminée", kind=FINAL, facts=S.FinCssFacts),
        Step(id="abandonnee", label="Démarche close", kind=FINAL, facts=S.ClotureFacts),
    ),
    transitions=(
        T(trigger="demander", label="Déposer la demande de CSS",
          source=("a_demander", "accordee"), dest="demandee", checks=("sante.css_puma",)),
        T(trigger="accorder", label="Enregistrer l'attribution de la CSS", source=("demandee",),
          dest="accordee", opens=("sante.css_1a",)),
        T(trigger="refuser", label="Enregistrer le refus de la CSS", source=("demandee",),
          dest="refusee"),
        T(trigger="terminer", label="Enregistrer la fin de la CSS", source=("accordee",),
          dest="terminee", closes=("sante.css_1a",)),
        _closing(("a_demander", "demandee", "accordee"), ("sante.css_1a",)),
    ),
)

SOINS = TrackDefinition(
    id="sante_soins", label="Accès aux soins", domain="sante", initial="besoin",
    description="Orientation vers le soin (PASS, CeGIDD, médecin…) sans donnée médicale : "
                "seules la structure et les dates sont enregistrées.",
    steps=(
        Step(id="besoin", label="Besoin de soins exprimé", stall_after=timedelta(days=30)),
        Step(id="orientee", label="Orientée vers une structure de soins",
           stall_after=timedelta(days=30), facts=S.OrientationFacts),
        Step(id="soins_en_cours", label="Premier rendez-vous honoré",
           stall_after=timedelta(days=90), facts=S.RendezVousFacts),
        Step(id="medecin_traitant", label="Médecin traitant déclaré",
           stall_after=timedelta(days=180), facts=S.MedecinTraitantFacts),
        Step(id="suivi_en_place", label="Accès aux soins acquis", kind=FINAL,
           facts=S.SuiviEnPlaceFacts),
        Step(id="abandonnee", label="Démarche close", kind=FINAL, facts=S.ClotureFacts),
    ),
    transitions=(
        T(trigger="orienter", label="Orienter vers une structure de soins",
          source=("besoin", "soins_en_cours"), dest="orientee",
          checks=("sante.couverture_pour_soins", "parcours.consentement_partage")),
        T(trigger="honorer_rdv", label="Enregistrer le premier rendez-vous honoré",
          source=("orientee",), dest="soins_en_cours"),
        T(trigger="declarer_medecin_traitant", label="Déclarer un médecin traitant",
          source=("orientee", "soins_en_cours"), dest="medecin_traitant",
          checks=("sante.couverture_ouverte",)),
        T(trigger="clore_suivi", label="Constater l'accès aux soins",
          source=("soins_en_cours", "medecin_traitant"), dest="suivi_en_place"),
        _closing(("besoin", "orientee", "soins_en_cours", "medecin_traitant")),
    ),
)

TRACKS = [DOMICILIATION, COUVERTURE, CSS, SOINS]
