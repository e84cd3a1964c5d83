"""The schema revision this code expects, checked without loading Alembic.

Every command checks it before touching data, so an old or empty database gets a French
sentence telling to run ``parcours init`` instead of an obscure SQL error. Importing Alembic
costs about 0.1 s; this module only reads the ``alembic_version`` table.
"""

from __future__ import annotations

from sqlalchemy.exc import SQLAlchemyError

from core.persistence.database import Database
from core.persistence.errors import translate

HEAD_REVISION = "0023"
"""The newest revision (a test keeps it equal to Alembic's head)."""


def is_current(database: Database) -> bool:
    """Whether the database is at :data:`HEAD_REVISION` (one query).

    Raises:
        PersistenceError: the server cannot be reached (said as such, not "run init").
    """
    return found_revision(database) == HEAD_REVISION


def found_revision(database: Database) -> str | None:
    """The database's schema revision (None: never initialised; one query).

    Raises:
        PersistenceError: the server cannot be reached.
    """
    new = database.created
    if new is not None and (not new.exists() or new.stat().st_size == 0):
        return None  # a file this process just created: empty, and left so (discard_if_empty)
    try:
        connection = database.engine.connect()
    except SQLAlchemyError as exc:
        raise translate(exc) from None
    try:
        with connection:
            found = connection.exec_driver_sql("SELECT version_num FROM alembic_version").all()
    except SQLAlchemyError:
        return None  # no version table: never initialised
    return found[0][0] if len(found) == 1 else None


def restore_interrupted(database: Database) -> bool:
    """Whether the base holds Parcours's tables and a schema version table with no row: a
    PostgreSQL restore killed before it wrote the version last (``restores._settled``). Not
    a base to initialise or upgrade: one to drop before restoring again."""
    if database.dialect != "postgresql":
        return False  # a SQLite restore goes into its target whole (a file is not created)
    try:
        with database.engine.connect() as connection:
            versions = connection.exec_driver_sql(
                "SELECT count(*) FROM alembic_version").scalar_one()
            connection.exec_driver_sql("SELECT 1 FROM base_info LIMIT 1").all()
    except SQLAlchemyError:
        return False  # no version table, or no base_info (downgraded to nothing): not that
    return int(versions) == 0


def is_older(revision: str) -> bool:
    """Whether ``revision`` precedes :data:`HEAD_REVISION` (revisions are numbered in order;
    another name is a later version's or another program's)."""
    return revision.isascii() and revision.isdigit() and int(revision) < int(HEAD_REVISION)
