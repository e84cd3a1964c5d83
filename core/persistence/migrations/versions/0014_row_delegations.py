"""Each track and deadline carries its person's delegation, with indexes that walk one's queue.

A national association has about thirty delegations, each with persons of several years. A
supervisor of one of them (or of a region) asked for her review queue's first page: walking
the national ``(status, due)`` or ``(status, last_event_at)`` indexes read every other
delegation's rows before hers (0.18 s at 100,000 persons), and starting from her 3,000
persons probed each one's tracks (0.09 s). ``tracks.delegation_id`` and
``deadlines.delegation_id`` copy the person's (a person never changes delegation), and
``(delegation_id, status, …)`` indexes give her rows in the queue's order: a page costs
what it returns. Filled from ``persons`` here; every writer sets them from then on.

Revision ID: 0014
Revises: 0013
Create Date: 2026-12-06
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0014"
down_revision: str | None = "0013"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

TABLES = ("tracks", "deadlines")
INDEXES = (("tracks", ["delegation_id", "status", "last_event_at"]),
           ("tracks", ["delegation_id", "status", "step_since"]),
           ("deadlines", ["delegation_id", "status", "due"]))


def _name(table: str, columns: list[str]) -> str:
    return f"ix_{table}_{'_'.join(columns)}"


def upgrade() -> None:
    for table in TABLES:
        op.add_column(table, sa.Column("delegation_id", sa.Integer(), nullable=True))
        op.execute(f"UPDATE {table} SET delegation_id = (SELECT p.delegation_id FROM persons p "
                   f"WHERE p.id = {table}.person_id)")
        # SQLite cannot make a column NOT NULL in place: the table is rebuilt (foreign keys
        # are switched off around it and checked before the commit: core.persistence.migrate).
        with op.batch_alter_table(table, table_kwargs={"sqlite_autoincrement": True}) as batch:
            batch.alter_column("delegation_id", existing_type=sa.Integer(), nullable=False)
            batch.create_foreign_key(op.f(f"fk_{table}_delegation_id_delegations"),
                                     "delegations", ["delegation_id"], ["id"])
    for table, columns in INDEXES:
        op.create_index(op.f(_name(table, columns)), table, columns)


def downgrade() -> None:
    for table, columns in reversed(INDEXES):
        op.drop_index(op.f(_name(table, columns)), table_name=table)
    for table in reversed(TABLES):
        with op.batch_alter_table(table, table_kwargs={"sqlite_autoincrement": True}) as batch:
            batch.drop_constraint(op.f(f"fk_{table}_delegation_id_delegations"),
                                  type_="foreignkey")
            batch.drop_column("delegation_id")
