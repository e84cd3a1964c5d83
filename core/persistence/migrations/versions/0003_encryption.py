"""Encryption at rest: per-person keys, sealed fields, alias hashes, the base's own row.

Also records the association's approvals (*agréments*) per delegation (``agrements``, and the
delegation's ``department``), which the PSP checks read.

Creates ``base_info`` (the base's id, the KEK version, a check value, the sealed search key),
``person_keys`` (each person's data key wrapped by the KEK) and ``person_search`` (keyed
hashes of alias pieces), and replaces every clear column that could identify a person or tell
her story by a sealed one: ``persons.alias`` (and its clear search key), the legal identity,
``notes.text``, ``sensitive_facts.value``, ``review_marks.reason``, ``deadlines.computation``
and ``start`` (they quote the facts a due date was computed from) and ``events.deadlines``.

Existing rows are sealed here, with the key material ``core.persistence.migrate`` hands over
(``parcours upgrade`` creates the base's key file first): sealing uses the same primitives and
contexts as the application (:mod:`core.crypto`), which are part of the stored format. The
append-only guard of ``events`` is lifted only while its ``deadlines`` column is sealed, inside
this one transaction. Downgrading is possible only on a base without persons (it would need
the clear values back).

Revision ID: 0003
Revises: 0002
Create Date: 2026-12-02
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from datetime import UTC, datetime
from typing import Any

import sqlalchemy as sa
from alembic import op

from core.crypto import contexts, search
from core.crypto.cipher import new_key, seal

revision: str = "0003"
down_revision: str | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

APPEND_ONLY = "parcours: events are append-only"
PG_GUARD = "parcours_events_append_only"
SEALED = {  # table → (old columns, new column, nullable)
    "person_identities": (("legal_name", "birth_date", "nationality"), "data_enc", False),
    "notes": (("text",), "text_enc", False),
    "sensitive_facts": (("value",), "value_enc", False),
    "review_marks": (("reason",), "reason_enc", True),
    "deadlines": (("computation", "start"), "computation_enc", False),
    "events": (("deadlines",), "deadlines_enc", True),
}


def _blob(name: str) -> sa.Column:
    return sa.Column(name, sa.LargeBinary(), nullable=True)


def upgrade() -> None:
    _create_tables()
    op.add_column("persons", _blob("alias_enc"))
    op.add_column("persons", sa.Column("alias_hash", sa.String(), nullable=True))
    op.add_column("persons", sa.Column("erased_at", sa.DateTime(timezone=True), nullable=True))
    for table, (_, column, _) in SEALED.items():
        op.add_column(table, _blob(column))
    config = op.get_context().config
    material = config.attributes.get("key_material") if config is not None else None
    if material is not None:
        _base_row(material)
    if _has_rows():
        if material is None:
            from core import messages as M
            from core.errors import KeyMissing
            raise KeyMissing(M.KEY_NEEDED_FOR_UPGRADE)
        Sealing(material).run()
    _drop_clear_columns()


def downgrade() -> None:
    bind = op.get_bind()
    if bind.execute(sa.text("SELECT 1 FROM persons LIMIT 1")).first():
        raise RuntimeError("0003 cannot be downgraded on a base holding persons")
    _unguard_events()
    with op.batch_alter_table("persons", table_kwargs={"sqlite_autoincrement": True}) as batch:
        batch.drop_index(op.f("ix_persons_delegation_id_alias_hash"))
        batch.drop_index(op.f("ix_persons_delegation_id_last_contact_at"))
        for column in ("erased_at", "alias_hash", "alias_enc"):
            batch.drop_column(column)
        batch.add_column(sa.Column("alias", sa.String(), nullable=False, server_default="?"))
        batch.add_column(sa.Column("alias_key", sa.String(), nullable=False, server_default="?"))
        batch.create_check_constraint(op.f("ck_persons_alias_not_empty"), "length(trim(alias)) > 0")
        batch.create_index(op.f("ix_persons_alias_key"), ["alias_key"])
        batch.create_index(op.f("ix_persons_delegation_id_alias_key"), ["delegation_id", "alias_key"])
    _restore_clear_columns()
    _guard_events()
    for table in ("person_search", "person_keys", "base_info", "agrements"):
        op.drop_table(table)
    with op.batch_alter_table("delegations") as batch:
        batch.drop_column("department")


def _create_agrements() -> None:
    op.add_column("delegations", sa.Column("department", sa.String(), nullable=True))
    op.create_table(
        "agrements", sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("delegation_id", sa.Integer(), nullable=False),
        sa.Column("department", sa.String(), nullable=False),
        *(sa.Column(name, sa.Date(), nullable=True) for name in (
            "requested_on", "completed_on", "granted_on", "refused_on", "valid_from", "valid_to")),
        sa.Column("recorded_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("recorded_by", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(["delegation_id"], ["delegations.id"],
                                name=op.f("fk_agrements_delegation_id_delegations")),
        sa.ForeignKeyConstraint(["recorded_by"], ["users.id"],
                                name=op.f("fk_agrements_recorded_by_users")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_agrements")), sqlite_autoincrement=True)
    op.create_index(op.f("ix_agrements_delegation_id"), "agrements", ["delegation_id"])


def _create_tables() -> None:
    _create_agrements()
    op.create_table(
        "base_info", sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("base_uuid", sa.String(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("kek_version", sa.Integer(), nullable=False),
        sa.Column("key_check", sa.LargeBinary(), nullable=False),
        sa.Column("search_key", sa.LargeBinary(), nullable=False),
        sa.Column("fictitious", sa.Boolean(), nullable=False),
        sa.Column("rotation", sa.JSON(none_as_null=True), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_base_info")),
        sa.UniqueConstraint("base_uuid", name=op.f("uq_base_info_base_uuid")))
    op.create_table(
        "person_keys", sa.Column("person_id", sa.Integer(), nullable=False),
        sa.Column("dek_version", sa.Integer(), nullable=False),
        sa.Column("kek_version", sa.Integer(), nullable=False),
        sa.Column("wrapped", sa.LargeBinary(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["person_id"], ["persons.id"],
                                name=op.f("fk_person_keys_person_id_persons")),
        sa.PrimaryKeyConstraint("person_id", name=op.f("pk_person_keys")))
    op.create_table(
        "person_search", sa.Column("person_id", sa.Integer(), nullable=False),
        sa.Column("token", sa.String(), nullable=False),
        sa.ForeignKeyConstraint(["person_id"], ["persons.id"],
                                name=op.f("fk_person_search_person_id_persons")),
        sa.PrimaryKeyConstraint("person_id", "token", name=op.f("pk_person_search")))
    op.create_index(op.f("ix_person_search_token_person_id"), "person_search",
                    ["token", "person_id"])


def _stamp(now: datetime) -> datetime:
    # SQLite keeps naive UTC wall times, like the models' UTCDateTime does.
    return now.replace(tzinfo=None) if op.get_bind().dialect.name == "sqlite" else now


def _base_row(material: Any) -> None:
    row = material.row(datetime.now(UTC))
    row["created_at"] = _stamp(row["created_at"])
    table = sa.table("base_info", *(sa.column(c) for c in row))
    op.get_bind().execute(table.insert(), [row])


def _has_rows() -> bool:
    bind = op.get_bind()
    return any(bind.execute(sa.text(f"SELECT 1 FROM {t} LIMIT 1")).first()
               for t in ("persons", *SEALED))


class Sealing:
    """Seals the clear values of an existing base, person by person."""

    def __init__(self, material: Any) -> None:
        self.bind = op.get_bind()
        self.kek = material.keyfile.key(1)
        info = self.bind.execute(sa.text("SELECT base_uuid, search_key FROM base_info")).one()
        from core.crypto.cipher import open_sealed
        self.search_key = open_sealed(self.kek, info.search_key,
                                      contexts.base_key(info.base_uuid, "search", 1))
        self.deks: dict[int, bytes] = {}

    def dek(self, person_id: int) -> bytes:
        if person_id not in self.deks:
            key = new_key()
            self.deks[person_id] = key
            self.bind.execute(sa.text(
                "INSERT INTO person_keys (person_id, dek_version, kek_version, wrapped, created_at) "
                "VALUES (:p, 1, 1, :w, :at)"),
                {"p": person_id, "at": _stamp(datetime.now(UTC)),
                 "w": seal(self.kek, key, contexts.person_key(person_id, 1, 1))})
        return self.deks[person_id]

    def sealed(self, person_id: int, table: str, row_id: int, column: str, value: Any) -> bytes:
        data = json.dumps(value, ensure_ascii=False, separators=(",", ":"), default=str)
        return seal(self.dek(person_id), data.encode("utf-8"),
                    contexts.field(table, row_id, column, 1))

    def run(self) -> None:
        self._persons()
        self._identities()
        for table, column, old in (("notes", "text_enc", "text"),
                                   ("sensitive_facts", "value_enc", "value"),
                                   ("review_marks", "reason_enc", "reason")):
            self._column(table, column, old)
        self._deadlines()
        self._events()

    def _persons(self) -> None:
        for pid, alias in self.bind.execute(sa.text("SELECT id, alias FROM persons")).all():
            self.bind.execute(sa.text("UPDATE persons SET alias_enc = :e, alias_hash = :h WHERE id = :i"),
                              {"i": pid, "e": self.sealed(pid, "persons", pid, "alias", alias),
                               "h": search.alias_hash(self.search_key, alias)})
            tokens = search.alias_tokens(self.search_key, alias)
            if tokens:
                self.bind.execute(sa.text("INSERT INTO person_search (person_id, token) VALUES (:p, :t)"),
                                  [{"p": pid, "t": t} for t in tokens])

    def _identities(self) -> None:
        rows = self.bind.execute(sa.text(
            "SELECT person_id, legal_name, birth_date, nationality FROM person_identities")).all()
        for pid, name, birth, nationality in rows:
            value = {"legal_name": name, "birth_date": str(birth) if birth else None,
                     "nationality": nationality}
            self.bind.execute(sa.text("UPDATE person_identities SET data_enc = :e WHERE person_id = :p"),
                              {"p": pid, "e": self.sealed(pid, "person_identities", pid, "data", value)})

    def _column(self, table: str, column: str, old: str) -> None:
        for row_id, pid, value in self.bind.execute(sa.text(
                f"SELECT id, person_id, {old} FROM {table}")).all():
            if value is None:
                continue
            if table == "sensitive_facts" and isinstance(value, str):
                value = json.loads(value)  # SQLite hands JSON back as text
            self.bind.execute(sa.text(f"UPDATE {table} SET {column} = :e WHERE id = :i"),
                              {"i": row_id, "e": self.sealed(pid, table, row_id, old, value)})

    def _deadlines(self) -> None:
        for row_id, pid, computation, start in self.bind.execute(sa.text(
                "SELECT id, person_id, computation, start FROM deadlines")).all():
            value = json.loads(computation) if isinstance(computation, str) else dict(computation)
            value["start"] = str(start)
            self.bind.execute(sa.text("UPDATE deadlines SET computation_enc = :e WHERE id = :i"),
                              {"i": row_id,
                               "e": self.sealed(pid, "deadlines", row_id, "computation", value)})

    def _events(self) -> None:
        _unguard_events()
        for row_id, pid, value in self.bind.execute(sa.text(
                "SELECT id, person_id, deadlines FROM events")).all():
            changes = json.loads(value) if isinstance(value, str) else value
            if changes and pid is not None:
                self.bind.execute(sa.text("UPDATE events SET deadlines_enc = :e WHERE id = :i"),
                                  {"i": row_id,
                                   "e": self.sealed(pid, "events", row_id, "deadlines", changes)})
        _guard_events()


def _drop_clear_columns() -> None:
    with op.batch_alter_table("persons", table_kwargs={"sqlite_autoincrement": True}) as batch:
        batch.drop_constraint(op.f("ck_persons_alias_not_empty"), type_="check")
        batch.drop_index(op.f("ix_persons_alias_key"))
        batch.drop_index(op.f("ix_persons_delegation_id_alias_key"))
        batch.drop_column("alias_key")
        batch.drop_column("alias")
        batch.create_index(op.f("ix_persons_delegation_id_alias_hash"), ["delegation_id", "alias_hash"])
        batch.create_index(op.f("ix_persons_delegation_id_last_contact_at"),
                           ["delegation_id", "last_contact_at"])
    sqlite = op.get_bind().dialect.name == "sqlite"
    for table, (old, column, nullable) in SEALED.items():
        if table == "events" and sqlite:
            _unguard_events()  # a rebuilt table loses its triggers: they are put back below
        kwargs: dict[str, Any] = (
            {} if table == "person_identities" else {"table_kwargs": {"sqlite_autoincrement": True}})
        with op.batch_alter_table(table, **kwargs) as batch:
            for name in old:
                batch.drop_column(name)
            if not nullable:
                batch.alter_column(column, existing_type=sa.LargeBinary(), nullable=False)
        if table == "events" and sqlite:
            _guard_events()


def _restore_clear_columns() -> None:
    types: dict[str, sa.types.TypeEngine[Any]] = {
        "legal_name": sa.String(), "birth_date": sa.Date(), "nationality": sa.String(),
        "text": sa.Text(), "value": sa.JSON(), "reason": sa.String(),
        "computation": sa.JSON(), "start": sa.Date(), "deadlines": sa.JSON()}
    for table, (old, column, _) in SEALED.items():
        kwargs: dict[str, Any] = (
            {} if table == "person_identities" else {"table_kwargs": {"sqlite_autoincrement": True}})
        with op.batch_alter_table(table, **kwargs) as batch:
            batch.drop_column(column)
            for name in old:
                batch.add_column(sa.Column(name, types[name], nullable=True))


def _unguard_events() -> None:
    if op.get_bind().dialect.name == "sqlite":
        op.execute("DROP TRIGGER IF EXISTS events_no_update")
        op.execute("DROP TRIGGER IF EXISTS events_no_delete")
    else:
        op.execute("DROP TRIGGER IF EXISTS events_append_only ON events")


def _guard_events() -> None:
    if op.get_bind().dialect.name == "sqlite":
        for operation in ("UPDATE", "DELETE"):
            op.execute(f"CREATE TRIGGER events_no_{operation.lower()} BEFORE {operation} ON events "
                       f"BEGIN SELECT RAISE(ABORT, '{APPEND_ONLY}'); END")
    else:
        op.execute(f"CREATE TRIGGER events_append_only BEFORE UPDATE OR DELETE ON events "
                   f"FOR EACH ROW EXECUTE FUNCTION {PG_GUARD}()")
