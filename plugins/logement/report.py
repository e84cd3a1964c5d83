"""The housing section of the activity report: persons supported and steps reached.

A person is supported in the period when one of her housing tracks was open during it
(opened before its end and still open, or opened within it) or moved within it. Steps
reached count the transition events of the period by destination step; a night without a
place recorded again is not a new step reached, and neither is a yearly renewal.
"""

from __future__ import annotations

from core import Figure, ReportContext, ReportSection

DOMAIN = "logement"
LOOPS = {"renouveler"}
MILESTONES = (
    ("appels_115", "Appels au 115", "logement_hebergement", "demande_115"),
    ("hebergements_urgence", "Entrées en hébergement d'urgence", "logement_hebergement",
     "hebergee_urgence"),
    ("admissions_insertion", "Admissions en hébergement d'insertion", "logement_hebergement",
     "hebergee_insertion"),
    ("solutions_stables", "Solutions stables trouvées", "logement_hebergement",
     "solution_stable"),
    ("demandes_sociales_deposees", "Demandes de logement social déposées",
     "logement_demande_sociale", "deposee"),
    ("demandes_sociales_enregistrees", "Demandes de logement social enregistrées",
     "logement_demande_sociale", "enregistree"),
    ("baux_signes", "Baux signés (logement social)", "logement_demande_sociale", "relogee"),
    ("dalo_deposes", "Recours DALO déposés", "logement_dalo", "comed_saisie"),
    ("dalo_prioritaires", "Recours DALO reconnus prioritaires", "logement_dalo", "prioritaire"),
    ("daho_deposes", "Recours DAHO déposés", "logement_daho", "comed_saisie"),
    ("daho_prioritaires", "Recours DAHO reconnus prioritaires", "logement_daho", "prioritaire"),
    ("recours_ta", "Tribunal saisi (DALO)", "logement_dalo", "ta_saisi"),
)


def _supported(context: ReportContext) -> Figure:
    moved = {e.track_id for e in context.events}
    tracks = [t for t in context.tracks if t.domain == DOMAIN and t.opened_at.date() <= context.end
              and (t.status == "open" or t.opened_at.date() >= context.start or t.id in moved)]
    persons = {t.person_id for t in tracks}
    return Figure(key="personnes_accompagnees", label="Personnes accompagnées (logement)",
                  value=len(persons), sources=tuple(f"track:{t.id}" for t in tracks))


def _reached(context: ReportContext, definition: str, step: str) -> list[str]:
    return [f"event:{e.id}" for e in context.events
            if e.definition_id == definition and e.to_step == step and e.trigger not in LOOPS
            and context.start <= e.occurred_at.date() <= context.end]


def sections(context: ReportContext) -> list[ReportSection]:
    """The housing section for ``context``'s period."""
    figures = [_supported(context)]
    for key, label, definition, step in MILESTONES:
        sources = _reached(context, definition, step)
        figures.append(Figure(key=key, label=label, value=len(sources), sources=tuple(sources)))
    return [ReportSection(id="logement", title="Hébergement et logement", figures=tuple(figures))]
