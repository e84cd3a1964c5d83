"""Erasure and retention: two narrow exemptions to the append-only guards.

* ``events``: an UPDATE is accepted only on an event of a person already marked erased
  (``persons.erased_at`` set, in the same transaction, by the erasure), and only when it
  changes nothing but ``facts``, ``checks`` and ``deadlines_enc``: the erasure blanks the
  free text an event kept in clear (a France Travail identifier, a pause reason...) and
  drops what its checks and deadlines quoted, while the event itself (kind, steps, dates,
  actor) stays, so that past report figures do not change. DELETE and TRUNCATE stay refused.
* ``audit_log``: a DELETE is accepted only for a row that an audit checkpoint already covers
  (``seq`` at most the newest checkpoint's ``last_seq``): the retention of the log (CNIL
  délibération 2021-122, 6 to 12 months) writes the checkpoint first, so verification still
  starts from it. UPDATE and TRUNCATE stay refused.

On PostgreSQL the guards' functions are replaced (the trigger names stay); the application's
role still has no DELETE on the audit log (its purge runs with the owner's URL) and gets
UPDATE on the three event columns only (:mod:`core.persistence.roles`). Frozen: this file
imports nothing from the models.

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-04
"""

from __future__ import annotations

from collections.abc import Sequence

from alembic import op

revision: str = "0005"
down_revision: str | None = "0004"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

APPEND_ONLY = "parcours: events are append-only"
AUDIT_APPEND_ONLY = "parcours: audit log is append-only"
EVENTS_GUARD = "parcours_events_append_only"
AUDIT_GUARD = "parcours_audit_append_only"
KEPT = ("id", "person_id", "track_id", "kind", "trigger", "from_step", "to_step", "occurred_at",
        "recorded_at", "actor_id", "actor_role")
"""Columns an erased person's event keeps unchanged: everything but facts, checks, deadlines."""


def _same(prefix_new: str, prefix_old: str, distinct: str) -> str:
    return " AND ".join(f"NOT ({prefix_new}.{c} {distinct} {prefix_old}.{c})" for c in KEPT)


def _events_exempt(dialect: str) -> str:
    distinct = "IS NOT" if dialect == "sqlite" else "IS DISTINCT FROM"
    return (f"OLD.person_id IS NOT NULL AND (SELECT erased_at FROM persons "
            f"WHERE persons.id = OLD.person_id) IS NOT NULL AND {_same('NEW', 'OLD', distinct)}")


AUDIT_EXEMPT = "OLD.seq <= (SELECT COALESCE(MAX(last_seq), 0) FROM audit_checkpoints)"


def upgrade() -> None:
    if op.get_context().dialect.name == "sqlite":
        op.execute("DROP TRIGGER events_no_update")
        op.execute(f"CREATE TRIGGER events_no_update BEFORE UPDATE ON events "
                   f"WHEN NOT ({_events_exempt('sqlite')}) "
                   f"BEGIN SELECT RAISE(ABORT, '{APPEND_ONLY}'); END")
        op.execute("DROP TRIGGER audit_log_no_delete")
        op.execute(f"CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log "
                   f"WHEN NOT ({AUDIT_EXEMPT}) "
                   f"BEGIN SELECT RAISE(ABORT, '{AUDIT_APPEND_ONLY}'); END")
        return
    op.execute(f"""
        CREATE OR REPLACE FUNCTION {EVENTS_GUARD}() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
            IF TG_OP = 'UPDATE' AND {_events_exempt('postgresql')} THEN
                RETURN NEW;
            END IF;
            RAISE EXCEPTION '{APPEND_ONLY} (% refused)', TG_OP USING ERRCODE = 'restrict_violation';
        END
        $$""")
    op.execute(f"""
        CREATE OR REPLACE FUNCTION {AUDIT_GUARD}() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
            IF TG_OP = 'DELETE' AND {AUDIT_EXEMPT} THEN
                RETURN OLD;
            END IF;
            RAISE EXCEPTION '{AUDIT_APPEND_ONLY} (% refused)', TG_OP USING ERRCODE = 'restrict_violation';
        END
        $$""")


def downgrade() -> None:
    if op.get_context().dialect.name == "sqlite":
        op.execute("DROP TRIGGER events_no_update")
        op.execute(f"CREATE TRIGGER events_no_update BEFORE UPDATE ON events "
                   f"BEGIN SELECT RAISE(ABORT, '{APPEND_ONLY}'); END")
        op.execute("DROP TRIGGER audit_log_no_delete")
        op.execute(f"CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log "
                   f"BEGIN SELECT RAISE(ABORT, '{AUDIT_APPEND_ONLY}'); END")
        return
    for name, text in ((EVENTS_GUARD, APPEND_ONLY), (AUDIT_GUARD, AUDIT_APPEND_ONLY)):
        op.execute(f"""
            CREATE OR REPLACE FUNCTION {name}() RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN
                RAISE EXCEPTION '{text} (% refused)', TG_OP
                    USING ERRCODE = 'restrict_violation';
            END
            $$""")
