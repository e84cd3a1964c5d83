"""Alembic environment for the Parcours schema.

This module owns how a migration run reaches the database: on the connection handed over by
``core.persistence.migrate`` (``config.attributes["connection"]``), already inside the
transaction that makes the whole upgrade atomic, or else on an engine built from
``sqlalchemy.url`` with the project's own settings (so SQLite DDL is transactional there too).
Offline mode renders the SQL instead. Autogenerate compares against the models' metadata, types
included, and renders batch operations so that SQLite can alter tables.
"""

from __future__ import annotations

from typing import Any

from alembic import context
from sqlalchemy import Connection

from core.persistence import models  # noqa: F401  (registers every table on Base.metadata)
from core.persistence.base import Base, UTCDateTime
from core.persistence.database import WRITE_OPTION, make_engine


def render_item(type_: str, obj: Any, _autogen_context: Any) -> str | bool:
    """Render project types as plain SQLAlchemy ones, so revisions never import the models."""
    if type_ == "type" and isinstance(obj, UTCDateTime):
        return "sa.DateTime(timezone=True)"
    return False


OPTIONS: dict[str, Any] = {"target_metadata": Base.metadata, "render_as_batch": True,
                           "compare_type": True, "render_item": render_item}


def run_offline() -> None:
    """Render the migration SQL for the configured URL without connecting."""
    context.configure(url=context.config.get_main_option("sqlalchemy.url"), literal_binds=True,
                      **OPTIONS)
    with context.begin_transaction():
        context.run_migrations()


def run_on(connection: Connection) -> None:
    """Run the migrations on a connection, inside its transaction when it has one."""
    # transactional_ddl: with the project's BEGIN recipe, SQLite DDL does roll back.
    context.configure(connection=connection, transactional_ddl=True, **OPTIONS)
    with context.begin_transaction():
        context.run_migrations()


def run_online() -> None:
    """Run on the given connection, or on a short-lived engine built from the URL."""
    connection = context.config.attributes.get("connection")
    if connection is not None:
        run_on(connection)
        return
    engine = make_engine(context.config.get_main_option("sqlalchemy.url") or "")
    try:
        with engine.execution_options(**{WRITE_OPTION: True}).begin() as connection:
            run_on(connection)
    finally:
        engine.dispose()


if context.is_offline_mode():
    run_offline()
else:
    run_online()
