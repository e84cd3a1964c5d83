"""The housing tracks (domain.md §5): 115/SIAO shelter, social-housing application, DALO, DAHO.

Shelter is unconditional (CASF L345-2-2): calling the 115 and recording a place or a night
without one are front-desk moves any volunteer may record. The social-housing application
keeps its first registration date (seniority) through renewals. Every non-final step can be
closed with a reason. A DALO ground runs while she is sheltered without a break: more than 6
months in shelter (urgent or CHRS), or more than 18 months in transitional housing (IML,
*pension de famille*, *résidence sociale*); a night without a place or the loss of her place
ends the count, and a later admission starts it afresh.
"""

from __future__ import annotations

from datetime import timedelta

from core import EVERYONE, NoFacts, RuleChoice, Silence, StepDefinition, StepKind, TrackDefinition
from core import TransitionDefinition as T

from . import schemas as S
from .recours import DAHO, DALO

Step = StepDefinition
WAIT, FINAL = StepKind.WAITING, StepKind.FINAL
GROUNDS = ("logement.hebergement_6m", "logement.transition_18m")
GROUND_BY_PLACE = RuleChoice(fact="dispositif", cases={
    "chrs": "logement.hebergement_6m", "iml": "logement.transition_18m",
    "pension_de_famille": "logement.transition_18m",
    "residence_sociale": "logement.transition_18m"})
"""Shelter keeps the 6-month ground running; transitional housing starts the 18-month one."""

HEBERGEMENT = TrackDefinition(
    id="logement_hebergement", label="Hébergement (115, SIAO)", domain="logement",
    initial="sans_solution",
    description="Accueil inconditionnel et continuité de l'hébergement (CASF L345-2-2, "
                "L345-2-3) : aucune condition de séjour.",
    steps=(
        Step(id="sans_solution", label="Sans hébergement", stall_after=timedelta(days=3),
             description="Trois nuits sans solution : alerter."),
        Step(id="demande_115", label="115 appelé, place attendue", kind=WAIT,
             expected_answer_within=timedelta(days=1), silence_means=Silence.SANS_EFFET,
             facts=S.Appel115Facts),
        Step(id="hebergee_urgence", label="Hébergée en urgence", stall_after=timedelta(days=180),
             facts=S.HebergementFacts,
             description="Après 6 mois d'hébergement, un recours DALO est possible."),
        Step(id="orientation_siao", label="Orientée par le SIAO, admission attendue", kind=WAIT,
             expected_answer_within=timedelta(days=31), silence_means=Silence.SANS_EFFET,
             facts=S.OrientationSiaoFacts,
             description="Sans réponse du CHRS ou de l'IML au bout d'un mois : relancer le SIAO."),
        Step(id="orientation_refusee", label="Orientation sans suite",
             stall_after=timedelta(days=15), facts=S.RefusOrientationFacts),
        Step(id="hebergee_insertion", label="Hébergée en insertion (CHRS, IML…)",
             stall_after=timedelta(days=180), facts=S.AdmissionFacts,
             description="CHRS : le compte des 6 mois continue ; logement de transition ou "
                         "logement-foyer : motif DALO après plus de 18 mois."),
        Step(id="solution_stable", label="Solution stable trouvée", kind=FINAL,
             facts=S.SolutionFacts),
        Step(id="abandonnee", label="Démarche close", kind=FINAL, facts=S.ClotureFacts),
    ),
    transitions=(
        T(trigger="appeler_115", label="Appeler le 115",
          source=("sans_solution", "orientation_refusee"), dest="demande_115", roles=EVERYONE),
        T(trigger="pas_de_place", label="Enregistrer une nuit sans solution",
          source=("demande_115",), dest="sans_solution", facts=S.SansSolutionFacts,
          roles=EVERYONE, closes=("logement.hebergement_6m",)),
        T(trigger="heberger", label="Enregistrer la place d'hébergement", source=("demande_115",),
          dest="hebergee_urgence", roles=EVERYONE, opens=("logement.hebergement_6m",)),
        T(trigger="perdre_place", label="Enregistrer la fin de prise en charge",
          source=("hebergee_urgence",), dest="sans_solution", facts=S.SansSolutionFacts,
          closes=("logement.hebergement_6m",)),
        T(trigger="orienter_siao", label="Enregistrer l'orientation par le SIAO",
          source=("sans_solution", "hebergee_urgence", "orientation_refusee"),
          dest="orientation_siao", opens=("logement.chrs_decision_1m",)),
        # continuity: the six months run from the first entry when she was already sheltered
        T(trigger="admettre", label="Enregistrer l'admission", source=("orientation_siao",),
          dest="hebergee_insertion", closes=("logement.chrs_decision_1m", *GROUNDS),
          opens=(GROUND_BY_PLACE,)),
        T(trigger="refuser_orientation", label="Enregistrer un refus ou une absence de place",
          source=("orientation_siao",), dest="orientation_refusee",
          closes=("logement.chrs_decision_1m",)),
        T(trigger="reloger", label="Enregistrer la solution stable",
          source=("hebergee_urgence", "hebergee_insertion"), dest="solution_stable",
          closes=GROUNDS),
        T(trigger="abandonner", label="Clore la démarche (avec motif)",
          source=("sans_solution", "demande_115", "hebergee_urgence", "orientation_siao",
                  "orientation_refusee", "hebergee_insertion"), dest="abandonnee",
          closes=(*GROUNDS, "logement.chrs_decision_1m")),
    ),
)

