"""Engines and transactions: where Parcours keeps its data and how it opens it safely.

This module owns the database location (a private SQLite file in the user's data directory by
default, any SQLite or PostgreSQL URL otherwise), the engine settings that make SQLite durable
and transactional (foreign keys, WAL, ``synchronous=FULL``, ``secure_delete``, a busy
timeout, and SQLAlchemy's
recipe replacing Python 3.11's legacy transaction mode so that reads are repeatable, DDL is
transactional and writers take the lock up front with ``BEGIN IMMEDIATE``), and
:class:`Database`, whose ``read()`` and ``write()`` context managers are the only way the rest
of the code gets a session. Before its first write, a SQLite file is checked
(:mod:`core.persistence.health`): a damaged or foreign file refuses writes, reads stay open.
PostgreSQL's driver is imported only when a PostgreSQL URL is used.
"""

from __future__ import annotations

import os
import sqlite3
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import platformdirs
from sqlalchemy import Connection, Engine, create_engine, event
from sqlalchemy.engine import URL, make_url
from sqlalchemy.exc import ArgumentError, SQLAlchemyError
from sqlalchemy.orm import Session, sessionmaker

from core import messages as M
from core.errors import PersistenceError
from core.persistence import liveness, tuning
from core.persistence.errors import translate_errors
from core.persistence.write_guard import WriteGuard

DEFAULT_BUSY_TIMEOUT_MS = 5000
WRITE_OPTION = "parcours_write"
READ_ONLY_OPTION = "parcours_read_only"
_SQLITE_DRIVERS = ("sqlite", "sqlite+pysqlite")
_PG_DRIVERS = ("postgres", "postgresql", "postgresql+psycopg")
ERASURE_TABLES = ("persons", "person_keys", "person_search", "person_identities", "notes",
                  "sensitive_facts", "consents", "person_holds", "deadlines", "review_marks",
                  "tracks", "events", "request_log")
"""What an erasure deletes from or rewrites (:meth:`Database.scrub`)."""


def default_url() -> str:
    """Return the URL of the default SQLite file, creating its private directory if needed.

    Returns:
        ``sqlite:///<user data dir>/parcours/parcours.db``.
    """
    directory = platformdirs.user_data_path("parcours", appauthor=False)
    directory.mkdir(mode=0o700, parents=True, exist_ok=True)
    return f"sqlite:///{directory / 'parcours.db'}"


def make_engine(url: str, *, busy_timeout_ms: int = DEFAULT_BUSY_TIMEOUT_MS) -> Engine:
    """Create an engine for a SQLite or PostgreSQL URL with Parcours's connection settings.

    Args:
        url: a SQLAlchemy URL (``sqlite:///path``, ``sqlite://`` for memory,
            ``postgresql://`` or ``postgresql+psycopg://``).
        busy_timeout_ms: how long a SQLite writer waits for the lock (PostgreSQL: how long a
            statement waits for a row or table lock) before giving up.

    Returns:
        The engine; nothing is connected yet.

    Raises:
        PersistenceError: the URL is invalid or unsupported, or the SQLite file's directory
            does not exist.
    """
    parsed = _parse(url)
    if parsed.drivername in _SQLITE_DRIVERS:
        return _sqlite_engine(parsed, busy_timeout_ms)
    if parsed.drivername in _PG_DRIVERS:
        return _postgresql_engine(parsed, busy_timeout_ms)
    raise PersistenceError(M.DB_URL_UNSUPPORTED.format(backend=parsed.drivername))


def _parse(url: str) -> URL:
    try:
        return make_url(url)
    except (ArgumentError, ValueError) as exc:
        # The message must not echo the URL: it may hold a password.
        raise PersistenceError(M.DB_URL_INVALID) from exc


def _postgresql_engine(url: URL, busy_timeout_ms: int) -> Engine:
    # lock_timeout keeps a writer from waiting forever behind a forgotten transaction; it then
    # fails with 55P03, which becomes a ConflictError. jit off: the planner's cost of a
    # report's statements on a base of some thousand persons passes jit_above_cost, and
    # compiling them took ~200 ms where running them takes 5 to 30 (measured on PostgreSQL
    # 15, bench/run --pg); every statement here is short, none gains from JIT. Writes run
    # in READ COMMITTED whatever the server's default: the audit chain's head is read once
    # its lock is held (migration 0012), which a snapshot taken earlier, as REPEATABLE READ
    # takes at the first statement, would not see (two rows at one position, one refused).
    options = (f"-c lock_timeout={int(busy_timeout_ms)} -c jit=off "
               "-c default_transaction_isolation=read\\ committed")
    engine = create_engine(url.set(drivername="postgresql+psycopg"),
                           connect_args={"options": options})
    liveness.ping_when_idle(engine)  # not on every checkout: a round trip per call
    return engine


