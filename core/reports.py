"""Report section contracts: what the activity report asks of plugins.

The services build a :class:`ReportContext` (the period and read-only rows of tracks and
events); each plugin returns :class:`ReportSection` values whose figures name the records
that fed them, so a figure can always be traced back. The helpers at the end count what
most domains report (persons supported, events, steps reached) the same way everywhere.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable
from datetime import date, datetime
from typing import Annotated, Any, Literal

from pydantic import AfterValidator, BaseModel, ConfigDict, Field

from core.frozen import ReadOnlyDict, read_only


class ReportTrack(BaseModel):
    """One track as the report sees it."""

    model_config = ConfigDict(defer_build=True, frozen=True)

    id: int
    person_id: int
    definition_id: str
    domain: str
    step: str
    status: str
    opened_at: datetime


class ReportEvent(BaseModel):
    """One transition event inside the period."""

    model_config = ConfigDict(defer_build=True, frozen=True)

    id: int
    track_id: int
    person_id: int
    definition_id: str
    trigger: str | None
    to_step: str | None
    occurred_at: datetime
    facts: Annotated[dict[str, Any], AfterValidator(read_only)] = Field(
        default_factory=ReadOnlyDict)
    """Read-only: every plugin reads the same event, so one's write changed what the next one
    counted."""


class ReportContext(BaseModel):
    """The period and the rows a plugin may count."""

    model_config = ConfigDict(defer_build=True, frozen=True)

    start: date
    end: date
    tracks: tuple[ReportTrack, ...] = ()
    events: tuple[ReportEvent, ...] = ()


class Figure(BaseModel):
    """One number of the report, with the records behind it."""

    model_config = ConfigDict(defer_build=True, frozen=True, extra="forbid")

    key: str
    label: str
    value: int | float
    sources: tuple[str, ...] = ()
    """Record references such as ``track:12`` or ``event:345``."""


class ReportSection(BaseModel):
    """A titled group of figures contributed by one plugin."""

    model_config = ConfigDict(defer_build=True, frozen=True, extra="forbid")

    id: str
    title: str
    figures: tuple[Figure, ...]
    plugin: str = ""


# --- helpers plugins build their sections with -----------------------------------------

def period_events(context: ReportContext, definitions: Iterable[str]) -> list[ReportEvent]:
    """Transition events of these definitions that happened within the period."""
    wanted = set(definitions)
    return [e for e in context.events if e.definition_id in wanted
            and context.start <= e.occurred_at.date() <= context.end]


def persons_supported(context: ReportContext, domain: str, *, key: str, label: str) -> Figure:
    """Distinct persons with a track of ``domain`` opened in the period or active during it.

    A track counts when it was opened before the period's end and either opened within the
    period, still open, or moved within it.
    """
    moved = {e.track_id for e in context.events
             if context.start <= e.occurred_at.date() <= context.end}
    tracks = [t for t in context.tracks if t.domain == domain and t.opened_at.date() <= context.end
              and (t.opened_at.date() >= context.start or t.status == "open" or t.id in moved)]
    return Figure(key=key, label=label, value=len({t.person_id for t in tracks}),
                  sources=tuple(f"track:{t.id}" for t in tracks))


def event_count(events: Iterable[ReportEvent], *, key: str, label: str,
                trigger: str | None = None, definition: str | None = None,
                step: str | None = None, skip: Collection[str] = ()) -> Figure:
    """Events matching a trigger and/or a destination step, records listed."""
    found = [e for e in events if (trigger is None or e.trigger == trigger)
             and (definition is None or e.definition_id == definition)
             and (step is None or e.to_step == step) and e.trigger not in skip]
    return Figure(key=key, label=label, value=len(found),
                  sources=tuple(f"event:{e.id}" for e in found))


def steps_reached(events: Iterable[ReportEvent], definitions: Iterable[Any], *, key_prefix: str,
                  skip: Collection[str] = (), per_track: bool = True) -> list[Figure]:
    """One figure per step reached in the period (``skip`` names triggers that only record).

    With ``per_track`` (several definitions) keys and labels name the track too.
    """
    by_step: dict[tuple[str, str], list[int]] = {}
    for e in events:
        if e.trigger and e.to_step and e.trigger not in skip:
            by_step.setdefault((e.definition_id, e.to_step), []).append(e.id)
    figures = []
    for defn in definitions:
        for step in defn.steps:
            ids = by_step.get((defn.id, step.id))
            if ids:
                label = f"{defn.label} : {step.label}" if per_track else step.label
                key = f"{key_prefix}.{defn.id}" if per_track else key_prefix
                key = f"{key}.{step.id}"
                figures.append(Figure(key=key, label=label,
                                      value=len(ids), sources=tuple(f"event:{i}" for i in ids)))
    return figures


def milestone_section(context: ReportContext, *, domain: str, title: str, persons_label: str,
                      milestones: Iterable[tuple[str, str, str, str]],
                      skip: Collection[str] = ()) -> ReportSection:
    """A domain's section: persons supported, then one figure per milestone.

    Each milestone is ``(key, label, definition id, step reached)``.
    """
    marks = list(milestones)
    events = period_events(context, {definition for _, _, definition, _ in marks})
    figures = [persons_supported(context, domain, key="personnes_accompagnees",
                                 label=persons_label)]
    figures += [event_count(events, key=key, label=label, definition=definition, step=step,
                            skip=skip) for key, label, definition, step in marks]
    return ReportSection(id=domain, title=title, figures=tuple(figures))


# --- declared counts: what a plugin asks the core to count in SQL ------------------------

CountKind = Literal["persons_supported", "persons_with_track", "events", "steps_reached"]


class CountRule(BaseModel):
    """One figure a plugin declares rather than computes: the core counts it in SQL (from the
    monthly aggregates for events, from the tracks for persons), with the same meaning as the
    helper of the same name above.

    * ``persons_supported``: :func:`persons_supported` for ``domain``;
    * ``persons_with_track``: distinct persons with a track of ``definitions`` active in the
      period (opened before its end, not closed before its start);
    * ``events``: :func:`event_count` over transition events of ``definitions`` with that
      ``trigger`` and/or destination ``step``, triggers in ``skip`` left out;
    * ``steps_reached``: :func:`steps_reached`: one figure per step of ``steps`` reached in the
      period (``(definition id, definition label, step id, step label)``, in order), keyed
      ``<key>.<definition>.<step>`` (``<key>.<step>`` unless ``per_track``).
    """

    model_config = ConfigDict(defer_build=True, frozen=True, extra="forbid")

    kind: CountKind
    key: str
    label: str = ""
    domain: str = ""
    definitions: tuple[str, ...] = ()
    trigger: str | None = None
    step: str | None = None
    skip: tuple[str, ...] = ()
    steps: tuple[tuple[str, str, str, str], ...] = ()
    per_track: bool = True


class ReportCounts(BaseModel):
    """A report section declared by what it counts (``parcours_report_counts``)."""

    model_config = ConfigDict(defer_build=True, frozen=True, extra="forbid")

    id: str
    title: str
    counts: tuple[CountRule, ...]
    plugin: str = ""


def count_persons_supported(domain: str, *, key: str, label: str) -> CountRule:
    """Declare :func:`persons_supported` for ``domain``."""
    return CountRule(kind="persons_supported", key=key, label=label, domain=domain)


def count_persons_with_track(definitions: Iterable[str], *, key: str, label: str) -> CountRule:
    """Declare the distinct persons with a track of ``definitions`` active in the period."""
    return CountRule(kind="persons_with_track", key=key, label=label,
                     definitions=tuple(definitions))


def count_events(definitions: Iterable[str], *, key: str, label: str, trigger: str | None = None,
                 step: str | None = None, skip: Collection[str] = ()) -> CountRule:
    """Declare :func:`event_count` over the period's transition events of ``definitions``."""
    return CountRule(kind="events", key=key, label=label, definitions=tuple(definitions),
                     trigger=trigger, step=step, skip=tuple(sorted(skip)))


def count_steps_reached(definitions: Iterable[Any], *, key_prefix: str,
                        skip: Collection[str] = (), per_track: bool = True) -> CountRule:
    """Declare :func:`steps_reached` for these track definitions."""
    found = tuple(definitions)
    return CountRule(kind="steps_reached", key=key_prefix, definitions=tuple(d.id for d in found),
                     steps=tuple((d.id, d.label, s.id, s.label) for d in found for s in d.steps),
                     skip=tuple(sorted(skip)), per_track=per_track)


def milestone_counts(*, domain: str, title: str, persons_label: str,
                     milestones: Iterable[tuple[str, str, str, str]],
                     skip: Collection[str] = ()) -> ReportCounts:
    """Declare :func:`milestone_section`: persons supported, then one figure per milestone."""
    rules = [count_persons_supported(domain, key="personnes_accompagnees", label=persons_label)]
    rules += [count_events((definition,), key=key, label=label, step=step, skip=skip)
              for key, label, definition, step in milestones]
    return ReportCounts(id=domain, title=title, counts=tuple(rules))
