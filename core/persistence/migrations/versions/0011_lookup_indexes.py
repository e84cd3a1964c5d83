"""Indexes for lookups that read a whole table at national scale (issue 11).

``sensitive_facts (event_id)`` and ``notes (event_id)``: retention (R2) finds a life story's
sealed facts and notes from its events, and deletes them the same way; without them, listing
what is due read both tables whole. ``review_marks (person_id)`` and ``request_log
(person_id)``: an erasure clears and deletes her rows by her id. ``user_delegations
(delegation_id, user_id)``: a delegation's members (the referent candidates); the primary key
starts with ``user_id``. ``parcours upgrade`` refreshes the planner's statistics after any
migration.

Revision ID: 0011
Revises: 0010
Create Date: 2026-12-03
"""

from __future__ import annotations

from collections.abc import Sequence

from alembic import op

revision: str = "0011"
down_revision: str | None = "0010"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

INDEXES = (("sensitive_facts", ["event_id"]), ("notes", ["event_id"]),
           ("review_marks", ["person_id"]), ("request_log", ["person_id"]),
           ("user_delegations", ["delegation_id", "user_id"]))


def _name(table: str, columns: list[str]) -> str:
    return f"ix_{table}_{'_'.join(columns)}"


def upgrade() -> None:
    for table, columns in INDEXES:
        op.create_index(op.f(_name(table, columns)), table, columns)


def downgrade() -> None:
    for table, columns in reversed(INDEXES):
        op.drop_index(op.f(_name(table, columns)), table_name=table)
