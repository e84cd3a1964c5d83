"""Covering indexes for the activity report's distinct counts (issue 11 §4).

The report of whole months counts distinct persons from the period's active tracks (persons
followed, persons supported per domain, persons with a track of some definitions) in SQL.
``tracks (definition_id, definition_version, started_at, closed_at, person_id, step,
last_event_at)`` holds every column those counts read: one definition's tracks are a range of
the index, and a national count reads the index rather than the table (whose rows carry the
facts).
``visits (dropin_id, person_id)`` replaces ``visits (dropin_id)``: distinct persons seen over
the period's drop-ins are read from the index alone. ``parcours upgrade`` refreshes the
planner's statistics after any migration.

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-03
"""

from __future__ import annotations

from collections.abc import Sequence

from alembic import op

revision: str = "0010"
down_revision: str | None = "0009"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

COLUMNS = ["definition_id", "definition_version", "started_at", "closed_at", "person_id", "step",
           "last_event_at"]


def upgrade() -> None:
    op.create_index("ix_tracks_report", "tracks", COLUMNS)
    op.create_index(op.f("ix_visits_dropin_id_person_id"), "visits", ["dropin_id", "person_id"])
    op.drop_index(op.f("ix_visits_dropin_id"), table_name="visits")


def downgrade() -> None:
    op.create_index(op.f("ix_visits_dropin_id"), "visits", ["dropin_id"])
    op.drop_index(op.f("ix_visits_dropin_id_person_id"), table_name="visits")
    op.drop_index("ix_tracks_report", table_name="tracks")
