"""The employment section of the activity report: persons supported and steps reached.

A person is supported in the period when one of her employment tracks was open during it
(opened before its end and still open, or opened within it) or moved within it. Steps
reached count the transition events of the period by destination step; recorded weekly
activities are not steps reached.
"""

from __future__ import annotations

from functools import cache

from core import ReportContext, ReportCounts, ReportSection, milestone_counts, milestone_section

DOMAIN = "emploi"
TITLE = "Emploi, insertion et ressources"
PERSONS = "Personnes accompagnées (emploi)"
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


def sections(context: ReportContext) -> list[ReportSection]:
    """This domain's section for ``context``'s period."""
    return [milestone_section(context, domain=DOMAIN, title=TITLE, persons_label=PERSONS,
                              milestones=MILESTONES, skip=LOOPS)]


@cache  # a declaration: the same for every period
def counts() -> list[ReportCounts]:
    """The same section, declared: the core counts it from its aggregates and tracks."""
    return [milestone_counts(domain=DOMAIN, title=TITLE, persons_label=PERSONS,
                             milestones=MILESTONES, skip=LOOPS)]
