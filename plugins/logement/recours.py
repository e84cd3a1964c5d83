"""The DALO and DAHO tracks (domain.md §5.2 H6-H7): COMED, the préfet's offer, then the TA.

Both follow the same path with their own deadlines, so one function builds each definition
from its rule ids: filing at the COMED (silence means rejection), recognition as priority
(the préfet's offer deadline opens), or rejection (2 months to appeal), no offer in time (4
months for the injunction appeal at the TA), the offer and its answer.
"""

from __future__ import annotations

from datetime import timedelta

from core import OVERSEAS, RuleChoice, Silence, StepDefinition, StepKind, TrackDefinition
from core import TransitionDefinition as T

from . import schemas as S

Step = StepDefinition
WAIT, FINAL = StepKind.WAITING, StepKind.FINAL
RUNNING = ("a_constituer", "comed_saisie", "prioritaire", "rejete", "sans_offre", "ta_saisi",
           "offre_recue")


def _steps(kind: str, depot: type) -> tuple[StepDefinition, ...]:
    # The COMED's and the préfet's waits are the deadlines their steps open, chosen by place
    # (six months overseas): the review reads those, not one delay per step for every place.
    return (
        Step(id="a_constituer", label=f"Recours {kind} à constituer",
             stall_after=timedelta(days=30)),
        Step(id="comed_saisie", label="COMED saisie, décision attendue", kind=WAIT,
             silence_means=Silence.REFUS, facts=depot,
             description="Sans décision dans le délai, le recours est implicitement rejeté : "
                         "recours au TA dans les 2 mois."),
        Step(id="prioritaire", label="Reconnue prioritaire, offre du préfet attendue", kind=WAIT,
             silence_means=Silence.SANS_EFFET, facts=S.DecisionComedFacts,
             description="Sans offre dans le délai : recours en injonction au TA dans les "
                         "4 mois."),
        Step(id="rejete", label="Recours rejeté par la COMED", stall_after=timedelta(days=30),
             facts=S.RejetComedFacts),
        Step(id="sans_offre", label="Délai du préfet expiré sans offre",
             stall_after=timedelta(days=30), facts=S.FinDelaiPrefetFacts),
        Step(id="ta_saisi", label="Tribunal administratif saisi", kind=WAIT,
             expected_answer_within=timedelta(days=61), silence_means=Silence.SANS_EFFET,
             facts=S.SaisineTaFacts),
        Step(id="offre_recue", label="Offre reçue, réponse à donner",
             stall_after=timedelta(days=10), facts=S.OffreFacts),
        Step(id="relogee", label="Offre acceptée", kind=FINAL, facts=S.ReponseOffreFacts),
        Step(id="offre_refusee", label="Offre refusée", kind=FINAL, facts=S.ReponseOffreFacts),
        Step(id="sans_suite", label="Recours rejeté par le tribunal", kind=FINAL,
             facts=S.JugementFacts),
        Step(id="abandonnee", label="Démarche close", kind=FINAL, facts=S.ClotureFacts),
    )


Rule = str | RuleChoice
"""A rule id, or the choice of one by place (overseas departments: CCH R441-15, R441-16-1)."""


def _ids(rule: Rule) -> tuple[str, ...]:
    return rule.rule_ids() if isinstance(rule, RuleChoice) else (rule,)


def _transitions(check: str, comed: Rule, offers: dict[str, tuple[str, Rule]],
                 recours: str) -> tuple[T, ...]:
    comed_rules = _ids(comed)
    offer_rules = tuple(r for _, rule in offers.values() for r in _ids(rule))
    recognise = tuple(T(trigger=trigger, label=label, source=("comed_saisie",),
                        dest="prioritaire", closes=comed_rules, opens=(rule,))
                      for trigger, (label, rule) in offers.items())
    everything = (*comed_rules, *offer_rules, recours, "logement.comed_recours_2m",
                  "logement.ta_jugement_2m")
    return (
        T(trigger="deposer", label="Déposer le recours à la COMED", source=("a_constituer",),
          dest="comed_saisie", checks=(check,), opens=(comed,)),
        *recognise,
        T(trigger="rejeter", label="Enregistrer le rejet (explicite ou implicite)",
          source=("comed_saisie",), dest="rejete", closes=comed_rules,
          opens=("logement.comed_recours_2m",)),
        T(trigger="constater_absence_offre", label="Constater l'absence d'offre dans le délai",
          source=("prioritaire",), dest="sans_offre", closes=offer_rules, opens=(recours,)),
        T(trigger="saisir_ta", label="Saisir le tribunal administratif",
          source=("rejete", "sans_offre"), dest="ta_saisi",
          closes=("logement.comed_recours_2m", recours), opens=("logement.ta_jugement_2m",)),
        T(trigger="recevoir_offre", label="Enregistrer l'offre reçue",
          source=("prioritaire", "sans_offre", "ta_saisi"), dest="offre_recue",
          closes=(*offer_rules, recours, "logement.ta_jugement_2m")),
        T(trigger="accepter_offre", label="Enregistrer l'acceptation de l'offre",
          source=("offre_recue",), dest="relogee"),
        T(trigger="refuser_offre", label="Enregistrer le refus de l'offre",
          source=("offre_recue",), dest="offre_refusee"),
        T(trigger="rejeter_ta", label="Enregistrer le rejet par le tribunal",
          source=("ta_saisi",), dest="sans_suite", closes=("logement.ta_jugement_2m",)),
        T(trigger="abandonner", label="Clore la démarche (avec motif)", source=RUNNING,
          dest="abandonnee", closes=everything),
    )


DALO = TrackDefinition(
    id="logement_dalo", label="Recours DALO (droit au logement opposable)", domain="logement",
    initial="a_constituer",
    steps=_steps("DALO", S.DaloDepotFacts),
    transitions=_transitions(
        "logement.dalo_recevable",
        RuleChoice(default="logement.dalo_comed_3m",
                   places={OVERSEAS: "logement.dalo_comed_6m_outre_mer"}),
        {"reconnaitre_prioritaire": ("Enregistrer la décision favorable (offre sous 3 mois, "
                                     "6 mois outre-mer)",
                                     RuleChoice(default="logement.dalo_offre_3m", places={
                                         OVERSEAS: "logement.dalo_offre_6m_outre_mer"})),
         "reconnaitre_prioritaire_6m": ("Enregistrer la décision favorable (agglomération de "
                                        "plus de 300 000 habitants : 6 mois)",
                                        RuleChoice(default="logement.dalo_offre_6m", places={
                                            OVERSEAS: "logement.dalo_offre_6m_outre_mer"}))},
        "logement.dalo_recours_4m"),
)

DAHO = TrackDefinition(
    id="logement_daho", label="Recours DAHO (droit à l'hébergement opposable)",
    domain="logement", initial="a_constituer",
    steps=_steps("DAHO", S.DahoDepotFacts),
    transitions=_transitions(
        "logement.daho_recevable", "logement.daho_comed_6s",
        {"reconnaitre_prioritaire": ("Enregistrer la décision favorable (accueil sous "
                                     "6 semaines)", "logement.daho_offre_6s"),
         "reconnaitre_prioritaire_3m": ("Enregistrer la décision favorable (logement de "
                                        "transition, foyer, RHVS : 3 mois [U])",
                                        "logement.daho_offre_3m")},
        "logement.daho_recours_4m"),
)
