"""Encryption at rest: nothing about a person in clear in the files, sealed fields bound to
their row, a wrong or missing key refused, and a base from the previous version sealed."""

from __future__ import annotations

import json
import shutil
import sqlite3
from pathlib import Path

import pytest
from sqlalchemy import select, update

from core import services as svc
from core.errors import IntegrityAlert, KeyMissing
from core.persistence import migrate
from core.persistence.database import Database
from core.persistence.models import Note, SensitiveFact
from core.services.app import Parcours
from tests.accounts import FAST, PASSWORD, add_followed, make_app, reauth, who

ALIAS, NOTE, RECIT = "Canari-Alias-7f3a", "CANARY-NOTE-51c2", "CANARY-RECIT-9d0e"


def scan(folder: Path, *needles: str) -> dict[str, list[str]]:
    """Which files of ``folder`` hold which needle, in UTF-8 bytes."""
    found: dict[str, list[str]] = {}
    for path in folder.iterdir():
        if path.is_file():
            data = path.read_bytes()
            hits = [n for n in needles if n.encode("utf-8") in data]
            if hits:
                found[path.name] = hits
    return found


@pytest.fixture
def filled(tmp_path):
    folder = tmp_path / "base"
    folder.mkdir()
    app = make_app(f"sqlite:///{folder / 'p.db'}", fresh=True)
    person = add_followed(app, ALIAS)
    svc.add_note(app, who(app, "bea"), person, NOTE)
    svc.advance(app, who(app, "camille"), person, "parcours", "clore",
                facts={"motif_cloture": "autre", "precision": RECIT})
    yield app, person, folder
    app.close()


def test_no_canary_in_clear_in_the_base_nor_its_wal_but_every_one_through_the_services(filled):
    app, person, folder = filled
    assert (folder / "p.db-wal").exists()
    assert scan(folder, ALIAS, NOTE, RECIT) == {}
    camille = reauth(app, "camille")
    assert svc.show_person(app, camille, person).alias == ALIAS
    assert [n.text for n in svc.list_notes(app, camille, person)] == [NOTE]
    facts = {f.name: f.value for f in svc.person_facts(app, camille, person)}
    assert facts["precision"] == RECIT


def test_a_sealed_value_moved_to_another_row_does_not_open(filled):
    app, person, _ = filled
    other = add_followed(app, "Autre")
    svc.add_note(app, who(app, "bea"), other, "une autre note", sensitivity="sensitive")
    with app.db.write() as session:
        notes = session.scalars(select(Note).order_by(Note.id)).all()
        session.execute(update(Note).where(Note.id == notes[1].id).values(
            text_enc=notes[0].text_enc, sensitivity="sensitive"))
    with pytest.raises(IntegrityAlert):
        svc.list_notes(app, who(app, "camille"), other)


def test_one_changed_byte_is_refused_not_shown(filled):
    app, person, _ = filled
    with app.db.write() as session:
        row = session.scalars(select(SensitiveFact)).one()
        data = bytearray(row.value_enc)
        data[-1] ^= 1
        row.value_enc = bytes(data)
    with pytest.raises(IntegrityAlert, match="illisible"):
        svc.person_facts(app, reauth(app, "camille"), person)


def test_a_base_opened_without_its_key_or_with_another_is_refused(filled, tmp_path):
    app, _, folder = filled
    keyfile = Path(app.keys.keyfile.path)
    hidden = tmp_path / "hidden.json"
    shutil.move(keyfile, hidden)
    lost = Parcours.open(f"sqlite:///{folder / 'p.db'}", security=FAST)
    with pytest.raises(KeyMissing, match="introuvable"):
        svc.sign_in(lost, "camille", PASSWORD)
    other = make_app(f"sqlite:///{tmp_path / 'autre.db'}", fresh=True)
    wrong = Parcours.open(f"sqlite:///{folder / 'p.db'}", security=FAST,
                          key_file=str(other.keys.keyfile.path))
    with pytest.raises(KeyMissing, match="autre base"):
        svc.sign_in(wrong, "camille", PASSWORD)
    shutil.move(hidden, keyfile)
    keyfile.chmod(0o644)
    loose = Parcours.open(f"sqlite:///{folder / 'p.db'}", security=FAST)
    with pytest.raises(KeyMissing, match="lisible par d'autres"):
        svc.sign_in(loose, "camille", PASSWORD)
    for opened in (lost, other, wrong, loose):
        opened.close()


