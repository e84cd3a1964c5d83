"""A delegation's holiday subdivision is kept as its code (« 971 »), never as a name.

Until now « Guadeloupe », « GP » or « Alsace » were stored as typed: the holidays were right
(the calendar knows those names), but the time zone is found by code, so a delegation in
Guadeloupe named that way lived on mainland France's clock (her day, her consents' status,
the day her deadlines count from). Each stored name becomes its code.

Revision ID: 0023
Revises: 0022
Create Date: 2026-12-08
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0023"
down_revision: str | None = "0022"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    from core.errors import InputError
    from core.rules.calendar import subdivision_code
    connection = op.get_bind()
    rows = connection.execute(sa.text(
        "SELECT id, holiday_subdivision FROM delegations WHERE holiday_subdivision IS NOT NULL"))
    for number, stored in rows.all():
        try:
            code = subdivision_code(stored)
        except InputError:  # refused when typed: never stored, but left as found
            continue
        if code != stored:
            connection.execute(sa.text(
                "UPDATE delegations SET holiday_subdivision = :code WHERE id = :id"),
                {"code": code, "id": number})


def downgrade() -> None:
    # A code means what the name meant: nothing to undo.
    pass
