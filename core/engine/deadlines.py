"""Deadlines a transition opens, closes, suspends or resumes.

A transition names rule ids (or a :class:`RuleChoice` picking one from a fact's value or the
place: her delegation's calendar says where she is); this module turns them into
:class:`DeadlineChange` values with computed due dates. A rule's clock starts, in this order
of preference, from: a restart or start fact submitted with this very transition; the due
date of another deadline the rule starts after (``start_after``, read before this transition
closes it); the start fact the track already knows; the day the transition happened.
Re-opening a rule already running (a renewal) closes the old deadline first, except for a
*continuous* rule, whose running clock is kept. Suspensions and resumptions are dated from
the facts the rule's suspension condition names, when given.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, replace
from datetime import date, datetime
from typing import Any

from core import messages as M
from core.definitions.catalog import Catalog
from core.definitions.model import RuleChoice, TransitionDefinition
from core.engine.checks import as_date, as_datetime
from core.engine.outcome import DeadlineChange
from core.rules import suspension
from core.rules.calendar import FrenchCalendar, french_calendar
from core.rules.compute import compute_due
from core.rules.model import DeadlineRule, Suspension, Unit


@dataclass(frozen=True)
class OpenDeadline:
    """A running deadline of one track."""

    rule: str
    version: int
    start: date
    due: date
    suspensions: tuple[Suspension, ...] = ()
    suspended_since: date | None = None


@dataclass(frozen=True)
class Moment:
    """Everything a transition's deadline changes are computed from."""

    facts: Mapping[str, Any]
    """The track's facts with this transition's merged in."""
    submitted: Mapping[str, Any]
    """Only the facts submitted with this transition."""
    happened: date
    calendar: FrenchCalendar


def start_date(facts: Mapping[str, Any], name: str, fallback: date) -> date:
    """The start fact as a date (facts are stored as ISO text), else ``fallback``."""
    return as_date(facts.get(name)) or fallback


def opened_rules(tr: TransitionDefinition, facts: Mapping[str, Any], *,
                 place: str | None = None) -> list[str]:
    """The rule ids ``tr`` opens given these facts and where her delegation is (its holiday
    subdivision: choices resolved)."""
    chosen = (o.choose(facts.get(o.fact), place=place) if isinstance(o, RuleChoice)
              else o for o in tr.opens)
    return [rule_id for rule_id in chosen if rule_id]


def deadline_changes(catalog: Catalog, tr: TransitionDefinition, facts: Mapping[str, Any],
                     current: Mapping[str, OpenDeadline], happened: date, *,
                     submitted: Mapping[str, Any] | None = None,
                     calendar: FrenchCalendar | None = None
                     ) -> tuple[list[DeadlineChange], dict[str, OpenDeadline]]:
    """Apply ``tr``'s closes, suspends, resumes and opens, in that order."""
    now = Moment(facts, facts if submitted is None else submitted, happened,
                 calendar or french_calendar())
    opens = opened_rules(tr, facts, place=now.calendar.subdiv)
    kept = {r for r in opens if r in current and catalog.rule(r, on=current[r].start).continuous}
    running = dict(current)
    changes: list[DeadlineChange] = []
    for rule_id in tr.closes:
        if rule_id not in kept and running.pop(rule_id, None) is not None:
            changes.append(DeadlineChange(rule=rule_id, action="close", on=happened))
    for rule_id in tr.suspends:
        dl = running.get(rule_id)
        if dl is not None and dl.suspended_since is None:
            day = _act_day(catalog.rule(rule_id, on=dl.start), now, end=False)
            running[rule_id] = replace(dl, suspended_since=day)
            changes.append(DeadlineChange(rule=rule_id, action="suspend", on=day))
    for rule_id in tr.resumes:
        dl = running.get(rule_id)
        if dl is not None and dl.suspended_since is not None:
            running[rule_id], change = _resume(catalog, dl, now)
            changes.append(change)
    for rule_id in opens:
        if rule_id in kept:
            continue
        if running.pop(rule_id, None) is not None:
            changes.append(DeadlineChange(rule=rule_id, action="close", on=happened))
        running[rule_id], change = _open(catalog, rule_id, current, now)
        changes.append(change)
    return changes, running


