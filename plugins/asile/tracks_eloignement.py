"""The removal-order track (*obligation de quitter le territoire*), domain.md §3.2 row A12.

Since 15 July 2024 the appeal against a removal order is 7 days (CESEDA L921-1), or 48 hours
from the hour of notification when the order comes with detention or house arrest (L921-2);
the court then rules in 15 days, or 96 hours. One notification opens the right appeal from
the measure recorded with it. An order may follow any refusal (asylum, residence permit), so
this track stands apart from the asylum procedure.
"""

from __future__ import annotations

from datetime import timedelta

from core import RuleChoice, Silence, StepDefinition, StepKind, TrackDefinition
from core import TransitionDefinition as T
from plugins.asile import schemas as S
from plugins.asile import schemas_sejour as J

APPEALS = ("asile.oqtf_recours_7j", "asile.oqtf_recours_48h")
RULINGS = ("asile.oqtf_jugement_15j", "asile.oqtf_jugement_96h")
BY_MEASURE = {"aucune": 0, "retention": 1, "assignation_a_residence": 1}


def _by_measure(rules: tuple[str, str]) -> RuleChoice:
    return RuleChoice(fact="mesure", cases={v: rules[i] for v, i in BY_MEASURE.items()})


ELOIGNEMENT = TrackDefinition(
    id="eloignement", label="Mesure d'éloignement (OQTF) et recours", domain="asile",
    initial="a_enregistrer",
    description="Recours en 7 jours, ou 48 heures en rétention ou assignation (CESEDA L921-1 "
                "et L921-2) : prévenir l'avocat·e dès la notification.",
    steps=(
        StepDefinition(id="a_enregistrer", label="Mesure d'éloignement à enregistrer",
                       stall_after=timedelta(days=2)),
        StepDefinition(id="notifiee", label="Mesure notifiée : recours à former",
                       stall_after=timedelta(days=1), facts=J.OqtfFacts),
        StepDefinition(id="recours_forme", label="Recours formé, jugement attendu",
                       kind=StepKind.WAITING, expected_answer_within=timedelta(days=15),
                       silence_means=Silence.SANS_EFFET, facts=J.RecoursOqtfFacts,
                       description="Le tribunal statue en 15 jours, 96 heures en rétention."),
        StepDefinition(id="annulee", label="Mesure annulée", kind=StepKind.FINAL,
                       facts=J.JugementOqtfFacts),
        StepDefinition(id="confirmee", label="Recours rejeté", kind=StepKind.FINAL,
                       facts=J.JugementOqtfFacts),
        StepDefinition(id="abandonnee", label="Démarche abandonnée", kind=StepKind.FINAL,
                       facts=S.AbandonFacts),
    ),
    transitions=(
        T(trigger="notifier", label="Enregistrer la notification de la mesure",
          source=("a_enregistrer",), dest="notifiee", opens=(_by_measure(APPEALS),)),
        T(trigger="former_recours", label="Former le recours au tribunal administratif",
          source=("notifiee",), dest="recours_forme", checks=("asile.oqtf_recours",),
          closes=APPEALS, opens=(_by_measure(RULINGS),)),
        T(trigger="annuler", label="Enregistrer l'annulation de la mesure",
          source=("recours_forme",), dest="annulee", closes=RULINGS),
        T(trigger="rejeter", label="Enregistrer le rejet du recours", source=("recours_forme",),
          dest="confirmee", closes=RULINGS),
        T(trigger="abandonner", label="Abandonner la démarche (avec motif)",
          source=("a_enregistrer", "notifiee", "recours_forme"), dest="abandonnee",
          closes=(*APPEALS, *RULINGS)),
    ),
)
