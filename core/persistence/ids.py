"""Row ids known before the row is written, so that a sealed field can be bound to its row.

A sealed value's context names its row (:mod:`core.crypto.contexts`); ``events`` cannot be
updated after insertion, so the id must be known first. PostgreSQL hands out sequence values
(unique across transactions); SQLite's writer holds the database lock for the whole
transaction (``BEGIN IMMEDIATE``), so the next id after ``sqlite_sequence`` is ours. Ids given
within one transaction are counted in the session, so two allocations never collide.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TypeVar

from sqlalchemy import text
from sqlalchemy.orm import Session


def next_ids(session: Session, table: str, count: int = 1) -> list[int]:
    """``count`` fresh ids for ``table`` (an AUTOINCREMENT / serial table), in order."""
    if count <= 0:
        return []
    if session.get_bind().dialect.name == "postgresql":
        rows = session.execute(text("SELECT nextval(pg_get_serial_sequence(:t, 'id')) "
                                    "FROM generate_series(1, :n)"), {"t": table, "n": count})
        return [int(r[0]) for r in rows]
    given = session.info.setdefault("parcours_next_ids", {})
    # Re-read each time: rows inserted meanwhile without an explicit id took their own.
    seq = session.execute(text("SELECT seq FROM sqlite_sequence WHERE name = :t"),
                          {"t": table}).scalar()
    start = max(int(seq or 0) + 1, given.get(table, 0))
    given[table] = start + count
    return list(range(start, start + count))


T = TypeVar("T")
CHUNK = 900
"""Values per ``IN`` list: under SQLite's oldest limit on bound parameters (999)."""


def chunks(values: list[T], size: int = CHUNK) -> Iterator[list[T]]:
    """``values`` in slices short enough for one ``IN`` list."""
    for start in range(0, len(values), size):
        yield values[start:start + size]
