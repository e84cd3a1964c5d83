"""The schema revision this code expects, checked without loading Alembic.

Every command checks it before touching data, so an old or empty database gets a French
sentence telling to run ``parcours init`` instead of an obscure SQL error. Importing Alembic
costs about 0.1 s; this module only reads the ``alembic_version`` table.
"""

from __future__ import annotations

from sqlalchemy.exc import SQLAlchemyError

from core.persistence.database import Database
from core.persistence.errors import translate

HEAD_REVISION = "0021"
"""The newest revision (a test keeps it equal to Alembic's head)."""


def is_current(database: Database) -> bool:
    """Whether the database is at :data:`HEAD_REVISION` (one query).

    Raises:
        PersistenceError: the server cannot be reached (said as such, not "run init").
    """
    new = database.created
    if new is not None and (not new.exists() or new.stat().st_size == 0):
        return False  # a file this process just created: empty, and left so (discard_if_empty)
    try:
        connection = database.engine.connect()
    except SQLAlchemyError as exc:
        raise translate(exc) from None
    try:
        with connection:
            found = connection.exec_driver_sql("SELECT version_num FROM alembic_version").all()
    except SQLAlchemyError:
        return False  # no version table: never initialised
    return [row[0] for row in found] == [HEAD_REVISION]
