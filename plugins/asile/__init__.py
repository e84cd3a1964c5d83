"""plugins.asile: asylum (SPADA, GUDA, ATDA, OFPRA, CNDA, Dublin), ADA, and victims' residence.

Four tracks (``asile``, ``asile_ada``, ``sejour_victime``, ``eloignement``), their checks, the
deadline rules of domain.md §3 and §9, and the report section. The ATDA, récépissés and cards are recorded
under the shared facts ``sejour_regulier_jusquau`` and ``autorise_travail``, the ADA under
``beneficiaire_ada``; the L425-1 card reads ``plainte_deposee`` from any domain.
"""

from __future__ import annotations

from core import DomainDefinition, hookimpl
from plugins.asile.demo import DOMAINS as DEMO
from plugins.asile.registry import CHECKS
from plugins.asile.report import counts, sections
from plugins.asile.rules import RULES
from plugins.asile.tracks import ASILE
from plugins.asile.tracks_eloignement import ELOIGNEMENT
from plugins.asile.tracks_sejour import ADA, SEJOUR_VICTIME


DOMAIN = DomainDefinition(
    id="asile", label="Asile et séjour",
    description=("Demande d'asile, conditions d'accueil (ADA) et titre de séjour des "
                 "victimes."))


@hookimpl
def parcours_domains():
    return [DOMAIN]


@hookimpl
def parcours_track_definitions():
    return [ASILE, ADA, SEJOUR_VICTIME, ELOIGNEMENT]


@hookimpl
def parcours_checks():
    return list(CHECKS)


@hookimpl
def parcours_deadline_rules():
    return list(RULES)


@hookimpl
def parcours_report_sections(context):
    return sections(context)


@hookimpl
def parcours_demo_domains():
    return list(DEMO)


@hookimpl
def parcours_report_counts():
    return counts()
