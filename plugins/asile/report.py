"""The asylum section of the activity report: persons supported, récits written, steps reached.

Only counts leave the plugin, each with the records behind it (``track:12``, ``event:34``);
the récit itself is never stored, so only its writing events are counted.
"""

from __future__ import annotations

from functools import cache

from core import (ReportContext, ReportCounts, ReportSection, TrackDefinition, count_events,
                  count_persons_supported, count_steps_reached, event_count, period_events,
                  persons_supported, steps_reached)
from plugins.asile.tracks import ASILE, SELF_LOOPS
from plugins.asile.tracks_sejour import ADA, SEJOUR_VICTIME

DEFINITIONS: tuple[TrackDefinition, ...] = (ASILE, ADA, SEJOUR_VICTIME)
DOMAIN = "asile"


def sections(context: ReportContext) -> list[ReportSection]:
    """The asylum and victims' residence section of the report."""
    events = period_events(context, {d.id for d in DEFINITIONS})
    figures = (persons_supported(context, DOMAIN, key="asile.personnes",
                                 label="Personnes accompagnées (asile et séjour)"),
               event_count(events, trigger="rediger_recit", key="asile.recits",
                           label="Récits de vie rédigés"),
               *steps_reached(events, DEFINITIONS, key_prefix="asile.etape", skip=SELF_LOOPS))
    return [ReportSection(id="asile", title="Asile et séjour des victimes", figures=figures)]


@cache  # a declaration: the same for every period
def counts() -> list[ReportCounts]:
    """The same section, declared: the core counts it from its aggregates and tracks."""
    ids = tuple(d.id for d in DEFINITIONS)
    rules = (count_persons_supported(DOMAIN, key="asile.personnes",
                                     label="Personnes accompagnées (asile et séjour)"),
             count_events(ids, trigger="rediger_recit", key="asile.recits",
                          label="Récits de vie rédigés"),
             count_steps_reached(DEFINITIONS, key_prefix="asile.etape", skip=SELF_LOOPS))
    return [ReportCounts(id="asile", title="Asile et séjour des victimes", counts=rules)]
