"""A pooled PostgreSQL connection is pinged before reuse only after it sat idle; a dead one
is then replaced without the caller noticing."""

from __future__ import annotations

import pytest
from sqlalchemy import text

from core import messages as M
from core.errors import ParcoursError
from core.persistence import liveness
from core.persistence.database import Database


@pytest.fixture
def database(pg_url):
    db = Database(pg_url)
    yield db
    db.dispose()


def _pings(monkeypatch, db: Database) -> list[int]:
    seen: list[int] = []
    ping = db.engine.dialect.do_ping

    def counted(dbapi_connection):
        seen.append(1)
        return ping(dbapi_connection)

    monkeypatch.setattr(db.engine.dialect, "do_ping", counted)
    return seen


def _backend(db: Database) -> int:
    with db.read() as session:
        return session.scalar(text("SELECT pg_backend_pid()"))


def _terminate(pg_url: str, pid: int) -> None:
    other = Database(pg_url)
    try:
        with other.engine.connect() as connection:
            assert connection.scalar(text("SELECT pg_terminate_backend(:pid)"), {"pid": pid})
    finally:
        other.dispose()


def test_calls_close_together_send_no_ping(database, monkeypatch):
    pings = _pings(monkeypatch, database)
    first = _backend(database)
    for _ in range(3):
        assert _backend(database) == first  # the pooled connection, reused
    assert pings == []


def test_a_connection_idle_long_enough_is_pinged_once_per_checkout(database, monkeypatch):
    pings = _pings(monkeypatch, database)
    _backend(database)  # a new connection: not pinged
    assert pings == []
    monkeypatch.setattr(liveness, "IDLE_BEFORE_PING", 0.0)
    _backend(database)
    assert pings == [1]


def test_a_dead_idle_connection_is_replaced_without_an_error(database, pg_url, monkeypatch):
    dead = _backend(database)
    _terminate(pg_url, dead)
    monkeypatch.setattr(liveness, "IDLE_BEFORE_PING", 0.0)
    assert _backend(database) != dead


def test_a_connection_dropped_between_close_calls_fails_once_then_reconnects(database, pg_url):
    dead = _backend(database)
    _terminate(pg_url, dead)
    with pytest.raises(ParcoursError) as caught:
        _backend(database)
    assert caught.value.msg == M.DB_UNREACHABLE  # the caller tries again, as it says
    assert _backend(database) != dead