def suspension_refusals(catalog: Catalog, tr: TransitionDefinition,
                        current: Mapping[str, OpenDeadline], facts: Mapping[str, Any],
                        happened: date, calendar: FrenchCalendar
                        ) -> list[tuple[DeadlineRule, str]]:
    """Each rule ``tr`` would suspend outside what the law allows, with the French reason."""
    now = Moment(facts, facts, happened, calendar)
    refused = []
    for rule_id in tr.suspends:
        dl = current.get(rule_id)
        if dl is None or dl.suspended_since is not None:
            continue
        rule = catalog.rule(rule_id, on=dl.start)
        reason = suspension.refusal(rule, dl.start, _act_day(rule, now, end=False), calendar)
        if reason is not None:
            refused.append((rule, reason))
    return refused


def _act_day(rule: DeadlineRule, now: Moment, *, end: bool) -> date:
    """The day of the suspending (or resuming) act: its fact when recorded, else the event."""
    condition = rule.suspension
    name = (condition.end_fact if end else condition.start_fact) if condition else ""
    return start_date(now.facts, name, now.happened) if name else now.happened


def _start(rule: DeadlineRule, catalog: Catalog, current: Mapping[str, OpenDeadline],
           now: Moment) -> tuple[date | datetime, str]:
    """The clock's start and the French label of the event it starts from."""
    for name, label in rule.restarts.items():
        if now.submitted.get(name) is not None:
            return _moment(rule, now.submitted[name], now.happened), label
    if now.submitted.get(rule.start_fact) is not None:
        return _moment(rule, now.submitted[rule.start_fact], now.happened), rule.start_label
    for other in rule.start_after:
        if other in current:
            label = M.DUE_START_AFTER.format(label=rule.start_label,
                                             rule=catalog.rule(other).label)
            return current[other].due, label
    return _moment(rule, now.facts.get(rule.start_fact), now.happened), rule.start_label


def _moment(rule: DeadlineRule, value: Any, fallback: date) -> date | datetime:
    if rule.unit is Unit.HOURS:
        moment = as_datetime(value)
        if moment is not None:
            return moment
    return as_date(value) or fallback


def _open(catalog: Catalog, rule_id: str, current: Mapping[str, OpenDeadline],
          now: Moment) -> tuple[OpenDeadline, DeadlineChange]:
    start, label = _start(catalog.rule(rule_id), catalog, current, now)
    day = start.date() if isinstance(start, datetime) else start
    rule = catalog.rule(rule_id, on=day)
    if label != rule.start_label:
        rule = rule.model_copy(update={"start_label": label})
    due = compute_due(rule, start, calendar=now.calendar)
    return (OpenDeadline(rule.id, rule.version, day, due.due),
            DeadlineChange(rule=rule_id, action="open", due=due, on=now.happened))


def _resume(catalog: Catalog, dl: OpenDeadline,
            now: Moment) -> tuple[OpenDeadline, DeadlineChange]:
    assert dl.suspended_since is not None
    rule = catalog.rule(dl.rule, on=dl.start)
    end = max(_act_day(rule, now, end=True), dl.suspended_since)
    periods = (*dl.suspensions, Suspension(start=dl.suspended_since, end=end))
    due = compute_due(rule, dl.start, periods, calendar=now.calendar)
    resumed = OpenDeadline(dl.rule, dl.version, dl.start, due.due, periods, None)
    return resumed, DeadlineChange(rule=dl.rule, action="resume", due=due, on=end)


__all__ = ["OpenDeadline", "deadline_changes", "opened_rules", "suspension_refusals"]
