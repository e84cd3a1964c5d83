"""Statements compiled once and run again with new values, at the driver's cost.

SQLAlchemy caches compiled SQL, but every run of a statement still values and converts each
of its bound parameters anew (and expands its lists). For a statement of thousands of
parameters that are nearly all constants (the review queue: kinds, step names, the caller's
delegations in every arm), that Python work costs several times the query itself. A
:class:`Prepared` statement is compiled once for a dialect; its constants are converted once
and kept in the order the driver takes them; a run converts only the few named values it is
given and hands the rest to the driver as they are. Rows come back as the driver gives them
(plain values: integers, text, bytes), which is all a page of text columns needs.

Several fixed writes of one transaction that need nothing from each other go to PostgreSQL
as one statement (:class:`Joined`), each giving back its count of rows or its one returned
value: a round trip to the server costs more there than the write path's statements do.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Connection, CursorResult, bindparam, func, literal_column, select
from sqlalchemy.engine import Dialect

from core.persistence.results import affected


class Prepared:
    """``statement`` compiled for ``dialect``; the parameters named in ``variables`` (those
    the statement has: :attr:`variables`) are given on each run, every other one keeps the
    value it has in the statement."""

    def __init__(self, statement: Any, dialect: Dialect, variables: Iterable[str]) -> None:
        compiled = statement.compile(dialect=dialect)
        self.sql = compiled.string
        self.variables = frozenset(variables)
        types = {name: bind.type for bind, name in compiled.bind_names.items()}
        self._convert: dict[str, Callable[[Any], Any]] = {}
        for name, kind in types.items():
            processor = kind.dialect_impl(dialect).bind_processor(dialect)
            if processor is not None:
                self._convert[name] = processor
        # Variables may be required parameters (no value in the statement): named here.
        values = compiled.construct_params(dict.fromkeys(self.variables))
        # A builder may name a value no part of this statement ended up using.
        self.variables = self.variables & values.keys()
        order = compiled.positiontup if compiled.positional else None
        self._positional = order is not None
        if order is not None:
            self._row: list[Any] = [None if n in self.variables else self._value(n, values[n])
                                    for n in order]
            self._slots = {n: [i for i, m in enumerate(order) if m == n] for n in self.variables}
        else:
            self._named = {n: self._value(n, v) for n, v in values.items()
                           if n not in self.variables}

    def _value(self, name: str, value: Any) -> Any:
        convert = self._convert.get(name)
        return convert(value) if convert is not None else value

    def parameters(self, values: Mapping[str, Any]) -> tuple[Any, ...] | dict[str, Any]:
        """What the driver receives for ``values`` (exactly the statement's variables)."""
        if values.keys() != self.variables:
            raise ValueError(f"values for {sorted(values)}, expected {sorted(self.variables)}")
        if self._positional:
            row = list(self._row)
            for name, value in values.items():
                converted = self._value(name, value)
                for i in self._slots[name]:
                    row[i] = converted
            return tuple(row)
        named = dict(self._named)
        named.update((name, self._value(name, value)) for name, value in values.items())
        return named

    def run(self, connection: Connection, values: Mapping[str, Any], *,
            stream: bool = False) -> CursorResult[Any]:
        """Run with ``values`` on ``connection`` (the caller's transaction); ``stream``: rows
        are fetched as they are read (a server-side cursor where the driver needs one)."""
        options = {"stream_results": True} if stream else None
        if stream:
            read_to_end(connection)
        return connection.exec_driver_sql(self.sql, self.parameters(values),
                                          execution_options=options)


def read_to_end(connection: Connection) -> None:
    """Plan the transaction's cursors for reading every row (an export streamed through a
    server-side cursor): PostgreSQL plans a cursor for its first tenth of rows by default,
    choosing fast-start plans a whole read pays for. Nothing to do elsewhere."""
    if connection.dialect.name == "postgresql":
        connection.exec_driver_sql("SET LOCAL cursor_tuple_fraction = 1")


class Fixed:
    """A statement every command runs, prepared once per back-end and run as :class:`Prepared`.

    For the few statements of the write path (the event, the track's projection, the last
    contact, the month's count, the audit row): SQLAlchemy's own execution of a compiled
    statement costs about 25 µs more than the driver's (measured), and an ``advance`` runs
    half a dozen of them. Every parameter is a variable: a run gives them all.
    """

    def __init__(self, statement: Any, variables: Iterable[str], *, returns: bool = False) -> None:
        self.statement = statement
        self.variables = tuple(variables)
        """The names of the values a run gives (every parameter of the statement)."""
        self.returns = returns
        """Whether the statement returns one value (``RETURNING id``): what a :class:`Joined`
        run gives for it, instead of a count of rows."""
        self._prepared: dict[tuple[str, str], Prepared] = {}

    def run(self, connection: Connection, values: Mapping[str, Any]) -> CursorResult[Any]:
        """Run with ``values`` on ``connection`` (the caller's transaction)."""
        dialect = connection.dialect
        key = (dialect.name, dialect.driver)
        prepared = self._prepared.get(key)
        if prepared is None:
            prepared = self._prepared[key] = Prepared(self.statement, dialect, self.variables)
        return prepared.run(connection, values)


def fixed_insert(table: Any, columns: Iterable[str], returning: Any = None) -> Fixed:
    """``INSERT INTO table (columns) VALUES (...)`` as a :class:`Fixed` statement whose
    variables are the columns (typed as the columns are), optionally ``RETURNING``."""
    names = tuple(columns)
    # SQLAlchemy fills a column's Python default itself; a Fixed statement runs without it.
    defaulted = [c.name for c in table.c if c.default is not None and c.name not in names]
    if defaulted:
        raise ValueError(f"{table.name}: {defaulted} have defaults a fixed insert would skip")
    statement = table.insert().values({n: bindparam(n, type_=table.c[n].type) for n in names})
    if returning is None:
        return Fixed(statement, names)
    return Fixed(statement.returning(returning), names, returns=True)


@dataclass(frozen=True)
class Write:
    """One run of a fixed write: the statement and every value it takes."""

    fixed: Fixed
    values: Mapping[str, Any]


class Joined:
    """Fixed writes run as one statement on PostgreSQL, each as a data-modifying ``WITH``
    whose rows are counted; one after another elsewhere (SQLite has no such ``WITH``, and a
    statement there costs no round trip).

    Only for writes that do not read what another one writes: PostgreSQL runs the parts on
    one snapshot, in no set order, and of two changes to one row it keeps only one. Parts
    must therefore write different tables (checked), and take values of distinct names (a
    name shared by two parts would take one value for both).
    """

    def __init__(self, parts: tuple[Fixed, ...]) -> None:
        names = [name for part in parts for name in part.variables]
        if len(names) != len(set(names)):
            raise ValueError(f"joined writes share value names: {sorted(names)}")
        tables = [part.statement.table.name for part in parts]
        if len(tables) != len(set(tables)):
            raise ValueError(f"joined writes share a table: {tables}")
        self.parts = parts
        self._variables = tuple(names)
        self._prepared: dict[tuple[str, str], Prepared] = {}

    def statement(self) -> Any:
        """``WITH w0 AS (… RETURNING 1), … SELECT (SELECT count(*) FROM w0), …`` (the value
        itself for a part that returns one)."""
        answers = []
        for i, part in enumerate(self.parts):
            if part.returns:
                cte = part.statement.cte(f"w{i}")
                answers.append(select(*cte.c).scalar_subquery().label(f"n{i}"))
            else:
                cte = part.statement.returning(literal_column("1")).cte(f"w{i}")
                answers.append(select(func.count()).select_from(cte).scalar_subquery()
                               .label(f"n{i}"))
        return select(*answers)

    def run(self, connection: Connection, writes: list[Write]) -> list[Any]:
        """Run ``writes`` (one per part, in order): for each, the number of rows it wrote, or
        the value it returns."""
        if [w.fixed for w in writes] != list(self.parts):
            raise ValueError("the writes are not this statement's parts")
        dialect = connection.dialect
        if dialect.name != "postgresql" or len(writes) == 1:
            return [_answer(w.fixed, w.fixed.run(connection, w.values)) for w in writes]
        key = (dialect.name, dialect.driver)
        prepared = self._prepared.get(key)
        if prepared is None:
            prepared = self._prepared[key] = Prepared(self.statement(), dialect,
                                                      self._variables)
        values: dict[str, Any] = {}
        for write in writes:
            values.update(write.values)
        return list(prepared.run(connection, values).one())


def _answer(fixed: Fixed, result: CursorResult[Any]) -> Any:
    return result.scalar_one() if fixed.returns else affected(result)


_JOINED: dict[tuple[Fixed, ...], Joined] = {}


def run_writes(connection: Connection, writes: list[Write]) -> list[Any]:
    """Run ``writes`` in the caller's transaction, joined where the back-end allows it
    (:class:`Joined`, built once per sequence of statements); each one's row count (or
    returned value)."""
    parts = tuple(w.fixed for w in writes)
    joined = _JOINED.get(parts)
    if joined is None:
        joined = _JOINED[parts] = Joined(parts)
    return joined.run(connection, writes)
