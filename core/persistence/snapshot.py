"""Consistent copies of a live base, and putting one back into an empty base.

SQLite is copied with its online backup API (``sqlite3.Connection.backup``) in one step from a
raw connection of the engine: the copy is one committed state, writers are not stopped (WAL),
and a live file is never copied with ``cp`` (security.md §1.4). PostgreSQL is copied with
``pg_dump`` in its custom format, from a snapshot exported by a repeatable-read transaction in
which the rows are counted too, so the manifest and the dump describe the same instant.

Restoring goes the other way into an empty base only: the SQLite backup API into the target
file, or ``pg_restore`` in one transaction. The PostgreSQL tools are found on ``PATH``, in
``PARCOURS_PG_BIN``, or in Debian's ``/usr/lib/postgresql/<version>/bin`` (newest first);
they get the connection's password through their environment, never on their command line.
Copies are written where the caller says: a private temporary folder (:mod:`core.services.backups`).
"""

from __future__ import annotations

import os
import re
import shutil
import sqlite3
import subprocess
from collections.abc import Iterator
from contextlib import closing, contextmanager
from pathlib import Path

from sqlalchemy import Connection, inspect, text
from sqlalchemy.engine import URL

from core import messages as M
from core.errors import PersistenceError
from core.persistence.database import Database
from core.persistence.errors import translate_errors

PG_BIN_ENV = "PARCOURS_PG_BIN"
_DEBIAN_PG = Path("/usr/lib/postgresql")
_LIBPQ_QUERY = {"sslmode": "PGSSLMODE", "sslrootcert": "PGSSLROOTCERT", "sslcert": "PGSSLCERT",
                "sslkey": "PGSSLKEY", "connect_timeout": "PGCONNECT_TIMEOUT",
                "target_session_attrs": "PGTARGETSESSIONATTRS"}


def tables(db: Database) -> list[str]:
    """The base's own tables, sorted (``alembic_version`` included)."""
    with translate_errors():
        return sorted(inspect(db.engine).get_table_names())


def _counts(connection: Connection, names: list[str]) -> dict[str, int]:
    return {name: int(connection.execute(text(f'SELECT count(*) FROM "{name}"')).scalar_one())
            for name in names}


def counts(db: Database) -> dict[str, int]:
    """Rows per table, read in one transaction."""
    names = tables(db)
    with translate_errors(), db.engine.connect() as connection, connection.begin():
        return _counts(connection, names)


# --- SQLite ---------------------------------------------------------------------------------
@contextmanager
def _driver(db: Database) -> Iterator[sqlite3.Connection]:
    """The ``sqlite3`` connection under one of the engine's pooled connections."""
    with translate_errors():
        raw = db.engine.raw_connection()
        try:
            connection = raw.driver_connection
            assert isinstance(connection, sqlite3.Connection)
            yield connection
        finally:
            raw.close()


def copy_sqlite(db: Database, target: Path) -> dict[str, int]:
    """Copy the live SQLite base into the new file ``target``; returns its rows per table."""
    with _driver(db) as source, closing(sqlite3.connect(target)) as copy:
        # pages=-1: one step, so the copy is one snapshot (in WAL, writers go on).
        source.backup(copy, pages=-1)
        copy.execute("PRAGMA journal_mode = DELETE")  # one self-contained file
        names = [r[0] for r in copy.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' "
            "AND name NOT LIKE 'sqlite_%' ORDER BY name")]
        return {n: int(copy.execute(f'SELECT count(*) FROM "{n}"').fetchone()[0]) for n in names}


def restore_sqlite(copy: Path, db: Database) -> None:
    """Write the SQLite file ``copy`` into the (empty) base ``db``, page by page."""
    with _driver(db) as target, closing(sqlite3.connect(copy)) as source:
        source.backup(target, pages=-1)
    db.dispose()  # pooled connections knew the empty schema


# --- PostgreSQL -----------------------------------------------------------------------------
def pg_tool(name: str) -> str:
    """The path of ``pg_dump`` or ``pg_restore``.

    Raises:
        PersistenceError: not installed anywhere Parcours looks (one French sentence).
    """
    configured = os.environ.get(PG_BIN_ENV)
    if configured and (Path(configured) / name).is_file():
        return str(Path(configured) / name)
    found = shutil.which(name)
    if found:
        return found
    if _DEBIAN_PG.is_dir():
        versions = sorted((p for p in _DEBIAN_PG.iterdir() if (p / "bin" / name).is_file()),
                          key=lambda p: int(p.name) if p.name.isdigit() else -1, reverse=True)
        if versions:
            return str(versions[0] / "bin" / name)
    raise PersistenceError(M.BACKUP_PG_TOOL_MISSING.format(tool=name))


