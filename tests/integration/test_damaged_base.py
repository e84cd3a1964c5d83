"""A damaged or foreign database: writes refused, reads kept for a rescue, ``parcours check``.

A copy of a base has bytes overwritten in the middle of one of its table pages (the cells of
an audit-log leaf page, far from the file's header): its quick check fails, so every write is
refused with one French sentence, reads still work (their audit rows go to the rescue journal
outside the base), and ``parcours check`` names the damage and exits 1. A file that is not a
SQLite base at all, or another program's SQLite base, is named as such.
"""

from __future__ import annotations

import shutil
import sqlite3
from contextlib import closing
from pathlib import Path

import pytest
from sqlalchemy import func, select, text

from core import services as svc
from core.errors import DatabaseDamaged, PersistenceError
from core.persistence import health
from core.persistence.database import Database
from core.persistence.models import Person
from core.services import rescue_journal
from core.services.app import Parcours
from tests.accounts import FAST, make_app, who
from tests.cli_runner import VOLUNTEER, Cli, assert_french_error

DAMAGED = "Le fichier de données est endommagé : les modifications sont refusées"


def settle(path: Path) -> None:
    with closing(sqlite3.connect(path)) as conn:
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")


def damage(path: Path, table: str = "audit_log") -> int:
    """Overwrite bytes inside the cells of the fullest leaf page of ``table``; its number."""
    settle(path)
    with closing(sqlite3.connect(path)) as conn:
        size = conn.execute("PRAGMA page_size").fetchone()[0]
        page = conn.execute("SELECT pageno FROM dbstat WHERE name = ? AND pagetype = 'leaf' "
                            "ORDER BY ncell DESC LIMIT 1", (table,)).fetchone()[0]
    assert page > 1  # never the first page, which holds the file's header
    with path.open("r+b") as out:
        out.seek((page - 1) * size)
        data = out.read(size)
        cells = int.from_bytes(data[3:5], "big")
        middle = int.from_bytes(data[8 + 2 * (cells // 2):10 + 2 * (cells // 2)], "big")
        out.seek((page - 1) * size + middle)
        out.write(b"\xff" * 24)
    assert health.quick_check(path) != []
    return page


def counted_checks(monkeypatch) -> list[Path]:
    """The files ``quick_check`` is run on from now on (it still runs)."""
    calls: list[Path] = []
    real = health.quick_check
    monkeypatch.setattr(health, "quick_check", lambda path: calls.append(path) or real(path))
    return calls


@pytest.fixture
def damaged(tmp_path):
    """A base with enough rows to fill several pages, copied, then the copy damaged."""
    original = tmp_path / "saine.db"
    app = make_app(f"sqlite:///{original}", fresh=True)
    camille = who(app, "camille")
    persons = [svc.add_person(app, camille, f"Personne {i}").id for i in range(40)]
    admin = who(app, "admin")
    app.close()
    copy = tmp_path / "abimee.db"
    settle(original)
    shutil.copyfile(original, copy)
    damage(copy)
    reopened = Parcours.open(f"sqlite:///{copy}", security=FAST, host=app.host)
    yield reopened, camille, admin, persons
    reopened.close()


def test_writes_are_refused_reads_are_kept_and_audited_outside(damaged):
    app, camille, _admin, persons = damaged
    before = len(rescue_journal.read())
    with pytest.raises(DatabaseDamaged, match=DAMAGED):
        svc.add_person(app, camille, "Nouvelle")
    with pytest.raises(DatabaseDamaged):
        with app.db.write() as session:
            session.execute(select(1))
    with app.db.read() as session:  # the rescue: everything the damage spared is read
        assert session.scalar(select(func.count()).select_from(Person)) == len(persons)
    listed = svc.list_persons(app, camille)
    assert {p.id for p in listed} == set(persons)
    journal = rescue_journal.read()[before:]
    assert [(r["operation"], r["outcome"]) for r in journal] == [
        ("person.add", "refused"), ("person.list", "done")]
    assert journal[0]["reason"] == "database_damaged"
    assert journal[1]["prev_hash"] == journal[0]["hash"]


def test_migrations_are_refused_too(damaged):
    from core.persistence import migrate
    app = damaged[0]
    with pytest.raises(DatabaseDamaged):
        migrate.upgrade(app.db)


def test_the_quick_check_is_cached_until_the_file_changes(tmp_path, monkeypatch):
    app = make_app(f"sqlite:///{tmp_path / 'p.db'}", fresh=True)
    app.close()
    calls = counted_checks(monkeypatch)
    for _ in range(3):  # closing remembers what this process wrote: no check next time
        db = Database(f"sqlite:///{tmp_path / 'p.db'}")
        with db.write() as session:
            session.execute(select(1))
        db.dispose()
    assert calls == []
    with closing(sqlite3.connect(tmp_path / "p.db")) as conn, conn:  # another program writes
        conn.execute("CREATE TABLE IF NOT EXISTS t (x)")
    db = Database(f"sqlite:///{tmp_path / 'p.db'}")
    with db.write() as session:
        session.execute(select(1))
    db.dispose()
    assert calls == [tmp_path / "p.db"]


def test_the_cli_refuses_writes_keeps_reads_and_check_names_the_damage(cli: Cli):
    person = cli.json("person", "add", "Personne à garder")["id"]
    for i in range(30):
        cli.ok("person", "add", f"Remplissage {i}")
    damage(cli.db)
    cli.fails("person", "add", "Après les dégâts", code=1, match=DAMAGED)
    assert_french_error(cli.login(VOLUNTEER), 1, DAMAGED)  # signing in writes: refused
    listed = cli.json("person", "list")  # camille's session still reads, for a rescue
    assert person in [p["id"] for p in listed["persons"]]
    report = cli.run("check", user=None)
    assert report.code == 1
    assert "ÉCHEC Intégrité : Le fichier de données est endommagé" in report.out
    assert "Problème trouvé" in report.err
    data = cli.run("check", "--json", user=None)
    assert data.code == 1 and not data.json()["ok"]
    assert [c["name"] for c in data.json()["checks"] if not c["ok"]][0] == "integrite"


def test_check_says_all_is_well_on_a_sound_base(cli: Cli):
    result = cli.run("check", user=None)
    assert result.code == 0 and "Tout va bien : la base est saine." in result.out
    assert result.err == ""


def test_a_foreign_file_is_named(cli: Cli, tmp_path):
    other = tmp_path / "photo.db"
    other.write_bytes(b"\x89PNG\r\n\x1a\n" + b"\0" * 4000)
    env = {"PARCOURS_DB": f"sqlite:///{other}"}
    cli.fails("person", "list", env=env, match="n'est pas une base de données SQLite")
    checked = cli.run("check", user=None, env=env)
    assert checked.code == 1 and "n'est pas un fichier de base de données SQLite" in checked.out
    assert other.read_bytes().startswith(b"\x89PNG")  # untouched
    missing = cli.run("check", "--db", f"sqlite:///{tmp_path / 'absent.db'}", user=None)
    assert missing.code == 1 and "n'existe pas" in missing.out
    assert not (tmp_path / "absent.db").exists()


def test_another_programs_sqlite_base_is_named_and_not_written(cli: Cli, tmp_path):
    other = tmp_path / "compta.db"
    with closing(sqlite3.connect(other)) as conn, conn:
        conn.execute("CREATE TABLE factures (numero INTEGER, montant REAL)")
    env = {"PARCOURS_DB": f"sqlite:///{other}"}
    cli.fails("person", "list", env=env, match="base SQLite d'un autre logiciel")
    cli.fails("init", "--admin", "admin", "--password-stdin", user=None, env=env,
              input="Cheval-Correct-Pile-2026!\n", match="Parcours n'y écrit pas")
    checked = cli.run("check", user=None, env=env)
    assert checked.code == 1 and "tables factures" in checked.out
    with closing(sqlite3.connect(other)) as conn:
        tables = [r[0] for r in conn.execute("SELECT name FROM sqlite_master")]
    assert tables == ["factures"]


def test_a_base_read_before_its_first_write_is_not_checked_again(tmp_path, monkeypatch):
    """What every command does: its session is read, then it writes (its audit row). The read
    creates an empty WAL, which is nothing written: the stamp remembered at the last close
    still holds, and the whole file is not checked again."""
    app = make_app(f"sqlite:///{tmp_path / 'p.db'}", fresh=True)
    app.close()
    calls = counted_checks(monkeypatch)
    for _ in range(3):
        db = Database(f"sqlite:///{tmp_path / 'p.db'}")
        with db.read() as session:
            session.execute(select(1))
        assert (tmp_path / "p.db-wal").exists()
        with db.write() as session:
            session.execute(select(1))
        db.dispose()
    assert calls == []


def test_a_colleagues_open_base_does_not_make_every_command_check_the_file(tmp_path, monkeypatch):
    """The interface stays open all day and writes; each command started beside it used to find
    the file changed (its WAL) and check it whole: seconds per command at 100,000 persons. The
    process that writes records the file sound again when its commit changed the file (here a
    checkpoint of a large write), so the others find it as recorded."""
    url = f"sqlite:///{tmp_path / 'p.db'}"
    make_app(url, fresh=True).close()
    calls = counted_checks(monkeypatch)
    open_all_day = Database(url)
    with open_all_day.write() as session:
        session.execute(text("CREATE TABLE remplissage (x BLOB)"))
    before = health.stamp(tmp_path / "p.db")
    for size in (10, 6_000_000, 10):  # the large one goes past the automatic checkpoint
        with open_all_day.write() as session:
            session.execute(text("INSERT INTO remplissage VALUES (zeroblob(:n))"), {"n": size})
        command = Database(url)
        with command.write() as session:
            session.execute(select(1))
        command.dispose()
    assert health.stamp(tmp_path / "p.db") != before  # the file itself changed meanwhile
    assert calls == []
    open_all_day.dispose()
    with closing(sqlite3.connect(tmp_path / "p.db")) as conn, conn:  # another program writes
        conn.execute("INSERT INTO remplissage VALUES (1)")
    command = Database(url)
    with command.write() as session:
        session.execute(select(1))
    command.dispose()
    assert calls == [tmp_path / "p.db"]


def test_a_persistence_error_is_not_a_damage(tmp_path):
    # A foreign file is refused for writes as a PersistenceError, never as DatabaseDamaged:
    # only damage sends audit rows to the rescue journal.
    other = tmp_path / "texte.db"
    other.write_text("bonjour")
    db = Database(f"sqlite:///{other}")
    with pytest.raises(PersistenceError) as caught:
        db.ensure_writable()
    assert not isinstance(caught.value, DatabaseDamaged)
