"""The health section of the activity report: persons supported and steps reached.

A person is supported in the period when one of her health tracks was open during it
(opened before its end and still open, or opened within it) or moved within it. Steps
reached count the transition events of the period by destination step; front-desk contact
records (mail collected) are not steps reached.
"""

from __future__ import annotations

from functools import cache

from core import ReportContext, ReportCounts, ReportSection, milestone_counts, milestone_section

DOMAIN = "sante"
TITLE = "Santé : domiciliation, couverture, soins"
PERSONS = "Personnes accompagnées (santé)"
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


def sections(context: ReportContext) -> list[ReportSection]:
    """This domain's section for ``context``'s period."""
    return [milestone_section(context, domain=DOMAIN, title=TITLE, persons_label=PERSONS,
                              milestones=MILESTONES, skip=LOOPS)]


@cache  # a declaration: the same for every period
def counts() -> list[ReportCounts]:
    """The same section, declared: the core counts it from its aggregates and tracks."""
    return [milestone_counts(domain=DOMAIN, title=TITLE, persons_label=PERSONS,
                             milestones=MILESTONES, skip=LOOPS)]
