"""A transition killed with SIGKILL at any point is fully before or fully after (DB-1)."""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import textwrap

import pytest

from core import services as svc
from tests.accounts import add_followed, who

from .conftest import make_app

CHILD = textwrap.dedent("""
    import os, sys, time
    from sqlalchemy import event
    from sqlalchemy.engine import Engine
    from core import services as svc
    from core.plugins import build_plugin_host
    from core.services.app import Parcours
    from tests.accounts import FAST, PASSWORD

    url, person, stop_at = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
    app = Parcours.open(url, host=build_plugin_host(load_entrypoints=False), security=FAST)
    camille = svc.Credential(svc.sign_in(app, "camille", PASSWORD).secret)
    seen = 0

    @event.listens_for(Engine, "before_cursor_execute")
    def count(conn, cursor, statement, *args):
        global seen
        if statement.lstrip().upper().startswith(("INSERT", "UPDATE", "COMMIT")):
            seen += 1
        if seen == stop_at:
            print("READY", flush=True)
            time.sleep(60)

    @event.listens_for(Engine, "commit")
    def before_commit(conn):
        if stop_at == 0:
            print("READY", flush=True)
            time.sleep(60)

    svc.advance(app, camille, person, "psp", "autoriser",
                facts={"date_decision": "2026-03-10", "debut_periode": "2026-03-10"})
    print("DONE", flush=True)
""")


def snapshot(path: str) -> tuple:
    con = sqlite3.connect(path)
    try:
        assert con.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        return (con.execute("SELECT step, version FROM tracks WHERE definition_id='psp'").fetchone(),
                con.execute("SELECT count(*) FROM events").fetchone()[0],
                con.execute("SELECT count(*) FROM deadlines").fetchone()[0])
    finally:
        con.close()


@pytest.fixture
def prepared(tmp_path):
    url = f"sqlite:///{tmp_path / 'crash.db'}"
    app = make_app(url)
    person = add_followed(app, "Amina")
    svc.start_track(app, who(app, "camille"), person, "psp")
    for trigger, facts in [("signer_document", {"date_signature_document": "2026-01-05"}),
                           ("constituer_dossier", {"piece_identite": "oui",
                                                   "attestation_cessation": "oui",
                                                   "domiciliation": "oui"}),
                           ("transmettre", {"date_envoi": "2026-01-20"}),
                           ("enregistrer_avis", {"date_commission": "2026-03-01",
                                                 "avis": "favorable"})]:
        svc.advance(app, who(app, "camille"), person, "psp", trigger, facts=facts)
    app.close()
    return url, str(tmp_path / "crash.db"), person


@pytest.mark.parametrize("stop_at", [0, 1, 2, 3, 4, 5, 99])
def test_sigkill_leaves_the_track_before_or_after(prepared, stop_at):
    url, path, person = prepared
    before = snapshot(path)
    child = subprocess.Popen([sys.executable, "-c", CHILD, url, str(person), str(stop_at)],
                             stdout=subprocess.PIPE, text=True)
    first = child.stdout.readline().strip()
    if first == "READY":
        os.kill(child.pid, signal.SIGKILL)
    child.wait(timeout=60)
    after = snapshot(path)
    if first == "READY":
        assert after == before
    else:
        assert first == "DONE"
        assert after[0] == ("autorise", before[0][1] + 1)
        assert after[1] == before[1] + 1 and after[2] == before[2] + 2
