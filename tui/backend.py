"""The interface's one door to the data: :mod:`core.services`, bound to who is working.

A :class:`Backend` holds the :class:`~core.services.Parcours` of the session and the user
chosen on the first screen. Worker threads call services through :meth:`Backend.call`, which
passes the acting user's name and serialises calls with a lock: only one service call runs
at a time, so the engine's shared state machines are never used by two threads at once
(style.md convention 7) and SQLite never sees two writers from one screen. The role helpers
decide what the screens offer; the services enforce the same rules again.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from datetime import date
from typing import Any, TypeVar

from core.definitions.model import Role, TrackDefinition
from core.schemas import UserView
from core.services import Parcours
from core.services.policy import allowed

T = TypeVar("T")

CASEWORK_ROLES = frozenset({"referent", "superviseur", "admin"})
"""Roles that follow persons, read notes and see the review items."""


class SignedOut(Exception):
    """A worker called a service after the user left (switching user): nothing to show."""


class Backend:
    """The session's application context, the acting user, and a lock around service calls."""

    def __init__(self, parcours: Parcours) -> None:
        self.parcours = parcours
        self.user: UserView | None = None
        self._lock = threading.Lock()

    @property
    def actor(self) -> str:
        """The acting user's name (empty before sign-in: services then refuse)."""
        return self.user.name if self.user else ""

    @property
    def role(self) -> str:
        return self.user.role if self.user else ""

    def call(self, service: Callable[..., T], *args: Any, **kwargs: Any) -> T:
        """Run a service as the acting user; call it from a worker thread only.

        Raises:
            SignedOut: nobody is signed in any more (a late worker after "changer
                d'utilisateur"); the worker-error handler ignores it.
        """
        with self._lock:
            if self.user is None:
                raise SignedOut
            return service(self.parcours, self.user.name, *args, **kwargs)

    def call_bare(self, function: Callable[..., T], *args: Any) -> T:
        """Run a service that takes no actor (sign-in); worker threads only."""
        with self._lock:
            return function(self.parcours, *args)

    # --- what the role offers --------------------------------------------------------
    @property
    def casework(self) -> bool:
        """Follows persons: sees "my people", the review items and the notes."""
        return self.role in CASEWORK_ROLES

    @property
    def reads_notes(self) -> bool:
        return self.role in CASEWORK_ROLES

    def may(self, service: str) -> bool:
        """Whether the role may run ``service`` (``review.queue``...): the services' own policy."""
        try:
            return allowed(service, Role(self.role))
        except ValueError:  # nobody signed in
            return False

    # --- the catalog (plugin data, no database) ----------------------------------------
    def today(self) -> date:
        return self.parcours.today()

    def definitions(self) -> list[TrackDefinition]:
        """The newest version of every installed track definition."""
        return self.parcours.catalog.latest_definitions()

    def definition(self, track_id: str) -> TrackDefinition | None:
        return next((d for d in self.definitions() if d.id == track_id), None)

    def domains(self) -> list[tuple[str, str]]:
        """Every support domain with tracks, ``(id, label)``: the label its plugin declared."""
        return self.parcours.catalog.domains()

    def step_label(self, track_id: str | None, step: str | None) -> str:
        """A step's French label, or its id when the definition or step is unknown."""
        defn = self.definition(track_id) if track_id else None
        try:
            return defn.step(step).label if defn and step else (step or "")
        except KeyError:
            return step or ""

    def trigger_label(self, track_id: str | None, trigger: str | None) -> str:
        defn = self.definition(track_id) if track_id else None
        found = next((t for t in defn.transitions if t.trigger == trigger), None) if defn else None
        return found.label if found else (trigger or "")