def pg_environment(url: URL) -> dict[str, str]:
    """libpq's variables for ``url`` (the password stays out of ``ps``)."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("PG")}
    for value, name in ((url.host, "PGHOST"), (url.port, "PGPORT"), (url.username, "PGUSER"),
                        (url.password, "PGPASSWORD"), (url.database, "PGDATABASE")):
        if value is not None:
            env[name] = str(value)
    for key, name in _LIBPQ_QUERY.items():
        option = url.query.get(key)
        if isinstance(option, str):
            env[name] = option
    return env


def _run(tool: str, args: list[str], url: URL) -> None:
    path = pg_tool(tool)
    try:
        done = subprocess.run([path, *args], env=pg_environment(url), capture_output=True,
                              stdin=subprocess.DEVNULL, check=False)
    except OSError as exc:
        raise PersistenceError(M.BACKUP_PG_TOOL_MISSING.format(tool=tool)) from exc
    if done.returncode != 0:
        lines = done.stderr.decode("utf-8", "replace").strip().splitlines()
        detail = lines[-1][:300] if lines else "?"
        raise PersistenceError(M.BACKUP_PG_TOOL_FAILED.format(tool=tool, code=done.returncode,
                                                              detail=detail))


def dump_postgresql(db: Database, target: Path) -> dict[str, int]:
    """Dump the live PostgreSQL base into ``target`` (custom format); returns rows per table."""
    names = tables(db)
    with translate_errors(), db.engine.connect() as connection:
        connection = connection.execution_options(isolation_level="REPEATABLE READ")
        with connection.begin():
            # The counts and the dump read the same snapshot, held open until pg_dump is done.
            snapshot = connection.execute(text("SELECT pg_export_snapshot()")).scalar_one()
            rows = _counts(connection, names)
            _run("pg_dump", ["--format=custom", "--no-password", f"--snapshot={snapshot}",
                             f"--file={target}"], db.engine.url)
    return rows


def restore_postgresql(dump: Path, db: Database, *, without_rows: tuple[str, ...] = ()) -> None:
    """Load the custom-format ``dump`` into the (empty) PostgreSQL base ``db``, all or nothing;
    the tables ``without_rows`` are created empty (their rows are for the caller to write).

    Ownership and grants are not restored: the connecting role owns what it creates; give the
    application role its rights again with ``parcours upgrade --app-role``.
    """
    url = db.engine.url
    chosen: list[str] = []
    if without_rows:
        listing = dump.with_name(dump.name + ".liste")
        _run("pg_restore", ["--list", f"--file={listing}", str(dump)], url)
        kept = [line for line in listing.read_text(encoding="utf-8").splitlines()
                if not _rows_of(line, without_rows)]
        listing.write_text("\n".join(kept) + "\n", encoding="utf-8")
        chosen = [f"--use-list={listing}"]
    _run("pg_restore", ["--no-owner", "--no-privileges", "--single-transaction",
                        "--exit-on-error", "--no-password", f"--dbname={url.database}",
                        *chosen, str(dump)], url)
    db.dispose()


_TABLE_DATA = re.compile(r"^\d+;\s+\d+\s+\d+\s+TABLE DATA\s+\S+\s+(\S+)\s")
"""A line of ``pg_restore --list`` that loads a table's rows: its id, then the table's name."""


def _rows_of(line: str, tables: tuple[str, ...]) -> bool:
    found = _TABLE_DATA.match(line)
    return found is not None and found.group(1) in tables


def is_empty(db: Database) -> bool:
    """Whether the base holds no table at all (a new file, or a new PostgreSQL database)."""
    if db.dialect == "postgresql":
        with translate_errors(), db.engine.connect() as connection:
            return not connection.execute(text(
                "SELECT 1 FROM pg_catalog.pg_class c JOIN pg_catalog.pg_namespace n "
                "ON n.oid = c.relnamespace WHERE n.nspname NOT IN ('pg_catalog', "
                "'information_schema') AND n.nspname NOT LIKE 'pg_toast%' "
                "AND c.relkind IN ('r', 'p', 'v', 'm', 'S') LIMIT 1")).first()
    return not tables(db)
