"""New SQLite bases for the suite: the migrations run once per process, then their result is copied.

Running the migrations on an empty SQLite file costs about a third of a second (SQLite cannot
alter a column, so several steps rebuild tables), and most tests open a base of their own: that
was most of the quick suite's time. Here the first new base of each test process is migrated for
real into a template; every later upgrade of an *empty* SQLite file to head receives a page copy
of that template (sqlite3's backup API, safe with the pool's open connections), then the
``base_info`` row that the encryption migration writes when it is handed a new base's key
material. The result is the same file the migrations would have produced: a test below compares
the two schemas.

Upgrades to another revision, of a non-empty base, of PostgreSQL, and every test marked
``real_migrations`` (the modules listed in :data:`REAL_MIGRATIONS`, which test the migrations
themselves) run the migrations as before.
"""

from __future__ import annotations

import sqlite3
import tempfile
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import insert

from core.persistence import migrate
from core.persistence.database import Database

REAL_MIGRATIONS = (
    "tests/integration/test_migrations.py",
    "tests/integration/test_consent_migration.py",
    "tests/integration/test_encryption.py",
    "tests/integration/test_damaged_base.py",
    "tests/integration/test_fresh_bases.py",
)
"""Modules about the migrations themselves: their bases are always migrated for real."""


class Templates:
    """The process's migrated template (built on first need) and the original upgrade."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.real = migrate.upgrade
        self.path: Path | None = None
        self.enabled = True

    def upgrade(self, database: Database, revision: str = "head", *,
                key_material: Any = None) -> None:
        if not (self.enabled and revision == "head" and database.dialect == "sqlite"
                and database.sqlite_path is not None and _empty(database)):
            self.real(database, revision, key_material=key_material)
            return
        database.ensure_writable()
        self._copy_into(database)
        if key_material is not None:
            _write_base_row(database, key_material)

    def _copy_into(self, database: Database) -> None:
        source = sqlite3.connect(self._template())
        try:
            raw = database.engine.raw_connection()
            try:
                source.backup(raw.driver_connection)
            finally:
                raw.close()
        finally:
            source.close()

    def _template(self) -> Path:
        if self.path is None:
            path = self.folder / "template.db"
            template = Database(f"sqlite:///{path}")
            try:
                self.real(template)
            finally:
                template.dispose()
            self.path = path
        return self.path


def _empty(database: Database) -> bool:
    with database.engine.connect() as connection:
        return not connection.exec_driver_sql("SELECT count(*) FROM sqlite_master").scalar()


def _write_base_row(database: Database, material: Any) -> None:
    """The row the encryption migration writes for a new base (same values, same types)."""
    from core.persistence.access_models import BaseInfo
    with database.engine.begin() as connection:
        connection.execute(insert(BaseInfo), [material.row(datetime.now(UTC))])


@pytest.fixture(scope="session")
def fresh_templates() -> Iterator[Templates]:
    folder = Path(tempfile.mkdtemp(prefix="parcours-template-"))
    templates = Templates(folder)
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(migrate, "upgrade", templates.upgrade)
        yield templates
    for child in folder.iterdir():
        child.unlink()
    folder.rmdir()


@pytest.fixture(autouse=True)
def _copied_bases(request: pytest.FixtureRequest, fresh_templates: Templates) -> Iterator[None]:
    real = request.node.get_closest_marker("real_migrations") is not None
    fresh_templates.enabled = not real
    yield
    fresh_templates.enabled = True


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        if any(item.path.as_posix().endswith(module) for module in REAL_MIGRATIONS):
            item.add_marker(pytest.mark.real_migrations)
