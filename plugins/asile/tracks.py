"""The asylum procedure track, domain.md §3.2: SPADA, GUDA, ATDA, OFPRA, CNDA, and Dublin.

One track per application. The ATDA's end date and the right to work are recorded under the
shared fact names so that other domains read them; the *récit de vie* is a self-loop whose
events are counted, never its text. The CNDA month opens at the rejection, is suspended by
a timely legal-aid request (the engine refuses a late one, from the rule's own condition)
and resumes, for the time left, at the legal-aid decision; both are dated from the dates the
caseworker records. A Dublin transfer opens the 7-day or the 48-hour appeal depending on the
measure notified with it, and its 6-month window runs again from a final decision upholding
it on a suspensive appeal.
"""

from __future__ import annotations

from datetime import timedelta

from core import (LifeStory, NoFacts, RuleChoice, Silence, StepDefinition, StepKind,
                  TrackDefinition, TransitionDefinition)
from plugins.asile import schemas as S
from plugins.asile.rules import OFPRA_FILING

T = TransitionDefinition
DAYS = timedelta
ATDA_FIRST = ("asile.atda_normale_10m", "asile.atda_acceleree_6m")
DUBLIN_RULES = ("asile.atda_dublin_1m", "asile.atda_dublin_renouvellement_4m",
                "asile.dublin_recours_7j", "asile.dublin_recours_48h", "asile.dublin_transfert_6m")
OFPRA_WAIT = ("ofpra_introduite", "entretien_convoque", "entretien_passe")
OFPRA_TARGETS = ("asile.ofpra_acceleree_15j", "asile.ofpra_retention_96h")
GUYANE = "973"
"""Guyane's holiday subdivision: where asylum runs on derogatory delays (CESEDA R591-7)."""
DUBLIN_APPEAL = RuleChoice(fact="mesure", cases={"aucune": "asile.dublin_recours_7j",
                                                 "retention": "asile.dublin_recours_48h",
                                                 "assignation_a_residence": "asile.dublin_recours_48h"})
SELF_LOOPS = ("rediger_recit", "renouveler_atda", "obtenir_autorisation_travail")
"""Triggers that record something without moving on (not counted as steps reached)."""


def _step(step_id: str, label: str, kind: StepKind = StepKind.ACTION, **kw) -> StepDefinition:
    return StepDefinition(id=step_id, label=label, kind=kind, **kw)


def _wait(step_id: str, label: str, within: int, silence: Silence, description: str,
          facts: type = NoFacts) -> StepDefinition:
    """A step waiting on an authority, with its usual answer time and what silence means."""
    return StepDefinition(id=step_id, label=label, kind=StepKind.WAITING, facts=facts,
                          expected_answer_within=DAYS(days=within), silence_means=silence,
                          description=description)


def _loops(trigger: str, label: str, steps: tuple[str, ...], **kw) -> tuple[T, ...]:
    """The same self-loop on several steps (a transition has a single destination)."""
    return tuple(T(trigger=trigger, label=label, source=(s,), dest=s, **kw) for s in steps)


