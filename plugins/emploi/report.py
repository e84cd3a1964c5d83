"""The employment section of the activity report: persons supported and steps reached.

A person is supported in the period when one of her employment tracks was open during it
(opened before its end and still open, or opened within it) or moved within it. Steps
reached count the transition events of the period by destination step; recorded weekly
activities are not steps reached.
"""

from __future__ import annotations

from core import Figure, ReportContext, ReportSection

DOMAIN = "emploi"
LOOPS = {"signaler_activite"}
MILESTONES = (
    ("inscriptions_france_travail", "Inscriptions à France Travail", "emploi_france_travail",
     "inscrite"),
    ("contrats_engagement", "Contrats d'engagement signés", "emploi_france_travail",
     "contrat_engagement"),
    ("embauches", "Embauches (hors IAE)", "emploi_france_travail", "en_emploi"),
    ("eligibilites_iae", "Éligibilités IAE validées", "emploi_iae", "eligible"),
    ("embauches_iae", "Embauches en SIAE (PASS IAE)", "emploi_iae", "en_parcours"),
    ("cej_signes", "CEJ signés", "emploi_cej", "signe"),
    ("cir_signes", "CIR signés", "emploi_cir", "signe"),
    ("rsa_demandes", "Demandes de RSA", "emploi_rsa", "demandee"),
    ("rsa_ouverts", "RSA ouverts", "emploi_rsa", "beneficiaire"),
    ("formations_commencees", "Formations et cours de français commencés", "emploi_formation",
     "en_formation"),
)


def _supported(context: ReportContext) -> Figure:
    moved = {e.track_id for e in context.events}
    tracks = [t for t in context.tracks if t.domain == DOMAIN and t.opened_at.date() <= context.end
              and (t.status == "open" or t.opened_at.date() >= context.start or t.id in moved)]
    persons = {t.person_id for t in tracks}
    return Figure(key="personnes_accompagnees", label="Personnes accompagnées (emploi)",
                  value=len(persons), sources=tuple(f"track:{t.id}" for t in tracks))


def _reached(context: ReportContext, definition: str, step: str) -> list[str]:
    return [f"event:{e.id}" for e in context.events
            if e.definition_id == definition and e.to_step == step and e.trigger not in LOOPS
            and context.start <= e.occurred_at.date() <= context.end]


def sections(context: ReportContext) -> list[ReportSection]:
    """The employment section for ``context``'s period."""
    figures = [_supported(context)]
    for key, label, definition, step in MILESTONES:
        sources = _reached(context, definition, step)
        figures.append(Figure(key=key, label=label, value=len(sources), sources=tuple(sources)))
    return [ReportSection(id="emploi", title="Emploi, insertion et ressources",
                          figures=tuple(figures))]
