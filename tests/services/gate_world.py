"""The world the input-gate tests call every service in, on SQLite or PostgreSQL.

It is the audit meta-test's world (``tests/audit/world.py``: users of every role, followed and
unfollowed persons, a trial track with free-text facts, a drop-in, a token, a hold), built once
per module and backend. :func:`captured` replays a service's sample call from
``tests/audit/samples.py`` up to the door and returns the arguments it would have passed, so
that a test can call the service again with one argument replaced.
"""

from __future__ import annotations

import hashlib
import inspect
import typing
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from decimal import Decimal
from types import UnionType
from typing import Any

import pytest
from sqlalchemy import select

from core import services as svc
from core.persistence.base import Base
from core.services import arguments
from core.services.app import Parcours
from core.services import REGISTRY  # the package loads every service first
from tests.accounts import FAST, PASSWORD
from tests.audit.samples import SAMPLES
from tests.audit.world import TODAY, World, build, trial_host
from tests.conftest import throwaway_database

TEXT_FACT = "ordinaire"
"""A free-text fact of the trial track (no ``max_length``: the gate's one-line limit applies)."""
UNWATCHED = {"audit_log", "audit_checkpoints", "signin_throttle"}
"""Tables a refused call writes to by design: its audit row, a failed password attempt."""


@dataclass(frozen=True)
class Call:
    """A service's sample call as the door received it."""

    path: str
    user: str
    args: tuple[Any, ...]
    kwargs: dict[str, Any]

    def replaced(self, name: str, value: Any) -> tuple[tuple[Any, ...], dict[str, Any]]:
        """The arguments with ``name`` set to ``value`` (positional if it was given so)."""
        params = list(inspect.signature(REGISTRY[self.path].body).parameters)[1:]
        args, kwargs = list(self.args), dict(self.kwargs)
        position = params.index(name)
        if position < len(args):
            args[position] = value
        else:
            kwargs[name] = value
        return tuple(args), kwargs


class _Captured(Exception):
    def __init__(self, args: tuple[Any, ...], kwargs: dict[str, Any]) -> None:
        super().__init__()
        self.call_args, self.call_kwargs = args, kwargs


def captured(world: World, path: str) -> Call:
    """The arguments the sample call of ``path`` hands the door (it is stopped there: the
    door writes a ``failed`` audit row and nothing else)."""
    attempt = SAMPLES[path].ok
    target = REGISTRY[path].body
    real = arguments.check

    def spy(body: Any, args: tuple[Any, ...], kwargs: Any) -> None:
        if body is target:
            raise _Captured(tuple(args), dict(kwargs))
        real(body, args, kwargs)

    arguments.check = spy
    try:
        attempt.run(world, world.cred(attempt.user))
    except _Captured as found:
        return Call(path, attempt.user, found.call_args, found.call_kwargs)
    finally:
        arguments.check = real
    raise AssertionError(f"the sample of {path} never reached the door")


def _arms(annotation: Any) -> tuple[Any, ...]:
    if typing.get_origin(annotation) in (typing.Union, UnionType):
        return typing.get_args(annotation)
    return (annotation,)


def holds_text(annotation: Any) -> bool:
    """Whether a parameter of this type can carry a text (``str`` anywhere inside it)."""
    if annotation is str or annotation is Any:
        return True
    return any(holds_text(a) for a in typing.get_args(annotation))


def values_holding(annotation: Any, text: str) -> list[Any]:
    """Values of a parameter's type that carry ``text``: itself, in a list, as a dict key or
    value (for facts: as a fact's value and as a field name)."""
    arms = _arms(annotation)
    if str in arms:
        return [text]
    for arm in arms:
        origin, inner = typing.get_origin(arm), typing.get_args(arm)
        if origin is dict:
            return [{text: True}] if inner[1] is bool else [{TEXT_FACT: text}, {text: "x"}]
        if origin in (set, frozenset):
            return [{text}]
        if origin in (list, tuple):
            if typing.get_origin(inner[0]) is tuple:
                return [[(text, Decimal("2"))]]
            return [[text]]
    raise AssertionError(f"no way to put a text in {annotation}")


def text_parameters() -> dict[str, Any]:
    """``"module.function:parameter"`` → annotation, for every registered service."""
    found = {}
    for path, run in REGISTRY.items():
        hints = typing.get_type_hints(run.body)
        for name in list(inspect.signature(run.body).parameters)[1:]:
            if holds_text(hints.get(name, Any)):
                found[f"{path}:{name}"] = hints.get(name, Any)
    return found


def fingerprint(app: Parcours, *, sessions: bool = True) -> str:
    """A digest of every table a refused call must leave alone (sessions: their identity,
    label and revocation, not when they were last used)."""
    digest = hashlib.sha256()
    with app.db.engine.connect() as connection:
        for table in Base.metadata.sorted_tables:
            if table.name in UNWATCHED or (table.name == "auth_sessions" and not sessions):
                continue
            columns = ([table.c.id, table.c.kind, table.c.label, table.c.revoked_at]
                       if table.name == "auth_sessions" else list(table.c))
            rows = sorted(repr(tuple(r)) for r in connection.execute(select(*columns)))
            digest.update(f"{table.name}:{rows}".encode("utf-8", "backslashreplace"))
    return digest.hexdigest()


def fresh_credential(app: Parcours, user: str) -> svc.Credential:
    """A session of its own, for calls that may end it (wrong passwords)."""
    return svc.Credential(svc.sign_in(app, user, PASSWORD).secret)


@pytest.fixture(name="world", scope="module",
                params=["sqlite", pytest.param("pg", marks=pytest.mark.pg)])
def gate_world(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory,
               ) -> Iterator[World]:
    """The audit world on one backend, for the whole module (refused calls change nothing)."""
    yield from _world(request.param, tmp_path_factory)


@pytest.fixture(name="world", scope="module",
                params=["sqlite", pytest.param("pg", marks=[pytest.mark.pg, pytest.mark.slow])])
def fuzz_world(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory,
               ) -> Iterator[World]:
    """The same, for fuzzing: the PostgreSQL run takes minutes, so it is marked slow."""
    yield from _world(request.param, tmp_path_factory)


def _world(backend: str, tmp_path_factory: pytest.TempPathFactory) -> Iterator[World]:
    directory = tmp_path_factory.mktemp(f"gate-{backend}")
    with Database(backend) as url:
        template = build(directory, url)
        app = Parcours.open(url or f"sqlite:///{template.path}", host=trial_host(), today=TODAY,
                            security=FAST)
        try:
            yield World(app, dict(template.secrets), dict(template.ids), directory)
        finally:
            app.close()


@contextmanager
def Database(backend: str) -> Iterator[str | None]:
    """A module's base: None for SQLite (a file of its own), else a throw-away PostgreSQL
    database (``tests.conftest.throwaway_database``)."""
    if backend == "sqlite":
        yield None
        return
    with throwaway_database() as url:
        yield url


__all__ = ["TEXT_FACT", "Call", "captured", "fingerprint", "fresh_credential",
           "fuzz_world", "gate_world", "text_parameters", "values_holding"]
