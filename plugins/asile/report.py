"""The asylum section of the activity report: persons supported, récits written, steps reached.

Only counts leave the plugin, each with the records behind it (``track:12``, ``event:34``);
the récit itself is never stored, so only its writing events are counted.
"""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from core import Figure, ReportContext, ReportSection, TrackDefinition
from plugins.asile.tracks import ASILE, SELF_LOOPS
from plugins.asile.tracks_sejour import ADA, SEJOUR_VICTIME

DEFINITIONS: tuple[TrackDefinition, ...] = (ASILE, ADA, SEJOUR_VICTIME)
DOMAIN = "asile"
# ReportEvent is not exported by core, so events are typed loosely here.


def _in_period(context: ReportContext) -> list[Any]:
    ids = {d.id for d in DEFINITIONS}
    return [e for e in context.events
            if e.definition_id in ids and context.start <= e.occurred_at.date() <= context.end]


def persons_supported(context: ReportContext, events: list[Any]) -> Figure:
    """Distinct persons with a track of the domain opened in the period or active during it."""
    moved = {e.track_id for e in events}
    tracks = [t for t in context.tracks if t.domain == DOMAIN and t.opened_at.date() <= context.end
              and (t.opened_at.date() >= context.start or t.status == "open" or t.id in moved)]
    return Figure(key="asile.personnes", label="Personnes accompagnées (asile et séjour)",
                  value=len({t.person_id for t in tracks}),
                  sources=tuple(f"track:{t.id}" for t in tracks))


def count_trigger(events: list[Any], trigger: str, key: str, label: str) -> Figure:
    found = [e for e in events if e.trigger == trigger]
    return Figure(key=key, label=label, value=len(found), sources=tuple(f"event:{e.id}" for e in found))


def steps_reached(events: list[Any]) -> list[Figure]:
    """Transition events by destination step, self-loops (récit, renewals) left out."""
    by_step: dict[tuple[str, str], list[int]] = defaultdict(list)
    for e in events:
        if e.trigger and e.to_step and e.trigger not in SELF_LOOPS:
            by_step[(e.definition_id, e.to_step)].append(e.id)
    figures = []
    for defn in DEFINITIONS:
        for step in defn.steps:
            ids = by_step.get((defn.id, step.id))
            if ids:
                figures.append(Figure(key=f"asile.etape.{defn.id}.{step.id}",
                                      label=f"{defn.label} : {step.label}", value=len(ids),
                                      sources=tuple(f"event:{i}" for i in ids)))
    return figures


def sections(context: ReportContext) -> list[ReportSection]:
    """The asylum and victims' residence section of the report."""
    events = _in_period(context)
    figures = (persons_supported(context, events),
               count_trigger(events, "rediger_recit", "asile.recits", "Récits de vie rédigés"),
               *steps_reached(events))
    return [ReportSection(id="asile", title="Asile et séjour des victimes", figures=figures)]
