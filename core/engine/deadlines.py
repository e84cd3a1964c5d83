"""Deadlines a transition opens, closes, suspends or resumes.

A transition names rule ids; this module turns them into :class:`DeadlineChange` values
with computed due dates. A rule's clock starts at its start fact when the track knows it,
else on the day the transition happened. Re-opening a rule already running (a renewal)
closes the old deadline first.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, replace
from datetime import date
from typing import Any

from core.definitions.catalog import Catalog
from core.definitions.model import TransitionDefinition
from core.engine.checks import as_date
from core.engine.outcome import DeadlineChange
from core.rules.compute import compute_due
from core.rules.model import Suspension


@dataclass(frozen=True)
class OpenDeadline:
    """A running deadline of one track."""

    rule: str
    version: int
    start: date
    due: date
    suspensions: tuple[Suspension, ...] = ()
    suspended_since: date | None = None


def start_date(facts: Mapping[str, Any], name: str, fallback: date) -> date:
    """The start fact as a date (facts are stored as ISO text), else ``fallback``."""
    return as_date(facts.get(name)) or fallback


def deadline_changes(catalog: Catalog, tr: TransitionDefinition, facts: Mapping[str, Any],
                     current: Mapping[str, OpenDeadline],
                     happened: date) -> tuple[list[DeadlineChange], dict[str, OpenDeadline]]:
    """Apply ``tr``'s closes, suspends, resumes and opens, in that order."""
    running = dict(current)
    changes: list[DeadlineChange] = []
    for rule_id in tr.closes:
        if running.pop(rule_id, None) is not None:
            changes.append(DeadlineChange(rule=rule_id, action="close", on=happened))
    for rule_id in tr.suspends:
        dl = running.get(rule_id)
        if dl is not None and dl.suspended_since is None:
            running[rule_id] = replace(dl, suspended_since=happened)
            changes.append(DeadlineChange(rule=rule_id, action="suspend", on=happened))
    for rule_id in tr.resumes:
        dl = running.get(rule_id)
        if dl is not None and dl.suspended_since is not None:
            running[rule_id], change = _resume(catalog, dl, happened)
            changes.append(change)
    for rule_id in tr.opens:
        if running.pop(rule_id, None) is not None:
            changes.append(DeadlineChange(rule=rule_id, action="close", on=happened))
        running[rule_id], change = _open(catalog, rule_id, facts, happened)
        changes.append(change)
    return changes, running


def _open(catalog: Catalog, rule_id: str, facts: Mapping[str, Any],
          happened: date) -> tuple[OpenDeadline, DeadlineChange]:
    rule = catalog.rule(rule_id)
    start = start_date(facts, rule.start_fact, happened)
    rule = catalog.rule(rule_id, on=start)
    due = compute_due(rule, start)
    return (OpenDeadline(rule.id, rule.version, start, due.due),
            DeadlineChange(rule=rule_id, action="open", due=due, on=happened))


def _resume(catalog: Catalog, dl: OpenDeadline,
            happened: date) -> tuple[OpenDeadline, DeadlineChange]:
    assert dl.suspended_since is not None
    periods = (*dl.suspensions, Suspension(start=dl.suspended_since, end=happened))
    rule = catalog.rule(dl.rule, on=dl.start)
    due = compute_due(rule, dl.start, periods)
    resumed = OpenDeadline(dl.rule, dl.version, dl.start, due.due, periods, None)
    return resumed, DeadlineChange(rule=dl.rule, action="resume", due=due, on=happened)


__all__ = ["OpenDeadline", "deadline_changes"]
