"""Support domains as data: the id tracks name in ``TrackDefinition.domain``, and its label.

A plugin declares the domains it brings through ``parcours_domains``; every interface (the
TUI's filters and panels, the command line, the report) shows a domain by this label, never
by one of its tracks' labels. A domain that no plugin declares falls back to its id, shown
as is, and ``parcours plugins`` names it among the plugin's problems
(:meth:`core.Catalog.undeclared_domains`).
"""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field


class DomainDefinition(BaseModel):
    """One support domain: a stable id and the French label people read."""

    model_config = ConfigDict(defer_build=True, frozen=True, extra="forbid")

    id: str = Field(pattern=r"^[a-z][a-z0-9_]*$")
    """The id tracks give as their ``domain`` (``emploi``, ``psp``)."""
    label: str = Field(min_length=1)
    """French label, short enough for a filter list (« Emploi et insertion »)."""
    description: str = ""
    """One French sentence saying what the domain covers."""
