"""Small builders shared by the unit tests: a synthetic definition and PSP walks."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict

from core import (CASEWORKERS, EVERYONE, Actor, CheckSpec, Engine, Role, StepDefinition,
                  StepKind, TrackDefinition, TrackState, TransitionDefinition, blocking, fact,
                  hookimpl, passed)


class DossierDemo(BaseModel):
    """Facts of the synthetic ``dossier`` step: a required date and choice, an optional proof."""

    model_config = ConfigDict(extra="forbid")

    date_depot: date = fact(label="Date de dépôt")
    nature: Literal["premiere", "renouvellement"] = fact(label="Nature de la demande")
    justificatif: bool | None = fact(None, label="Justificatif fourni")


class AttenteDemo(BaseModel):
    model_config = ConfigDict(extra="forbid")

    nombre: int = fact(label="Nombre de pièces", ge=0)


def justificatif_fourni(ctx) -> Any:
    """Synthetic check: blocks until the proof is recorded (submitted now or earlier)."""
    if ctx.fact("justificatif") is True:
        return passed("demo.justificatif", "Justificatif au dossier.")
    return blocking("demo.justificatif_manquant", "Le justificatif manque.",
                    "Ajoutez le justificatif.", missing=("justificatif",))


DEMO_CHECKS = [CheckSpec(id="demo.justificatif", label="Justificatif", func=justificatif_fourni)]

T = TransitionDefinition

DEMO = TrackDefinition(
    id="demo", version=1, label="Démarche de démonstration", domain="demo", initial="accueil",
    steps=(
        StepDefinition(id="accueil", label="Accueil"),
        StepDefinition(id="dossier", label="Dossier", facts=DossierDemo,
                       stall_after=timedelta(days=30)),
        StepDefinition(id="attente", label="Attente", kind=StepKind.WAITING, facts=AttenteDemo,
                       expected_answer_within=timedelta(weeks=4)),
        StepDefinition(id="clos", label="Clos", kind=StepKind.FINAL),
    ),
    transitions=(
        # the same trigger leaves two steps for two destinations, with different roles
        T(trigger="avancer", label="Ouvrir le dossier", source=("accueil",), dest="dossier",
          roles=EVERYONE, checks=("demo.justificatif",)),
        T(trigger="avancer", label="Déposer", source=("dossier",), dest="attente",
          roles=frozenset({Role.SUPERVISEUR})),
        T(trigger="relancer", label="Relancer", source=("attente",), dest="attente",
          roles=frozenset({Role.REFERENT})),
        T(trigger="revenir", label="Revenir à l'accueil", source=("dossier", "attente"),
          dest="accueil", roles=EVERYONE),
        T(trigger="clore", label="Clore", source=("accueil", "dossier", "attente"), dest="clos",
          roles=CASEWORKERS),
    ),
)


class DemoPlugin:
    """The synthetic track and its check, registered like any plugin."""

    @hookimpl
    def parcours_track_definitions(self):
        return [DEMO]

    @hookimpl
    def parcours_checks(self):
        return list(DEMO_CHECKS)


# --- PSP ----------------------------------------------------------------------------

def psp_to_avis(engine: Engine, actor: Actor, today: date) -> TrackState:
    """A PSP track walked to ``avis_rendu`` (commission opinion given)."""
    state = engine.start("psp")
    steps: list[tuple[str, dict[str, Any]]] = [
        ("signer_document", {"date_signature_document": "2025-12-01"}),
        ("constituer_dossier", {"piece_identite": True, "attestation_cessation": True,
                                "domiciliation": True}),
        ("transmettre", {"date_envoi": "2025-12-10"}),
        ("enregistrer_avis", {"date_commission": "2026-01-08", "avis": "favorable"}),
    ]
    for trigger, facts in steps:
        engine.fire(state, trigger, actor, today=today, facts=facts)
    return state


def psp_authorised(engine: Engine, actor: Actor, today: date, debut: date) -> TrackState:
    """A PSP track authorised for a first 6-month period starting on ``debut``."""
    state = psp_to_avis(engine, actor, today)
    engine.fire(state, "autoriser", actor, today=today,
                facts={"date_decision": debut.isoformat(), "debut_periode": debut.isoformat()})
    return state