def _sqlite_engine(url: URL, busy_timeout_ms: int) -> Engine:
    path = _sqlite_file(url)
    if path is not None:
        _check_directory(path)
        if url.query.get("mode", "rwc") == "rwc":  # ro and rw must not create the file
            _create_private_file(path)
    engine = create_engine(url)
    event.listen(engine, "connect", _sqlite_on_connect(busy_timeout_ms, wal=path is not None,
                                                       cache_kib=tuning.cache_kib(path)))
    event.listen(engine, "begin", _sqlite_on_begin)
    if path is not None:
        event.listen(engine, "close", tuning.optimize_on_close)
    return engine


def sqlite_file_of(url: str) -> Path | None:
    """The file a SQLite URL names (None for PostgreSQL or memory), without opening it.

    Raises:
        PersistenceError: the URL is invalid.
    """
    parsed = _parse(url)
    return _sqlite_file(parsed) if parsed.drivername in _SQLITE_DRIVERS else None


def _sqlite_file(url: URL) -> Path | None:
    """Return the database file of a SQLite URL, or None for an in-memory database."""
    database = url.database or ""
    if url.query.get("uri") == "true":
        database = urlsplit(database).path  # file:relative/or/absolute/path, file::memory:
    if database in ("", ":memory:") or url.query.get("mode") == "memory":
        return None
    return Path(database).absolute()


def in_memory(url: str) -> bool:
    """Whether ``url`` names a SQLite base held in memory (gone when its process ends).

    Raises:
        PersistenceError: the URL is invalid.
    """
    parsed = _parse(url)
    return parsed.drivername in _SQLITE_DRIVERS and _sqlite_file(parsed) is None


def _check_directory(path: Path) -> None:
    # Creating it silently would hide a mistyped path; the default location is created elsewhere.
    if not path.parent.is_dir():
        raise PersistenceError(M.DB_DIRECTORY_MISSING.format(directory=path.parent))


def _new_sqlite_file(url: str) -> Path | None:
    """The SQLite file ``url`` names when it does not exist yet (else None)."""
    try:
        path = _sqlite_file(make_url(url)) if url.startswith("sqlite") else None
    except ArgumentError:
        return None  # make_engine says what is wrong with the URL
    return path if path is not None and not path.exists() else None


def _create_private_file(path: Path) -> None:
    # SQLite would create the file with the umask (often world-readable); its -wal and -shm
    # companions copy the main file's permissions, so owner-only here protects all three.
    # A link to a file not made yet names it: made here, not through the link by SQLite.
    try:
        os.close(os.open(os.path.realpath(path), os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o600))
    except FileExistsError:
        pass
    except OSError as exc:
        raise PersistenceError(M.DB_CANNOT_OPEN) from exc


def _sqlite_on_connect(busy_timeout_ms: int, *, wal: bool,
                       cache_kib: int = tuning.MIN_CACHE_KIB
                       ) -> Callable[[sqlite3.Connection, Any], None]:
    def on_connect(dbapi_connection: sqlite3.Connection, _record: Any) -> None:
        # Take BEGIN away from the sqlite3 module (legacy mode); _sqlite_on_begin emits it.
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        try:
            cursor.execute(f"PRAGMA busy_timeout = {int(busy_timeout_ms)}")
            cursor.execute("PRAGMA foreign_keys = ON")
            if wal and cursor.execute("PRAGMA journal_mode = WAL").fetchone()[0] != "wal":
                raise PersistenceError(M.DB_WAL_UNAVAILABLE)
            # WAL with NORMAL may lose the last commits on power loss; case notes may not.
            cursor.execute("PRAGMA synchronous = FULL")
            # Deleted content is overwritten with zeros, not left in free pages: an erased
            # person's rows must not stay readable in the file (security.md RT-2).
            cursor.execute("PRAGMA secure_delete = ON")
            # SQLite's default cache is 2 MiB whatever the base: sized for it instead, so
            # that the indexes a command walks stay in memory (core.persistence.tuning).
            cursor.execute(f"PRAGMA cache_size = -{int(cache_kib)}")
            require_json(cursor)
        finally:
            cursor.close()

    return on_connect


def require_json(cursor: sqlite3.Cursor) -> None:
    """Refuse a SQLite built without its JSON functions, in words: lists of ids are bound
    as JSON read by ``json_each`` (:mod:`core.persistence.id_list`), built in since 3.38 and
    in the usual builds long before."""
    try:
        cursor.execute("SELECT count(*) FROM json_each('[]')").fetchone()
    except sqlite3.DatabaseError as exc:  # « no such table: json_each »
        raise PersistenceError(M.DB_SQLITE_NO_JSON) from exc