STEPS = (
    _step("pre_accueil", "Pré-enregistrement en SPADA à faire", stall_after=DAYS(days=7)),
    _wait("rdv_guda", "Rendez-vous au guichet unique (GUDA)", 5, Silence.SANS_EFFET,
          "Enregistrement sous 3 jours ouvrés (10 en cas d'afflux) ; au-delà, recours possible.",
          S.PreEnregistrementFacts),
    _step("atda_delivree", "ATDA remise : dossier OFPRA à envoyer sous 21 jours",
          stall_after=DAYS(days=7), facts=S.AtdaNormaleFacts),
    _wait("ofpra_envoyee", "Dossier envoyé, enregistrement par l'OFPRA attendu", 30,
          Silence.SANS_EFFET, "Le silence de l'OFPRA n'a pas d'effet : relancer.",
          S.EnvoiOfpraFacts),
    _wait("ofpra_introduite", "Demande introduite, convocation de l'OFPRA attendue", 183,
          Silence.SANS_EFFET,
          "Le silence de l'OFPRA ne vaut pas décision. Procédure accélérée : décision en 15 "
          "jours (R531-23). Sans décision après 6 mois, le travail devient possible (L554-1).",
          S.IntroductionFacts),
    _step("entretien_convoque", "Entretien à l'OFPRA à préparer", stall_after=DAYS(days=30),
          facts=S.ConvocationFacts),
    _wait("entretien_passe", "Entretien passé, décision de l'OFPRA attendue", 90,
          Silence.SANS_EFFET, "Le silence de l'OFPRA ne vaut pas décision.", S.EntretienFacts),
    _step("dossier_clos", "Dossier clôturé par l'OFPRA", stall_after=DAYS(days=30),
          facts=S.ClotureOfpraFacts),
    _step("rejet_ofpra", "Rejet de l'OFPRA : aide juridictionnelle (15 j) et recours (1 mois)",
          stall_after=DAYS(days=5), facts=S.RejetFacts),
    _wait("aj_demandee", "Aide juridictionnelle demandée (délai de recours suspendu)", 30,
          Silence.SANS_EFFET, "Le délai de recours à la CNDA est suspendu jusqu'à la décision.",
          S.AjDemandeFacts),
    _step("aj_decidee", "Aide juridictionnelle décidée : recours à former",
          stall_after=DAYS(days=5), facts=S.AjDecisionFacts),
    _wait("cnda_saisie", "Recours devant la CNDA, décision attendue", 152, Silence.SANS_EFFET,
          "La CNDA statue en 5 mois (5 semaines en procédure accélérée) ; délai indicatif.",
          S.RecoursCndaFacts),
    _wait("dublin", "Procédure Dublin : réponse de l'État requis attendue", 61,
          Silence.ACCEPTATION,
          "Sans réponse de l'État requis dans les délais du règlement, sa responsabilité est "
          "acquise [U].", S.AtdaDublinFacts),
    _step("transfert_notifie", "Décision de transfert notifiée : recours à former",
          stall_after=DAYS(days=2), facts=S.TransfertFacts),
    _wait("recours_transfert", "Recours contre le transfert, jugement attendu", 15,
          Silence.SANS_EFFET, "Le tribunal statue en 15 jours (L921-1).", S.RecoursTransfertFacts),
    _step("transfert_confirme", "Recours rejeté : le délai de transfert court à nouveau",
          stall_after=DAYS(days=30), facts=S.JugementTransfertFacts),
    _step("protegee", "Protection accordée", StepKind.FINAL, facts=S.ProtectionFacts),
    _step("rejet_definitif", "Rejet définitif", StepKind.FINAL, facts=S.RejetDefinitifFacts,
          description="Fin du droit au séjour ; une OQTF peut suivre (recours en 7 jours, "
                      "48 h en rétention) : ouvrir la démarche « Éloignement » et voir "
                      "l'avocat·e."),
    _step("transferee", "Transférée vers l'État responsable", StepKind.FINAL,
          facts=S.TransfertEffectueFacts),
    _step("abandonnee", "Démarche abandonnée", StepKind.FINAL, facts=S.AbandonFacts),
)

RUNNING = tuple(s.id for s in STEPS if s.kind is not StepKind.FINAL)
OFPRA_FILE = RuleChoice(default=OFPRA_FILING[0], places={GUYANE: OFPRA_FILING[1]})
"""21 days to send the file to the OFPRA, 7 in Guyane while its derogation is in force."""
ALL_RULES = ("asile.enregistrement_3jo", *OFPRA_FILING, *ATDA_FIRST,
             "asile.atda_renouvellement_6m", "asile.acces_travail_6m",
             "asile.aide_juridictionnelle_15j", "asile.cnda_1m", "asile.cnda_jugement_5m",
             *OFPRA_TARGETS, *DUBLIN_RULES)

REGISTRATION = (
    T(trigger="pre_enregistrer", label="Pré-enregistrement fait en SPADA", source=("pre_accueil",),
      dest="rdv_guda", opens=("asile.enregistrement_3jo",)),
    T(trigger="enregistrer_procedure_normale", label="Enregistrée en procédure normale (ATDA)",
      source=("rdv_guda",), dest="atda_delivree", closes=("asile.enregistrement_3jo",),
      opens=(OFPRA_FILE, "asile.atda_normale_10m")),
    T(trigger="enregistrer_procedure_acceleree", label="Enregistrée en procédure accélérée (ATDA)",
      source=("rdv_guda",), dest="atda_delivree", facts=S.AtdaAccelereeFacts,
      closes=("asile.enregistrement_3jo",), opens=(OFPRA_FILE, "asile.atda_acceleree_6m")),
    T(trigger="enregistrer_procedure_dublin", label="Enregistrée en procédure Dublin (ATDA)",
      source=("rdv_guda",), dest="dublin", closes=("asile.enregistrement_3jo",),
      opens=("asile.atda_dublin_1m",)),
    *_loops("rediger_recit", "Rédiger le récit de vie (date et langue seulement)",
            ("atda_delivree",), facts=S.RecitFacts),
    T(trigger="envoyer_ofpra", label="Envoyer le dossier à l'OFPRA", source=("atda_delivree",),
      dest="ofpra_envoyee", closes=OFPRA_FILING,
      checks=("asile.dossier_ofpra", "asile.ofpra_delai", "asile.validite_document")),
    T(trigger="enregistrer_introduction", label="Enregistrer l'introduction par l'OFPRA",
      source=("ofpra_envoyee",), dest="ofpra_introduite",
      opens=("asile.acces_travail_6m",
             RuleChoice(fact="examen", cases={"accelere": "asile.ofpra_acceleree_15j",
                                              "retention": "asile.ofpra_retention_96h"}))),
)

