"""Where the next audit row chains from: the last row, else the newest checkpoint, else the
genesis; the same on both back-ends (PostgreSQL reads it with the head's lock held, in one
round trip: migration 0012)."""

from __future__ import annotations

import importlib
from datetime import UTC, datetime

import pytest

from core.persistence.access_models import AuditCheckpoint, AuditEntry
from core.services import audit

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