def _sqlite_on_begin(conn: Connection) -> None:
    options = conn.get_execution_options()
    _set_query_only(conn, bool(options.get(READ_ONLY_OPTION)))
    # IMMEDIATE takes the write lock now, so a busy database fails before any work is done,
    # and a writer never upgrades a read snapshot mid-transaction, which in WAL mode fails at
    # once with SQLITE_BUSY_SNAPSHOT whatever the busy timeout.
    conn.exec_driver_sql("BEGIN IMMEDIATE" if options.get(WRITE_OPTION) else "BEGIN")


def _set_query_only(conn: Connection, wanted: bool) -> None:
    # The pragma outlives the transaction, so remember it per DBAPI connection and only touch it
    # when the mode changes.
    if conn.info.get(READ_ONLY_OPTION, False) != wanted:
        conn.exec_driver_sql(f"PRAGMA query_only = {int(wanted)}")
        conn.info[READ_ONLY_OPTION] = wanted


class Database:
    """One database: its engine, plus read and write sessions with translated errors.

    Args:
        url: a SQLAlchemy URL (see :func:`make_engine`).
        busy_timeout_ms: passed to :func:`make_engine`.

    Raises:
        PersistenceError: from :func:`make_engine`.
    """

    def __init__(self, url: str, *, busy_timeout_ms: int = DEFAULT_BUSY_TIMEOUT_MS) -> None:
        before = _new_sqlite_file(url)
        self.created: Path | None = before
        """The SQLite file this object created (it did not exist), if any."""
        self.engine = make_engine(url, busy_timeout_ms=busy_timeout_ms)
        self._reader = self._read_engine(url, busy_timeout_ms)
        self._reads = sessionmaker(self._reader.execution_options(**self._read_options()),
                                   expire_on_commit=False)
        self._writes = sessionmaker(self.engine.execution_options(**{WRITE_OPTION: True}),
                                    expire_on_commit=False)
        path = self.sqlite_path
        self._guard = WriteGuard(path) if path is not None else None
        if self._guard is not None:
            for engine in self.engines:
                event.listen(engine, "connect", self._guard.opened)

    def discard_if_empty(self) -> None:
        """Delete the SQLite file this object created if nothing was ever written to it (a
        refused command leaves no empty database behind). Call after :meth:`dispose`."""
        path = self.created
        if path is None or not path.exists() or path.stat().st_size:
            return
        for companion in (Path(f"{path}-wal"), Path(f"{path}-shm")):
            if companion.exists() and companion.stat().st_size and companion.name.endswith("wal"):
                return
        for leftover in (path, Path(f"{path}-wal"), Path(f"{path}-shm")):
            leftover.unlink(missing_ok=True)

    def _read_engine(self, url: str, busy_timeout_ms: int) -> Engine:
        # Setting PRAGMA query_only expires every statement SQLite has prepared on that
        # connection: a read then a write on one pooled connection (every service call: its
        # reads, then its audit row) prepared each statement again, which cost more than running
        # the large ones. Reads of a SQLite file get connections of their own, read-only for good.
        if self.dialect == "sqlite" and self.sqlite_path is not None:
            return make_engine(url, busy_timeout_ms=busy_timeout_ms)
        return self.engine

    @property
    def engines(self) -> tuple[Engine, ...]:
        """Every engine of this base: the one for writes (:attr:`engine`), and the one whose
        connections only read, where it is another (a listener of statements goes on each)."""
        return (self.engine,) if self._reader is self.engine else (self.engine, self._reader)

    def __repr__(self) -> str:
        return f"Database({self.engine.url.render_as_string(hide_password=True)!r})"

    @property
    def sqlite_path(self) -> Path | None:
        """The SQLite file (None for PostgreSQL or an in-memory base)."""
        return _sqlite_file(self.engine.url) if self.dialect == "sqlite" else None

    @property
    def sqlite_folder(self) -> Path | None:
        """The folder of a SQLite file (None for PostgreSQL or an in-memory base)."""
        found = self.sqlite_path
        return found.parent if found is not None else None

    def ensure_writable(self) -> None:
        """Refuse writes to a damaged, foreign, busy or replaced SQLite file (checked once per
        process and file, again when something else changed it: see
        :mod:`core.persistence.write_guard`); reads are never refused here.

        Raises:
            PersistenceError: the file is not a SQLite base, is another program's, is damaged,
                or was replaced while open.
            DatabaseBusy: another program holds the file locked.
        """
        if self._guard is not None:
            self._guard.before_write(counted=False)

    @property
    def dialect(self) -> str:
        """The back-end's name: ``"sqlite"`` or ``"postgresql"``."""
        return self.engine.dialect.name

    def _read_options(self) -> dict[str, Any]:
        # Reads see one snapshot on both back-ends and cannot write by mistake.
        if self.dialect == "postgresql":
            return {"isolation_level": "REPEATABLE READ", "postgresql_readonly": True}
        return {READ_ONLY_OPTION: True}

    @contextmanager
    def read(self) -> Iterator[Session]:
        """Yield a session on one consistent, read-only snapshot; it is closed at the end.

        Raises:
            ParcoursError: database failures, translated by :func:`translate_errors`.
        """
        with translate_errors(), self._reads() as session:
            yield session
            # Ended by COMMIT, not the ROLLBACK closing would send: psycopg forgets every
            # statement it prepared on the server when a transaction rolls back, so a read
            # was planned anew on every call (the review queue's page: 25-35 ms instead of
            # 9 on PostgreSQL, measured). Nothing was written: both end it the same way.
            session.commit()

    @contextmanager
    def write(self) -> Iterator[Session]:
        """Yield a session in one write transaction: committed if the block succeeds.

        Any exception rolls everything back. On SQLite the write lock is taken at the first
        statement (``BEGIN IMMEDIATE``), after :meth:`ensure_writable`.

        Raises:
            ConflictError, DatabaseBusy, PersistenceError: translated database failures, or a
                damaged or foreign SQLite file.
        """
        guard = self._guard
        if guard is None:  # PostgreSQL, memory: no file to vouch for
            with translate_errors(), self._writes() as session, session.begin():
                yield session
            return
        guard.before_write()
        found: list[int] | None = None
        try:
            with translate_errors(), self._writes() as session, session.begin():
                yield session
                # None when the file changed while this write waited: not its to vouch for.
                found = guard.commit_begins()
        except BaseException:
            guard.write_ends(None)
            raise
        guard.write_ends(found)

    @property
    def autocommits(self) -> bool:
        """Whether :meth:`alone` is available: a statement there is a transaction of its own
        without a ``BEGIN`` and a ``COMMIT`` of its own (PostgreSQL)."""
        return self.dialect == "postgresql"

    @contextmanager
    def alone(self) -> Iterator[Connection]:
        """Yield a connection in autocommit, for a write that is a single statement: one
        round trip where a transaction takes three (PostgreSQL only, see :attr:`autocommits`).

        Raises:
            ParcoursError: database failures, translated by :func:`translate_errors`.
        """
        if not self.autocommits:
            raise RuntimeError("autocommit writes are for PostgreSQL only")
        with translate_errors(), self.engine.connect().execution_options(
                isolation_level="AUTOCOMMIT") as connection:
            yield connection

    def scrub(self) -> bool:
        """Push deleted content out of the files after an erasure; False if it could not be.

        SQLite: ``wal_checkpoint(TRUNCATE)`` copies the WAL into the (securely deleted) file
        and empties it, so the old page images holding erased rows are gone from ``-wal``;
        it cannot finish while another connection reads an older snapshot. PostgreSQL:
        ``VACUUM`` of the tables an erasure touches; a role that does not own them gets a
        warning per table, and nothing is vacuumed: False then, so that the erasure says the
        owner must vacuum (dead rows wait for autovacuum meanwhile; her data key is already
        gone, which is what makes them unreadable).
        """
        if self.dialect == "sqlite":
            guard = self._guard
            if guard is None:
                return True
            # After a commit, never refused: what is there is vouched for, or no longer.
            before = guard.before_scrub()
            try:
                raw = self.engine.raw_connection()
                try:
                    # No BEGIN: isolation_level is None on our connections (autocommit).
                    busy, _, _ = raw.cursor().execute(
                        "PRAGMA wal_checkpoint(TRUNCATE)").fetchone()
                finally:
                    raw.close()
            except (sqlite3.Error, SQLAlchemyError, OSError):
                return False  # maintenance only: the erasure itself is committed
            guard.after_scrub(before)
            return busy == 0
        skipped: list[str] = []

        def warned(diagnostic: Any) -> None:
            # A table the role may not vacuum is skipped with a WARNING, not an error.
            if diagnostic.severity_nonlocalized == "WARNING":
                skipped.append(diagnostic.message_primary or "")

        try:
            with self.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
                driver: Any = conn.connection.driver_connection
                driver.add_notice_handler(warned)
                try:
                    for table in ERASURE_TABLES:
                        conn.exec_driver_sql(f'VACUUM "{table}"')
                finally:
                    driver.remove_notice_handler(warned)
        except Exception:  # maintenance only: the erasure itself is committed
            return False
        return not skipped

    def dispose(self) -> None:
        """Close every pooled connection (call before deleting or replacing the file)."""
        guard = self._guard
        trusted = False
        try:
            # Asked while the connections are open: the last of them to close then removes the
            # WAL, which a reading connection opened after them would leave behind.
            trusted = guard.before_close() if guard is not None else False
        finally:
            for engine in self.engines:
                engine.dispose()
        if guard is not None:
            guard.after_close(trusted)
