"""Parcours engine: the public API plugins and interfaces may import.

Plugins import only names re-exported here (``from core import hookimpl, TrackDefinition``);
anything else under ``core`` is internal and may change.

Names are imported from their module on first use (PEP 562 ``__getattr__``): importing
``core.messages`` or ``core.errors`` does not read the engine, Pydantic's models or the
calendars, which keeps the command line's start-up to what a command uses. Type checkers see
the plain imports below.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from core.config import DatedConfig, DatedValue
    from core.crossdomain import (asylum_registration, flagged, regular_stay, running_deadline,
                                  work_document)
    from core.definitions.catalog import Catalog
    from core.definitions.domains import DomainDefinition
    from core.definitions.model import (CASEWORKERS, EVERYONE, OVERSEAS, LifeStory, NoFacts,
                                        Role, RuleChoice, Sensitivity, Silence, StepDefinition,
                                        StepKind, TrackDefinition, TransitionDefinition, fact)
    from core.delegation import Agrement, DelegationInfo
    from core.demo import (DemoChoice, DemoDomain, DemoGoal, DemoMove, DemoPath, DemoTrack,
                           DemoValue)
    from core.engine.checks import (Actor, CheckContext, CheckResult, CheckSpec, ConsentSnapshot,
                                    PersonSnapshot, Severity, TrackSnapshot, age_on, as_date,
                                    as_datetime, blocking, passed, warning)
    from core.engine.outcome import ActionView, FieldSpec, TransitionNotice, TransitionOutcome
    from core.engine.runner import Engine, TrackState
    from core.errors import (ConflictError, DatabaseBusy, DefinitionError, InputError, InvalidFacts,
                             NotFound, ParcoursError, PermissionDenied, PersistenceError,
                             PluginError, TransitionRefused, UnknownTrigger)
    from core.hookspecs import hookimpl
    from core.messages.dates import short_date
    from core.reports import (CountRule, Figure, ReportContext, ReportCounts, ReportEvent,
                              ReportSection, ReportTrack, count_events, count_persons_supported,
                              count_persons_with_track, count_steps_reached, event_count,
                              milestone_counts, milestone_section, period_events,
                              persons_supported, steps_reached)
    from core.rules.compute import compute_due
    from core.rules.model import (DeadlineRule, DueDate, Evidence, Kind, Suspension,
                                  SuspensionCondition, Unit)
    from core.schemas_ext import FactSchemaExtension

_MODULES: dict[str, tuple[str, ...]] = {
    "core.config": ("DatedConfig", "DatedValue"),
    "core.crossdomain": ("asylum_registration", "flagged", "regular_stay", "running_deadline",
                         "work_document"),
    "core.definitions.catalog": ("Catalog",),
    "core.definitions.domains": ("DomainDefinition",),
    "core.definitions.model": ("CASEWORKERS", "EVERYONE", "LifeStory", "NoFacts", "OVERSEAS",
                               "Role", "RuleChoice",
                               "Sensitivity", "Silence", "StepDefinition", "StepKind",
                               "TrackDefinition", "TransitionDefinition", "fact"),
    "core.delegation": ("Agrement", "DelegationInfo"),
    "core.demo": ("DemoChoice", "DemoDomain", "DemoGoal", "DemoMove", "DemoPath", "DemoTrack",
                  "DemoValue"),
    "core.engine.checks": ("Actor", "CheckContext", "CheckResult", "CheckSpec", "ConsentSnapshot",
                           "PersonSnapshot", "Severity", "TrackSnapshot", "age_on", "as_date",
                           "as_datetime", "blocking", "passed", "warning"),
    "core.engine.outcome": ("ActionView", "FieldSpec", "TransitionNotice", "TransitionOutcome"),
    "core.engine.runner": ("Engine", "TrackState"),
    "core.errors": ("ConflictError", "DatabaseBusy", "DefinitionError", "InputError",
                    "InvalidFacts", "NotFound", "ParcoursError", "PermissionDenied",
                    "PersistenceError", "PluginError", "TransitionRefused", "UnknownTrigger"),
    "core.hookspecs": ("hookimpl",),
    "core.messages.dates": ("short_date",),
    "core.reports": ("CountRule", "Figure", "ReportContext", "ReportCounts", "ReportEvent",
                     "ReportSection", "ReportTrack", "count_events", "count_persons_supported",
                     "count_persons_with_track", "count_steps_reached", "event_count",
                     "milestone_counts", "milestone_section", "period_events",
                     "persons_supported", "steps_reached"),
    "core.rules.compute": ("compute_due",),
    "core.rules.model": ("DeadlineRule", "DueDate", "Evidence", "Kind", "Suspension",
                         "SuspensionCondition", "Unit"),
    "core.schemas_ext": ("FactSchemaExtension",),
}
_HOME = {name: module for module, names in _MODULES.items() for name in names}
"""Each exported name → the module that defines it."""

__all__ = [
    "ActionView", "Actor", "age_on", "Agrement", "as_date", "as_datetime", "asylum_registration",
    "blocking", "CASEWORKERS", "Catalog", "CheckContext", "CheckResult", "CheckSpec",
    "compute_due", "ConflictError", "count_events", "count_persons_supported",
    "count_persons_with_track", "count_steps_reached", "CountRule", "ConsentSnapshot",
    "DatabaseBusy", "DatedConfig", "DatedValue",
    "DeadlineRule",
    "DefinitionError", "DelegationInfo", "DemoChoice", "DemoDomain", "DemoGoal", "DemoMove",
    "DemoPath", "DemoTrack", "DemoValue", "DomainDefinition", "DueDate", "Engine", "event_count",
    "EVERYONE",
    "Evidence", "fact", "FactSchemaExtension", "FieldSpec", "Figure", "flagged", "hookimpl",
    "InputError", "InvalidFacts", "Kind", "LifeStory", "milestone_counts", "milestone_section",
    "NoFacts", "NotFound", "OVERSEAS",
    "ParcoursError", "passed", "period_events", "PermissionDenied", "PersistenceError",
    "persons_supported", "PersonSnapshot", "PluginError", "regular_stay", "ReportContext",
    "ReportCounts", "ReportEvent", "ReportSection", "ReportTrack", "Role", "RuleChoice", "running_deadline",
    "Sensitivity", "Severity", "short_date", "Silence", "StepDefinition", "StepKind", "steps_reached",
    "Suspension", "SuspensionCondition", "TrackDefinition", "TrackSnapshot", "TrackState",
    "TransitionDefinition", "TransitionNotice", "TransitionOutcome", "TransitionRefused",
    "Unit", "UnknownTrigger", "warning", "work_document",
]


if not TYPE_CHECKING:  # hidden from mypy, which then still rejects a name not exported
    def __getattr__(name: str) -> Any:
        """Import ``name``'s module on first use, and keep the name here for the next one."""
        module = _HOME.get(name)
        if module is None:
            raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
        value = getattr(importlib.import_module(module), name)
        globals()[name] = value
        return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(__all__))
