"""The persistence boundary's error translation.

This module owns :func:`translate_errors`, the one place where SQLAlchemy, ``sqlite3`` and
psycopg failures become the project's own errors (``ConflictError``, ``DatabaseBusy``,
``PersistenceError``) with a French message taken from ``core.messages``. SQLite errors are
classified by their result code and PostgreSQL ones by SQLSTATE, read from the driver exception,
so no message depends on driver wording; the driver text, the SQL and the bound values never
reach the user's message, but stay reachable through the exception chain (``from exc``).
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager

from sqlalchemy import exc as sa_exc
from sqlalchemy.orm.exc import StaleDataError

from core import messages as M
from core.errors import ConflictError, DatabaseBusy, ParcoursError, PersistenceError

# Written by the append-only triggers on ``events`` and ``audit_log`` (migrations 0001, 0002):
# "parcours: events are append-only", "parcours: audit log is append-only".
APPEND_ONLY_MARKER = "append-only"

# SQLite primary result codes (the low byte of the extended code).
_SQLITE_PRIMARY: dict[int, tuple[type[ParcoursError], str]] = {
    5: (DatabaseBusy, M.DB_BUSY),                # SQLITE_BUSY
    6: (DatabaseBusy, M.DB_BUSY),                # SQLITE_LOCKED
    8: (PersistenceError, M.DB_READ_ONLY),       # SQLITE_READONLY
    10: (PersistenceError, M.DB_IO_ERROR),       # SQLITE_IOERR
    11: (PersistenceError, M.DB_CORRUPT),        # SQLITE_CORRUPT
    13: (PersistenceError, M.DB_DISK_FULL),      # SQLITE_FULL
    14: (PersistenceError, M.DB_CANNOT_OPEN),    # SQLITE_CANTOPEN
    26: (PersistenceError, M.DB_CORRUPT),        # SQLITE_NOTADB
}
_SQLITE_CONSTRAINT = {
    787: M.DB_FOREIGN_KEY,   # SQLITE_CONSTRAINT_FOREIGNKEY
    2067: M.DB_UNIQUE,       # SQLITE_CONSTRAINT_UNIQUE
    1555: M.DB_UNIQUE,       # SQLITE_CONSTRAINT_PRIMARYKEY
    275: M.DB_CHECK,         # SQLITE_CONSTRAINT_CHECK
    1299: M.DB_NOT_NULL,     # SQLITE_CONSTRAINT_NOTNULL
}
_PG_SQLSTATE: dict[str, tuple[type[ParcoursError], str]] = {
    "55P03": (ConflictError, M.DB_CONFLICT_CONCURRENT),   # lock_not_available
    "40001": (ConflictError, M.DB_CONFLICT_CONCURRENT),   # serialization_failure
    "40P01": (ConflictError, M.DB_CONFLICT_CONCURRENT),   # deadlock_detected
    "23503": (PersistenceError, M.DB_FOREIGN_KEY),
    "23505": (PersistenceError, M.DB_UNIQUE),
    "23514": (PersistenceError, M.DB_CHECK),
    "23502": (PersistenceError, M.DB_NOT_NULL),
    "25006": (PersistenceError, M.DB_READ_ONLY),          # read_only_sql_transaction
    "53100": (PersistenceError, M.DB_DISK_FULL),          # disk_full
    "28000": (PersistenceError, M.DB_AUTH_FAILED),
    "28P01": (PersistenceError, M.DB_AUTH_FAILED),
    "3D000": (PersistenceError, M.DB_UNREACHABLE),        # database does not exist
}
_PG_CLASS: dict[str, tuple[type[ParcoursError], str]] = {
    "08": (PersistenceError, M.DB_UNREACHABLE),    # connection exception
    "57": (PersistenceError, M.DB_UNREACHABLE),    # operator intervention (shutdown)
    "53": (PersistenceError, M.DB_DISK_FULL),      # insufficient resources
    "58": (PersistenceError, M.DB_IO_ERROR),       # system error (I/O)
    "23": (PersistenceError, M.DB_INTEGRITY),
}
# Only for driver errors that carry no code at all (rare; e.g. raised before SQLite ran).
_WORDING = (
    ("database is locked", DatabaseBusy, M.DB_BUSY),
    ("busy", DatabaseBusy, M.DB_BUSY),
    ("disk is full", PersistenceError, M.DB_DISK_FULL),
    ("unable to open database file", PersistenceError, M.DB_CANNOT_OPEN),
    ("connection refused", PersistenceError, M.DB_UNREACHABLE),
)


@contextmanager
def translate_errors() -> Iterator[None]:
    """Turn database exceptions raised in the block into Parcours errors, chained.

    ``ParcoursError`` and non-database exceptions pass through untouched.

    Raises:
        ConflictError: a stale version (optimistic lock) or a PostgreSQL lock, serialization or
            deadlock failure.
        DatabaseBusy: SQLite stayed locked by another writer past the busy timeout, or the
            connection pool stayed exhausted.
        PersistenceError: every other storage failure.
    """
    try:
        yield
    except StaleDataError as exc:
        raise ConflictError(M.DB_CONFLICT_STALE) from exc
    except sa_exc.TimeoutError as exc:
        raise DatabaseBusy(M.DB_BUSY) from exc
    except (sa_exc.SQLAlchemyError, sqlite3.Error) as exc:
        raise translate(exc) from exc


def translate(exc: BaseException) -> ParcoursError:
    """Return the Parcours error matching one database exception (not raised, not chained)."""
    orig = getattr(exc, "orig", None) or exc
    if "parcours:" in str(orig) and APPEND_ONLY_MARKER in str(orig):
        return PersistenceError(M.DB_APPEND_ONLY)
    kind, message = _classify(exc, orig)
    return kind(message)


def _classify(exc: BaseException, orig: BaseException) -> tuple[type[ParcoursError], str]:
    code = getattr(orig, "sqlite_errorcode", None)
    if code is not None:
        return _from_sqlite(code)
    sqlstate = getattr(orig, "sqlstate", None)
    if sqlstate:
        return _from_sqlstate(sqlstate)
    text = str(orig).lower()
    for words, kind, message in _WORDING:
        if words in text:
            return kind, message
    if isinstance(exc, sa_exc.IntegrityError):
        return PersistenceError, M.DB_INTEGRITY
    if isinstance(exc, sa_exc.OperationalError) and not isinstance(orig, sqlite3.Error):
        # A server driver's OperationalError with no SQLSTATE failed before the server answered.
        return PersistenceError, M.DB_UNREACHABLE
    return PersistenceError, M.DB_GENERIC


def _from_sqlite(code: int) -> tuple[type[ParcoursError], str]:
    if code & 0xFF == 19:  # SQLITE_CONSTRAINT and its extended codes
        return PersistenceError, _SQLITE_CONSTRAINT.get(code, M.DB_INTEGRITY)
    return _SQLITE_PRIMARY.get(code & 0xFF, (PersistenceError, M.DB_GENERIC))


def _from_sqlstate(sqlstate: str) -> tuple[type[ParcoursError], str]:
    found = _PG_SQLSTATE.get(sqlstate) or _PG_CLASS.get(sqlstate[:2])
    return found or (PersistenceError, M.DB_GENERIC)
