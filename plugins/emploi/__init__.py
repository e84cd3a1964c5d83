"""emploi: France Travail, IAE with the PASS IAE, CEJ, CIR, RSA and training (domain.md §6).

Hook implementations only; the tracks, checks, deadline rules and report section live in
their own modules.
"""

from __future__ import annotations

from core import DomainDefinition, hookimpl

from . import checks, demo, report, rules, tracks


DOMAIN = DomainDefinition(
    id="emploi", label="Emploi et insertion",
    description=("France Travail, insertion par l'activité économique, CEJ, CIR, RSA "
                 "et formation."))


@hookimpl
def parcours_domains():
    return [DOMAIN]


@hookimpl
def parcours_track_definitions():
    return list(tracks.TRACKS)


@hookimpl
def parcours_checks():
    return list(checks.CHECKS)


@hookimpl
def parcours_deadline_rules():
    return list(rules.RULES)


@hookimpl
def parcours_report_sections(context):
    return report.sections(context)


@hookimpl
def parcours_demo_domains():
    return list(demo.DOMAINS)


@hookimpl
def parcours_report_counts():
    return report.counts()
