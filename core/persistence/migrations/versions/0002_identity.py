"""Identity and access: delegations, passwords, sessions and tokens, throttling, audit log.

Existing bases keep working: every person, drop-in and user goes into one first delegation
(code ``principale``), and existing accounts have no password until ``parcours init --admin``
(for the administrator) or an administrator's reset sets one. The audit log gets the same
append-only guard as ``events``. Frozen: this file imports nothing from the models.

On SQLite, making ``delegation_id`` NOT NULL rebuilds ``persons`` and ``dropins`` (SQLite
cannot alter a column; ``core.persistence.migrate`` runs SQLite migrations with foreign keys
off and checks every reference before the commit, as SQLite documents), and the AUTOINCREMENT
counter is carried over so that an erased person's number never comes back.

Revision ID: 0002
Revises: 0001
Create Date: 2026-12-02
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime

import sqlalchemy as sa
from alembic import op

revision: str = "0002"
down_revision: str | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# core.persistence.errors.APPEND_ONLY_MARKER matches this text to pick the user's message.
APPEND_ONLY = "parcours: audit log is append-only"
PG_GUARD = "parcours_audit_append_only"
FIRST_CODE = "principale"
FIRST_LABEL = "Délégation principale"


def _at(name: str, *, nullable: bool = False) -> sa.Column:
    return sa.Column(name, sa.DateTime(timezone=True), nullable=nullable)


def _int(name: str, *, nullable: bool = False) -> sa.Column:
    return sa.Column(name, sa.Integer(), nullable=nullable)


def _text(name: str, *, nullable: bool = False) -> sa.Column:
    return sa.Column(name, sa.String(), nullable=nullable)


def upgrade() -> None:
    _create_delegations()
    first = _first_delegation()
    _extend_users(first)
    for table in ("persons", "dropins"):
        _attach_to_delegation(table, first)
    _create_sessions_and_throttle()
    _create_audit()
    _protect_audit()


def downgrade() -> None:
    _unprotect_audit()
    for table in ("audit_checkpoints", "audit_log", "signin_throttle", "auth_sessions"):
        op.drop_table(table)
    for table in ("persons", "dropins"):
        _detach_from_delegation(table)
    with op.batch_alter_table("users") as batch:
        for column in ("password_changed_at", "must_change_password", "password_hash"):
            batch.drop_column(column)
    op.drop_table("user_delegations")
    op.drop_table("delegations")


def _create_delegations() -> None:
    op.create_table(
        "delegations", _int("id"), _text("code"), _text("label"),
        _text("holiday_subdivision", nullable=True), _at("created_at"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_delegations")),
        sa.UniqueConstraint("code", name=op.f("uq_delegations_code")),
        sqlite_autoincrement=True)
    op.create_table(
        "user_delegations", _int("user_id"), _int("delegation_id"),
        sa.ForeignKeyConstraint(["delegation_id"], ["delegations.id"],
                                name=op.f("fk_user_delegations_delegation_id_delegations")),
        sa.ForeignKeyConstraint(["user_id"], ["users.id"],
                                name=op.f("fk_user_delegations_user_id_users")),
        sa.PrimaryKeyConstraint("user_id", "delegation_id", name=op.f("pk_user_delegations")))


def _first_delegation() -> int | None:
    """The delegation existing rows go into; created only when the base already holds data."""
    bind = op.get_bind()
    has_data = any(bind.execute(sa.text(f"SELECT 1 FROM {table} LIMIT 1")).first()
                   for table in ("users", "persons", "dropins"))
    if not has_data:
        return None
    delegations = sa.table("delegations", sa.column("code", sa.String()),
                           sa.column("label", sa.String()),
                           sa.column("created_at", sa.DateTime(timezone=True)))
    now = datetime.now(UTC)
    # SQLite keeps naive UTC wall times, like the models' UTCDateTime does.
    at = now.replace(tzinfo=None) if bind.dialect.name == "sqlite" else now
    bind.execute(delegations.insert().values(code=FIRST_CODE, label=FIRST_LABEL, created_at=at))
    return bind.execute(sa.text("SELECT id FROM delegations WHERE code = :code"),
                        {"code": FIRST_CODE}).scalar_one()


def _extend_users(first: int | None) -> None:
    # Plain ADD COLUMN (no table rebuild): SQLite accepts it for these three columns.
    op.add_column("users", _text("password_hash", nullable=True))
    op.add_column("users", sa.Column("must_change_password", sa.Boolean(), nullable=False,
                                     server_default=sa.false()))
    op.add_column("users", _at("password_changed_at", nullable=True))
    if first is not None:
        op.execute(sa.text("INSERT INTO user_delegations (user_id, delegation_id) "
                           "SELECT id, :first FROM users").bindparams(first=first))


def _attach_to_delegation(table: str, first: int | None) -> None:
    bind = op.get_bind()
    sqlite = bind.dialect.name == "sqlite"
    counter = _sqlite_counter(table) if sqlite else 0
    op.add_column(table, _int("delegation_id", nullable=True))
    if first is not None:
        op.execute(sa.text(f"UPDATE {table} SET delegation_id = :first").bindparams(first=first))
    index = "alias_key" if table == "persons" else "day"
    with op.batch_alter_table(table, table_kwargs={"sqlite_autoincrement": True}) as batch:
        batch.alter_column("delegation_id", existing_type=sa.Integer(), nullable=False)
        batch.create_foreign_key(op.f(f"fk_{table}_delegation_id_delegations"), "delegations",
                                 ["delegation_id"], ["id"])
        batch.create_index(op.f(f"ix_{table}_delegation_id_{index}"), ["delegation_id", index])
    if sqlite:
        _restore_sqlite_counter(table, counter)


def _detach_from_delegation(table: str) -> None:
    index = "alias_key" if table == "persons" else "day"
    with op.batch_alter_table(table, table_kwargs={"sqlite_autoincrement": True}) as batch:
        batch.drop_index(op.f(f"ix_{table}_delegation_id_{index}"))
        batch.drop_constraint(op.f(f"fk_{table}_delegation_id_delegations"), type_="foreignkey")
        batch.drop_column("delegation_id")


def _sqlite_counter(table: str) -> int:
    row = op.get_bind().execute(sa.text("SELECT seq FROM sqlite_sequence WHERE name = :name"),
                                {"name": table}).first()
    return int(row[0]) if row else 0


def _restore_sqlite_counter(table: str, counter: int) -> None:
    # The rebuilt table's counter restarts at its largest id: a deleted last row would be reused.
    if counter:
        op.execute(sa.text("UPDATE sqlite_sequence SET seq = MAX(seq, :counter) WHERE name = :name")
                   .bindparams(counter=counter, name=table))


def _create_sessions_and_throttle() -> None:
    op.create_table(
        "auth_sessions", _int("id"), _int("user_id"), _text("kind"), _text("token_hash"),
        _text("label", nullable=True), _at("created_at"), _at("last_seen_at"), _at("expires_at"),
        _int("idle_seconds", nullable=True), _at("reauth_at", nullable=True),
        _at("revoked_at", nullable=True), _text("revoked_reason", nullable=True),
        sa.CheckConstraint("kind IN ('session', 'token')", name=op.f("ck_auth_sessions_kind_known")),
        sa.ForeignKeyConstraint(["user_id"], ["users.id"], name=op.f("fk_auth_sessions_user_id_users")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_auth_sessions")),
        sa.UniqueConstraint("token_hash", name=op.f("uq_auth_sessions_token_hash")),
        sqlite_autoincrement=True)
    op.create_index(op.f("ix_auth_sessions_user_id"), "auth_sessions", ["user_id"])
    op.create_table(
        "signin_throttle", _text("key"), _int("failures"), _at("last_failure_at"),
        _at("locked_until", nullable=True),
        sa.PrimaryKeyConstraint("key", name=op.f("pk_signin_throttle")))


def _create_audit() -> None:
    op.create_table(
        "audit_log", _int("id"), _int("seq"), _at("at"), _int("actor_id", nullable=True),
        _text("role", nullable=True), _int("session_id", nullable=True), _text("operation"),
        _int("person_id", nullable=True), _text("target", nullable=True), _text("outcome"),
        _text("reason", nullable=True), sa.Column("detail", sa.JSON(), nullable=False),
        _text("prev_hash"), _text("hash"),
        sa.CheckConstraint("outcome IN ('done', 'refused', 'failed')",
                           name=op.f("ck_audit_log_outcome_known")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_audit_log")),
        sa.UniqueConstraint("seq", name=op.f("uq_audit_log_seq")),
        sqlite_autoincrement=True)
    op.create_index(op.f("ix_audit_log_person_id_seq"), "audit_log", ["person_id", "seq"])
    op.create_index(op.f("ix_audit_log_actor_id_seq"), "audit_log", ["actor_id", "seq"])
    op.create_index(op.f("ix_audit_log_at"), "audit_log", ["at"])
    op.create_table(
        "audit_checkpoints", _int("id"), _at("created_at"), _int("last_seq"), _text("last_hash"),
        _int("actor_id", nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_audit_checkpoints")),
        sqlite_autoincrement=True)


def _protect_audit() -> None:
    dialect = op.get_context().dialect.name
    if dialect == "sqlite":
        for operation in ("UPDATE", "DELETE"):
            op.execute(f"CREATE TRIGGER audit_log_no_{operation.lower()} BEFORE {operation} "
                       f"ON audit_log BEGIN SELECT RAISE(ABORT, '{APPEND_ONLY}'); END")
    elif dialect == "postgresql":
        op.execute(f"""
            CREATE FUNCTION {PG_GUARD}() RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN
                RAISE EXCEPTION '{APPEND_ONLY} (% refused)', TG_OP
                    USING ERRCODE = 'restrict_violation';
            END
            $$""")
        op.execute(f"CREATE TRIGGER audit_log_append_only BEFORE UPDATE OR DELETE ON audit_log "
                   f"FOR EACH ROW EXECUTE FUNCTION {PG_GUARD}()")
        op.execute(f"CREATE TRIGGER audit_log_no_truncate BEFORE TRUNCATE ON audit_log "
                   f"FOR EACH STATEMENT EXECUTE FUNCTION {PG_GUARD}()")
    else:
        raise RuntimeError(f"no append-only guard for the {dialect} dialect")


def _unprotect_audit() -> None:
    if op.get_context().dialect.name == "sqlite":
        op.execute("DROP TRIGGER audit_log_no_update")
        op.execute("DROP TRIGGER audit_log_no_delete")
    else:
        op.execute("DROP TRIGGER audit_log_append_only ON audit_log")
        op.execute("DROP TRIGGER audit_log_no_truncate ON audit_log")
        op.execute(f"DROP FUNCTION {PG_GUARD}()")
