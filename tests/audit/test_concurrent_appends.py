"""Concurrent appends on PostgreSQL give one linear chain (security.md AU-4).

Eight threads released together by a barrier each append fifty rows, every row in its own
transaction, the way the services' door writes a read's row (:func:`registry.record`). The
advisory lock on the chain's head must serialise them: 400 new rows at consecutive
positions, each pointing to the one before, no two sharing a predecessor (no fork), each
thread's rows in its own order, and the whole chain verifying.
"""

from __future__ import annotations

import threading
from concurrent.futures import ThreadPoolExecutor

import pytest

from core.services import audit
from core.services.registry import record
from tests.accounts import make_app

from . import log

THREADS, APPENDS = 8, 50

pytestmark = pytest.mark.pg


def test_concurrent_appends_make_one_linear_chain(pg_url):
    app = make_app(pg_url)
    try:
        start = log.head_seq(app.db)
        barrier = threading.Barrier(THREADS)

        def append(thread: int) -> None:
            barrier.wait(timeout=30)
            for i in range(APPENDS):
                record(app, audit.Entry("test.concurrent", detail={"thread": thread, "i": i}))

        with ThreadPoolExecutor(THREADS) as pool:
            list(pool.map(append, range(THREADS)))
        rows = log.audit_rows(app.db)
        new = rows[start:]
        assert len(new) == THREADS * APPENDS
        assert [r["seq"] for r in rows] == list(range(1, len(rows) + 1))
        assert all(row["prev_hash"] == before["hash"] for before, row in zip(rows, rows[1:], strict=False))
        assert len({r["prev_hash"] for r in rows}) == len(rows), "two rows share a predecessor"
        for thread in range(THREADS):
            mine = [r["detail"]["i"] for r in new if r["detail"]["thread"] == thread]
            assert mine == list(range(APPENDS))
        with app.db.read() as session:
            assert audit.verify(session) == (len(rows), None)
    finally:
        app.close()


def test_writes_run_read_committed_whatever_the_servers_default(pg_url):
    """A server (or database, or role) whose default isolation is REPEATABLE READ would give
    the head's read a snapshot taken before its lock: two rows at one position, one refused.
    The application's connections ask for READ COMMITTED themselves."""
    from sqlalchemy import text
    from sqlalchemy.engine import make_url

    from core.persistence.database import make_engine
    name = make_url(pg_url).database
    admin = make_engine(pg_url).execution_options(isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.exec_driver_sql(
            f"ALTER DATABASE \"{name}\" SET default_transaction_isolation = 'repeatable read'")
    admin.dispose()
    app = make_app(pg_url)
    try:
        with app.db.write() as session:
            assert session.scalar(text("SHOW transaction_isolation")) == "read committed"
        with app.db.alone() as connection:
            assert connection.scalar(text("SHOW transaction_isolation")) == "read committed"
        barrier = threading.Barrier(4)

        def append(thread: int) -> None:
            barrier.wait(timeout=30)
            for i in range(20):
                record(app, audit.Entry("test.isolation", detail={"thread": thread, "i": i}))

        with ThreadPoolExecutor(4) as pool:
            list(pool.map(append, range(4)))  # a refused append would raise here
        with app.db.read() as session:
            assert audit.verify(session)[1] is None
    finally:
        app.close()
