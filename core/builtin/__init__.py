"""The built-in tracks (core pathway, PSP, APS, AFIS) and their demo, registered as a plugin like any other.

The plugin host registers this module under the name ``parcours`` before any installed
plugin, through the same hooks, so core code never special-cases its own tracks.
"""

from __future__ import annotations

from core.builtin.checks import CHECKS
from core.builtin.demo import DOMAINS as DEMO
from core.builtin.domains import DOMAINS
from core.builtin.pathway import PATHWAY
from core.builtin.psp import AFIS, APS, PSP
from core.builtin.report import (  # noqa: F401 - the report hooks
    parcours_report_counts, parcours_report_sections)
from core.builtin.rules import RULES
from core.hookspecs import hookimpl


@hookimpl
def parcours_track_definitions():
    return [PATHWAY, PSP, APS, AFIS]


@hookimpl
def parcours_domains():
    return list(DOMAINS)


@hookimpl
def parcours_checks():
    return list(CHECKS)


@hookimpl
def parcours_deadline_rules():
    return list(RULES)


@hookimpl
def parcours_demo_domains():
    return list(DEMO)
