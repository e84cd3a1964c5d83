"""Monthly report aggregates (issue 11): the activity report reads summaries, not every row.

``report_aggregates`` holds, per delegation, calendar month (``YYYY-MM``, UTC) and figure, the
additive figures of the activity report: drop-ins, volunteer hours and rows, identified and
anonymous visits (and anonymous rows), new persons (by first visit), and transition events by
``transition:<definition>:<trigger>:<step reached>``. The services keep it up to date in the
transaction of each write (:mod:`core.services.report_aggregates`); ``parcours report
--rebuild`` recomputes it. The upgrade fills it from the existing rows with the same SQL as
that rebuild. A partial index on ``events (track_id, occurred_at)`` holds the transitions
entering or leaving individual follow-up: the report finds who was followed during a period
without reading every pathway's history. ``tracks.started_at`` copies each track's stated start
(its ``track_started`` event) so the report need not look it up per track. Frozen: this file
imports nothing from the models.

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-03
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0009"
down_revision: str | None = "0008"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


FOLLOW_UP_MOVE = ("kind = 'transition' AND (from_step = 'suivi_individuel' "
                  "OR to_step = 'suivi_individuel')")


def _month(column: str, dialect: str, stamp: bool = False) -> str:
    if dialect == "postgresql":
        return (f"to_char(timezone('UTC', {column}), 'YYYY-MM')" if stamp
                else f"to_char({column}, 'YYYY-MM')")
    return f"substr({column}, 1, 7)"


def fill_sql(dialect: str) -> str:
    """Every aggregate row, recomputed from drop-ins, visits, persons and events."""
    day = _month("d.day", dialect)
    return f"""
INSERT INTO report_aggregates (delegation_id, month, figure, value)
SELECT delegation_id, month, figure, SUM(value) FROM (
  SELECT d.delegation_id AS delegation_id, {day} AS month, 'dropins' AS figure,
         CAST(1 AS NUMERIC(16, 2)) AS value FROM dropins d
  UNION ALL SELECT d.delegation_id, {day}, 'volunteer_hours', v.hours
    FROM dropin_volunteers v JOIN dropins d ON d.id = v.dropin_id
  UNION ALL SELECT d.delegation_id, {day}, 'volunteer_rows', 1
    FROM dropin_volunteers v JOIN dropins d ON d.id = v.dropin_id
  UNION ALL SELECT d.delegation_id, {day},
         CASE WHEN v.person_id IS NULL THEN 'visits_anonymous' ELSE 'visits_identified' END,
         v.count FROM visits v JOIN dropins d ON d.id = v.dropin_id
  UNION ALL SELECT d.delegation_id, {day}, 'anonymous_rows', 1
    FROM visits v JOIN dropins d ON d.id = v.dropin_id WHERE v.person_id IS NULL
  UNION ALL SELECT p.delegation_id, {_month("p.first_visit", dialect)}, 'persons_new', 1
    FROM persons p WHERE p.first_visit IS NOT NULL
  UNION ALL SELECT p.delegation_id, {_month("e.occurred_at", dialect, stamp=True)},
         'transition:' || t.definition_id || ':' || COALESCE(e.trigger, '') || ':'
         || COALESCE(e.to_step, ''), 1
    FROM events e JOIN tracks t ON t.id = e.track_id JOIN persons p ON p.id = t.person_id
    WHERE e.kind = 'transition'
) AS figures GROUP BY delegation_id, month, figure"""


def upgrade() -> None:
    op.create_table(
        "report_aggregates",
        sa.Column("delegation_id", sa.Integer(), nullable=False),
        sa.Column("month", sa.String(length=7), nullable=False),
        sa.Column("figure", sa.String(), nullable=False),
        sa.Column("value", sa.Numeric(precision=16, scale=2), nullable=False),
        sa.ForeignKeyConstraint(["delegation_id"], ["delegations.id"],
                                name=op.f("fk_report_aggregates_delegation_id_delegations")),
        sa.PrimaryKeyConstraint("delegation_id", "month", "figure",
                                name=op.f("pk_report_aggregates")))
    op.execute(fill_sql(op.get_context().dialect.name))
    op.add_column("tracks", sa.Column("started_at", sa.DateTime(timezone=True), nullable=True))
    op.execute("UPDATE tracks SET started_at = (SELECT e.occurred_at FROM events e WHERE "
               "e.track_id = tracks.id AND e.kind = 'track_started' ORDER BY e.id LIMIT 1)")
    op.create_index("ix_events_follow_up", "events", ["track_id", "occurred_at"],
                    sqlite_where=sa.text(FOLLOW_UP_MOVE), postgresql_where=sa.text(FOLLOW_UP_MOVE))


def downgrade() -> None:
    op.drop_index("ix_events_follow_up", table_name="events")
    with op.batch_alter_table("tracks", table_kwargs={"sqlite_autoincrement": True}) as batch:
        batch.drop_column("started_at")
    op.drop_table("report_aggregates")
