"""Bulk writes: one compiled INSERT, values converted once, the driver's own ``executemany``.

SQLAlchemy's Core ``executemany`` converts every value of every row through the column types
(timestamps to UTC text on SQLite, JSON to text...) and builds a parameter dictionary per row;
for millions of rows that costs more than the database's own work. :class:`BulkInsert`
compiles the INSERT once for the connection's dialect and converts values with the very same
type processors, but lets a caller convert what repeats once (:meth:`BulkInsert.convert`) and
pass plain ready rows (:meth:`BulkInsert.run`): what is stored is byte for byte what the ORM
would store. It is still all in the caller's transaction.

On PostgreSQL, a large batch goes through ``COPY … FROM STDIN`` (psycopg's ``Copy``), several
times faster than an ``INSERT`` per row and still inside the transaction: a failure anywhere
rolls the whole batch back with everything else.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlalchemy import Connection, Table, insert
from sqlalchemy.engine import Dialect


class BulkInsert:
    """An INSERT of ``columns`` into ``table``, compiled for ``dialect``.

    Args:
        table: the Core table.
        columns: the columns every row gives, in the order of the values.
        dialect: the dialect of the connection that will run it.
    """

    def __init__(self, table: Table, columns: Sequence[str], dialect: Dialect) -> None:
        self.table, self.columns = table, tuple(columns)
        compiled = insert(table).compile(dialect=dialect, column_keys=list(self.columns))
        self.sql = str(compiled)
        self.positional = bool(compiled.positional)
        if self.positional:
            # The driver binds by position: the order of the compiled statement's parameters.
            order = {name: i for i, name in enumerate(self.columns)}
            self._order = [order[name] for name in compiled.positiontup or ()]
        self._processors = [table.c[name].type._cached_bind_processor(dialect)
                            for name in self.columns]
        self.copy_sql = (f"COPY {table.name} ({', '.join(self.columns)}) FROM STDIN"
                         if dialect.name == "postgresql" else None)

    def index(self, column: str) -> int:
        """Where ``column``'s value goes in a row."""
        return self.columns.index(column)

    def convert(self, column: str, value: Any) -> Any:
        """``value`` as the driver receives it for ``column`` (None stays None)."""
        processor = self._processors[self.index(column)]
        return processor(value) if processor is not None and value is not None else value

    def convert_row(self, row: dict[str, Any]) -> list[Any]:
        """A row (by column name) as a list of driver values, in :attr:`columns` order."""
        return [p(row[c]) if p is not None and row[c] is not None else row[c]
                for c, p in zip(self.columns, self._processors, strict=True)]

    def rows_of(self, rows: Sequence[dict[str, Any]],
                same: dict[str, Any] | None = None) -> list[list[Any]]:
        """Rows by column name as driver rows; ``same`` holds the values every row shares,
        converted once (a timestamp or an empty JSON list costs more than a row's insert)."""
        fixed = {column: self.convert(column, value) for column, value in (same or {}).items()}
        base = [fixed.get(column) for column in self.columns]
        varying = [(i, column, processor) for i, (column, processor)
                   in enumerate(zip(self.columns, self._processors, strict=True))
                   if column not in fixed]
        out = []
        for row in rows:
            values = base.copy()
            for i, column, processor in varying:
                value = row[column]
                values[i] = processor(value) if processor is not None and value is not None \
                    else value
            out.append(values)
        return out

    def run(self, connection: Connection, rows: list[list[Any]]) -> None:
        """Insert ``rows`` (driver values in :attr:`columns` order) with one ``executemany``,
        or ``COPY`` on PostgreSQL from :data:`COPY_FROM` rows on."""
        if not rows:
            return
        if self.copy_sql is not None and len(rows) >= COPY_FROM:
            self._copy(connection, rows)
            return
        if self.positional:
            params: list[Any] = [tuple(row[i] for i in self._order) for row in rows] \
                if self._order != list(range(len(self.columns))) else [tuple(r) for r in rows]
        else:
            params = [dict(zip(self.columns, row, strict=True)) for row in rows]
        connection.exec_driver_sql(self.sql, params)

    def _copy(self, connection: Connection, rows: list[list[Any]]) -> None:
        assert self.copy_sql is not None
        raw = connection.connection.driver_connection
        assert raw is not None
        with raw.cursor() as cursor, cursor.copy(self.copy_sql) as copy:
            for row in rows:
                copy.write_row(row)


COPY_FROM = 64
"""Rows from which ``COPY`` beats an ``executemany`` on PostgreSQL (its set-up is one round
trip; below, the difference is noise)."""
