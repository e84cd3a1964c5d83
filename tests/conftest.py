"""Shared fixtures: databases (SQLite files, throw-away PostgreSQL databases), a plugin host
with the built-in tracks only, its engine, actors and a day.

PostgreSQL tests need ``PARCOURS_TEST_PG_URL`` (a server URL whose role may create databases;
CI sets it); each such test gets its own database, dropped at the end.
"""

from __future__ import annotations

import inspect
import os
import secrets
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date
from pathlib import Path

import pytest
from sqlalchemy.engine import make_url
from sqlalchemy.exc import DBAPIError

from core import Actor, Engine, Role
from core.persistence import migrate
from core.persistence.database import Database, make_engine
from core.plugins import PluginHost, build_plugin_host

pytest_plugins = [
    "tests.cli_runner",  # the command line's fixtures: cli, fresh, template_db
    "tests.fresh_bases",  # new SQLite bases copied from one migrated per process
]

PG_ENV = "PARCOURS_TEST_PG_URL"

TODAY = date(2026, 3, 2)
"""A fixed Monday, so that every date computed in a test is reproducible."""


SLOW_MODULES = {
    "tests/services/test_crash.py": "kills child processes mid-transition",
    "tests/tui/test_snapshots.py": "paints whole screens through Textual to compare them",
    "tests/tui/test_modal_snapshots.py": "paints every dialog through Textual to compare it",
    "tests/unit/test_fuzz_text.py": "property-based fuzzing (hypothesis)",
    "tests/services/test_fuzz_services.py": "property-based fuzzing (hypothesis)",
    "tests/importer/test_fuzz_formats.py": "property-based fuzzing (hypothesis)",
    "tests/unit/test_engine_model.py": "the engine against a model (hypothesis state machine)",
    "tests/report/test_secrecy_property.py": "property-based fuzzing (hypothesis)",
    "tests/audit/test_chain_property.py": "property-based fuzzing (hypothesis)",
}
"""Modules that are slow as a whole but carry no ``slow`` mark of their own (marked here).

Besides these, every test of ``tests/tui`` that drives the interface through Textual's Pilot
(an ``async`` test) is slow: a few seconds each, a third of the suite's time. The quick run
(``pytest -m "not slow"``) keeps the services, the command line, the audit and the units, which
is what a change to ``core`` needs; the whole suite (CI, and before a merge) runs everything.
"""


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        path = item.path.as_posix()
        if any(path.endswith(module) for module in SLOW_MODULES) or _drives_the_interface(item):
            item.add_marker(pytest.mark.slow)


def _drives_the_interface(item: pytest.Item) -> bool:
    function = getattr(item, "function", None)
    # Scenarios are async functions wrapped by `tests.tui.conftest.drive`.
    return ("/tests/tui/" in item.path.as_posix() and function is not None
            and inspect.iscoroutinefunction(inspect.unwrap(function)))


@pytest.fixture(scope="session", autouse=True)
def state_dir(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """Plugin incidents, key files, configuration and sessions go to throw-away directories,
    never the developer's own."""
    path = tmp_path_factory.mktemp("state")
    home = tmp_path_factory.mktemp("xdg")
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("PARCOURS_STATE_DIR", str(path))
        for name in ("XDG_CONFIG_HOME", "XDG_STATE_HOME", "XDG_DATA_HOME"):
            patch.setenv(name, str(home / name.lower()))
        patch.delenv("PARCOURS_KEY_FILE", raising=False)
        yield path


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


@pytest.fixture
def sqlite_url(tmp_path) -> str:
    return f"sqlite:///{tmp_path / 'parcours.db'}"


def migrated(url: str) -> Iterator[Database]:
    database = Database(url)
    migrate.upgrade(database)
    yield database
    database.dispose()


@pytest.fixture
def sqlite_db(sqlite_url) -> Iterator[Database]:
    yield from migrated(sqlite_url)


@pytest.fixture
def pg_url() -> Iterator[str]:
    with throwaway_database() as url:
        yield url


@contextmanager
def throwaway_database() -> Iterator[str]:
    """A new PostgreSQL database on the test server (its URL), dropped at the end; skips the
    test when no server is configured."""
    server = os.environ.get(PG_ENV)
    if not server:
        pytest.skip("PostgreSQL non configuré : définissez PARCOURS_TEST_PG_URL (CI le fait)")
    name = f"parcours_test_{secrets.token_hex(6)}"
    admin = make_engine(server).execution_options(isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.exec_driver_sql(f'CREATE DATABASE "{name}"')
    try:
        yield make_url(server).set(database=name).render_as_string(hide_password=False)
    finally:
        drop_database(admin, name)
        admin.engine.dispose()


def drop_database(admin, name: str) -> None:
    """Drop a test database. ``WITH (FORCE)`` may meet an autovacuum worker, which only a member
    of ``pg_signal_backend`` may end; a plain drop ends it itself, so that is the fallback."""
    try:
        with admin.connect() as connection:
            connection.exec_driver_sql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    except DBAPIError:
        with admin.connect() as connection:
            connection.exec_driver_sql(f'DROP DATABASE IF EXISTS "{name}"')


@pytest.fixture
def pg_db(pg_url) -> Iterator[Database]:
    yield from migrated(pg_url)
