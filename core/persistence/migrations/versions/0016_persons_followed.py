"""Whether each person is followed, as a column: the review's "no contact" walks her kind only.

The ``no_contact`` items are followed persons (an open domain track, or the pathway at
individual follow-up) not seen for a while. Walked from ``persons (last_contact_at)``, the
oldest contacts came first: in a base of several years, the closed files of past years,
each probed for an open track before any followed person was met (0.12 s for a national
page at 100,000 persons, three quarters of them closed). ``persons.followed`` is that
condition kept by the writers of tracks (:mod:`core.services.followed`), filled here from
the tracks, and leads two indexes: national and per delegation.

Revision ID: 0016
Revises: 0015
Create Date: 2026-12-06
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0016"
down_revision: str | None = "0015"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

INDEXES = (["followed", "last_contact_at"], ["delegation_id", "followed", "last_contact_at"])
FILL = ("UPDATE persons SET followed = EXISTS (SELECT 1 FROM tracks t "
        "WHERE t.person_id = persons.id AND t.status = 'open' "
        "AND (t.definition_id <> 'parcours' OR t.step = 'suivi_individuel'))")
"""The condition of :func:`core.services.followed.condition`, as it stands in this revision."""


def _name(columns: list[str]) -> str:
    return f"ix_persons_{'_'.join(columns)}"


def upgrade() -> None:
    op.add_column("persons", sa.Column("followed", sa.Boolean(), nullable=False,
                                       server_default=sa.false()))
    op.execute(FILL)
    for columns in INDEXES:
        op.create_index(op.f(_name(columns)), "persons", columns)


def downgrade() -> None:
    for columns in reversed(INDEXES):
        op.drop_index(op.f(_name(columns)), table_name="persons")
    # In place (SQLite 3.35 and later): rebuilding ``persons`` would break the triggers that
    # name it.
    op.drop_column("persons", "followed")
