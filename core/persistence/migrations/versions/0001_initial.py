"""Initial schema: users, persons and identities, drop-ins and visits, tracks, events, deadlines.

Also installs the append-only guard on ``events``: triggers that refuse every UPDATE and DELETE
(and, on PostgreSQL, TRUNCATE), so that history cannot be rewritten even by a buggy service or
a plugin holding a session. Frozen: this file imports nothing from the models.

Revision ID: 0001
Revises:
Create Date: 2026-11-28
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0001"
down_revision: str | None = None
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# core.persistence.errors.APPEND_ONLY_MARKER matches this text to pick the user's message.
APPEND_ONLY = "parcours: events are append-only"
PG_GUARD = "parcours_events_append_only"


def _id() -> sa.Column:
    return sa.Column("id", sa.Integer(), nullable=False)


def _ref(name: str, *, nullable: bool = False) -> sa.Column:
    return sa.Column(name, sa.Integer(), nullable=nullable)


def _at(name: str, *, nullable: bool = False) -> sa.Column:
    return sa.Column(name, sa.DateTime(timezone=True), nullable=nullable)


def _text(name: str, *, nullable: bool = False) -> sa.Column:
    return sa.Column(name, sa.String(), nullable=nullable)


def _fk(table: str, column: str, target: str) -> sa.ForeignKeyConstraint:
    return sa.ForeignKeyConstraint([column], [f"{target}.id"],
                                   name=op.f(f"fk_{table}_{column}_{target}"))


def _pk(table: str, column: str = "id") -> sa.PrimaryKeyConstraint:
    return sa.PrimaryKeyConstraint(column, name=op.f(f"pk_{table}"))


def _check(table: str, name: str, condition: str) -> sa.CheckConstraint:
    return sa.CheckConstraint(condition, name=op.f(f"ck_{table}_{name}"))


def _index(table: str, *columns: str) -> None:
    op.create_index(op.f(f"ix_{table}_{'_'.join(columns)}"), table, list(columns), unique=False)


def upgrade() -> None:
    _create_people()
    _create_dropins()
    _create_tracks_and_history()
    _protect_events()


def downgrade() -> None:
    _unprotect_events()
    for table in ("review_marks", "sensitive_facts", "notes", "deadlines", "events", "visits", "tracks",
                  "person_identities", "dropin_volunteers", "persons", "dropins", "users"):
        op.drop_table(table)


def _create_people() -> None:
    op.create_table(
        "users", _id(), _text("name"), _text("role"),
        sa.Column("active", sa.Boolean(), nullable=False), _at("created_at"),
        _check("users", "role_known",
               "role IN ('benevole', 'stagiaire', 'referent', 'superviseur', 'admin')"),
        _pk("users"), sa.UniqueConstraint("name", name=op.f("uq_users_name")),
        sqlite_autoincrement=True)
    op.create_table(
        "persons", _id(), _text("alias"), _text("alias_key"),
        sa.Column("first_visit", sa.Date(), nullable=True), _ref("referent_id", nullable=True),
        sa.Column("pathway_closed", sa.Boolean(), nullable=False), _at("created_at"),
        _ref("created_by"), sa.Column("version", sa.Integer(), nullable=False),
        _at("last_contact_at", nullable=True),
        _check("persons", "alias_not_empty", "length(trim(alias)) > 0"),
        _fk("persons", "created_by", "users"), _fk("persons", "referent_id", "users"),
        _pk("persons"), sqlite_autoincrement=True)
    _index("persons", "alias_key")
    _index("persons", "referent_id")
    _index("persons", "last_contact_at")
    op.create_table(
        "person_identities", _ref("person_id"), _text("legal_name", nullable=True),
        sa.Column("birth_date", sa.Date(), nullable=True), _text("nationality", nullable=True),
        _fk("person_identities", "person_id", "persons"), _pk("person_identities", "person_id"))


def _create_dropins() -> None:
    op.create_table(
        "dropins", _id(), sa.Column("day", sa.Date(), nullable=False),
        sa.Column("starts_at", sa.Time(), nullable=True),
        sa.Column("ends_at", sa.Time(), nullable=True), _ref("opened_by"), _at("created_at"),
        _at("closed_at", nullable=True),
        sa.Column("summary", sa.JSON(none_as_null=True), nullable=True),
        _fk("dropins", "opened_by", "users"), _pk("dropins"), sqlite_autoincrement=True)
    _index("dropins", "day")
    op.create_table(
        "dropin_volunteers", _id(), _ref("dropin_id"), _text("name"),
        sa.Column("hours", sa.Numeric(precision=5, scale=2), nullable=False),
        _fk("dropin_volunteers", "dropin_id", "dropins"), _pk("dropin_volunteers"),
        sa.UniqueConstraint("dropin_id", "name",
                            name=op.f("uq_dropin_volunteers_dropin_id_name")),
        sqlite_autoincrement=True)
    op.create_table(
        "visits", _id(), _ref("dropin_id"), _ref("person_id", nullable=True),
        sa.Column("count", sa.Integer(), nullable=False),
        sa.Column("needs", sa.JSON(none_as_null=True), nullable=True), _at("recorded_at"),
        _ref("recorded_by"),
        _check("visits", "known_or_counted",
               "(person_id IS NOT NULL AND count = 1) OR (person_id IS NULL AND count >= 1)"),
        _fk("visits", "dropin_id", "dropins"), _fk("visits", "person_id", "persons"),
        _fk("visits", "recorded_by", "users"), _pk("visits"), sqlite_autoincrement=True)
    _index("visits", "dropin_id")
    _index("visits", "person_id")


def _create_tracks_and_history() -> None:
    op.create_table(
        "tracks", _id(), _ref("person_id"), _text("definition_id"),
        sa.Column("definition_version", sa.Integer(), nullable=False), _text("step"),
        _text("status"), sa.Column("facts", sa.JSON(), nullable=False), _at("step_since"),
        _at("last_event_at"), sa.Column("next_due", sa.Date(), nullable=True), _at("opened_at"),
        _at("closed_at", nullable=True), sa.Column("version", sa.Integer(), nullable=False),
        _check("tracks", "status_known", "status IN ('open', 'closed')"),
        _fk("tracks", "person_id", "persons"), _pk("tracks"), sqlite_autoincrement=True)
    _index("tracks", "person_id", "definition_id")
    _index("tracks", "status", "last_event_at")
    _index("tracks", "status", "next_due")
    _index("tracks", "status", "step_since")
    op.create_table(
        "events", _id(), _ref("person_id", nullable=True), _ref("track_id", nullable=True),
        _text("kind"), _text("trigger", nullable=True), _text("from_step", nullable=True),
        _text("to_step", nullable=True), _at("occurred_at"), _at("recorded_at"),
        _ref("actor_id"), _text("actor_role"), sa.Column("facts", sa.JSON(), nullable=False),
        sa.Column("checks", sa.JSON(), nullable=False),
        sa.Column("deadlines", sa.JSON(), nullable=False),
        _fk("events", "actor_id", "users"), _fk("events", "person_id", "persons"),
        _fk("events", "track_id", "tracks"), _pk("events"), sqlite_autoincrement=True)
    _index("events", "person_id")
    _index("events", "track_id", "id")
    _create_deadlines()
    _create_notes_and_sensitive_facts()
    _create_review_marks()


def _create_deadlines() -> None:
    op.create_table(
        "deadlines", _id(), _ref("track_id"), _ref("person_id"), _text("rule_id"),
        sa.Column("rule_version", sa.Integer(), nullable=False),
        sa.Column("start", sa.Date(), nullable=False), sa.Column("due", sa.Date(), nullable=False),
        sa.Column("warn_from", sa.Date(), nullable=False),
        sa.Column("suspended_since", sa.Date(), nullable=True), _text("status"),
        sa.Column("computation", sa.JSON(), nullable=False),
        _ref("opened_event_id", nullable=True), _ref("closed_event_id", nullable=True),
        _check("deadlines", "status_known", "status IN ('open', 'met', 'closed')"),
        _fk("deadlines", "closed_event_id", "events"),
        _fk("deadlines", "opened_event_id", "events"),
        _fk("deadlines", "person_id", "persons"), _fk("deadlines", "track_id", "tracks"),
        _pk("deadlines"), sqlite_autoincrement=True)
    _index("deadlines", "status", "due")
    _index("deadlines", "status", "warn_from")
    _index("deadlines", "track_id")


def _create_notes_and_sensitive_facts() -> None:
    op.create_table(
        "notes", _id(), _ref("person_id"), _ref("track_id", nullable=True), _ref("author_id"),
        _ref("event_id", nullable=True), _at("created_at"),
        sa.Column("text", sa.Text(), nullable=False), _text("sensitivity"),
        _check("notes", "sensitivity_known",
               "sensitivity IN ('ordinary', 'sensitive', 'restricted')"),
        _fk("notes", "author_id", "users"), _fk("notes", "event_id", "events"),
        _fk("notes", "person_id", "persons"), _fk("notes", "track_id", "tracks"),
        _pk("notes"), sqlite_autoincrement=True)
    _index("notes", "person_id")
    op.create_table(
        "sensitive_facts", _id(), _ref("person_id"), _ref("track_id", nullable=True),
        _ref("event_id", nullable=True), _text("name"), _text("sensitivity"),
        sa.Column("value", sa.JSON(), nullable=False), _at("recorded_at"),
        _check("sensitive_facts", "sensitivity_known",
               "sensitivity IN ('sensitive', 'restricted')"),
        _fk("sensitive_facts", "event_id", "events"),
        _fk("sensitive_facts", "person_id", "persons"),
        _fk("sensitive_facts", "track_id", "tracks"), _pk("sensitive_facts"),
        sqlite_autoincrement=True)
    _index("sensitive_facts", "person_id")
    _index("sensitive_facts", "track_id", "name")


def _create_review_marks() -> None:
    op.create_table(
        "review_marks", _id(), _text("item_key"), _text("kind"), _ref("person_id"),
        _ref("track_id", nullable=True), _text("action"),
        sa.Column("until", sa.Date(), nullable=True), _text("reason", nullable=True),
        _ref("actor_id"), _ref("event_id"), _at("created_at"),
        _check("review_marks", "action_known", "action IN ('acknowledged', 'snoozed')"),
        _fk("review_marks", "actor_id", "users"), _fk("review_marks", "event_id", "events"),
        _fk("review_marks", "person_id", "persons"), _fk("review_marks", "track_id", "tracks"),
        _pk("review_marks"), sqlite_autoincrement=True)
    _index("review_marks", "item_key")


def _protect_events() -> None:
    dialect = op.get_context().dialect.name
    if dialect == "sqlite":
        for operation in ("UPDATE", "DELETE"):
            op.execute(f"CREATE TRIGGER events_no_{operation.lower()} BEFORE {operation} ON events "
                       f"BEGIN SELECT RAISE(ABORT, '{APPEND_ONLY}'); END")
    elif dialect == "postgresql":
        op.execute(f"""
            CREATE FUNCTION {PG_GUARD}() RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN
                RAISE EXCEPTION '{APPEND_ONLY} (% refused)', TG_OP
                    USING ERRCODE = 'restrict_violation';
            END
            $$""")
        op.execute(f"CREATE TRIGGER events_append_only BEFORE UPDATE OR DELETE ON events "
                   f"FOR EACH ROW EXECUTE FUNCTION {PG_GUARD}()")
        # Row triggers do not see TRUNCATE; it needs its own statement-level trigger.
        op.execute(f"CREATE TRIGGER events_no_truncate BEFORE TRUNCATE ON events "
                   f"FOR EACH STATEMENT EXECUTE FUNCTION {PG_GUARD}()")
    else:
        raise RuntimeError(f"no append-only guard for the {dialect} dialect")


def _unprotect_events() -> None:
    if op.get_context().dialect.name == "sqlite":
        op.execute("DROP TRIGGER events_no_update")
        op.execute("DROP TRIGGER events_no_delete")
    else:
        op.execute("DROP TRIGGER events_append_only ON events")
        op.execute("DROP TRIGGER events_no_truncate ON events")
        op.execute(f"DROP FUNCTION {PG_GUARD}()")
