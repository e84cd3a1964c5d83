"""The health section of the activity report: persons supported and steps reached.

A person is supported in the period when one of her health tracks was open during it
(opened before its end and still open, or opened within it) or moved within it. Steps
reached count the transition events of the period by destination step; front-desk contact
records (mail collected) are not steps reached.
"""

from __future__ import annotations

from core import Figure, ReportContext, ReportSection

DOMAIN = "sante"
LOOPS = {"signaler_contact"}
MILESTONES = (
    ("domiciliations", "Domiciliations obtenues ou renouvelées", "sante_domiciliation",
     "domiciliee"),
    ("ame_demandees", "Demandes d'AME déposées", "sante_couverture", "ame_demandee"),
    ("ame_accordees", "AME accordées ou renouvelées", "sante_couverture", "ame_accordee"),
    ("puma_demandees", "Demandes de PUMa déposées", "sante_couverture", "puma_demandee"),
    ("puma_ouvertes", "PUMa ouvertes", "sante_couverture", "puma_ouverte"),
    ("refus_cpam", "Refus de la CPAM", "sante_couverture", "refusee"),
    ("css_accordees", "CSS accordées", "sante_css", "accordee"),
    ("orientations_soins", "Orientations vers le soin", "sante_soins", "orientee"),
    ("medecins_traitants", "Médecins traitants déclarés", "sante_soins", "medecin_traitant"),
)


def _supported(context: ReportContext) -> Figure:
    moved = {e.track_id for e in context.events}
    tracks = [t for t in context.tracks if t.domain == DOMAIN and t.opened_at.date() <= context.end
              and (t.status == "open" or t.opened_at.date() >= context.start or t.id in moved)]
    persons = {t.person_id for t in tracks}
    return Figure(key="personnes_accompagnees", label="Personnes accompagnées (santé)",
                  value=len(persons), sources=tuple(f"track:{t.id}" for t in tracks))


def _reached(context: ReportContext, definition: str, step: str) -> list[str]:
    return [f"event:{e.id}" for e in context.events
            if e.definition_id == definition and e.to_step == step and e.trigger not in LOOPS
            and context.start <= e.occurred_at.date() <= context.end]


def sections(context: ReportContext) -> list[ReportSection]:
    """The health section for ``context``'s period."""
    figures = [_supported(context)]
    for key, label, definition, step in MILESTONES:
        sources = _reached(context, definition, step)
        figures.append(Figure(key=key, label=label, value=len(sources), sources=tuple(sources)))
    return [ReportSection(id="sante", title="Santé : domiciliation, couverture, soins",
                          figures=tuple(figures))]
