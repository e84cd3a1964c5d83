"""Consent per purpose and legal holds.

``consents``: a person's consent to a purpose (``suivi``, ``partage`` with a named partner,
sealed, ``statistiques``), given on a date, perhaps expiring, withdrawn by an event.
``person_holds``: legal holds (GDPR art. 17(3)(e)) that stop retention from erasing a person;
their reason is sealed with her key.

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-03
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0004"
down_revision: str | None = "0003"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def _fk(column: str, table: str, target: str) -> sa.ForeignKeyConstraint:
    return sa.ForeignKeyConstraint([column], [f"{target}.id"],
                                   name=op.f(f"fk_{table}_{column}_{target}"))


def _when(name: str, nullable: bool = True) -> sa.Column:
    return sa.Column(name, sa.DateTime(timezone=True), nullable=nullable)


def upgrade() -> None:
    op.create_table(
        "consents", sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("person_id", sa.Integer(), nullable=False),
        sa.Column("purpose", sa.String(), nullable=False),
        sa.Column("partner_enc", sa.LargeBinary(), nullable=True),
        sa.Column("partner_hash", sa.String(), nullable=True),
        sa.Column("given_on", sa.Date(), nullable=False),
        sa.Column("expires_on", sa.Date(), nullable=True),
        sa.Column("recorded_by", sa.Integer(), nullable=False),
        _when("recorded_at", nullable=False),
        sa.Column("event_id", sa.Integer(), nullable=True),
        _when("withdrawn_at"),
        sa.Column("withdrawn_by", sa.Integer(), nullable=True),
        sa.Column("withdrawal_event_id", sa.Integer(), nullable=True),
        sa.CheckConstraint("purpose IN ('suivi', 'partage', 'statistiques')",
                           name=op.f("ck_consents_purpose_known")),
        _fk("person_id", "consents", "persons"), _fk("recorded_by", "consents", "users"),
        _fk("event_id", "consents", "events"), _fk("withdrawn_by", "consents", "users"),
        _fk("withdrawal_event_id", "consents", "events"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_consents")),
        sqlite_autoincrement=True)
    op.create_index(op.f("ix_consents_person_id_purpose"), "consents", ["person_id", "purpose"])
    op.create_table(
        "person_holds", sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("person_id", sa.Integer(), nullable=False),
        sa.Column("reason_enc", sa.LargeBinary(), nullable=False),
        sa.Column("placed_by", sa.Integer(), nullable=False),
        _when("placed_at", nullable=False), _when("lifted_at"),
        sa.Column("lifted_by", sa.Integer(), nullable=True),
        _fk("person_id", "person_holds", "persons"), _fk("placed_by", "person_holds", "users"),
        _fk("lifted_by", "person_holds", "users"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_person_holds")),
        sqlite_autoincrement=True)
    op.create_index(op.f("ix_person_holds_person_id_lifted_at"), "person_holds",
                    ["person_id", "lifted_at"])


def downgrade() -> None:
    op.drop_index(op.f("ix_person_holds_person_id_lifted_at"), table_name="person_holds")
    op.drop_table("person_holds")
    op.drop_index(op.f("ix_consents_person_id_purpose"), table_name="consents")
    op.drop_table("consents")
