"""Property: any single tamper with a random audit log is found when an anchor is supplied.

Hypothesis writes a random log through :func:`core.services.audit.append` (into a bare
in-memory table: no append-only trigger, since the test plays the one who goes around them),
takes its head as the anchor, then applies one tamper: change a field, delete a row, swap two
neighbours, insert a forged row, or cut the tail. The forger may also know the scheme and
recompute every position and hash after the tamper (``rechain``): then only the anchor
betrays her. Without rechaining, any tamper but a cut tail is found without the anchor too,
at the tampered place or just after it.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime, timedelta
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import create_engine, delete, insert, select
from sqlalchemy.orm import Session

from core.persistence.access_models import AuditCheckpoint, AuditEntry
from core.services import audit

T0 = datetime(2026, 1, 1, tzinfo=UTC)
CHANGEABLE = ("at", "actor_id", "role", "session_id", "operation", "person_id", "target",
              "outcome", "reason", "detail")
"""Fields a forger may change; ``prev_hash`` and ``hash`` are added when she does not rechain."""

entries = st.builds(
    audit.Entry,
    operation=st.sampled_from(["person.show", "track.advance", "auth.login", "note.list"]),
    outcome=st.sampled_from(["done", "refused", "failed"]),
    actor_id=st.none() | st.integers(1, 50),
    role=st.none() | st.sampled_from(["benevole", "referent", "superviseur", "admin"]),
    session_id=st.none() | st.integers(1, 500),
    person_id=st.none() | st.integers(1, 10_000),
    target=st.none() | st.text(max_size=20),
    reason=st.none() | st.sampled_from(["not_found", "permission_denied"]),
    detail=st.dictionaries(st.text(max_size=8), st.integers() | st.text(max_size=12)
                           | st.booleans(), max_size=3))
tampers = st.sampled_from(["modify", "delete", "swap", "insert", "truncate"])


@contextmanager
def bare_log() -> Iterator[Session]:
    engine = create_engine("sqlite://")
    for table in (AuditEntry.__table__, AuditCheckpoint.__table__):
        table.create(engine)
    try:
        with Session(engine) as session:
            yield session
    finally:
        engine.dispose()


def _rows(session: Session) -> list[dict[str, Any]]:
    return [{c.key: getattr(r, c.key) for c in AuditEntry.__table__.columns}
            for r in session.scalars(select(AuditEntry).order_by(AuditEntry.seq))]


def _rewrite(session: Session, rows: list[dict[str, Any]]) -> None:
    session.execute(delete(AuditEntry))
    if rows:
        session.execute(insert(AuditEntry.__table__), rows)
    session.commit()
    session.expunge_all()


def _rechain(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    prev = audit.GENESIS
    for seq, row in enumerate(rows, start=1):
        row.update(seq=seq, prev_hash=prev)
        row["hash"] = prev = audit.chain_hash(prev, row)
    return rows


def _changed(row: dict[str, Any], name: str) -> Any:
    value = row[name]
    if name == "at":
        return value + timedelta(seconds=1)
    if name in ("actor_id", "session_id", "person_id"):
        return (value or 0) + 1
    if name == "detail":
        return {**value, "forged": True}
    if name in ("prev_hash", "hash"):
        return ("1" if value[0] == "0" else "0") + value[1:]
    if name == "outcome":
        return "done" if value != "done" else "refused"
    return (value or "") + "x"


def _tamper(rows: list[dict[str, Any]], kind: str, data: st.DataObject,
            rechain: bool) -> tuple[list[dict[str, Any]], int]:
    """The tampered rows, and the position of the tamper (1-based)."""
    n = len(rows)
    k = data.draw(st.integers(1, n), label="position")
    if kind == "modify":
        fields = CHANGEABLE if rechain else (*CHANGEABLE, "prev_hash", "hash")
        name = data.draw(st.sampled_from(fields), label="field")
        rows[k - 1] = {**rows[k - 1], name: _changed(rows[k - 1], name)}
    elif kind == "delete":
        del rows[k - 1]
    elif kind == "swap":
        k = min(k, n - 1)
        rows[k - 1], rows[k] = rows[k], rows[k - 1]
        rows[k - 1]["seq"], rows[k]["seq"] = k, k + 1
    elif kind == "insert":
        forged = {**rows[k - 1], "id": max(r["id"] for r in rows) + 1, "operation": "forged",
                  "prev_hash": rows[k - 2]["hash"] if k > 1 else audit.GENESIS}
        forged["hash"] = audit.chain_hash(forged["prev_hash"], forged)
        for row in rows[k - 1:]:
            row["seq"] += 1
        rows.insert(k - 1, forged)
    else:
        k = data.draw(st.integers(1, n), label="kept") - 1
        rows = rows[:k]
    return (_rechain(rows) if rechain else rows), k


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(log=st.lists(entries, min_size=2, max_size=12), kind=tampers, rechain=st.booleans(),
       data=st.data())
def test_any_single_tamper_is_found_against_an_anchor(log, kind, rechain, data):
    with bare_log() as session:
        for i, entry in enumerate(log):
            # Each row differs from the others (its time), so no tamper can be a no-op.
            audit.append(session, entry, T0 + timedelta(minutes=i))
        session.commit()
        anchor = audit.head(session)
        assert audit.verify(session, anchor) == (len(log), None)
        rows, position = _tamper(_rows(session), kind, data, rechain)
        _rewrite(session, rows)
        checked, finding = audit.verify(session, anchor)
        assert finding is not None, (kind, rechain, position)
        if not rechain and kind != "truncate" and not (kind == "delete" and position == len(log)):
            _, alone = audit.verify(session)
            assert alone is not None and alone.seq in (position, position + 1), (kind, alone)
