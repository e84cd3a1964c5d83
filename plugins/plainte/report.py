"""The complaint section of the activity report: persons supported, complaints, steps reached.

Only counts leave the plugin, each with the records behind it (``track:12``, ``event:34``).
A complaint is counted when it is filed (``deposer_plainte``), whatever came before it.
"""

from __future__ import annotations

from functools import cache

from core import (ReportContext, ReportCounts, ReportSection, count_events,
                  count_persons_supported, count_steps_reached, event_count, period_events,
                  persons_supported, steps_reached)
from plugins.plainte.tracks import PLAINTE, SELF_LOOPS

DOMAIN = "plainte"


def sections(context: ReportContext) -> list[ReportSection]:
    """The complaint section of the report."""
    events = period_events(context, {PLAINTE.id})
    figures = (persons_supported(context, DOMAIN, key="plainte.personnes",
                                 label="Personnes accompagnées (plainte)"),
               event_count(events, trigger="deposer_plainte", key="plainte.plaintes_deposees",
                           label="Plaintes ou témoignages déposés"),
               *steps_reached(events, (PLAINTE,), key_prefix="plainte.etape", skip=SELF_LOOPS,
                              per_track=False))
    return [ReportSection(id="plainte", title="Plaintes et accompagnement des victimes",
                          figures=figures)]


@cache  # a declaration: the same for every period
def counts() -> list[ReportCounts]:
    """The same section, declared: the core counts it from its aggregates and tracks."""
    rules = (count_persons_supported(DOMAIN, key="plainte.personnes",
                                     label="Personnes accompagnées (plainte)"),
             count_events((PLAINTE.id,), trigger="deposer_plainte", key="plainte.plaintes_deposees",
                          label="Plaintes ou témoignages déposés"),
             count_steps_reached((PLAINTE,), key_prefix="plainte.etape", skip=SELF_LOOPS,
                                 per_track=False))
    return [ReportCounts(id="plainte", title="Plaintes et accompagnement des victimes",
                         counts=rules)]
