"""PostgreSQL roles: the application connects as a role that owns nothing.

Migrations run as the owner of the tables (``parcours init`` / ``parcours upgrade`` with the
owner's URL); :func:`grant_application_role` then gives the application's role what it needs
and no more: reading and writing the working tables, only reading and appending to the
history (``events``) and the audit log, only reading the schema version and the audit
checkpoints (where verification restarts after a purge: the purge, not the application,
writes them). The one exception on ``events``: UPDATE of ``facts``, ``checks`` and
``deadlines_enc`` only, which the erasure of a person needs to blank what her events quoted;
the trigger of migration 0005 accepts it only for a person already marked erased. Not owning
the tables, it can neither disable their triggers nor drop, alter or truncate them, so history
cannot be rewritten through the application's connection (security.md AU-3, OP-3).
"""

from __future__ import annotations

import re

from sqlalchemy import text

from core import messages as M
from core.errors import InputError
from core.persistence.base import Base
from core.persistence.database import WRITE_OPTION, Database

APPEND_ONLY = ("events", "audit_log")
READ_ONLY = ("alembic_version", "audit_checkpoints")
ERASABLE_EVENT_COLUMNS = ("facts", "checks", "deadlines_enc")
AUDIT_FUNCTIONS = ("parcours_audit_head()", "parcours_audit_append(timestamptz, integer, "
                   "varchar, integer, varchar, integer, varchar, varchar, varchar, json, bytea, "
                   "bytea, bytea)")
"""The functions that append to the audit log (migrations 0012 and 0013)."""
_ROLE = re.compile(r"[a-z_][a-z0-9_]{0,62}")


def grant_application_role(db: Database, role: str) -> None:
    """Grant ``role`` the application's rights on every table (PostgreSQL only).

    Raises:
        InputError: not a PostgreSQL base, or a role name that is not a plain identifier.
    """
    if db.dialect != "postgresql":
        raise InputError(M.ROLES_POSTGRESQL_ONLY)
    if not _ROLE.fullmatch(role):
        raise InputError(M.ROLES_BAD_NAME.format(role=role[:64]))
    working = [t for t in Base.metadata.tables if t not in APPEND_ONLY + READ_ONLY]
    with db.engine.execution_options(**{WRITE_OPTION: True}).begin() as conn:
        conn.execute(text(f'GRANT USAGE ON SCHEMA public TO "{role}"'))
        conn.execute(text(f'GRANT SELECT, INSERT, UPDATE, DELETE ON {_list(working)} TO "{role}"'))
        conn.execute(text(f'REVOKE ALL ON {_list(APPEND_ONLY)} FROM "{role}"'))
        conn.execute(text(f'GRANT SELECT, INSERT ON {_list(APPEND_ONLY)} TO "{role}"'))
        conn.execute(text(f'GRANT UPDATE ({_list(ERASABLE_EVENT_COLUMNS)}) ON "events" '
                          f'TO "{role}"'))
        conn.execute(text(f'REVOKE ALL ON {_list(READ_ONLY)} FROM "{role}"'))
        conn.execute(text(f'GRANT SELECT ON {_list(READ_ONLY)} TO "{role}"'))
        conn.execute(text(f'GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO "{role}"'))
        for function in AUDIT_FUNCTIONS:  # PUBLIC may run them by default: not relied on
            conn.execute(text(f'GRANT EXECUTE ON FUNCTION {function} TO "{role}"'))


def _list(tables: list[str] | tuple[str, ...]) -> str:
    return ", ".join(f'"{t}"' for t in tables)