def test_the_key_file_is_owner_only_and_outside_the_base_folder(filled):
    app, _, folder = filled
    path = Path(app.keys.keyfile.path)
    assert path.stat().st_mode & 0o777 == 0o600
    assert path.parent != folder and json.loads(path.read_text())["base"] == app.keys.base


def _old_base(path: Path) -> None:
    """A base at revision 0002 holding one person with clear values everywhere."""
    database = Database(f"sqlite:///{path}")
    migrate.upgrade(database, "0002")
    database.dispose()
    con = sqlite3.connect(path)
    con.executescript(f"""
        INSERT INTO delegations (id, code, label, created_at) VALUES (1, 'principale', 'P', '2026-01-01');
        INSERT INTO users (id, name, role, active, created_at, must_change_password)
            VALUES (1, 'admin', 'admin', 1, '2026-01-01', 0), (2, 'camille', 'referent', 1, '2026-01-01', 0);
        INSERT INTO user_delegations VALUES (1, 1), (2, 1);
        INSERT INTO persons (id, delegation_id, alias, alias_key, referent_id, pathway_closed,
                             created_at, created_by, version)
            VALUES (1, 1, '{ALIAS}', 'canari-alias-7f3a', 2, 0, '2026-01-01', 2, 1);
        INSERT INTO person_identities VALUES (1, 'Nom Fictif', '1990-05-04', 'hors UE');
        INSERT INTO tracks (id, person_id, definition_id, definition_version, step, status, facts,
                            step_since, last_event_at, opened_at, version)
            VALUES (1, 1, 'parcours', 1, 'suivi_individuel', 'open', '{{}}', '2026-01-01',
                    '2026-01-01', '2026-01-01', 2);
        INSERT INTO events (id, person_id, track_id, kind, occurred_at, recorded_at, actor_id,
                            actor_role, facts, checks, deadlines)
            VALUES (1, 1, 1, 'transition', '2026-01-01', '2026-01-01', 2, 'referent', '{{}}', '[]',
                    '[{{"rule": "r", "action": "open", "due": {{"explanation": "depuis le 02/01/2026"}}}}]');
        INSERT INTO deadlines (id, track_id, person_id, rule_id, rule_version, start, due, warn_from,
                               status, computation)
            VALUES (1, 1, 1, 'psp.recours_refus_2m', 1, '2026-01-02', '2026-03-02', '2026-02-23',
                    'open', '{{"explanation": "CANARY-EXPLAIN", "source": "s", "evidence": "S"}}');
        INSERT INTO notes (id, person_id, author_id, created_at, text, sensitivity)
            VALUES (1, 1, 2, '2026-01-01', '{NOTE}', 'restricted');
        INSERT INTO sensitive_facts (id, person_id, track_id, name, sensitivity, value, recorded_at)
            VALUES (1, 1, 1, 'precision', 'restricted', '"{RECIT}"', '2026-01-01');
    """)
    con.commit()
    con.close()


def test_upgrading_a_base_of_the_previous_version_seals_what_was_clear(tmp_path):
    folder = tmp_path / "vieille"
    folder.mkdir()
    _old_base(folder / "p.db")
    app = Parcours.open(f"sqlite:///{folder / 'p.db'}", security=FAST)
    svc.initialise(app, "admin", PASSWORD)         # the admin had no password: set, and upgraded
    with sqlite3.connect(folder / "p.db") as con:
        con.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        con.execute("VACUUM")
    assert scan(folder, ALIAS, NOTE, RECIT, "CANARY-EXPLAIN", "Nom Fictif") == {}
    admin = svc.Credential(svc.sign_in(app, "admin", PASSWORD).secret)
    svc.reset_password(app, admin, "camille", "Provisoire-2026!")
    camille = svc.Credential(svc.sign_in(app, "camille", "Provisoire-2026!").secret)
    svc.change_password(app, camille, "Provisoire-2026!", PASSWORD)
    svc.reauthenticate(app, camille, PASSWORD)
    assert [p.alias for p in svc.list_persons(app, camille, search="canari")] == [ALIAS]
    assert [n.text for n in svc.list_notes(app, camille, 1)] == [NOTE]
    assert {f.name: f.value for f in svc.person_facts(app, camille, 1)}["precision"] == RECIT
    (deadline,) = svc.list_deadlines(app, camille, 1)
    assert (deadline.explanation, str(deadline.start)) == ("CANARY-EXPLAIN", "2026-01-02")
    app.close()
