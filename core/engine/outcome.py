"""What the engine hands back: available actions, transition outcomes and notices.

The views (actions, fields, deadline changes, notices) are plain frozen Pydantic models so
the services can serialise them as they are for the command line's JSON and the TUI. A
:class:`TransitionOutcome` is a frozen dataclass: it is built on every fire (the engine's hot
path) from values the engine already validated, and nothing serialises it whole.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from pydantic import BaseModel, ConfigDict

from core.engine.checks import CheckResult
from core.rules.model import DueDate


class FieldSpec(BaseModel):
    """One fact a transition asks for, described for a form or a ``--set`` option."""

    model_config = ConfigDict(defer_build=True, frozen=True)

    name: str
    label: str
    type: str
    """``date``, ``text``, ``integer``, ``number``, ``boolean`` or ``choice``."""
    required: bool
    choices: tuple[str, ...] | None = None
    sensitivity: str = "ordinary"
    description: str = ""


class ActionView(BaseModel):
    """One transition leaving the current step, with its check results."""

    model_config = ConfigDict(defer_build=True, frozen=True)

    track: str
    trigger: str
    label: str
    dest: str
    dest_label: str
    allowed: bool
    reasons: tuple[CheckResult, ...] = ()
    fields: tuple[FieldSpec, ...] = ()


class DeadlineChange(BaseModel):
    """A deadline opened, closed, suspended or resumed by a transition."""

    model_config = ConfigDict(defer_build=True, frozen=True)

    rule: str
    action: str
    """``open``, ``close``, ``suspend`` or ``resume``."""
    due: DueDate | None = None
    on: date | None = None


@dataclass(frozen=True)
class TransitionOutcome:
    """The result of firing a transition: new step, facts, checks and deadlines touched."""

    track: str
    trigger: str
    from_step: str
    to_step: str
    facts: dict[str, Any] = field(default_factory=dict)
    checks: tuple[CheckResult, ...] = ()
    deadlines: tuple[DeadlineChange, ...] = ()
    final: bool = False


class TransitionNotice(BaseModel):
    """What after-transition hooks receive once the transaction has committed."""

    model_config = ConfigDict(defer_build=True, frozen=True)

    person_id: int | None
    track_id: int | None
    definition_id: str
    trigger: str
    from_step: str
    to_step: str
    actor: str
    role: str
    occurred_at: datetime
    deadlines: tuple[DeadlineChange, ...] = ()
