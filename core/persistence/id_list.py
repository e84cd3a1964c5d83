"""A list of row ids bound as one parameter (:func:`among`), so that a statement reading
"these persons' rows" is compiled once and run at the driver's cost.

``column.in_(ids)`` binds one parameter per id: SQLAlchemy expands the list and converts
every value on each run, and a statement whose length depends on the page cannot be kept
prepared (:class:`~core.persistence.prepared.Fixed`). Measured on the 10k base, a page's
fifty persons' keys: 356 µs through SQLAlchemy's expansion, 56 µs as one parameter with the
driver. The list goes as JSON text read by ``json_each`` on SQLite, as an array on
PostgreSQL; either way the database probes the column's index once per id, as for ``IN``,
and no list is too long for the driver's limit on parameters.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from typing import Any

from sqlalchemy import ARRAY, BigInteger, Boolean, ColumnElement, String, bindparam
from sqlalchemy.engine import Dialect
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.sql.compiler import SQLCompiler
from sqlalchemy.sql.visitors import InternalTraversal
from sqlalchemy.types import TypeDecorator, TypeEngine


class IdList(TypeDecorator[list[int]]):
    """Integers bound as one value: JSON text on SQLite, a ``bigint[]`` on PostgreSQL."""

    impl = String
    cache_ok = True

    def load_dialect_impl(self, dialect: Dialect) -> TypeEngine[Any]:
        if dialect.name == "postgresql":
            return dialect.type_descriptor(ARRAY(BigInteger()))
        return dialect.type_descriptor(String())

    def process_bind_param(self, value: Iterable[int] | None, dialect: Dialect) -> Any:
        ids = [int(i) for i in value or ()]  # int(): never text spliced into the JSON
        return ids if dialect.name == "postgresql" else json.dumps(ids)


class Among(ColumnElement[bool]):
    """``column`` is one of the ids bound as ``param``."""

    inherit_cache = True
    type = Boolean()
    _is_implicitly_boolean = True  # a condition as written: no ``= 1`` added on SQLite
    # What the statement cache's key and a copy of the statement are made of: without them
    # two conditions on different columns would share one compiled text.
    _traverse_internals = [("column", InternalTraversal.dp_clauseelement),
                           ("param", InternalTraversal.dp_clauseelement)]

    def __init__(self, column: ColumnElement[Any], param: Any) -> None:
        self.column = column
        self.param = param


def among(column: Any, name: str = "ids") -> Among:
    """SQL condition: ``column`` is one of the ids given as the value ``name`` (a list)."""
    return Among(column, bindparam(name, type_=IdList()))


@compiles(Among)
def _json_each(element: Among, compiler: SQLCompiler, **kw: Any) -> str:
    column = compiler.process(element.column, **kw)
    return f"{column} IN (SELECT value FROM json_each({compiler.process(element.param, **kw)}))"


@compiles(Among, "postgresql")
def _any(element: Among, compiler: SQLCompiler, **kw: Any) -> str:
    column = compiler.process(element.column, **kw)
    # The psycopg dialect casts the parameter itself (``%(ids)s::BIGINT[]``).
    return f"{column} = ANY({compiler.process(element.param, **kw)})"
