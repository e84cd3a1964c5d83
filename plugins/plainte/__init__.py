"""plugins.plainte: criminal complaint or testimony and victim support (domain.md §7).

One track (``plainte``), its checks, the deadline rules (reflection period, *partie civile*,
limitation periods) and the report section. A complaint or testimony records the shared
fact ``plainte_deposee`` (true), a *main courante* records it false: the L425-1 card of the
asile domain reads it through ``core.flagged``.
"""

from __future__ import annotations

from core import DomainDefinition, hookimpl
from plugins.plainte.demo import DOMAINS as DEMO
from plugins.plainte.registry import CHECKS
from plugins.plainte.report import counts, sections
from plugins.plainte.rules import RULES
from plugins.plainte.tracks import PLAINTE


DOMAIN = DomainDefinition(
    id="plainte", label="Plainte et droits des victimes",
    description=("Plainte ou témoignage, accompagnement de la victime, partie civile."))


@hookimpl
def parcours_domains():
    return [DOMAIN]


@hookimpl
def parcours_track_definitions():
    return [PLAINTE]


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
