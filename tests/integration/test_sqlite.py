"""SQLite done right: connection settings, real transactions, write locks, busy, file location."""

from __future__ import annotations

import os
import sqlite3
import stat
import subprocess
import sys
import time

import pytest
from sqlalchemy import event, func, select, text, update

from core import messages as M
from core.errors import DatabaseBusy, PersistenceError
from core.persistence import migrate
from core.persistence.database import Database, default_url
from core.persistence.models import User

HOLD_LOCK = """
import sqlite3, sys
connection = sqlite3.connect(sys.argv[1], isolation_level=None)
connection.execute("BEGIN IMMEDIATE")
connection.execute("INSERT INTO users (name, role, active, created_at) "
                   "VALUES ('holder', 'admin', 1, '2026-01-01 00:00:00')")
print("READY", flush=True)
sys.stdin.read()
connection.execute("ROLLBACK")
"""


def db_path(url: str) -> str:
    return url.removeprefix("sqlite:///")


def pragma(connection, name: str):
    return connection.exec_driver_sql(f"PRAGMA {name}").scalar()


def test_every_pooled_connection_has_the_durable_settings(sqlite_db):
    connections = [sqlite_db.engine.connect() for _ in range(3)]
    try:
        assert len({id(c.connection.dbapi_connection) for c in connections}) == 3
        for connection in connections:
            assert pragma(connection, "foreign_keys") == 1
            assert pragma(connection, "journal_mode") == "wal"
            assert pragma(connection, "synchronous") == 2
            assert pragma(connection, "busy_timeout") > 0
            assert connection.connection.dbapi_connection.isolation_level is None
    finally:
        for connection in connections:
            connection.close()


def test_reads_are_repeatable_inside_one_read_transaction(sqlite_db, make_seed):
    ids = make_seed(sqlite_db)
    name = select(User.name).where(User.id == ids.user_id)
    with sqlite_db.read() as reader:
        assert reader.execute(name).scalar_one() == "Camille"
        with sqlite_db.write() as writer:
            writer.execute(update(User).where(User.id == ids.user_id).values(name="Sacha"))
        assert reader.execute(name).scalar_one() == "Camille"
    with sqlite_db.read() as reader:
        assert reader.execute(name).scalar_one() == "Sacha"


def test_write_takes_the_write_lock_at_its_first_statement(sqlite_db, sqlite_url):
    other = sqlite3.connect(db_path(sqlite_url), timeout=0, isolation_level=None)
    try:
        with sqlite_db.write() as session:
            session.execute(select(func.count()).select_from(User)).scalar_one()
            with pytest.raises(sqlite3.OperationalError, match="locked"):
                other.execute("BEGIN IMMEDIATE")
    finally:
        other.close()


def test_read_sessions_cannot_write(db):
    with pytest.raises(PersistenceError) as caught, db.read() as session:
        session.add(User(name="Intrus", role="admin"))
        session.flush()
    assert caught.value.msg == M.DB_READ_ONLY
    with db.write() as session:  # the pooled connection is writable again afterwards
        session.add(User(name="Autorisé", role="admin"))
    with db.read() as session:
        assert session.scalars(select(User.name)).all() == ["Autorisé"]


