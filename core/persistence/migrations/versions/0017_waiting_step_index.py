"""The review's waiting steps told apart in the index, not in each track's row.

The ``waiting_too_long`` items are open tracks at a waiting step for longer than that
step's expected answer time. Walked from ``tracks (status, step_since)`` down to the
loosest threshold (a day), every open track of the country older than a day was read from
its row to learn its definition and step, though only one in five waits at all (17.6 ms of
a national page at 100,000 persons: the queue's dearest kind). The two walks (national, and
per delegation since 0014) now carry ``definition_id``, ``definition_version`` and ``step``
after ``step_since``: the steps are sorted out in the index, and only the tracks that wait
too long are read (3.3 ms; one delegation's 2.2 → 0.9 ms).

Revision ID: 0017
Revises: 0016
Create Date: 2026-12-06
"""

from __future__ import annotations

from collections.abc import Sequence

from alembic import op

revision: str = "0017"
down_revision: str | None = "0016"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

STEP = ["definition_id", "definition_version", "step"]
WALKS = (["status", "step_since"], ["delegation_id", "status", "step_since"])


def upgrade() -> None:
    for columns in WALKS:
        op.drop_index(_name(columns), table_name="tracks")
        op.create_index(_name([*columns, "step"]), "tracks", [*columns, *STEP])


def downgrade() -> None:
    for columns in reversed(WALKS):
        op.drop_index(_name([*columns, "step"]), table_name="tracks")
        op.create_index(_name(columns), "tracks", columns)


def _name(columns: list[str]) -> str:
    return f"ix_tracks_{'_'.join(columns)}"