VALIDITY = ("logement.demande_sociale_1a", "logement.demande_sociale_renouvelee_1a")

DEMANDE_SOCIALE = TrackDefinition(
    id="logement_demande_sociale", label="Demande de logement social", domain="logement",
    initial="a_constituer",
    steps=(
        Step(id="a_constituer", label="Demande à constituer", stall_after=timedelta(days=30)),
        Step(id="deposee", label="Demande déposée, numéro unique attendu", kind=WAIT,
             expected_answer_within=timedelta(days=31), silence_means=Silence.SANS_EFFET,
             facts=S.DepotDemandeFacts,
             description="L'attestation avec le numéro unique doit arriver dans le mois."),
        Step(id="enregistree", label="Demande enregistrée (valable un an)",
             stall_after=timedelta(days=180), facts=S.EnregistrementFacts),
        Step(id="proposition", label="Proposition de logement à étudier",
             stall_after=timedelta(days=10), facts=S.PropositionFacts),
        Step(id="relogee", label="Bail signé", kind=FINAL, facts=S.BailFacts),
        Step(id="radiee", label="Demande radiée", kind=FINAL, facts=S.RadiationFacts),
        Step(id="abandonnee", label="Démarche close", kind=FINAL, facts=S.ClotureFacts),
    ),
    transitions=(
        T(trigger="deposer", label="Déposer la demande", source=("a_constituer",),
          dest="deposee", checks=("logement.sejour_regulier", "logement.dossier_demande"),
          opens=("logement.numero_unique_1m",)),
        T(trigger="renvoyer", label="Dossier renvoyé incomplet", source=("deposee",),
          dest="a_constituer", facts=NoFacts,
          closes=("logement.numero_unique_1m",)),
        T(trigger="enregistrer", label="Enregistrer le numéro unique", source=("deposee",),
          dest="enregistree", closes=("logement.numero_unique_1m",),
          opens=("logement.demande_sociale_1a",)),
        T(trigger="renouveler", label="Enregistrer le renouvellement annuel",
          source=("enregistree",), dest="enregistree", facts=S.RenouvellementFacts,
          checks=("logement.sejour_regulier",), closes=VALIDITY,
          opens=("logement.demande_sociale_renouvelee_1a",)),
        T(trigger="recevoir_proposition", label="Enregistrer une proposition de logement",
          source=("enregistree",), dest="proposition"),
        T(trigger="refuser_proposition", label="Enregistrer le refus de la proposition",
          source=("proposition",), dest="enregistree", facts=S.RefusPropositionFacts),
        T(trigger="signer_bail", label="Enregistrer la signature du bail",
          source=("proposition",), dest="relogee", closes=VALIDITY),
        T(trigger="radier", label="Enregistrer la radiation", source=("enregistree",),
          dest="radiee", closes=VALIDITY),
        T(trigger="abandonner", label="Clore la démarche (avec motif)",
          source=("a_constituer", "deposee", "enregistree", "proposition"), dest="abandonnee",
          closes=("logement.numero_unique_1m", *VALIDITY)),
    ),
)

TRACKS = [HEBERGEMENT, DEMANDE_SOCIALE, DALO, DAHO]
