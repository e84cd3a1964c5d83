"""Issue 15, point 7: bad conditions through the command line. A full disk, a base locked past
the busy timeout, a read-only file, a missing migration: each is one French sentence, nothing
is half-written, and the same command works once the condition is gone.

The disk is « full » through SQLite's ``max_page_count`` and the lock's wait is shortened with
``busy_timeout``, both set on every connection the command opens (it runs in this process).
"""

from __future__ import annotations

import hashlib
import os
import re
import sqlite3
from collections.abc import Iterator
from contextlib import closing, contextmanager

import pytest

from core import messages as M
from core.persistence import database
from tests.cli_runner import Cli, assert_french_error

NOTE = "Rendez-vous à la CAF jeudi, puis à la préfecture. " * 80
"""About 4 KB: a note that needs new pages."""


@pytest.fixture
def pragmas(monkeypatch) -> list[str]:
    """Statements run on every SQLite connection the command line opens from now on."""
    extra: list[str] = []
    real = database._sqlite_on_connect

    def patched(busy_timeout_ms, **options):
        inner = real(busy_timeout_ms, **options)

        def on_connect(connection, record):
            inner(connection, record)
            for statement in extra:
                connection.execute(statement)
        return on_connect

    monkeypatch.setattr(database, "_sqlite_on_connect", patched)
    return extra


def snapshot(cli: Cli) -> str:
    """Every row of every table but the audit log's (a refusal may be audited)."""
    digest = hashlib.sha256()
    with closing(sqlite3.connect(cli.db)) as conn:
        for (table,) in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table' "
                                     "ORDER BY name"):
            if table in ("audit_log", "audit_checkpoints", "sqlite_sequence", "signin_throttle",
                         "sqlite_stat1", "sqlite_stat4"):  # planner statistics, not data
                continue
            columns = "id, kind, label, revoked_at" if table == "auth_sessions" else "*"
            rows = sorted(repr(r) for r in conn.execute(f'SELECT {columns} FROM "{table}"'))
            digest.update(f"{table}:{rows}".encode())
        assert conn.execute("PRAGMA integrity_check").fetchone() == ("ok",)
    return digest.hexdigest()


def notes(cli: Cli) -> int:
    with closing(sqlite3.connect(cli.db)) as conn:
        return conn.execute("SELECT count(*) FROM notes").fetchone()[0]


@pytest.fixture
def amina(cli: Cli) -> Cli:
    cli.ok("person", "add", "Amina")
    return cli


def test_a_full_disk_writes_nothing_and_the_next_command_works(amina, pragmas):
    with closing(sqlite3.connect(amina.db)) as conn:
        pages = conn.execute("PRAGMA page_count").fetchone()[0]
    pragmas.append(f"PRAGMA max_page_count = {pages}")
    before = snapshot(amina)
    result = amina.run("note", "add", "1", NOTE)
    assert_french_error(result, 1, f"^{re.escape(M.DB_DISK_FULL)}$")
    assert snapshot(amina) == before
    pragmas.clear()  # space freed
    amina.ok("note", "add", "1", NOTE)
    assert notes(amina) == 1


@contextmanager
def write_lock(cli: Cli) -> Iterator[None]:
    """Another program holding the write lock."""
    holder = sqlite3.connect(cli.db, isolation_level=None)
    try:
        holder.execute("BEGIN IMMEDIATE")
        yield
    finally:
        holder.execute("ROLLBACK")
        holder.close()


def test_a_locked_base_writes_nothing_and_the_next_command_works(amina, pragmas):
    pragmas.append("PRAGMA busy_timeout = 50")
    before = snapshot(amina)
    with write_lock(amina):
        result = amina.run("note", "add", "1", NOTE)
    assert_french_error(result, 1, f"^{re.escape(M.DB_BUSY)}$")
    assert snapshot(amina) == before
    amina.ok("note", "add", "1", NOTE)
    assert notes(amina) == 1


@pytest.mark.parametrize("how", ["uri", "chmod"])
def test_a_read_only_base_says_so_and_the_next_command_works(amina, how):
    with closing(sqlite3.connect(amina.db)) as conn:
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    before = snapshot(amina)
    env = {}
    if how == "uri":
        env["PARCOURS_DB"] = f"sqlite:///file:{amina.db}?mode=ro&uri=true"
    else:
        if os.geteuid() == 0:
            pytest.skip("root écrit même dans un fichier en lecture seule")
        amina.db.chmod(0o400)
    try:
        result = amina.run("note", "add", "1", NOTE, env=env)
    finally:
        amina.db.chmod(0o600)
    assert_french_error(result, 1, f"^{re.escape(M.DB_READ_ONLY)}$")
    assert snapshot(amina) == before
    amina.ok("note", "add", "1", NOTE)
    assert notes(amina) == 1


def test_a_missing_migration_says_what_to_run_and_writes_nothing(amina):
    from core.persistence import migrate
    from core.persistence.database import Database
    base = Database(amina.url)
    try:
        migrate.downgrade(base, "0005")  # as a base left by the previous version
    finally:
        base.dispose()
    before = snapshot(amina)
    result = amina.run("note", "add", "1", NOTE)
    assert_french_error(result, 1, "parcours upgrade")
    # Said as an older version's base, with the backup to take first: this version can no
    # longer open a session on it to back it up.
    assert "écrite par une version précédente de Parcours (schéma 0005" in result.err
    assert "Sauvegardez-la d'abord" in result.err and "entièrement ou pas du tout" in result.err
    assert snapshot(amina) == before
    upgraded = amina.ok("upgrade", user=None)  # the owner runs it; no session needed
    assert upgraded.out.startswith("Mise à jour du schéma de la base") and "Base à jour" in upgraded.out
    assert "Mise à jour" not in amina.ok("upgrade", user=None).out  # nothing to do: said once
    amina.ok("note", "add", "1", NOTE)
    assert notes(amina) == 1


def test_a_base_of_a_newer_version_says_to_install_it(amina):
    with closing(sqlite3.connect(amina.db)) as conn, conn:
        conn.execute("UPDATE alembic_version SET version_num = '9999'")
    result = amina.run("person", "list")
    assert_french_error(result, 1, "version plus récente de Parcours \\(schéma 9999")
    assert "parcours upgrade" not in result.err


def test_a_failed_upgrade_says_the_base_was_left_as_it_was(amina):
    """An upgrade that fails part way keeps nothing (one transaction): the operator must be
    told so, before she restores a backup she did not need."""
    from core.persistence import migrate
    from core.persistence.database import Database
    base = Database(amina.url)
    try:
        migrate.downgrade(base, "0008")  # as a base left by an older version
    finally:
        base.dispose()
    with closing(sqlite3.connect(amina.db)) as conn, conn:  # in the way of step 0009
        conn.execute("CREATE TABLE report_aggregates (id INTEGER PRIMARY KEY)")
    before = snapshot(amina)
    result = amina.run("upgrade", user=None)
    assert_french_error(result, 1, "^La mise à jour de la base a échoué")
    assert "Rien n'en a été gardé : la base est telle qu'elle était" in result.err
    assert snapshot(amina) == before
    with closing(sqlite3.connect(amina.db)) as conn:
        assert conn.execute("SELECT version_num FROM alembic_version").fetchall() == [("0008",)]