def test_a_held_write_lock_gives_database_busy_and_writes_nothing(sqlite_url, sqlite_db):
    holder = subprocess.Popen([sys.executable, "-c", HOLD_LOCK, db_path(sqlite_url)],
                              stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    impatient = Database(sqlite_url, busy_timeout_ms=150)
    try:
        assert holder.stdout.readline().strip() == "READY"
        started = time.monotonic()
        with pytest.raises(DatabaseBusy) as caught, impatient.write() as session:
            session.add(User(name="Dominique", role="benevole"))
        assert time.monotonic() - started >= 0.1
        assert caught.value.msg == M.DB_BUSY
        assert caught.value.__cause__ is not None
    finally:
        holder.communicate("", timeout=10)
        impatient.dispose()
    with sqlite_db.read() as session:
        assert session.scalar(select(func.count()).select_from(User)) == 0


def test_a_full_disk_fails_cleanly_and_keeps_nothing(sqlite_db, make_seed):
    ids = make_seed(sqlite_db)
    with sqlite_db.engine.connect() as connection:
        pages = pragma(connection, "page_count")
    sqlite_db.dispose()  # the limit below is per connection: start from fresh ones

    def limit(dbapi_connection, _record):
        dbapi_connection.execute(f"PRAGMA max_page_count = {pages + 2}")

    event.listen(sqlite_db.engine, "connect", limit)
    with pytest.raises(PersistenceError) as caught, sqlite_db.write() as session:
        for n in range(20):
            session.add(User(name=f"u{n}" + "x" * 20_000, role="benevole"))
    assert caught.value.msg == M.DB_DISK_FULL
    with sqlite_db.read() as session:
        assert session.scalars(select(User.id)).all() == [ids.user_id]
        assert session.execute(text("PRAGMA integrity_check")).scalar() == "ok"


def test_missing_directory_is_named_and_nothing_is_created(tmp_path):
    missing = tmp_path / "absent" / "deeper"
    with pytest.raises(PersistenceError) as caught:
        Database(f"sqlite:///{missing / 'parcours.db'}")
    assert str(missing) in caught.value.msg
    assert not (tmp_path / "absent").exists()


def test_a_directory_in_place_of_the_file_cannot_be_opened(tmp_path):
    database = Database(f"sqlite:///{tmp_path}")
    with pytest.raises(PersistenceError) as caught, database.read() as session:
        session.execute(text("SELECT 1"))
    assert caught.value.msg == M.DB_CANNOT_OPEN


@pytest.mark.skipif(os.name != "posix", reason="POSIX permissions")
def test_a_base_named_through_a_link_to_a_file_not_made_yet_is_private(tmp_path):
    """A link to where the base should go (on another volume, say), made before the base:
    SQLite created the file through it with the umask, readable by every account."""
    (tmp_path / "volume").mkdir()
    link = tmp_path / "parcours.db"
    link.symlink_to(tmp_path / "volume" / "parcours.db")
    database = Database(f"sqlite:///{link}")
    try:
        with database.write() as session:
            session.execute(text("CREATE TABLE t (x INTEGER)"))
    finally:
        database.dispose()
    assert stat.S_IMODE(os.stat(tmp_path / "volume" / "parcours.db").st_mode) == 0o600


@pytest.mark.skipif(os.name != "posix", reason="POSIX permissions")
def test_the_database_file_is_private(sqlite_db, sqlite_url):
    for suffix in ("", "-wal"):
        mode = stat.S_IMODE(os.stat(db_path(sqlite_url) + suffix).st_mode)
        assert mode == 0o600, suffix


@pytest.mark.skipif(os.name != "posix", reason="POSIX permissions")
def test_a_base_created_through_an_explicit_rwc_uri_is_private_too(tmp_path):
    """``mode=rwc`` lets SQLite create the file: it was created with the umask (world-readable)."""
    path = tmp_path / "uri.db"
    db = Database(f"sqlite:///file:{path}?mode=rwc&uri=true")
    try:
        with db.write() as session:
            session.execute(text("CREATE TABLE t (x)"))
        for suffix in ("", "-wal"):
            assert stat.S_IMODE(os.stat(f"{path}{suffix}").st_mode) == 0o600, suffix
    finally:
        db.dispose()


@pytest.mark.skipif(sys.platform != "linux", reason="XDG layout")
def test_default_url_creates_a_private_data_directory(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    url = default_url()
    directory = tmp_path / "data" / "parcours"
    assert url == f"sqlite:///{directory / 'parcours.db'}"
    assert stat.S_IMODE(directory.stat().st_mode) == 0o700
    assert not (directory / "parcours.db").exists()


def test_in_memory_database_works_with_the_same_settings():
    database = Database("sqlite://")
    migrate.upgrade(database)
    with database.write() as session:
        session.add(User(name="Camille", role="admin"))
    with database.read() as session:
        assert session.scalar(select(func.count()).select_from(User)) == 1
        assert session.execute(text("PRAGMA foreign_keys")).scalar() == 1
    database.dispose()


@pytest.mark.parametrize("url", ["mysql://u:secret@host/db", "sqlite+aiosqlite:///x.db",
                                 "postgresql+psycopg2://u:secret@host/db", "not a url"])
def test_unsupported_or_invalid_urls_are_refused_without_echoing_them(url):
    with pytest.raises(PersistenceError) as caught:
        Database(url)
    assert "secret" not in caught.value.msg and "host" not in caught.value.msg


def test_reads_and_writes_in_turn_never_switch_a_connection_read_only_again(sqlite_db):
    """Setting PRAGMA query_only expires every statement prepared on the connection: reads
    have connections of their own, set read-only once, so a service's reads then audit row
    (read, write, read, write...) keep their prepared statements."""
    switches: list[str] = []

    def note(_conn, _cursor, statement, *_args):
        if "query_only" in statement:
            switches.append(statement)

    for engine in sqlite_db.engines:
        event.listen(engine, "before_cursor_execute", note)
    for _ in range(3):
        with sqlite_db.read() as session:
            session.scalar(select(func.count()).select_from(User))
        with sqlite_db.write() as session:
            session.add(User(name=f"u{len(switches)}{time.monotonic_ns()}", role="benevole"))
    assert switches == ["PRAGMA query_only = 1"]
    with pytest.raises(PersistenceError), sqlite_db.read() as session:
        session.add(User(name="lecture", role="benevole"))
        session.flush()
