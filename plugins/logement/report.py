"""The housing section of the activity report: persons supported and steps reached.

A person is supported in the period when one of her housing tracks was open during it
(opened before its end and still open, or opened within it) or moved within it. Steps
reached count the transition events of the period by destination step; a night without a
place recorded again is not a new step reached, and neither is a yearly renewal.
"""

from __future__ import annotations

from functools import cache

from core import ReportContext, ReportCounts, ReportSection, milestone_counts, milestone_section

DOMAIN = "logement"
TITLE = "Hébergement et logement"
PERSONS = "Personnes accompagnées (logement)"
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


def sections(context: ReportContext) -> list[ReportSection]:
    """This domain's section for ``context``'s period."""
    return [milestone_section(context, domain=DOMAIN, title=TITLE, persons_label=PERSONS,
                              milestones=MILESTONES, skip=LOOPS)]


@cache  # a declaration: the same for every period
def counts() -> list[ReportCounts]:
    """The same section, declared: the core counts it from its aggregates and tracks."""
    return [milestone_counts(domain=DOMAIN, title=TITLE, persons_label=PERSONS,
                             milestones=MILESTONES, skip=LOOPS)]
