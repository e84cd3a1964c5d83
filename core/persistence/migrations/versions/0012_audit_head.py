"""PostgreSQL: the audit chain's head locked and read in one round trip.

Appending an audit row (every call) locked the chain's head with a transaction advisory lock,
then read the last position and hash: two round trips. They cannot be one plain statement:
a statement reads the snapshot taken when it starts, before it waits for the lock, and would
miss a row committed meanwhile. ``parcours_audit_head()`` is a VOLATILE function: it takes
the lock, then reads with a snapshot of its own, taken once the lock is held (from the newest
checkpoint when the log is empty). On SQLite the write transaction already holds the database
lock; nothing changes there.

Revision ID: 0012
Revises: 0011
Create Date: 2026-12-03
"""

from __future__ import annotations

from collections.abc import Sequence

from alembic import op

revision: str = "0012"
down_revision: str | None = "0011"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

PG_LOCK = 0x70617263
"""The advisory lock key of the chain's head (``core.services.audit.PG_LOCK``), frozen here."""


def upgrade() -> None:
    if op.get_context().dialect.name != "postgresql":
        return
    op.execute(f"""
        CREATE FUNCTION parcours_audit_head(OUT seq integer, OUT hash varchar)
        LANGUAGE plpgsql VOLATILE AS $$
        BEGIN
            PERFORM pg_advisory_xact_lock({PG_LOCK});
            SELECT a.seq, a.hash INTO seq, hash FROM audit_log a ORDER BY a.seq DESC LIMIT 1;
            IF NOT FOUND THEN
                SELECT c.last_seq, c.last_hash INTO seq, hash
                FROM audit_checkpoints c ORDER BY c.id DESC LIMIT 1;
            END IF;
        END $$""")


def downgrade() -> None:
    if op.get_context().dialect.name == "postgresql":
        op.execute("DROP FUNCTION parcours_audit_head()")
