"""Parcours engine: the public API plugins and interfaces may import.

Plugins import only names re-exported here (``from core import hookimpl, TrackDefinition``);
anything else under ``core`` is internal and may change.
"""

from core.config import DatedConfig, DatedValue
from core.crossdomain import (asylum_registration, flagged, regular_stay, running_deadline,
                              work_document)
from core.definitions.catalog import Catalog
from core.definitions.domains import DomainDefinition
from core.definitions.model import (CASEWORKERS, EVERYONE, NoFacts, Role, RuleChoice,
                                    Sensitivity, Silence, StepDefinition, StepKind,
                                    TrackDefinition, TransitionDefinition, fact)
from core.delegation import Agrement, DelegationInfo
from core.engine.checks import (Actor, CheckContext, CheckResult, CheckSpec, ConsentSnapshot,
                                PersonSnapshot, Severity, TrackSnapshot, as_date, as_datetime,
                                blocking, passed, warning)
from core.engine.outcome import ActionView, FieldSpec, TransitionNotice, TransitionOutcome
from core.engine.runner import Engine, TrackState
from core.errors import (ConflictError, DatabaseBusy, DefinitionError, InputError, InvalidFacts,
                         NotFound, ParcoursError, PermissionDenied, PersistenceError,
                         PluginError, TransitionRefused, UnknownTrigger)
from core.hookspecs import hookimpl
from core.reports import (CountRule, Figure, ReportContext, ReportCounts, ReportEvent,
                          ReportSection, ReportTrack, count_events, count_persons_supported,
                          count_persons_with_track, count_steps_reached, event_count,
                          milestone_counts, milestone_section, period_events, persons_supported,
                          steps_reached)
from core.rules.compute import compute_due
from core.rules.model import (DeadlineRule, DueDate, Evidence, Kind, Suspension,
                              SuspensionCondition, Unit)
from core.schemas_ext import FactSchemaExtension

__all__ = [
    "ActionView", "Actor", "Agrement", "as_date", "as_datetime", "asylum_registration",
    "blocking", "CASEWORKERS", "Catalog", "CheckContext", "CheckResult", "CheckSpec",
    "compute_due", "ConflictError", "count_events", "count_persons_supported",
    "count_persons_with_track", "count_steps_reached", "CountRule", "ConsentSnapshot",
    "DatabaseBusy", "DatedConfig", "DatedValue",
    "DeadlineRule",
    "DefinitionError", "DelegationInfo", "DomainDefinition", "DueDate", "Engine", "event_count", "EVERYONE",
    "Evidence", "fact", "FactSchemaExtension", "FieldSpec", "Figure", "flagged", "hookimpl",
    "InputError", "InvalidFacts", "Kind", "milestone_counts", "milestone_section", "NoFacts", "NotFound",
    "ParcoursError", "passed", "period_events", "PermissionDenied", "PersistenceError",
    "persons_supported", "PersonSnapshot", "PluginError", "regular_stay", "ReportContext",
    "ReportCounts", "ReportEvent", "ReportSection", "ReportTrack", "Role", "RuleChoice", "running_deadline",
    "Sensitivity", "Severity", "Silence", "StepDefinition", "StepKind", "steps_reached",
    "Suspension", "SuspensionCondition", "TrackDefinition", "TrackSnapshot", "TrackState",
    "TransitionDefinition", "TransitionNotice", "TransitionOutcome", "TransitionRefused",
    "Unit", "UnknownTrigger", "warning", "work_document",
]
