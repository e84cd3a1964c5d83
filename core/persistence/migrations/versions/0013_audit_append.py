"""PostgreSQL: an audit row appended in one statement.

Appending took two round trips: the head locked and read (``parcours_audit_head()``,
migration 0012), then the row inserted with the hash computed by the program. The hash
covers the row's canonical JSON, which holds the head's hash and the next position: the
program now sends that JSON in three parts around them (``core.services.audit.
canonical_parts``), and ``parcours_audit_append`` takes the lock, reads the head, completes
the JSON, hashes it with ``sha256`` (built into PostgreSQL 11 and later) and inserts the row,
returning its position. Both functions run with a fixed ``search_path`` (``pg_catalog``,
``public``, where ``parcours init`` puts the tables). The chain is unchanged: the program
still verifies every hash itself. A read's audit row, written in a transaction of its own, is
then one statement in autocommit (the advisory lock is held until that statement's
transaction ends). SQLite is untouched.

Revision ID: 0013
Revises: 0012
Create Date: 2026-12-04
"""

from __future__ import annotations

from collections.abc import Sequence

from alembic import op

revision: str = "0013"
down_revision: str | None = "0012"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

GENESIS = "0" * 64
"""The hash the first row chains from (``core.services.audit.GENESIS``), frozen here."""


def upgrade() -> None:
    if op.get_context().dialect.name != "postgresql":
        return
    op.execute(f"""
        CREATE FUNCTION parcours_audit_append(
            p_at timestamptz, p_actor_id integer, p_role varchar, p_session_id integer,
            p_operation varchar, p_person_id integer, p_target varchar, p_outcome varchar,
            p_reason varchar, p_detail json, p_before bytea, p_between bytea, p_after bytea)
        RETURNS integer LANGUAGE plpgsql VOLATILE SET search_path = pg_catalog, public AS $$
        DECLARE
            head_seq integer;
            head_hash varchar;
        BEGIN
            SELECT h.seq, h.hash INTO head_seq, head_hash FROM parcours_audit_head() AS h;
            head_seq := coalesce(head_seq, 0) + 1;
            head_hash := coalesce(head_hash, '{GENESIS}');
            INSERT INTO audit_log (seq, at, actor_id, role, session_id, operation, person_id,
                                   target, outcome, reason, detail, prev_hash, hash)
            VALUES (head_seq, p_at, p_actor_id, p_role, p_session_id, p_operation, p_person_id,
                    p_target, p_outcome, p_reason, p_detail, head_hash,
                    encode(sha256(convert_to(head_hash, 'UTF8') || p_before
                                  || convert_to(head_hash, 'UTF8') || p_between
                                  || convert_to(head_seq::text, 'UTF8') || p_after), 'hex'));
            RETURN head_seq;
        END $$""")
    # The head's function too: a role's own search_path must not choose which audit_log.
    op.execute("ALTER FUNCTION parcours_audit_head() SET search_path = pg_catalog, public")


def downgrade() -> None:
    if op.get_context().dialect.name == "postgresql":
        op.execute("ALTER FUNCTION parcours_audit_head() RESET search_path")
        op.execute("DROP FUNCTION parcours_audit_append(timestamptz, integer, varchar, integer, "
                   "varchar, integer, varchar, varchar, varchar, json, bytea, bytea, bytea)")
