"""A personal token may be limited to a scope (``lecture``, ``statistiques``).

``auth_sessions.scope`` is NULL for every session and for the tokens made before: they keep
all their owner may do (:mod:`core.services.token_scopes`).

Revision ID: 0022
Revises: 0021
Create Date: 2026-12-07
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0022"
down_revision: str | None = "0021"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.add_column("auth_sessions", sa.Column("scope", sa.String(), nullable=True))


def downgrade() -> None:
    # In place (SQLite 3.35 and later), as 0016 does: a rebuild would break the triggers.
    op.drop_column("auth_sessions", "scope")
