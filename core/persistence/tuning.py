"""What keeps the query planner and the page cache fit for the size of the base.

SQLite plans a query from its statistics (``sqlite_stat1``), which nobody writes unless asked:
without them it guesses, and at 100,000 persons some guesses read every open deadline of the
country. So this module owns:

* the page cache size of each SQLite connection, chosen from the file's size when the engine
  is made (SQLite's default is 2 MiB, whatever the base);
* :func:`refresh_statistics`, run after migrations and bulk writes (``ANALYZE``, bounded on
  SQLite by ``analysis_limit`` so that it costs milliseconds, not a full read of the file);
* :func:`optimize_on_close`, SQLite's advice for short-lived connections: ``PRAGMA optimize``
  as each connection closes, which re-analyses only the tables that changed a lot, and gives
  up at once when another process holds the write lock.

PostgreSQL keeps its own statistics (autovacuum); :func:`refresh_statistics` still runs
``ANALYZE`` there after bulk work, so that the first queries after it are planned well.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path
from typing import Any

from sqlalchemy import Engine

MIN_CACHE_KIB = 16 * 1024
MAX_CACHE_KIB = 256 * 1024
ANALYSIS_LIMIT = 1000
"""Rows of each index that ``ANALYZE`` samples on SQLite: enough to tell a selective index
from a poor one, and bounded whatever the size of the base."""


def cache_kib(path: Path | None) -> int:
    """The page cache for a SQLite file: its size, kept between 16 and 256 MiB."""
    try:
        size = path.stat().st_size // 1024 if path is not None else 0
    except OSError:
        size = 0
    return max(MIN_CACHE_KIB, min(MAX_CACHE_KIB, size))


def refresh_statistics(engine: Engine) -> None:
    """Refresh the planner's statistics of the whole base (after migrations and bulk work).

    Runs outside any transaction; a failure (busy base, role that owns no table) is ignored:
    statistics help the planner, nothing depends on them.
    """
    try:
        raw = engine.raw_connection()
    except Exception:
        return
    try:
        driver = raw.driver_connection
        if isinstance(driver, sqlite3.Connection):
            driver.execute("PRAGMA query_only = 0")
            driver.execute(f"PRAGMA analysis_limit = {ANALYSIS_LIMIT}")
            driver.execute("ANALYZE")
        else:
            driver.autocommit = True  # type: ignore[union-attr]
            driver.execute("ANALYZE")  # type: ignore[union-attr]
            driver.autocommit = False  # type: ignore[union-attr]
    except Exception:
        pass
    finally:
        raw.close()


def optimize_on_close(dbapi_connection: Any, _record: Any) -> None:
    """``PRAGMA optimize`` as a SQLite connection closes (pool ``close`` event)."""
    try:
        dbapi_connection.execute("PRAGMA busy_timeout = 0")  # never wait at exit
        dbapi_connection.execute("PRAGMA query_only = 0")
        dbapi_connection.execute(f"PRAGMA analysis_limit = {ANALYSIS_LIMIT}")
        dbapi_connection.execute("PRAGMA optimize")
    except sqlite3.Error:
        pass
