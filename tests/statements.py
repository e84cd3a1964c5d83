"""The SQL a block of code sends to a base: for the tests that count or explain statements."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any, NamedTuple

from sqlalchemy import event

from core.persistence.database import Database


class Sent(NamedTuple):
    """One statement as the driver received it."""

    sql: str
    parameters: Any
    many: bool


@contextmanager
def sent(db: Database) -> Iterator[list[Sent]]:
    """Collect every statement sent within the block, on each of the base's engines (reads
    have connections of their own on SQLite)."""
    found: list[Sent] = []

    def note(conn, cursor, statement, parameters, context, executemany) -> None:
        found.append(Sent(statement, parameters, executemany))

    for engine in db.engines:
        event.listen(engine, "before_cursor_execute", note)
    try:
        yield found
    finally:
        for engine in db.engines:
            event.remove(engine, "before_cursor_execute", note)
