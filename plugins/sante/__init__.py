"""sante: domiciliation, health coverage (AME or PUMa, then CSS) and access to care (domain.md §4).

Hook implementations only; the tracks, checks, deadline rules and report section live in
their own modules.
"""

from __future__ import annotations

from core import DomainDefinition, hookimpl

from . import checks, demo, documents, report, rules, tracks


DOMAIN = DomainDefinition(
    id="sante", label="Santé",
    description=("Domiciliation, couverture maladie (AME ou PUMa), complémentaire "
                 "santé solidaire et accès aux soins."))


@hookimpl
def parcours_domains():
    return [DOMAIN]


@hookimpl
def parcours_track_definitions():
    return list(tracks.TRACKS)


@hookimpl
def parcours_checks():
    return [*checks.CHECKS, *documents.CHECKS]


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
