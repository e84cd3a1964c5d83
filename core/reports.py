"""Report section contracts: what the activity report asks of plugins.

The services build a :class:`ReportContext` (the period and read-only rows of tracks and
events); each plugin returns :class:`ReportSection` values whose figures name the records
that fed them, so a figure can always be traced back.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from pydantic import BaseModel, ConfigDict, Field


class ReportTrack(BaseModel):
    """One track as the report sees it."""

    model_config = ConfigDict(frozen=True)

    id: int
    person_id: int
    definition_id: str
    domain: str
    step: str
    status: str
    opened_at: datetime


class ReportEvent(BaseModel):
    """One transition event inside the period."""

    model_config = ConfigDict(frozen=True)

    id: int
    track_id: int
    person_id: int
    definition_id: str
    trigger: str | None
    to_step: str | None
    occurred_at: datetime
    facts: dict[str, Any] = Field(default_factory=dict)


class ReportContext(BaseModel):
    """The period and the rows a plugin may count."""

    model_config = ConfigDict(frozen=True)

    start: date
    end: date
    tracks: tuple[ReportTrack, ...] = ()
    events: tuple[ReportEvent, ...] = ()


class Figure(BaseModel):
    """One number of the report, with the records behind it."""

    model_config = ConfigDict(frozen=True)

    key: str
    label: str
    value: int | float
    sources: tuple[str, ...] = ()
    """Record references such as ``track:12`` or ``event:345``."""


class ReportSection(BaseModel):
    """A titled group of figures contributed by one plugin."""

    model_config = ConfigDict(frozen=True)

    id: str
    title: str
    figures: tuple[Figure, ...]
    plugin: str = ""
