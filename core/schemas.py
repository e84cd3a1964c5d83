"""Read models the services return and the interfaces display or print as JSON.

They carry only what a screen or a script needs; sensitive values never appear here
unless a service that is allowed to read them puts them in explicitly.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from pydantic import BaseModel, ConfigDict, Field

from core.engine.checks import CheckResult


class _View(BaseModel):
    model_config = ConfigDict(frozen=True)


class UserView(_View):
    id: int
    name: str
    role: str
    active: bool


class TrackView(_View):
    id: int
    person_id: int
    track: str
    """Definition id."""
    version: int
    label: str
    step: str
    step_label: str
    step_kind: str
    status: str
    step_since: datetime
    last_event_at: datetime
    next_due: date | None = None
    row_version: int
    """Optimistic-locking counter: pass it back to detect a concurrent change."""
    created: bool = True
    """False when ``track start`` found this track already open and returned it."""


class PersonView(_View):
    id: int
    alias: str
    first_visit: date | None
    referent: str | None
    pathway_step: str | None
    pathway_label: str | None
    tracks: tuple[TrackView, ...] = ()
    created_at: datetime


class DeadlineView(_View):
    id: int
    person_id: int
    alias: str
    track: str
    track_id: int
    rule: str
    version: int
    label: str
    source: str
    evidence: str
    start: date
    due: date
    warn_from: date | None
    status: str
    state: str
    """``overdue``, ``due_soon``, ``upcoming`` or ``suspended`` as of the evaluation date."""
    explanation: str


class EventView(_View):
    id: int
    kind: str
    track: str | None
    trigger: str | None
    from_step: str | None
    to_step: str | None
    occurred_at: datetime
    recorded_at: datetime
    actor: str
    actor_role: str
    facts: dict[str, Any] = Field(default_factory=dict)
    checks: list[dict[str, Any]] = Field(default_factory=list)


class AdvanceResult(_View):
    person_id: int
    track_id: int
    track: str
    trigger: str
    from_step: str
    step: str
    step_label: str
    event_id: int
    warnings: tuple[CheckResult, ...] = ()
    deadlines: tuple[dict[str, Any], ...] = ()


class VolunteerView(_View):
    name: str
    hours: float


class DropInSummary(_View):
    """A drop-in's figures, computed once when it is closed."""

    visits: int
    """Identified visits (one per person)."""
    anonymous: int
    """Anonymous visitors (a count)."""
    new_people: int
    """Identified visitors seen at a drop-in for the first time."""
    volunteers: int
    volunteer_hours: float
    needs: dict[str, int] = Field(default_factory=dict)
    """Visits that raised a need, per domain."""


class DropInView(_View):
    id: int
    day: date
    starts_at: str | None
    ends_at: str | None
    volunteers: tuple[VolunteerView, ...] = ()
    identified_visits: int = 0
    anonymous_visits: int = 0
    closed_at: datetime | None = None
    summary: DropInSummary | None = None


class NoteView(_View):
    """A note about a person; restricted content, listed only to roles allowed to read it."""

    id: int
    person_id: int
    track: str | None
    """Definition id of the track the note is about, if any."""
    author: str
    created_at: datetime
    text: str
    sensitivity: str
