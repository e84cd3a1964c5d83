"""Shared fixtures: a plugin host with the built-in tracks only, its engine, actors and a day."""

from __future__ import annotations

from datetime import date

import pytest

from core import Actor, Engine, Role
from core.plugins import PluginHost, build_plugin_host

TODAY = date(2026, 3, 2)
"""A fixed Monday, so that every date computed in a test is reproducible."""


@pytest.fixture
def today() -> date:
    return TODAY


@pytest.fixture
def host() -> PluginHost:
    """A fresh host with the built-in tracks only: installed plugins never leak into tests."""
    return build_plugin_host(load_entrypoints=False)


@pytest.fixture
def engine(host: PluginHost) -> Engine:
    """An engine on the host's catalog that records plugin failures as host incidents."""
    return Engine(host.catalog, report_error=host.report)


@pytest.fixture
def actors() -> dict[Role, Actor]:
    """One actor per role, keyed by role."""
    return {role: Actor(name=f"{role.value}-test", role=role, id=i)
            for i, role in enumerate(Role, start=1)}


@pytest.fixture
def referent(actors: dict[Role, Actor]) -> Actor:
    return actors[Role.REFERENT]
