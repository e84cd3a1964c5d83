"""Tampering with the audit log is found and the row named, on SQLite and on PostgreSQL.

The application's own connection cannot tamper: the migration's triggers refuse UPDATE,
DELETE (and, on PostgreSQL, TRUNCATE) on ``audit_log``; the first test proves it. Whoever
tampers therefore goes around the application: these tests do what such a person would, on
a privileged path: on SQLite they open the file directly and drop the triggers; on
PostgreSQL they connect as the tables' owner (the role that ran the migrations) and disable
the triggers inside the tampering transaction. Then ``verify_audit`` and ``parcours audit
verify`` must fail and name the row. A truncated tail is found only against an anchor taken
earlier with ``audit head``.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass

import pytest
from sqlalchemy import Connection, create_engine, insert, text

from core import services as svc
from core.cli.main import main
from core.errors import PersistenceError
from core.persistence.access_models import AuditEntry
from core.persistence.database import make_engine
from core.services.app import Parcours
from tests.accounts import add_followed, make_app, who

from . import log

TODAY_ARGS = ("--today", "2026-03-10")


Work = Callable[[Connection], None]


@dataclass
class Logged:
    """An application with a few dozen audit rows, and a privileged way to rewrite them."""

    app: Parcours
    url: str
    privileged: Callable[[Work], None]

    def tamper(self, statements: str, params: dict) -> None:
        """Run ``;``-separated SQL statements on the privileged path."""
        def work(conn: Connection) -> None:
            for statement in filter(str.strip, statements.split(";")):
                conn.execute(text(statement), params)
        self.privileged(work)


def _sqlite_privileged(url: str) -> Callable[[Work], None]:
    def run(work: Work) -> None:
        owner = create_engine(url)  # the file itself, without the application's engine
        try:
            with owner.begin() as conn:
                conn.exec_driver_sql("DROP TRIGGER IF EXISTS audit_log_no_update")
                conn.exec_driver_sql("DROP TRIGGER IF EXISTS audit_log_no_delete")
                work(conn)
        finally:
            owner.dispose()
    return run


def _pg_privileged(url: str) -> Callable[[Work], None]:
    def run(work: Work) -> None:
        owner = make_engine(url)  # the role that ran the migrations owns the tables
        try:
            with owner.begin() as conn:
                conn.exec_driver_sql("ALTER TABLE audit_log DISABLE TRIGGER USER")
                work(conn)
                conn.exec_driver_sql("ALTER TABLE audit_log ENABLE TRIGGER USER")
        finally:
            owner.dispose()
    return run


@pytest.fixture(params=["sqlite", pytest.param("pg", marks=pytest.mark.pg)])
def logged(request) -> Iterator[Logged]:
    url = request.getfixturevalue(f"{request.param}_url")
    app = make_app(url)
    for alias in ("Amina", "Rose", "Éloïse"):
        person = add_followed(app, alias)
        svc.show_person(app, who(app, "bea"), person)
    svc.list_persons(app, who(app, "sonia"))
    privileged = _sqlite_privileged(url) if request.param == "sqlite" else _pg_privileged(url)
    yield Logged(app, url, privileged)
    app.close()


def _verify(app: Parcours, anchor: str | None = None):
    return svc.verify_audit(app, who(app, "sonia"), anchor)


def _cli(logged: Logged, capsys, monkeypatch, *args: str) -> tuple[int, str]:
    monkeypatch.setenv("PARCOURS_TOKEN", who(logged.app, "sonia").secret)
    capsys.readouterr()
    code = main(["--db", logged.url, *TODAY_ARGS, "audit", "verify", *args])
    captured = capsys.readouterr()
    return code, captured.out + captured.err


def _head(app: Parcours) -> tuple[int, str]:
    return svc.audit_head(app, who(app, "admin"))


def test_the_application_connection_cannot_rewrite_the_log(logged):
    app = logged.app
    for statement in ("UPDATE audit_log SET outcome = 'done' WHERE seq = 1",
                      "DELETE FROM audit_log WHERE seq = 1"):
        with pytest.raises(PersistenceError, match="journal|historique|modifi"):
            with app.db.write() as session:
                session.execute(text(statement))
    if app.db.dialect == "postgresql":
        with pytest.raises(PersistenceError):
            with app.db.write() as session:
                session.execute(text("TRUNCATE audit_log"))
    assert _verify(app).ok


def test_an_intact_log_verifies_with_and_without_its_anchor(logged, capsys, monkeypatch):
    seq, digest = _head(logged.app)
    found = _verify(logged.app, f"{seq}:{digest}")
    assert found.ok and found.checked >= seq
    code, out = _cli(logged, capsys, monkeypatch, "--anchor", f"{seq}:{digest}")
    assert code == 0 and "intact" in out


MIDDLE = 6
TAMPERS = {
    # name: (SQL run on the privileged path, the position named, the problem)
    "modify a field": ("UPDATE audit_log SET operation = 'person.list' WHERE seq = :k",
                       MIDDLE, "modified"),
    "modify the actor": ("UPDATE audit_log SET actor_id = actor_id + 1 WHERE seq = :k",
                         MIDDLE, "modified"),
    "delete a row": ("DELETE FROM audit_log WHERE seq = :k", MIDDLE + 1, "missing"),
    "swap two rows": ("UPDATE audit_log SET seq = -1 WHERE seq = :k;"
                      "UPDATE audit_log SET seq = :k WHERE seq = :k + 1;"
                      "UPDATE audit_log SET seq = :k + 1 WHERE seq = -1", MIDDLE, "order"),
}


@pytest.mark.parametrize("tamper", sorted(TAMPERS))
def test_a_tampered_row_is_found_and_named(logged, capsys, monkeypatch, tamper):
    statements, named, problem = TAMPERS[tamper]
    seq, digest = _head(logged.app)
    logged.tamper(statements, {"k": MIDDLE})
    for anchor in (None, f"{seq}:{digest}"):
        found = _verify(logged.app, anchor)
        assert (found.ok, found.seq, found.problem) == (False, named, problem), found
        assert f"n° {named}" in found.message
    code, out = _cli(logged, capsys, monkeypatch)
    assert code == 1 and f"n° {named}" in out, out


def test_a_forged_row_inserted_in_the_middle_is_found(logged, capsys, monkeypatch):
    """The forger knows the hashing scheme: the forged row itself chains correctly to the
    row before it; the rows after it are renumbered to make room."""
    from core.services import audit
    rows = log.audit_rows(logged.app.db)
    before = rows[MIDDLE - 2]
    forged = {**{k: v for k, v in rows[MIDDLE - 1].items() if k != "id"}, "seq": MIDDLE,
              "operation": "person.show", "person_id": 1, "detail": {},
              "prev_hash": before["hash"]}
    forged["hash"] = audit.chain_hash(before["hash"], forged)

    def forge(conn: Connection) -> None:
        for row in reversed(rows[MIDDLE - 1:]):  # one by one: seq stays unique throughout
            conn.execute(text("UPDATE audit_log SET seq = seq + 1 WHERE seq = :s"),
                         {"s": row["seq"]})
        conn.execute(insert(AuditEntry.__table__), [forged])

    logged.privileged(forge)
    found = _verify(logged.app)
    assert (found.ok, found.seq, found.problem) == (False, MIDDLE + 1, "order"), found
    code, out = _cli(logged, capsys, monkeypatch)
    assert code == 1 and f"n° {MIDDLE + 1}" in out


def test_a_truncated_tail_is_found_only_against_an_anchor(logged, capsys, monkeypatch):
    seq, digest = _head(logged.app)
    logged.tamper("DELETE FROM audit_log WHERE seq > :k", {"k": seq - 2})
    assert _verify(logged.app).ok, "without an anchor a shorter chain is still a chain"
    found = _verify(logged.app, f"{seq}:{digest}")
    assert (found.ok, found.seq, found.problem) == (False, seq, "truncated"), found
    assert f"n° {seq}" in found.message
    code, out = _cli(logged, capsys, monkeypatch, "--anchor", f"{seq}:{digest}")
    assert code == 1 and f"n° {seq}" in out, out


@pytest.mark.parametrize("forged", ["@@@ pas du base64", "c2NlbGzDqSBhaWxsZXVycw=="])
def test_a_tampered_sealed_reason_reads_as_altered_and_the_row_as_modified(logged, forged):
    """An exceptional access's reason is sealed with her key (core.services.audit_reasons):
    rewritten in the base, the review queue and the listing say it was altered, without
    failing, and the chain names the row."""
    import json

    from core import messages as M
    app = logged.app
    person = add_followed(app, "Nadia")
    sonia = who(app, "sonia")
    svc.add_note(app, who(app, "camille"), person, "Note restreinte")
    svc.list_notes(app, sonia, person, reason="Signalement urgent")
    seq = max(r.seq for r in svc.list_audit(app, sonia, person=person)
              if r.reason == "exceptional_access")
    logged.tamper("UPDATE audit_log SET detail = :d WHERE seq = :s",
                  {"d": json.dumps({"exceptional": True, "reason_enc": forged}), "s": seq})
    listed = [r.detail["reason"] for r in svc.list_audit(app, sonia, person=person)
              if r.seq == seq]
    assert listed == [M.AUDIT_REASON_ALTERED]
    items = svc.review_queue(app, sonia, kinds={"exceptional_access"})
    assert any(M.AUDIT_REASON_ALTERED in i.detail for i in items if i.person_id == person)
    found = _verify(app)
    assert (found.ok, found.seq, found.problem) == (False, seq, "modified")
