"""What is installed: plugins, track definitions, deadline rules, and one-off computations.

These functions read only the plugin catalog, never the database, so they need no actor:
a newcomer can list tracks or compute a legal due date before any data exists.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime
from typing import Any

from core.definitions.model import TrackDefinition
from core.engine.facts import describe_field
from core.plugins import PluginHost
from core.rules.calendar import french_calendar
from core.rules.compute import compute_due
from core.rules.model import DueDate, Suspension


def plugins(host: PluginHost) -> list[dict[str, Any]]:
    """Every plugin with its status and what it contributes."""
    origin = host.catalog.origin
    return [{"name": p.name, "module": p.module, "distribution": p.distribution,
             "version": p.version, "status": p.status, "problem": p.problem,
             "tracks": sorted(k.split(":", 1)[1] for k, v in origin.items()
                              if v == p.name and k.startswith("track:")),
             "rules": sorted(k.split(":", 1)[1] for k, v in origin.items()
                             if v == p.name and k.startswith("rule:"))}
            for p in host.plugins]


def track_document(defn: TrackDefinition) -> dict[str, Any]:
    """A definition as plain data: steps (with facts) and transitions."""
    steps = [{"id": s.id, "label": s.label, "kind": s.kind.value,
              "stall_after_days": s.stall_after.days if s.stall_after else None,
              "expected_answer_days": (s.expected_answer_within.days
                                       if s.expected_answer_within else None),
              "silence_means": s.silence_means.value if s.silence_means else None,
              "facts": [describe_field(n, i) for n, i in s.facts.model_fields.items()]}
             for s in defn.steps]
    transitions = [{"trigger": t.trigger, "label": t.label, "source": list(t.source),
                    "dest": t.dest, "roles": sorted(r.value for r in t.roles),
                    "checks": list(t.checks), "opens": list(t.opens), "closes": list(t.closes)}
                   for t in defn.transitions]
    return {"id": defn.id, "version": defn.version, "label": defn.label, "domain": defn.domain,
            "initial": defn.initial, "steps": steps, "transitions": transitions}


def mermaid(defn: TrackDefinition) -> str:
    """A Mermaid state diagram of a definition."""
    lines = ["stateDiagram-v2", f"    [*] --> {defn.initial}"]
    lines += [f'    {s.id} : {s.label.replace(":", " ")}' for s in defn.steps]
    for t in defn.transitions:
        lines += [f"    {src} --> {t.dest} : {t.trigger}" for src in t.source]
    lines += [f"    {s.id} --> [*]" for s in defn.steps if s.kind.value == "final"]
    return "\n".join(lines)


def rules(host: PluginHost) -> list[dict[str, Any]]:
    """Every deadline rule version with its source and how it counts."""
    return [{"id": r.id, "version": r.version, "label": r.label, "source": r.source,
             "evidence": r.evidence.value, "unit": r.unit.value, "duration": r.duration,
             "kind": r.kind.value, "franc": r.franc, "franc_source": r.franc_source,
             "start_fact": r.start_fact, "start_label": r.start_label,
             "effective_from": r.effective_from.isoformat(),
             "effective_to": r.effective_to.isoformat() if r.effective_to else None,
             "roll_to_working_day": r.roll_to_working_day,
             "suspension": r.suspension.model_dump(mode="json") if r.suspension else None,
             "plugin": host.catalog.origin.get(f"rule:{r.id}", "")}
            for r in host.catalog.all_rules()]


def compute_rule(host: PluginHost, rule_id: str, start: date | datetime,
                 suspensions: Sequence[tuple[date, date]] = (), *,
                 subdivision: str | None = None) -> DueDate:
    """One due date from a rule alone (the version in force on ``start``).

    Raises:
        InputError: a suspension the rule does not allow (outside its window, or a rule that
            cannot be suspended), or an unknown holiday subdivision.
    """
    day = start.date() if isinstance(start, datetime) else start
    rule = host.catalog.rule(rule_id, on=day)
    return compute_due(rule, start, [Suspension(start=a, end=b) for a, b in suspensions],
                       calendar=french_calendar(subdivision))
