"""Days as ISO text in SQL, the same on SQLite and PostgreSQL, for keys and orderings.

The review queue builds its item keys (``stalled:track:12:connue:2026-03-10``) and its sort
order in SQL, so that filtering, hiding marked items and paging happen in the database. Keys
hold days as ``YYYY-MM-DD`` text: this module turns a UTC timestamp or a date column into that
text on each back-end, adds a period the way ``dateutil.relativedelta`` does (a month after
31 January is 28 or 29 February, never 3 March), and compares texts byte by byte (``COLLATE
"C"`` on PostgreSQL, whose default collation would order ``:`` and digits otherwise).
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import Date, String, cast, func, literal, type_coerce
from sqlalchemy.sql import ColumnElement


def day_of(column: Any, dialect: str) -> ColumnElement[str]:
    """``YYYY-MM-DD`` of a UTC timestamp column (SQLite keeps naive UTC text)."""
    if dialect == "postgresql":
        return func.to_char(func.timezone("UTC", column), "YYYY-MM-DD")
    return func.substr(type_coerce(column, String), 1, 10)


def stamp_of(column: Any, dialect: str) -> ColumnElement[str]:
    """``YYYY-MM-DD HH:MM:SS.ffffff`` of a UTC timestamp column: sorts as the column does, and
    after the bare day (``YYYY-MM-DD``) of the same date. On SQLite it *is* the column (kept
    as that text), so an index on the column still serves an order or a bound on it."""
    if dialect == "postgresql":
        return func.to_char(func.timezone("UTC", column), "YYYY-MM-DD HH24:MI:SS.US")
    return type_coerce(column, String)


def date_text(column: Any, dialect: str) -> ColumnElement[str]:
    """``YYYY-MM-DD`` of a date column (SQLite already stores it so)."""
    if dialect == "postgresql":
        return func.to_char(column, "YYYY-MM-DD")
    return type_coerce(column, String)


def text(value: Any) -> ColumnElement[str]:
    """A bound text value (a day's ISO form, a key)."""
    return literal(value, String)


def plus(day: ColumnElement[str], amount: int, unit: str, dialect: str) -> ColumnElement[str]:
    """``day`` + ``amount`` ``unit`` (``days``, ``months`` or ``years``), as ISO text.

    Month ends are clipped as ``relativedelta`` does: PostgreSQL's interval arithmetic does it;
    SQLite's ``date(d, '+N months')`` overflows into the next month, so the result is capped
    at the last day of the target month.
    """
    if unit == "years":
        amount, unit = amount * 12, "months"
    if dialect == "postgresql":
        moved = cast(day, Date) + func.make_interval(
            0, amount if unit == "months" else 0, 0, amount if unit == "days" else 0)
        return func.to_char(moved, "YYYY-MM-DD")
    if unit == "days":
        return func.date(day, f"{amount:+d} days")
    naive = func.date(day, f"{amount:+d} months")
    month_end = func.date(day, "start of month", f"{amount + 1:+d} months", "-1 days")
    return func.min(naive, month_end)


def binary(expression: ColumnElement[str], dialect: str) -> ColumnElement[str]:
    """``expression`` compared and sorted byte by byte (as Python compares ASCII keys)."""
    return expression.collate("C") if dialect == "postgresql" else expression
