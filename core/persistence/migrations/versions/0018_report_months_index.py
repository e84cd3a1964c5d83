"""The report's monthly sums read in month order from their own index.

A report sums ``report_aggregates`` per month and figure over its months. For one
delegation the primary key ``(delegation_id, month, figure)`` gives its months' range. For
every delegation (a national report) it did not: SQLite skipped through the key once per
delegation and grouped the rows in a temporary tree (ten national years at 100,000 persons,
130,000 rows: 0.18 s), and PostgreSQL read the whole table for a quarter as for ten years.
``ix_report_aggregates_months`` holds ``(month, figure, value)``: the months' range is read
in the grouping's order and summed from the index alone (0.026 s on SQLite). PostgreSQL
takes it for a few months and still reads the table for most of it, as it should.

Revision ID: 0018
Revises: 0017
Create Date: 2026-12-07
"""

from __future__ import annotations

from collections.abc import Sequence

from alembic import op

revision: str = "0018"
down_revision: str | None = "0017"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

NAME = "ix_report_aggregates_months"


def upgrade() -> None:
    op.create_index(NAME, "report_aggregates", ["month", "figure", "value"])


def downgrade() -> None:
    op.drop_index(NAME, table_name="report_aggregates")
