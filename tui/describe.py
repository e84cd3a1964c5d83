"""Turning service views into the literal lines the screens show.

Shared by several screens: "why this date" for a deadline, the reasons and remedies of a
check, a drop-in's closing summary, a timeline event's label, a fact's value. Everything returned is
:class:`~textual.content.Content` built by :mod:`tui.text`, never markup.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any

from textual.content import Content

from core.schemas import CheckResult, DeadlineView, DropInSummary, EventView
from core.services import as_date, plural
from tui import messages as M
from tui.backend import Backend
from tui.text import day, fmt, hours, long_day

_ISO_DAY = re.compile(r"\d{4}-\d{2}-\d{2}")


def deadline_state(state: str) -> str:
    return M.DEADLINE_STATES.get(state, state)


def why_this_date(deadline: DeadlineView) -> list[Content]:
    """Rule, legal source, evidence and the engine's explanation of a due date."""
    lines = [fmt(M.WHY_DUE, due=long_day(deadline.due), state=deadline_state(deadline.state)),
             fmt(M.WHY_RULE, label=deadline.label, rule=deadline.rule, version=deadline.version),
             fmt(M.WHY_SOURCE, source=deadline.source or "—"),
             fmt(M.WHY_EVIDENCE, evidence=M.EVIDENCE.get(deadline.evidence, deadline.evidence)),
             # A front-desk view has no start date (its inputs are not the caller's to read).
             fmt(M.WHY_START, start=long_day(deadline.start) if deadline.start else "—")]
    if deadline.warn_from:
        lines.append(fmt(M.WHY_WARN, warn=long_day(deadline.warn_from)))
    lines += [Content(""), Content(M.WHY_EXPLANATION),
              fmt("{text}", text=deadline.explanation, one_line=False)]
    return lines


def reasons(results: Iterable[CheckResult]) -> list[Content]:
    """Blocking reasons and warnings with their remedies; passed checks are left out."""
    lines: list[Content] = []
    for result in results:
        if result.severity == "passed":
            continue
        template = M.REASON_LINE if result.blocking else M.WARNING_LINE
        lines.append(fmt(template, message=result.message))
        if result.remedy:
            lines.append(fmt(M.REMEDY_LINE, remedy=result.remedy))
    return lines


def summary(figures: DropInSummary, domains: dict[str, str]) -> list[Content]:
    """A closed drop-in's figures."""
    values: dict[str, Any] = {"visits": figures.visits, "anonymous": figures.anonymous,
                              "new_people": figures.new_people, "volunteers": figures.volunteers,
                              "hours": hours(figures.volunteer_hours),
                              "hours_word": plural(figures.volunteer_hours, *M.SUMMARY_HOURS)}
    lines = [fmt(line, **values) for line in M.SUMMARY_LINES]
    needs = ", ".join(f"{domains.get(d, d)} ({n})" for d, n in figures.needs.items())
    lines.append(fmt(M.SUMMARY_NEEDS, needs=needs) if needs else Content(M.SUMMARY_NO_NEEDS))
    return lines


def event_label(backend: Backend, event: EventView) -> str:
    """What an event was, in French: a transition's label and destination, or its kind."""
    if event.kind == "transition" and event.trigger is None:  # veiled: its choice tells
        return M.EVENT_VEILED.format(step=backend.step_label(event.track, event.to_step))
    if event.kind == "transition":
        return M.EVENT_TRANSITION.format(label=backend.trigger_label(event.track, event.trigger),
                                         step=backend.step_label(event.track, event.to_step))
    return M.EVENT_KINDS.get(event.kind, event.kind)


def fact_value(value: Any) -> str:
    """A recorded fact as a French reader expects it: dates as 10/03/2026, yes or no, lists."""
    if isinstance(value, bool) or value is None:
        return M.FACT_VALUES[value]
    if isinstance(value, str) and _ISO_DAY.fullmatch(value) and as_date(value):
        return day(as_date(value))
    if isinstance(value, list | tuple):
        return ", ".join(fact_value(v) for v in value)
    return str(value)
