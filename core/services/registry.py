"""The service decorator: actor resolution, policy check and one unit of work per call.

``@service("person.add")`` registers a function in :data:`REGISTRY`. Each call names the
acting user; the wrapper reloads that user in the same transaction (so a role change or a
deactivation applies at once), refuses what the policy does not allow, runs the function
with an open session and commits (write services) or only reads. Notifications queued by
the function run after the commit, so a failing plugin never undoes a transition.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, Concatenate, ParamSpec, TypeVar

from sqlalchemy import select
from sqlalchemy.orm import Session

from core import messages as M
from core.definitions.model import Role
from core.engine.checks import Actor
from core.errors import PermissionDenied
from core.persistence.models import User
from core.services.app import Parcours
from core.services.policy import allowed

P = ParamSpec("P")
T = TypeVar("T")
REGISTRY: dict[str, Callable[..., Any]] = {}


@dataclass
class Call:
    """What a service body receives: the app, the open session and the checked actor."""

    app: Parcours
    session: Session
    actor: Actor
    after_commit: list[Callable[[], None]] = field(default_factory=list)


def resolve_actor(session: Session, name: str) -> Actor:
    """The active user named ``name`` with their current role."""
    user = session.scalar(select(User).where(User.name == name))
    if user is None or not user.active:
        raise PermissionDenied(M.ACTOR_UNKNOWN.format(name=name))
    return Actor(user.name, Role(user.role), user.id)


def service(name: str, *, write: bool = True) -> Callable[
        [Callable[Concatenate[Call, P], T]], Callable[Concatenate[Parcours, str, P], T]]:
    """Register a service body under ``name`` with its policy check and transaction."""
    def decorate(body: Callable[Concatenate[Call, P], T]) -> Callable[Concatenate[Parcours, str, P], T]:
        @functools.wraps(body)
        def run(app: Parcours, actor: str, /, *args: P.args, **kwargs: P.kwargs) -> T:
            app.ensure_schema()
            opened = app.db.write() if write else app.db.read()
            with opened as session:
                call = Call(app, session, resolve_actor(session, actor))
                if not allowed(name, call.actor.role):
                    raise PermissionDenied(M.SERVICE_DENIED.format(role=call.actor.role.value))
                result = body(call, *args, **kwargs)
            for notify in call.after_commit:
                notify()
            return result
        run.service_name = name  # type: ignore[attr-defined]
        REGISTRY[name] = run
        return run
    return decorate
