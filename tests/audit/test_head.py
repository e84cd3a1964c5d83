"""Where the next audit row chains from: the last row, else the newest checkpoint, else the
genesis; the same on both back-ends (PostgreSQL reads it with the head's lock held and
inserts the row in one statement, hashed by the server: migrations 0012 and 0013), and a
read's row on PostgreSQL is that one statement, in autocommit."""

from __future__ import annotations

import importlib
from datetime import UTC, datetime

import pytest

from sqlalchemy import event

from core import services as svc
from core.persistence.access_models import AuditCheckpoint, AuditEntry
from core.services import audit
from tests.accounts import make_app, who

AT = datetime(2026, 3, 10, 9, 0, tzinfo=UTC)


@pytest.fixture(params=["sqlite", pytest.param("pg", marks=pytest.mark.pg)])
def database(request):
    return request.getfixturevalue(f"{request.param}_db")


def _append(database) -> AuditEntry:
    with database.write() as session:
        seq = audit.append(session, audit.Entry("test.head"), AT)
    with database.read() as session:
        return session.query(AuditEntry).filter_by(seq=seq).one()


def test_the_chain_starts_at_the_genesis_then_follows_its_last_row(database):
    first = _append(database)
    assert (first.seq, first.prev_hash) == (1, audit.GENESIS)
    second = _append(database)
    assert (second.seq, second.prev_hash) == (2, first.hash)


def test_an_empty_log_chains_from_its_newest_checkpoint(database):
    with database.write() as session:
        for seq, digest in ((40, "a" * 64), (57, "b" * 64)):
            session.add(AuditCheckpoint(created_at=AT, last_seq=seq, last_hash=digest))
    row = _append(database)
    assert (row.seq, row.prev_hash) == (58, "b" * 64)


def test_the_migrations_lock_key_is_the_one_the_code_names():
    frozen = importlib.import_module("core.persistence.migrations.versions.0012_audit_head")
    assert frozen.PG_LOCK == audit.PG_LOCK


ROWS = [
    {"at": AT, "actor_id": None, "role": None, "session_id": None, "operation": "auth.login",
     "person_id": None, "target": None, "outcome": "refused", "reason": "bad_password",
     "detail": {}},
    {"at": AT, "actor_id": 7, "role": "referent", "session_id": 12, "operation": "note.read",
     "person_id": 4021, "target": "note:3", "outcome": "done", "reason": "exceptional_access",
     "detail": {"exceptional": True, "reason": 'Appel « urgent » de l\'hôpital, "réf" \\ 12',
                "filters": ["search", "domain"], "nested": {"z": 1, "a": [None, 2.5]}}},
]


@pytest.mark.parametrize("row", ROWS)
def test_the_three_parts_complete_into_the_canonical_json(row):
    before, between, after = audit.canonical_parts(row)
    prev, seq = "ab" * 32, 123456
    whole = {**row, "prev_hash": prev, "seq": seq}
    assert before + prev.encode() + between + str(seq).encode() + after == audit.canonical(whole)


def test_a_row_hashed_where_it_is_appended_verifies_here(database):
    """On PostgreSQL the server computes the hash: the program's recomputation must agree."""
    entry = audit.Entry("note.read", actor_id=7, role="referent", session_id=12, person_id=4021,
                        target="note:3", reason="exceptional_access", detail=ROWS[1]["detail"])
    with database.write() as session:
        first = audit.append(session, audit.Entry("test.head"), AT)
        seq = audit.append(session, entry, AT)
    assert seq == first + 1
    with database.read() as session:
        row = session.query(AuditEntry).filter_by(seq=seq).one()
        assert row.hash == audit.chain_hash(row.prev_hash, {
            name: getattr(row, name) for name in audit.FIELDS})
        assert audit.verify(session) == (seq, None)


@pytest.mark.pg
def test_a_reads_audit_row_is_one_statement_in_autocommit_on_postgresql(pg_url):
    app = make_app(pg_url)
    try:
        camille = who(app, "camille")
        svc.list_persons(app, camille)  # the session's last use just recorded: no touch due
        sent: list[tuple[str, bool]] = []

        def listen(conn, cursor, statement, params, context, many) -> None:
            sent.append((statement, conn.connection.dbapi_connection.autocommit))

        event.listen(app.db.engine, "before_cursor_execute", listen)
        try:
            svc.list_persons(app, camille)
        finally:
            event.remove(app.db.engine, "before_cursor_execute", listen)
        alone = [statement for statement, autocommit in sent if autocommit]
        assert len(alone) == 1 and "parcours_audit_append" in alone[0]
        assert sent[-1][0] == alone[0]  # after the read's own transaction
        assert not any("audit_log" in statement for statement, _ in sent[:-1])
        with app.db.read() as session:
            last = session.query(AuditEntry).order_by(AuditEntry.seq.desc()).first()
            assert last is not None and last.operation == "person.list"
            assert audit.verify(session)[1] is None
    finally:
        app.close()
