"""The complaint section of the activity report: persons supported, complaints, steps reached.

Only counts leave the plugin, each with the records behind it (``track:12``, ``event:34``).
A complaint is counted when it is filed (``deposer_plainte``), whatever came before it.
"""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from core import Figure, ReportContext, ReportSection
from plugins.plainte.tracks import PLAINTE, SELF_LOOPS

DOMAIN = "plainte"
# ReportEvent is not exported by core, so events are typed loosely here.


def _in_period(context: ReportContext) -> list[Any]:
    return [e for e in context.events if e.definition_id == PLAINTE.id
            and context.start <= e.occurred_at.date() <= context.end]


def persons_supported(context: ReportContext, events: list[Any]) -> Figure:
    """Distinct persons with a complaint track opened in the period or active during it."""
    moved = {e.track_id for e in events}
    tracks = [t for t in context.tracks if t.domain == DOMAIN and t.opened_at.date() <= context.end
              and (t.opened_at.date() >= context.start or t.status == "open" or t.id in moved)]
    return Figure(key="plainte.personnes", label="Personnes accompagnées (plainte)",
                  value=len({t.person_id for t in tracks}),
                  sources=tuple(f"track:{t.id}" for t in tracks))


def complaints_filed(events: list[Any]) -> Figure:
    found = [e for e in events if e.trigger == "deposer_plainte"]
    return Figure(key="plainte.plaintes_deposees", label="Plaintes ou témoignages déposés",
                  value=len(found), sources=tuple(f"event:{e.id}" for e in found))


def steps_reached(events: list[Any]) -> list[Figure]:
    """Transition events by destination step, self-loops left out."""
    by_step: dict[str, list[int]] = defaultdict(list)
    for e in events:
        if e.trigger and e.to_step and e.trigger not in SELF_LOOPS:
            by_step[e.to_step].append(e.id)
    return [Figure(key=f"plainte.etape.{step.id}", label=step.label, value=len(by_step[step.id]),
                   sources=tuple(f"event:{i}" for i in by_step[step.id]))
            for step in PLAINTE.steps if by_step.get(step.id)]


def sections(context: ReportContext) -> list[ReportSection]:
    """The complaint section of the report."""
    events = _in_period(context)
    figures = (persons_supported(context, events), complaints_filed(events), *steps_reached(events))
    return [ReportSection(id="plainte", title="Plaintes et accompagnement des victimes",
                          figures=figures)]
