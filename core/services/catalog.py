"""What is installed: plugins, domains, track definitions, deadline rules, one-off computations,
and the technical log of plugin incidents.

These functions read only the plugin catalog, never the database, so they need no actor:
a newcomer can list tracks or compute a legal due date before any data exists.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import asdict
from datetime import date, datetime
from typing import Any

from core import messages as M
from core.definitions.model import TrackDefinition
from core.engine.facts import describe_field
from core.incidents import IncidentLog
from core.plugins import PluginHost
from core.rules.calendar import french_calendar
from core.rules.compute import compute_due
from core.rules.model import DueDate, Suspension


def plugins(host: PluginHost) -> list[dict[str, Any]]:
    """Every plugin with its status (and its French label), problems and contributions.

    A plugin whose tracks name a domain that nobody declared gets that said in ``problem``
    (it stays active: the domain is shown by its id).
    """
    undeclared = host.catalog.undeclared_domains()
    return [{"name": p.name, "module": p.module, "distribution": p.distribution,
             "version": p.version, "status": p.status,
             "status_label": M.PLUGIN_STATUSES.get(p.status, p.status),
             "problem": M.PLUGIN_PROBLEMS_JOIN.join(
                 x for x in (p.problem, *(M.DOMAIN_UNDECLARED.format(domain=d)
                                          for d in undeclared.get(p.name, ()))) if x),
             "domains": [{"id": d, "label": host.catalog.domain_label(d)}
                         for d in _contributed(host, p.name, "domain")],
             "tracks": _contributed(host, p.name, "track"),
             "rules": _contributed(host, p.name, "rule")}
            for p in host.plugins]


def _contributed(host: PluginHost, plugin: str, kind: str) -> list[str]:
    return sorted(k.split(":", 1)[1] for k, v in host.catalog.origin.items()
                  if v == plugin and k.startswith(f"{kind}:"))


def domains(host: PluginHost) -> list[dict[str, Any]]:
    """Every domain that has tracks: id, French label, declaring plugin, its tracks."""
    catalog = host.catalog
    return [{"id": domain, "label": label,
             "plugin": catalog.origin.get(f"domain:{domain}", ""),
             "tracks": [d.id for d in catalog.latest_definitions() if d.domain == domain]}
            for domain, label in catalog.domains()]


def incidents(log: IncidentLog | None = None) -> list[dict[str, Any]]:
    """The plugin incidents kept in the technical log, oldest first."""
    return [asdict(e) for e in (log or IncidentLog()).read()]


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


def track_documents(host: PluginHost) -> list[dict[str, Any]]:
    """Every latest definition as plain data, with its domain's French label."""
    catalog = host.catalog
    return [{**track_document(d), "domain_label": catalog.domain_label(d.domain)}
            for d in catalog.latest_definitions()]


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
             "national_calendar": r.national_calendar,
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
