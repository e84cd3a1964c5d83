"""Whether a pooled PostgreSQL connection is still alive when it is handed out again.

SQLAlchemy's ``pool_pre_ping`` asks the server on every checkout: one more round trip on
every service call, read or write (a tenth of an ``advance``, measured). A connection the
server dropped (restart, fail-over, an idle timeout of a proxy) is found dead after it sat
unused, not between two calls a few milliseconds apart: this module asks only then.

A connection is pinged when it comes out of the pool after :data:`IDLE_BEFORE_PING` seconds
or more since it went back (a new connection is not: it has just answered). A dead one
raises :class:`~sqlalchemy.exc.DisconnectionError`, which makes the pool throw it away and
hand out another one, as ``pool_pre_ping`` does. A server that dies between two close calls
still fails that call with "database unavailable"; SQLAlchemy then discards every pooled
connection, and the next call connects anew.
"""

from __future__ import annotations

import time
from typing import Any

from sqlalchemy import Engine, event
from sqlalchemy.exc import DisconnectionError

IDLE_BEFORE_PING = 5.0
"""Seconds a pooled connection may sit unused and still be handed out without a ping."""

_IDLE_SINCE = "parcours_idle_since"


def ping_when_idle(engine: Engine) -> None:
    """Ping the engine's pooled connections before reuse when they sat idle that long."""
    dialect = engine.dialect

    def rested(_dbapi_connection: Any, record: Any) -> None:
        record.info[_IDLE_SINCE] = time.monotonic()

    def checkout(dbapi_connection: Any, record: Any, _proxy: Any) -> None:
        since = record.info.get(_IDLE_SINCE)
        if since is None or time.monotonic() - since < IDLE_BEFORE_PING:
            return
        try:
            alive = dialect.do_ping(dbapi_connection)
        except Exception as exc:  # whatever the driver raises for a dead socket
            raise DisconnectionError() from exc
        if not alive:
            raise DisconnectionError()

    event.listen(engine, "connect", rested)
    event.listen(engine, "checkin", rested)
    event.listen(engine, "checkout", checkout)
