"""Parcours engine: the public API plugins and interfaces may import.

Plugins import only names re-exported here (``from core import hookimpl, TrackDefinition``);
anything else under ``core`` is internal and may change.
"""

from core.config import DatedConfig, DatedValue
from core.crossdomain import (asylum_registration, flagged, regular_stay, running_deadline,
                              work_document)
from core.definitions.catalog import Catalog
from core.definitions.domains import DomainDefinition
from core.definitions.model import (CASEWORKERS, EVERYONE, LifeStory, NoFacts, Role, RuleChoice,
                                    Sensitivity, Silence, StepDefinition, StepKind,
                                    TrackDefinition, TransitionDefinition, fact)
from core.delegation import Agrement, DelegationInfo
from core.demo import (DemoChoice, DemoDomain, DemoGoal, DemoMove, DemoPath, DemoTrack,
                       DemoValue)
from core.engine.checks import (Actor, CheckContext, CheckResult, CheckSpec, ConsentSnapshot,
                                PersonSnapshot, Severity, TrackSnapshot, as_date, as_datetime,
                                blocking, passed, warning)
from core.engine.outcome import ActionView, FieldSpec, TransitionNotice, TransitionOutcome
from core.engine.runner import Engine, TrackState
from core.errors import (ConflictError, DatabaseBusy, DefinitionError, InputError, InvalidFacts,
                         NotFound, ParcoursError, PermissionDenied, PersistenceError,
                         PluginError, TransitionRefused, UnknownTrigger)
from core.hookspecs import hookimpl
from core.messages.dates import short_date
from core.reports import (Figure, ReportContext, ReportEvent, ReportSection, ReportTrack,
                          event_count, milestone_section, period_events, persons_supported,
                          steps_reached)
from core.rules.compute import compute_due
from core.rules.model import (DeadlineRule, DueDate, Evidence, Kind, Suspension,
                              SuspensionCondition, Unit)
from core.schemas_ext import FactSchemaExtension

__all__ = [
    "ActionView", "Actor", "Agrement", "as_date", "as_datetime", "asylum_registration",
    "blocking", "CASEWORKERS", "Catalog", "CheckContext", "CheckResult", "CheckSpec",
    "compute_due", "ConflictError", "ConsentSnapshot", "DatabaseBusy", "DatedConfig", "DatedValue",
    "DeadlineRule",
    "DefinitionError", "DelegationInfo", "DemoChoice", "DemoDomain", "DemoGoal", "DemoMove",
    "DemoPath", "DemoTrack", "DemoValue", "DomainDefinition", "DueDate", "Engine", "event_count", "EVERYONE",
    "Evidence", "fact", "FactSchemaExtension", "FieldSpec", "Figure", "flagged", "hookimpl",
    "InputError", "InvalidFacts", "Kind", "LifeStory", "milestone_section", "NoFacts", "NotFound",
    "ParcoursError", "passed", "period_events", "PermissionDenied", "PersistenceError",
    "persons_supported", "PersonSnapshot", "PluginError", "regular_stay", "ReportContext",
    "ReportEvent", "ReportSection", "ReportTrack", "Role", "RuleChoice", "running_deadline",
    "Sensitivity", "Severity", "short_date", "Silence", "StepDefinition", "StepKind", "steps_reached",
    "Suspension", "SuspensionCondition", "TrackDefinition", "TrackSnapshot", "TrackState",
    "TransitionDefinition", "TransitionNotice", "TransitionOutcome", "TransitionRefused",
    "Unit", "UnknownTrigger", "warning", "work_document",
]