OFPRA = (
    *_loops("renouveler_atda", "Enregistrer le renouvellement de l'ATDA",
            (*OFPRA_WAIT, "cnda_saisie"), facts=S.RenouvellementAtdaFacts,
            closes=ATDA_FIRST, opens=("asile.atda_renouvellement_6m",)),
    *_loops("obtenir_autorisation_travail", "Enregistrer l'autorisation de travail (L554-1)",
            OFPRA_WAIT, facts=S.AutorisationTravailFacts, checks=("asile.acces_travail",)),
    T(trigger="convoquer", label="Enregistrer la convocation à l'entretien",
      source=("ofpra_introduite",), dest="entretien_convoque"),
    T(trigger="passer_entretien", label="Entretien passé", source=("entretien_convoque",),
      dest="entretien_passe"),
    T(trigger="accorder_protection", label="Enregistrer la protection accordée",
      source=(*OFPRA_WAIT, "cnda_saisie"), dest="protegee",
      closes=("asile.acces_travail_6m", "asile.cnda_jugement_5m", *OFPRA_TARGETS)),
    T(trigger="rejeter", label="Enregistrer le rejet de l'OFPRA", source=OFPRA_WAIT,
      dest="rejet_ofpra", closes=("asile.acces_travail_6m", *OFPRA_TARGETS),
      opens=("asile.aide_juridictionnelle_15j", "asile.cnda_1m")),
    T(trigger="cloturer", label="Enregistrer la clôture du dossier", source=OFPRA_WAIT,
      dest="dossier_clos", closes=("asile.acces_travail_6m", *OFPRA_TARGETS)),
    T(trigger="rouvrir", label="Demander la réouverture du dossier", source=("dossier_clos",),
      dest="ofpra_introduite", facts=S.ReouvertureFacts),
)

APPEAL = (
    T(trigger="demander_aide_juridictionnelle", label="Demander l'aide juridictionnelle (CNDA)",
      source=("rejet_ofpra",), dest="aj_demandee", closes=("asile.aide_juridictionnelle_15j",),
      suspends=("asile.cnda_1m",)),
    T(trigger="decider_aide_juridictionnelle", label="Enregistrer la décision d'aide juridictionnelle",
      source=("aj_demandee",), dest="aj_decidee", resumes=("asile.cnda_1m",)),
    T(trigger="former_recours_cnda", label="Former le recours devant la CNDA",
      source=("rejet_ofpra", "aj_demandee", "aj_decidee", *OFPRA_WAIT, "dossier_clos"),
      dest="cnda_saisie", closes=("asile.cnda_1m", "asile.aide_juridictionnelle_15j"),
      opens=("asile.cnda_jugement_5m",),
      checks=("asile.cnda_rejet_ofpra", "asile.cnda_recours", "asile.validite_document")),
    T(trigger="rejeter_cnda", label="Enregistrer le rejet de la CNDA", source=("cnda_saisie",),
      dest="rejet_definitif", closes=("asile.cnda_jugement_5m",)),
)

DUBLIN = (
    *_loops("renouveler_atda", "Enregistrer le renouvellement de l'ATDA", ("dublin",),
            facts=S.RenouvellementAtdaFacts, closes=("asile.atda_dublin_1m",),
            opens=("asile.atda_dublin_renouvellement_4m",)),
    T(trigger="notifier_transfert", label="Enregistrer la décision de transfert",
      source=("dublin",), dest="transfert_notifie",
      opens=(DUBLIN_APPEAL, "asile.dublin_transfert_6m")),
    T(trigger="former_recours_transfert", label="Former le recours contre le transfert",
      source=("transfert_notifie",), dest="recours_transfert", checks=("asile.dublin_recours",),
      closes=("asile.dublin_recours_7j", "asile.dublin_recours_48h")),
    T(trigger="rejeter_recours_transfert", label="Enregistrer le rejet du recours (transfert "
      "confirmé)", source=("recours_transfert",), dest="transfert_confirme",
      opens=("asile.dublin_transfert_6m",)),
    T(trigger="transferer", label="Enregistrer le transfert", dest="transferee",
      source=("transfert_notifie", "recours_transfert", "transfert_confirme"),
      closes=DUBLIN_RULES),
    T(trigger="basculer_procedure_normale", label="La France devient responsable (nouvelle ATDA)",
      source=("dublin", "transfert_notifie", "recours_transfert", "transfert_confirme"),
      dest="atda_delivree",
      facts=S.AtdaRequalificationFacts, closes=DUBLIN_RULES, opens=(OFPRA_FILE,)),
)

ASILE = TrackDefinition(
    id="asile", label="Demande d'asile", domain="asile", initial="pre_accueil",
    description="De la SPADA à la décision de l'OFPRA ou de la CNDA, et la procédure Dublin.",
    steps=STEPS,
    transitions=(*REGISTRATION, *OFPRA, *APPEAL, *DUBLIN,
                 T(trigger="abandonner", label="Abandonner la démarche (avec motif)",
                   source=RUNNING, dest="abandonnee", closes=ALL_RULES)),
    # Retention R2 erases the récit some months after a final decision on the application.
    life_story=LifeStory(trigger="rediger_recit", decisions=("protegee", "rejet_definitif")),
)
