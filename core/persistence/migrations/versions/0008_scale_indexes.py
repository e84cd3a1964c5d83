"""Indexes that match the hot queries at national scale (issue 11).

* ``deadlines (track_id, status)`` replaces ``deadlines (track_id)``: loading a person's file
  asks for the open deadlines of her tracks; with the track alone, SQLite without statistics
  preferred ``(status, warn_from)`` and read every open deadline of the country.
* ``deadlines (person_id, status)``: a person's open deadlines (review queue per referent,
  erasure) without going through her tracks.
* ``tracks (person_id, status)``: a person's open tracks; the review queue asks it of every
  person it considers (is she followed?), and without statistics SQLite answered with the
  national ``(status, ...)`` indexes, reading every open track for each person.
* ``audit_log (reason, at)``: the review queue's exceptional accesses of the last 90 days,
  without reading 90 days of the whole audit log.

``parcours upgrade`` refreshes the planner's statistics after any migration
(:func:`core.persistence.migrate.upgrade`).

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-03
"""

from __future__ import annotations

from collections.abc import Sequence

from alembic import op

revision: str = "0008"
down_revision: str | None = "0007"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.drop_index(op.f("ix_deadlines_track_id"), table_name="deadlines")
    op.create_index(op.f("ix_deadlines_track_id_status"), "deadlines", ["track_id", "status"])
    op.create_index(op.f("ix_deadlines_person_id_status"), "deadlines", ["person_id", "status"])
    op.create_index(op.f("ix_tracks_person_id_status"), "tracks", ["person_id", "status"])
    op.create_index(op.f("ix_audit_log_reason_at"), "audit_log", ["reason", "at"])


def downgrade() -> None:
    op.drop_index(op.f("ix_tracks_person_id_status"), table_name="tracks")
    op.drop_index(op.f("ix_audit_log_reason_at"), table_name="audit_log")
    op.drop_index(op.f("ix_deadlines_person_id_status"), table_name="deadlines")
    op.drop_index(op.f("ix_deadlines_track_id_status"), table_name="deadlines")
    op.create_index(op.f("ix_deadlines_track_id"), "deadlines", ["track_id"])
