"""The suite's copied bases (tests/fresh_bases.py) are the bases the migrations produce."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from core.persistence import migrate
from core.persistence.database import Database
from core.services.app import config_dir
from core.services.keys import new_material
from tests.fresh_bases import Templates


def _schema(path: Path) -> list[tuple]:
    """Every object of the base, its definition's lines sorted: rebuilding a table through the
    migrations lists its constraints in an order that varies from run to run."""
    with sqlite3.connect(path) as connection:
        rows = connection.execute(
            "SELECT type, name, tbl_name, sql FROM sqlite_master "
            "WHERE name NOT LIKE 'sqlite_stat%' ORDER BY type, name").fetchall()
    return [(kind, name, table, sorted(line.strip().rstrip(",") for line in (sql or "").split("\n")))
            for kind, name, table, sql in rows]


def _base_row_columns(path: Path) -> tuple:
    with sqlite3.connect(path) as connection:
        row = connection.execute("SELECT * FROM base_info").fetchall()
        names = tuple(d[0] for d in connection.execute("SELECT * FROM base_info").description)
        revision = connection.execute("SELECT version_num FROM alembic_version").fetchall()
    return len(row), names, revision


def _upgrade(upgrade, path: Path, tmp_path: Path) -> None:
    database = Database(f"sqlite:///{path}")
    material = new_material(config_dir(), str(tmp_path / f"{path.stem}.cle"), None)
    try:
        upgrade(database, key_material=material)
    finally:
        database.dispose()


def test_a_copied_base_has_the_migrated_schema_and_base_row(tmp_path):
    templates = Templates(tmp_path)
    _upgrade(templates.real, tmp_path / "migrated.db", tmp_path)
    _upgrade(templates.upgrade, tmp_path / "copied.db", tmp_path)

    assert templates.path is not None  # the copy path was taken, not the migrations
    assert _schema(tmp_path / "copied.db") == _schema(tmp_path / "migrated.db")
    assert _base_row_columns(tmp_path / "copied.db") == _base_row_columns(tmp_path / "migrated.db")
    assert migrate.HEAD_REVISION in _base_row_columns(tmp_path / "copied.db")[2][0]


def test_a_base_that_holds_tables_is_migrated_for_real(tmp_path):
    templates = Templates(tmp_path)
    path = tmp_path / "old.db"
    database = Database(f"sqlite:///{path}")
    try:
        migrate.upgrade(database, "0001")
        templates.upgrade(database)
        assert migrate.current(database) == migrate.HEAD_REVISION
    finally:
        database.dispose()
    assert templates.path is None
