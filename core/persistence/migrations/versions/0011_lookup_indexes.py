"""Indexes for lookups that read a whole table at national scale (issue 11).

``sensitive_facts (event_id)`` and ``notes (event_id)``: retention (R2) finds a life story's
sealed facts and notes from its events, and deletes them the same way; without them, listing
what is due read both tables whole. ``review_marks (person_id)`` and ``request_log
(person_id)``: an erasure clears and deletes her rows by her id. ``user_delegations
(delegation_id, user_id)``: a delegation's members (the referent candidates); the primary key
starts with ``user_id``. ``tracks (person_id, definition_id)`` and ``tracks (person_id,
status)`` get ``step`` and ``definition_id`` as a last column: the people screen's filters,
correlated to each person, then read her tracks from the index alone (a national count reads
them for every person). ``parcours upgrade`` refreshes the planner's statistics after any
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

WIDENED = ((["person_id", "definition_id"], ["person_id", "definition_id", "step"]),
           (["person_id", "status"], ["person_id", "status", "definition_id"]))
"""Indexes of ``tracks`` replaced by the same with one more column (before, after)."""


def _name(table: str, columns: list[str]) -> str:
    return f"ix_{table}_{'_'.join(columns)}"


def upgrade() -> None:
    for table, columns in INDEXES:
        op.create_index(op.f(_name(table, columns)), table, columns)
    for narrow, wide in WIDENED:
        op.create_index(op.f(_name("tracks", wide)), "tracks", wide)
        op.drop_index(op.f(_name("tracks", narrow)), table_name="tracks")


def downgrade() -> None:
    for narrow, wide in reversed(WIDENED):
        op.create_index(op.f(_name("tracks", narrow)), "tracks", narrow)
        op.drop_index(op.f(_name("tracks", wide)), table_name="tracks")
    for table, columns in reversed(INDEXES):
        op.drop_index(op.f(_name(table, columns)), table_name=table)
