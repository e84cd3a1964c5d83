"""The core pathway (*parcours*): from first visit to reinsertion, as a track definition.

A person is met at the drop-in (``premier_accueil``), becomes known, may be followed
individually by a referent once her consent to it is recorded (a row of her consents, read
by the check ``parcours.referent_consentement``; not a fact of the transition), can pause or
be lost from sight and resume, and ends in reinsertion or in a closure with its reason. A
person who comes back after a closure starts a new pathway, so the closed one stays as it was.
"""

from __future__ import annotations

from datetime import timedelta

from core.builtin import schemas as S
from core.definitions.model import (CASEWORKERS, EVERYONE, NoFacts, StepDefinition, StepKind,
                                    TrackDefinition, TransitionDefinition)

ACTIVE = ("premier_accueil", "connue", "suivi_individuel", "en_pause", "perdu_de_vue")

PATHWAY = TrackDefinition(
    id="parcours", version=1, label="Parcours d'accompagnement", domain="parcours",
    initial="premier_accueil",
    description="Du premier passage à la permanence jusqu'à la réinsertion.",
    steps=(
        StepDefinition(id="premier_accueil", label="Premier accueil",
                       stall_after=timedelta(days=60)),
        StepDefinition(id="connue", label="Personne connue de l'association",
                       stall_after=timedelta(days=90)),
        StepDefinition(id="suivi_individuel", label="Suivi individuel par un·e référent·e",
                       stall_after=timedelta(days=45), facts=S.SuiviFacts),
        StepDefinition(id="en_pause", label="Accompagnement en pause",
                       stall_after=timedelta(days=90), facts=S.PauseFacts),
        StepDefinition(id="perdu_de_vue", label="Perdue de vue",
                       stall_after=timedelta(days=180), facts=S.PerteContactFacts),
        StepDefinition(id="reinsertion", label="Réinsertion", kind=StepKind.FINAL,
                       facts=S.ReinsertionFacts),
        StepDefinition(id="clos", label="Accompagnement clos", kind=StepKind.FINAL,
                       facts=S.ClotureFacts),
    ),
    transitions=(
        TransitionDefinition(trigger="reconnaitre", label="Reconnaître comme personne connue",
                             source=("premier_accueil",), dest="connue", roles=EVERYONE),
        TransitionDefinition(trigger="suivre", label="Entrer en suivi individuel",
                             source=("premier_accueil", "connue"), dest="suivi_individuel",
                             checks=("parcours.referent_consentement",)),
        TransitionDefinition(trigger="mettre_en_pause", label="Mettre l'accompagnement en pause",
                             source=("connue", "suivi_individuel"), dest="en_pause"),
        TransitionDefinition(trigger="perdre_contact", label="Signaler une perte de contact",
                             source=("premier_accueil", "connue", "suivi_individuel", "en_pause"),
                             dest="perdu_de_vue"),
        TransitionDefinition(trigger="reprendre", label="Reprendre contact (personne connue)",
                             source=("en_pause", "perdu_de_vue"), dest="connue", roles=EVERYONE),
        TransitionDefinition(trigger="reprendre_suivi", label="Reprendre le suivi individuel",
                             source=("en_pause", "perdu_de_vue"), dest="suivi_individuel",
                             facts=NoFacts, checks=("parcours.referent_consentement",)),
        TransitionDefinition(trigger="reinserer", label="Constater la réinsertion",
                             source=("suivi_individuel",), dest="reinsertion",
                             roles=CASEWORKERS, checks=("parcours.demarches_ouvertes",)),
        TransitionDefinition(trigger="clore", label="Clore l'accompagnement (avec motif)",
                             source=ACTIVE, dest="clos"),
    ),
)
