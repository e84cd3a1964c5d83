"""Reading a database behind the services' back, for the audit tests: the audit rows, the
rest of the data (to prove a refused or failed call changed nothing), a canary scan."""

from __future__ import annotations

import json
from typing import Any

from sqlalchemy import select

from core.persistence import access_models, models  # noqa: F401 - every table in the metadata
from core.persistence.access_models import AuditEntry
from core.persistence.base import Base
from core.persistence.database import Database

IGNORED_COLUMNS = {"auth_sessions": {"last_seen_at"}}
"""What every authenticated call updates, whatever its outcome (the idle timeout counts from it)."""


def audit_rows(db: Database, after: int = 0) -> list[dict[str, Any]]:
    """Audit rows past position ``after``, oldest first, as plain dicts."""
    with db.read() as session:
        rows = session.scalars(select(AuditEntry).where(AuditEntry.seq > after)
                               .order_by(AuditEntry.seq)).all()
        return [{c.key: getattr(r, c.key) for c in AuditEntry.__table__.columns} for r in rows]


def head_seq(db: Database) -> int:
    rows = audit_rows(db)
    return rows[-1]["seq"] if rows else 0


def state(db: Database) -> dict[str, list[tuple[Any, ...]]]:
    """Every row of every table but the audit log (a few bookkeeping columns left out)."""
    found = {}
    with db.read() as session:
        for table in Base.metadata.sorted_tables:
            if table.name == "audit_log":
                continue
            columns = [c for c in table.columns if c.name not in IGNORED_COLUMNS.get(table.name, ())]
            query = select(*columns).order_by(*table.primary_key.columns)
            found[table.name] = [tuple(r) for r in session.execute(query)]
    return found


def changed_tables(before: dict[str, list], after: dict[str, list]) -> list[str]:
    return sorted(name for name in before if before[name] != after[name])


def leaks(db: Database, canaries: tuple[str, ...]) -> list[tuple[int, str]]:
    """(position, canary) for every canary found anywhere in any audit row."""
    found = []
    for row in audit_rows(db):
        text = json.dumps(row, default=str, ensure_ascii=False)
        found += [(row["seq"], c) for c in canaries if c and c in text]
    return found
