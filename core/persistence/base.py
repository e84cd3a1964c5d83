"""The declarative base every Parcours table derives from, and its column conventions.

This module owns the one ``MetaData`` (with a naming convention, so that Alembic can name, compare
and later drop every constraint and index on SQLite as on PostgreSQL), the mapping from Python
annotations to column types, and :class:`UTCDateTime`, the only way timestamps are stored: always
UTC, always returned timezone-aware, whatever the back-end keeps.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any, ClassVar

from sqlalchemy import JSON, DateTime, LargeBinary, MetaData, Table
from sqlalchemy.engine import Dialect
from sqlalchemy.orm import DeclarativeBase
from sqlalchemy.types import TypeDecorator, TypeEngine

NAMING_CONVENTION = {
    "ix": "ix_%(table_name)s_%(column_0_N_name)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


def utcnow() -> datetime:
    """Return the current time as a timezone-aware UTC datetime."""
    return datetime.now(UTC)


class UTCDateTime(TypeDecorator[datetime]):
    """A timestamp stored in UTC and always read back as an aware UTC ``datetime``.

    SQLite has no time zone type: it keeps the naive UTC wall time, and the zone is put back on
    the way out. PostgreSQL gets ``timestamp with time zone``. Naive datetimes are refused, since
    guessing their zone would silently shift recorded dates.

    Raises:
        ValueError: when a naive datetime is bound (surfaces as a ``StatementError``).
    """

    impl = DateTime
    cache_ok = True

    def load_dialect_impl(self, dialect: Dialect) -> TypeEngine[Any]:
        # SQLite reflects plain DATETIME; asking for timezone there would make Alembic see a diff.
        return dialect.type_descriptor(DateTime(timezone=dialect.name != "sqlite"))

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None or value.utcoffset() is None:
            raise ValueError("UTCDateTime refuses naive datetimes")
        value = value.astimezone(UTC)
        return value.replace(tzinfo=None) if dialect.name == "sqlite" else value

    def process_result_value(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            return value.replace(tzinfo=UTC)
        return value.astimezone(UTC)


class Base(DeclarativeBase):
    """Declarative base: shared naming convention and annotation-to-type map."""

    metadata = MetaData(naming_convention=NAMING_CONVENTION)
    type_annotation_map = {
        datetime: UTCDateTime(),
        dict[str, Any]: JSON(),
        list[Any]: JSON(),
        bytes: LargeBinary(),
    }

    if TYPE_CHECKING:
        # SQLAlchemy types it as any FromClause; every model here maps a plain Table, which
        # Core statements (``insert(Model.__table__)``, bulk updates) take as such.
        __table__: ClassVar[Table]
