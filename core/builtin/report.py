"""The report section of the built-in PSP tracks (persons in a PSP, its decisions).

Contributed through ``parcours_report_sections`` like any plugin's section, from the
period's :class:`ReportContext` only: persons with a PSP track active in the period, and
the decisions recorded in it (files sent, authorisations, refusals, renewals, APS
delivered, AFIS granted, exits), each figure naming the persons or events it counted.
Persons supported in the other domains are each domain plugin's own figure. The same section
is declared through ``parcours_report_counts`` (:func:`psp_counts`) for reports read from
the monthly aggregates.
"""

from __future__ import annotations

from functools import cache

from core import messages as M
from core.hookspecs import hookimpl
from core.reports import (Figure, ReportContext, ReportCounts, ReportSection, count_events,
                          count_persons_with_track)

PSP_EVENTS = (
    ("psp_transmis", "psp", "transmettre", M.REPORT_PSP_SENT),
    ("psp_autorisations", "psp", "autoriser", M.REPORT_PSP_AUTHORISED),
    ("psp_refus", "psp", "refuser", M.REPORT_PSP_REFUSED),
    ("psp_renouvellements", "psp", "renouveler", M.REPORT_PSP_RENEWED),
    ("psp_aps_delivrees", "psp_aps", "delivrer", M.REPORT_PSP_APS),
    ("psp_afis_accordees", "psp_afis", "accorder", M.REPORT_PSP_AFIS),
    ("psp_sorties", "psp", "sortir", M.REPORT_PSP_EXITS),
)
"""(figure key, track definition, trigger, label) of each PSP decision counted."""


def psp_section(context: ReportContext) -> ReportSection:
    """Persons in a PSP during the period and the PSP decisions recorded in it."""
    in_psp = sorted({t.person_id for t in context.tracks if t.definition_id == "psp"})
    figures = [Figure(key="psp_personnes", label=M.REPORT_PSP_PERSONS, value=len(in_psp),
                      sources=tuple(f"person:{i}" for i in in_psp))]
    for key, definition, trigger, label in PSP_EVENTS:
        ids = [e.id for e in context.events
               if e.definition_id == definition and e.trigger == trigger]
        figures.append(Figure(key=key, label=label, value=len(ids),
                              sources=tuple(f"event:{i}" for i in ids)))
    return ReportSection(id="psp", title=M.REPORT_SECTION_PSP, figures=tuple(figures))


@cache  # a declaration: the same for every period
def psp_counts() -> ReportCounts:
    """The same section, declared: the core counts it from its aggregates and tracks."""
    rules = [count_persons_with_track(("psp",), key="psp_personnes", label=M.REPORT_PSP_PERSONS)]
    rules += [count_events((definition,), key=key, label=label, trigger=trigger)
              for key, definition, trigger, label in PSP_EVENTS]
    return ReportCounts(id="psp", title=M.REPORT_SECTION_PSP, counts=tuple(rules))


@hookimpl
def parcours_report_sections(context: ReportContext) -> list[ReportSection]:
    return [psp_section(context)]


@hookimpl
def parcours_report_counts() -> list[ReportCounts]:
    return [psp_counts()]
