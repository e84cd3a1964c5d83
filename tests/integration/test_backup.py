"""Backups and the restore drill, on SQLite and PostgreSQL, as an administrator runs them.

The drill is driven through the command line (``parcours backup``, ``restore``, ``backup
--verify``, ``backup --prune``) and the services: a base with a canary alias and note is
backed up, the file holds neither in clear, it is restored into a new base which the same key
file opens and the services read the same person and note back. A changed byte, another base's
key, a base that is not empty, another kind of base are refused with one French sentence.
"""

from __future__ import annotations

import errno
import json
import os
import shutil
import stat
import subprocess
import sys
import tempfile
import threading
import time
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import select

from core import services as svc
from core.auth.tokens import Credential
from core.cli import options
from core.crypto import backup_file
from core.crypto.keyfile import KeyFile
from core.errors import (BackupTampered, ConflictError, InputError, KeyMissing,
                         NotAuthenticated, NotFound, PermissionDenied, PersistenceError)
from core.persistence import migrate, snapshot
from core.persistence.access_models import AuditEntry
from core.persistence.database import Database, make_engine
from core.persistence.models import Person, PersonKey
from core.persistence.revision import HEAD_REVISION
from core.services.app import Parcours
from core.services.backups import backup_folder, write_backup
from tests.accounts import FAST, PASSWORD, add_followed, make_app, reauth, who, with_clock
from tests.cli_runner import ADMIN, REFERENT, Cli
from tests.conftest import throwaway_database

ALIAS, NOTE = "Kanari-Sauvegarde-Ysoline", "kanari-note-sauvegarde : rendez-vous jeudi"


def canaries_in(path: Path) -> list[str]:
    data = path.read_bytes()
    return [c for c in (ALIAS, NOTE) if c.encode("utf-8") in data]


@pytest.fixture
def private_tmp(tmp_path, monkeypatch) -> Path:
    """The system temporary folder, watched: backups must leave nothing there."""
    folder = tmp_path / "systmp"
    folder.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(folder))
    return folder


@pytest.fixture
def source(tmp_path):
    folder = tmp_path / "base"
    folder.mkdir()
    app = make_app(f"sqlite:///{folder / 'source.db'}", fresh=True)
    person = add_followed(app, ALIAS)
    svc.add_note(app, who(app, "camille"), person, NOTE, sensitivity="sensitive")
    yield app, person
    app.close()


def reopen(url: str) -> Parcours:
    from core.plugins import build_plugin_host
    return Parcours.open(url, host=build_plugin_host(load_entrypoints=False), security=FAST)


def read_back(app: Parcours, person: int) -> tuple[str, list[str]]:
    camille = who(app, "camille")
    return (svc.show_person(app, camille, person).alias,
            [n.text for n in svc.list_notes(app, camille, person)])


def operations(app: Parcours) -> list[str]:
    with app.db.read() as session:
        return list(session.scalars(select(AuditEntry.operation).order_by(AuditEntry.seq)))


# --- SQLite, through the services ------------------------------------------------------------
def test_sqlite_drill_backup_restore_and_the_same_person_read_back(source, tmp_path, private_tmp):
    app, person = source
    made = svc.create_backup(app, who(app, "admin"), tmp_path / "copie.sauvegarde")
    path = Path(made.path)
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert canaries_in(path) == []
    assert list(private_tmp.iterdir()) == []  # the clear copy's folder is gone
    assert operations(app)[-1] == "backup.create"

    url = f"sqlite:///{tmp_path / 'restauree.db'}"
    restored = svc.restore_backup(path, url)
    assert restored.check is not None and restored.check.ok, restored.check
    assert [c.name for c in restored.check.checks] == [
        "fichier", "integrite", "schema", "journal", "cles", "derivees", "contenu"]
    assert list(private_tmp.iterdir()) == []
    again = reopen(url)
    try:
        assert read_back(again, person) == (ALIAS, [NOTE])
        done = operations(again)
        assert "backup.create" not in done  # written after the copy was taken
        assert done[done.index("backup.restore") + 1] == "auth.login"
        assert svc.check_database(url).ok
    finally:
        again.close()


def test_backups_are_the_administrators(source, tmp_path):
    app, _ = source
    for name in ("camille", "sonia", "bea"):
        with pytest.raises(PermissionDenied):
            svc.create_backup(app, who(app, name), tmp_path / f"{name}.sauvegarde")
        with pytest.raises(PermissionDenied):
            svc.prune_backups(app, who(app, name))
    assert not list(tmp_path.glob("*.sauvegarde"))


def test_a_changed_byte_is_refused_and_nothing_is_restored(source, tmp_path):
    app, _ = source
    path = Path(svc.create_backup(app, who(app, "admin"), tmp_path / "b.sauvegarde").path)
    data = bytearray(path.read_bytes())
    data[len(data) // 2] ^= 0x20
    path.write_bytes(bytes(data))
    target = tmp_path / "cible.db"
    with pytest.raises(BackupTampered, match="a été modifiée, tronquée ou abîmée"):
        svc.restore_backup(path, f"sqlite:///{target}")
    assert snapshot.is_empty(Database(f"sqlite:///{target}"))
    with pytest.raises(BackupTampered):
        svc.verify_backup(app, who(app, "admin"), path)


def test_another_bases_key_is_refused(source, tmp_path):
    app, _ = source
    path = Path(svc.create_backup(app, who(app, "admin"), tmp_path / "b.sauvegarde").path)
    other = make_app(f"sqlite:///{tmp_path / 'autre.db'}", fresh=True)
    try:
        other_key = str(other.keys.keyfile.path)
    finally:
        other.close()
    with pytest.raises(KeyMissing, match="appartient à une autre base"):
        svc.restore_backup(path, f"sqlite:///{tmp_path / 'c1.db'}", key_file=other_key)
    # A key file that claims the right base but holds another key.
    forged = KeyFile.create(tmp_path / "cles" / "forgee.json", app.keys.base)
    with pytest.raises(KeyMissing, match="ne correspond pas à la sauvegarde"):
        svc.restore_backup(path, f"sqlite:///{tmp_path / 'c2.db'}", key_file=str(forged.path))


def test_a_backup_from_before_a_key_rotation_needs_the_key_file_of_then(source, tmp_path):
    app, person = source
    path = Path(svc.create_backup(app, who(app, "admin"), tmp_path / "b.sauvegarde").path)
    old_copy = tmp_path / "copie-cle.json"
    shutil.copy2(app.keys.keyfile.path, old_copy)
    svc.rotate_keys(app, who(app, "admin"))
    with pytest.raises(KeyMissing, match="date d'avant une rotation des clés"):
        svc.restore_backup(path, f"sqlite:///{tmp_path / 'r1.db'}")
    restored = svc.restore_backup(path, f"sqlite:///{tmp_path / 'r2.db'}", key_file=str(old_copy))
    assert restored.check.ok, restored.check
    after = Path(svc.create_backup(app, who(app, "admin"), tmp_path / "apres.sauvegarde").path)
    with pytest.raises(KeyMissing, match="plus récente que ce fichier de clé"):
        svc.restore_backup(after, f"sqlite:///{tmp_path / 'r3.db'}", key_file=str(old_copy))


def test_no_backup_is_taken_while_a_key_rotation_is_under_way(source, tmp_path):
    # Such a copy holds keys wrapped by two versions; the end of the rotation drops the old
    # one from the key file: neither the copy of the file kept from before nor the file after
    # would restore it, though the drill passed the day it was taken.
    app, person = source
    add_followed(app, "Deuxieme-Sauvegarde")
    admin = who(app, "admin")
    svc.rotate_step(app, admin, batch=1)
    svc.rotate_step(app, admin, batch=1, start=False)  # one person's key moved, not the other
    with pytest.raises(InputError, match="Une rotation des clés est en cours"):
        svc.create_backup(app, admin, tmp_path / "pendant.sauvegarde")
    assert not list(tmp_path.glob("*.sauvegarde"))
    svc.rotate_keys(app, admin)
    after = Path(svc.create_backup(app, admin, tmp_path / "apres.sauvegarde").path)
    restored = svc.restore_backup(after, f"sqlite:///{tmp_path / 'r.db'}")
    assert restored.check.ok, restored.check


def test_a_rotation_during_the_copy_throws_the_copy_away(source, tmp_path, monkeypatch):
    app, _ = source
    admin = who(app, "admin")
    copy = snapshot.copy_sqlite

    def rotated_meanwhile(db, target):
        svc.rotate_keys(app, admin)  # another process, between the check and the copy
        return copy(db, target)

    monkeypatch.setattr(snapshot, "copy_sqlite", rotated_meanwhile)
    with pytest.raises(ConflictError, match="La clé de la base a changé pendant la sauvegarde"):
        svc.create_backup(app, admin, tmp_path / "pendant.sauvegarde")
    assert list(tmp_path.glob("*.sauvegarde")) == list(tmp_path.glob(".*")) == []


def test_a_read_only_backup_folder_is_said_in_french(source, tmp_path, monkeypatch):
    # A disk mounted read-only (a memory stick, a network share after an error) refuses even
    # the removal of a file that is not there: that refusal hid the French sentence.
    app, _ = source
    folder = tmp_path / "lecture-seule"
    folder.mkdir()
    real_open, real_unlink = os.open, Path.unlink

    def read_only(path, *args, **kwargs):
        if Path(path).parent == folder:
            raise OSError(errno.EROFS, os.strerror(errno.EROFS), str(path))
        return real_open(path, *args, **kwargs)

    def unlink(self, missing_ok=False):
        if self.parent == folder:
            raise OSError(errno.EROFS, os.strerror(errno.EROFS), str(self))
        return real_unlink(self, missing_ok=missing_ok)

    monkeypatch.setattr(os, "open", read_only)
    monkeypatch.setattr(Path, "unlink", unlink)
    with pytest.raises(PersistenceError, match="Impossible d'écrire la sauvegarde"):
        svc.create_backup(app, who(app, "admin"), folder)
    assert list(folder.iterdir()) == []


def test_only_an_empty_base_of_the_same_kind_is_restored_into(source, tmp_path):
    app, _ = source
    path = Path(svc.create_backup(app, who(app, "admin"), tmp_path / "b.sauvegarde").path)
    with pytest.raises(InputError, match="La base cible n'est pas vide"):
        svc.restore_backup(path, str(app.db.engine.url))
    foreign = tmp_path / "notes.txt"
    foreign.write_text("pas une base")
    with pytest.raises(InputError, match="La base cible n'est pas vide"):
        svc.restore_backup(path, f"sqlite:///{foreign}")
    assert foreign.read_text() == "pas une base"
    with pytest.raises(InputError, match="n'est pas une sauvegarde Parcours"):
        svc.restore_backup(foreign, f"sqlite:///{tmp_path / 'c.db'}")


def test_a_restore_of_an_older_backup_ends_the_copied_sessions_too(tmp_path):
    """A backup of an older schema fails the restore's schema check, which says to run
    « parcours upgrade »: on SQLite the sessions copied with the rows were then left open,
    and after the upgrade a session ended since the backup opened the restored base."""
    live, target = f"sqlite:///{tmp_path / 'p.db'}", f"sqlite:///{tmp_path / 'r.db'}"
    app = make_app(live, fresh=True)
    copied = Credential(svc.sign_in(app, "bea", PASSWORD).secret)
    key_file = str(app.keys.keyfile.path)
    app.close()
    older = f"{int(HEAD_REVISION) - 1:04d}"
    base = Database(live)
    migrate.downgrade(base, older)
    base.dispose()
    app = Parcours.open(live, key_file=key_file)
    try:
        path = Path(write_backup(app, tmp_path / "ancienne.sauvegarde", revision=older).path)
    finally:
        app.close()
    restored = svc.restore_backup(path, target, key_file=key_file)
    assert [c.name for c in restored.check.checks if not c.ok][0] == "schema"
    base = Database(target)
    migrate.upgrade(base)  # what the check says to do
    base.dispose()
    again = Parcours.open(target, key_file=key_file, security=FAST)
    try:
        with pytest.raises(NotAuthenticated):
            svc.whoami(again, copied)
    finally:
        again.close()


def test_a_private_folder_a_killed_backup_left_goes_with_the_next_one(source, tmp_path,
                                                                     private_tmp):
    """A backup killed mid-way leaves its private folder (a copy of the base): the next
    backup removes those of this account's processes that are gone, not a running one's,
    nor one of a process numbered in another namespace (a container sharing the folder),
    which it cannot ask about."""
    gone = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"],
                          capture_output=True, text=True, check=True).stdout.strip()
    here = os.stat("/proc/self/ns/pid").st_ino if os.path.exists("/proc/self/ns/pid") else ""
    killed = private_tmp / f"parcours-sauvegarde-{gone}.{here}-k1ll3d"
    running = private_tmp / f"parcours-sauvegarde-{os.getppid()}.{here}-runn1ng"
    elsewhere = private_tmp / f"parcours-sauvegarde-{gone}.1-4illeurs"
    older = private_tmp / "parcours-sauvegarde-0ldc0de"  # before names carried the process
    recent = private_tmp / "parcours-sauvegarde-r3c3nt"
    for folder in (killed, running, elsewhere, older, recent):
        folder.mkdir()
        (folder / "copie").write_bytes(b"SQLite format 3\x00")
    two_days_ago = time.time() - 2 * 86400
    os.utime(older, (two_days_ago, two_days_ago))
    app, _ = source
    svc.create_backup(app, who(app, "admin"), tmp_path)
    assert sorted(p.name for p in private_tmp.iterdir()) == sorted(
        [running.name, elsewhere.name, recent.name])


def test_a_private_folder_numbered_with_other_digits_does_not_stop_backups(source, tmp_path,
                                                                       private_tmp):
    """« ² » is a digit to ``str.isdigit`` and not to ``int``: a folder named so made every
    backup, restore and drill of the account fail with an unexpected error."""
    odd = private_tmp / "parcours-sauvegarde-²-x"
    odd.mkdir()
    app, _ = source
    made = svc.create_backup(app, who(app, "admin"), tmp_path)
    assert Path(made.path).exists()


def test_the_drill_restores_into_a_throwaway_base_and_removes_it(source, tmp_path, private_tmp):
    app, _ = source
    path = Path(svc.create_backup(app, who(app, "admin"), tmp_path / "b.sauvegarde").path)
    checked = svc.verify_backup(app, who(app, "admin"), path)
    assert checked.check.ok and [c.name for c in checked.check.checks][-1] == "contenu"
    assert list(private_tmp.iterdir()) == []
    with app.db.read() as session:
        row = session.scalars(select(AuditEntry).order_by(AuditEntry.seq.desc())).first()
    assert (row.operation, row.detail["ok"], row.detail["failed"]) == ("backup.verify", True, [])


def test_a_backup_taken_before_an_erasure_does_not_give_her_back(source, tmp_path):
    """The backup holds her wrapped key; the key file's erasure register makes the restore
    erase her again before anything reads the base, and the year's figures are unchanged."""
    app, person = source
    other = add_followed(app, "Autre-Personne")
    path = Path(svc.create_backup(app, who(app, "admin"), tmp_path / "b.sauvegarde").path)
    assert canaries_in(path) == []  # never in clear in the backup
    sonia = reauth(app, "sonia")
    year = (date(2026, 1, 1), date(2026, 12, 31))
    before = svc.activity_report(app, sonia, *year).values()
    svc.erase_person(app, sonia, person, "demande de la personne (RGPD art. 17)")
    with app.db.read() as session:
        assert session.get(PersonKey, person) is None  # shredded in the live base
    url = f"sqlite:///{tmp_path / 'restauree.db'}"
    restored = svc.restore_backup(path, url)
    assert restored.check.ok
    again = reopen(url)
    try:
        with pytest.raises(NotFound):
            read_back(again, person)
        assert read_back(again, other)[0] == "Autre-Personne"  # everyone else is back
        assert ALIAS not in [p.alias for p in svc.list_persons(again, who(again, "camille"))]
        with again.db.read() as session:
            assert session.get(PersonKey, person) is None
            assert session.get(Person, person).alias_enc is None
        assert svc.activity_report(again, reauth(again, "sonia"), *year).values() == before
    finally:
        again.close()
    assert canaries_in(tmp_path / "restauree.db") == []


def _days_later(monkeypatch, days: int) -> None:
    """The real clock moved ``days`` ahead, and half a day more: a prune acts on no day still
    to come on any French clock (Polynesia's is ten hours behind UTC's)."""
    ahead = datetime.now(UTC) + timedelta(days=days, hours=12)

    class Later(datetime):
        @classmethod
        def now(cls, tz=None):  # type: ignore[override]
            return ahead.astimezone(tz) if tz is not None else ahead.replace(tzinfo=None)

    monkeypatch.setattr(options, "datetime", Later)


# --- rotation, with a fake clock -------------------------------------------------------------
def test_prune_deletes_only_this_bases_backups_past_the_window(source, tmp_path):
    app, _ = source
    folder = backup_folder(app)
    made = [Path(svc.create_backup(app, who(app, "admin")).path) for _ in range(2)]
    assert {p.parent for p in made} == {folder} and made[0] != made[1]
    created = backup_file.read_header(made[0]).created_at.date()
    stranger = folder / "autre.sauvegarde"
    stranger.write_bytes(b"pas une sauvegarde")
    later = with_clock(app, created + timedelta(days=89))  # R10: 90 days by default
    assert svc.prune_backups(later, who(later, "admin")).deleted == ()
    later = with_clock(app, created + timedelta(days=90))
    pruned = svc.prune_backups(later, who(later, "admin"))
    assert sorted(pruned.deleted) == sorted(p.name for p in made) and pruned.days == 90
    assert not any(p.exists() for p in made) and stranger.exists()


# --- the command line ------------------------------------------------------------------------
def _person_with_note(cli: Cli) -> int:
    person = cli.json("person", "add", ALIAS)["id"]
    cli.ok("consent", "give", person, "suivi", "--date", "2026-03-01")
    cli.ok("advance", person, "parcours", "suivre", "--set", "referent=camille")
    cli.ok("note", "add", person, NOTE, "--sensitivity", "sensitive")
    return person


def _read_back_cli(cli: Cli, person: int, url: str) -> tuple[str, list[str]]:
    env = {"PARCOURS_DB": url}
    shown = cli.json("person", "show", person, env=env)
    notes = cli.json("note", "list", person, env=env)["notes"]
    return shown["alias"], [n["text"] for n in notes]


def test_cli_output_names_a_backup_prune_and_restore_will_see(cli: Cli, tmp_path):
    """« --output nouveau/ » meant a folder: refused while it does not exist, rather than a
    file named « nouveau »; a file named without the suffix gets it, so that a prune and a
    restore's look-out for later backups find it."""
    cli.fails("backup", "--output", f"{tmp_path / 'nouveau'}/", user=ADMIN,
              match="Le dossier « .*nouveau » n'existe pas")
    assert not (tmp_path / "nouveau").exists()
    made = Path(cli.json("backup", "--output", tmp_path / "lundi", user=ADMIN)["path"])
    assert made == tmp_path / "lundi.sauvegarde" and made.is_file()
    assert not (tmp_path / "lundi").exists()
    cli.fails("backup", "--output", tmp_path / "lundi", user=ADMIN, match="existe déjà")


def test_cli_drill_on_sqlite(cli: Cli, tmp_path, private_tmp):
    person = _person_with_note(cli)
    folder = tmp_path / "sauvegardes"
    folder.mkdir()
    made = cli.json("backup", "--output", folder, user=ADMIN)
    path = Path(made["path"])
    assert path.parent == folder and path.name.startswith("parcours-")
    assert canaries_in(path) == []
    cli.fails("backup", "--output", path, user=ADMIN, match="existe déjà")
    cli.fails("backup", "--output", folder, "--verify", path, user=ADMIN, code=2,
              match="une seule action")
    cli.fails("backup", "--output", folder / "x", "--prune", user=ADMIN, code=1,
              match="n'est pas un dossier")
    cli.fails("backup", "--output", folder / "y.sauvegarde", match="ne permet pas")

    verified = cli.ok("backup", "--verify", path, user=ADMIN)
    assert "vérifiée : restauration d'essai réussie" in verified.out

    target = f"sqlite:///{tmp_path / 'restauree.db'}"
    restored = cli.ok("restore", path, "--db", target, user=None)
    assert "restaurée dans" in restored.out and "ÉCHEC" not in restored.out
    cli.fails("restore", path, "--db", target, user=None, match="n'est pas vide")
    # Sessions copied with the base were ended: camille signs in again there.
    cli.fails("person", "show", person, env={"PARCOURS_DB": target}, match="reconnectez-vous")
    cli.login(REFERENT, env={"PARCOURS_DB": target})
    assert _read_back_cli(cli, person, target) == (ALIAS, [NOTE])
    checked = cli.json("check", "--db", target, user=None)
    assert checked["ok"] and [c["name"] for c in checked["checks"]] == [
        "fichier", "integrite", "schema", "journal", "cles", "comptes", "demarches", "derivees"]


def test_cli_tampered_backup_is_refused(cli: Cli, tmp_path):
    path = Path(cli.json("backup", "--output", tmp_path / "b.sauvegarde", user=ADMIN)["path"])
    data = bytearray(path.read_bytes())
    data[len(data) // 3] ^= 0x01
    path.write_bytes(bytes(data))
    cli.fails("restore", path, "--db", f"sqlite:///{tmp_path / 'r.db'}", user=None, code=1,
              match="a été modifiée, tronquée ou abîmée depuis sa création")
    cli.fails("backup", "--verify", path, user=ADMIN, code=1, match="modifiée")


def test_cli_prune_with_the_configured_window_and_a_fake_clock(cli: Cli, tmp_path,
                                                               monkeypatch):
    folder = tmp_path / "rotation"
    toml = cli.root / "config" / "parcours" / "parcours.toml"
    toml.write_text(toml.read_text(encoding="utf-8") + f'\n[sauvegardes]\ndossier = "{folder}"\n'
                    "\n[conservation]\nsauvegardes_jours = 30\n", encoding="utf-8")
    made = Path(cli.json("backup", user=ADMIN)["path"])
    assert made.parent == folder and stat.S_IMODE(folder.stat().st_mode) == 0o700
    created = backup_file.read_header(made).created_at.date()
    _days_later(monkeypatch, 29)
    kept = cli.json("backup", "--prune", "--today", created + timedelta(days=29), user=ADMIN)
    assert (kept["deleted"], kept["kept"], kept["days"]) == ([], 1, 30)
    _days_later(monkeypatch, 30)
    gone = cli.run("backup", "--prune", "--today", created + timedelta(days=30), user=ADMIN)
    assert gone.code == 0 and "1 sauvegarde(s) de 30 jours ou plus supprimée(s)" in gone.out
    assert "aucune sauvegarde récente" in gone.err
    assert list(folder.iterdir()) == []
    audit = cli.json("audit", "list", user=ADMIN)["entries"]
    assert [e["detail"].get("deleted") for e in audit if e["operation"] == "backup.prune"] == [1, 0]


def test_cli_prune_reaches_a_folder_written_with_output(cli: Cli, tmp_path, monkeypatch):
    elsewhere = tmp_path / "disque-externe"
    elsewhere.mkdir()
    made = Path(cli.json("backup", "--output", elsewhere, user=ADMIN)["path"])
    other = elsewhere / "notes.txt"
    other.write_text("pas une sauvegarde", encoding="utf-8")
    created = backup_file.read_header(made).created_at.date()
    later = created + timedelta(days=90)
    _days_later(monkeypatch, 90)
    untouched = cli.json("backup", "--prune", "--today", later, user=ADMIN)  # its own folder
    assert untouched["deleted"] == [] and made.exists()
    pruned = cli.json("backup", "--prune", "--output", elsewhere, "--today", later, user=ADMIN)
    assert pruned["deleted"] == [made.name] and pruned["folder"] == str(elsewhere)
    assert list(elsewhere.iterdir()) == [other]  # what is not a backup of this base stays


def test_the_prune_removes_only_what_a_killed_backup_left(source, tmp_path):
    """A backup killed mid-way leaves its file under a hidden partial name, which a prune a
    day later removes; another program's « .notes.partiel » in a shared folder, or a recent
    partial (a backup still being written), stays."""
    app, _ = source
    folder = tmp_path / "partage"
    folder.mkdir()
    made = Path(svc.create_backup(app, who(app, "admin"), folder).path)
    killed = folder / f".{made.name}.0a1b2c3d.partiel"
    foreign = folder / ".notes.partiel"
    writing = folder / f".{made.name}.9f8e7d6c.partiel"
    for path in (killed, foreign, writing):
        path.write_bytes(b"PARCOURS")
    long_ago = (app.now() - timedelta(days=3)).timestamp()
    for path in (killed, foreign):
        os.utime(path, (long_ago, long_ago))
    svc.prune_backups(app, who(app, "admin"), folder)
    assert sorted(p.name for p in folder.iterdir()) == sorted(
        [made.name, foreign.name, writing.name])


def test_cli_prune_refuses_a_day_to_come(cli: Cli, tmp_path):
    """`backup --prune --today 2031-01-01` deleted every backup of the last 90 days: the
    base could no longer be restored from any of them."""
    made = Path(cli.json("backup", "--output", tmp_path, user=ADMIN)["path"])
    refused = cli.fails("backup", "--prune", "--output", tmp_path, "--today", "2031-01-01",
                        user=ADMIN, code=1, match="pas encore arrivé")
    assert "PARCOURS_TODAY" in refused.err and made.exists()
    kept = cli.json("backup", "--prune", "--output", tmp_path, user=ADMIN)  # today's own date
    assert (kept["deleted"], kept["kept"]) == ([], 1)


# --- PostgreSQL ------------------------------------------------------------------------------
@pytest.fixture
def source_pg_url():
    """A second throw-away database (``pg_url`` is the restore's target); skips without the
    PostgreSQL tools."""
    try:
        snapshot.pg_tool("pg_dump"), snapshot.pg_tool("pg_restore")
    except Exception as exc:
        pytest.skip(f"outils PostgreSQL absents : {exc}")
    with throwaway_database() as url:
        yield url


def _trial_databases(url: str) -> list[str]:
    engine = make_engine(url)
    try:
        with engine.connect() as connection:
            return [r[0] for r in connection.exec_driver_sql(
                "SELECT datname FROM pg_database WHERE starts_with(datname, 'parcours_essai_')")]
    finally:
        engine.dispose()


@pytest.mark.pg
@pytest.mark.slow
def test_postgresql_drill_restores_into_a_fresh_database(source_pg_url, pg_url, tmp_path,
                                                        private_tmp):
    app = make_app(source_pg_url)
    try:
        person = add_followed(app, ALIAS)
        svc.add_note(app, who(app, "camille"), person, NOTE, sensitivity="sensitive")
        made = svc.create_backup(app, who(app, "admin"), tmp_path / "pg.sauvegarde")
        path = Path(made.path)
        assert made.kind == "postgresql" and stat.S_IMODE(path.stat().st_mode) == 0o600
        assert canaries_in(path) == []
        assert list(private_tmp.iterdir()) == []
        verified = svc.verify_backup(app, who(app, "admin"), path)
        assert verified.check.ok, verified.check
        assert _trial_databases(source_pg_url) == []
        with pytest.raises(InputError, match="vient d'une base PostgreSQL"):
            svc.restore_backup(path, f"sqlite:///{tmp_path / 'x.db'}")
    finally:
        app.close()
    restored = svc.restore_backup(path, pg_url)
    assert restored.check.ok, restored.check
    with pytest.raises(InputError, match="n'est pas vide"):
        svc.restore_backup(path, pg_url)
    again = reopen(pg_url)
    try:
        assert read_back(again, person) == (ALIAS, [NOTE])
        assert "backup.restore" in operations(again)
    finally:
        again.close()


@pytest.mark.pg
def test_postgresql_tampered_backup_is_refused(source_pg_url, pg_url, tmp_path):
    app = make_app(source_pg_url)
    try:
        path = Path(svc.create_backup(app, who(app, "admin"), tmp_path / "pg.sauvegarde").path)
    finally:
        app.close()
    data = bytearray(path.read_bytes())
    data[-40] ^= 0x01
    path.write_bytes(bytes(data))
    with pytest.raises(BackupTampered):
        svc.restore_backup(path, pg_url)
    assert snapshot.is_empty(Database(pg_url))


def test_a_missing_pg_dump_is_named_in_french(monkeypatch, tmp_path):
    monkeypatch.setenv("PATH", str(tmp_path))
    monkeypatch.setenv(snapshot.PG_BIN_ENV, str(tmp_path))
    monkeypatch.setattr(snapshot, "_DEBIAN_PG", tmp_path / "absent")
    from core.errors import PersistenceError
    with pytest.raises(PersistenceError, match="pg_dump est introuvable : installez les outils"):
        snapshot.pg_tool("pg_dump")


def test_the_header_says_what_it_must_in_clear_and_no_more(source, tmp_path):
    app, _ = source
    path = Path(svc.create_backup(app, who(app, "admin"), tmp_path / "b.sauvegarde").path)
    data = path.read_bytes()
    size = int.from_bytes(data[len(backup_file.MAGIC):len(backup_file.MAGIC) + 4], "big")
    header = json.loads(data[len(backup_file.MAGIC) + 4:len(backup_file.MAGIC) + 4 + size])
    assert sorted(header) == ["base", "check", "created_at", "format", "kek_version", "kind",
                              "revision", "salt"]
    assert (header["base"], header["kind"], header["format"]) == (app.keys.base, "sqlite", 1)
    assert date.fromisoformat(header["created_at"][:10])


# --- erasures after a backup, restored with a key file of another time -----------------------
def _erase_after_a_backup(cli: Cli, tmp_path: Path) -> tuple[int, int, Path, Path, Path]:
    """A key file copied aside after a first backup; a person recorded, a second backup, then
    she is erased. Returns her number, another's, the second backup, the live key file and
    the copy made aside (whose register stopped at the first backup)."""
    cli.add_user("sonia", "superviseur")
    folder = tmp_path / "sauvegardes"
    folder.mkdir()
    cli.json("backup", "--output", folder / "a.sauvegarde", user=ADMIN)
    live = next((cli.root / "config").rglob("cles/*.json"))
    aside = tmp_path / "cle-a-part.json"
    shutil.copy2(live, aside)
    person, other = (cli.json("person", "add", alias)["id"] for alias in (ALIAS, "Autre"))
    path = Path(cli.json("backup", "--output", folder / "b.sauvegarde", user=ADMIN)["path"])
    cli.ok("reauth", "--password-stdin", user="sonia", input=PASSWORD + "\n")
    cli.ok("person", "erase", person, "--reason", "demande de la personne", user="sonia")
    return person, other, path, live, aside


def test_cli_restore_with_a_copy_of_the_key_file_erases_again_from_the_live_one(cli: Cli,
                                                                               tmp_path):
    """A backup made before a key rotation needs the copy of the key file kept from then,
    whose erasure register stopped then: the restore read that copy's register alone, and a
    person erased since came back, readable. It now reads the register of the base's live key
    file too, and says how many it erased again."""
    person, other, path, _, aside = _erase_after_a_backup(cli, tmp_path)
    target = f"sqlite:///{tmp_path / 'restauree.db'}"
    restored = cli.ok("restore", path, "--db", target, "--key-file", aside, user=None)
    assert "1 personne(s) effacée(s) après cette sauvegarde" in restored.out
    assert "Attention" not in restored.out  # the live register is whole past the backup
    cli.login(REFERENT, env={"PARCOURS_DB": target})
    cli.fails("person", "show", person, env={"PARCOURS_DB": target}, match="effacée")
    assert cli.json("person", "show", other, env={"PARCOURS_DB": target})["alias"] == "Autre"


def test_cli_restore_with_only_an_older_key_file_warns_that_erasures_may_be_back(cli: Cli,
                                                                                tmp_path):
    """The machine is lost with its key file; the copy kept apart predates the backup, so its
    register cannot name who was erased after the backup: the restore said nothing of it."""
    person, _, path, live, aside = _erase_after_a_backup(cli, tmp_path)
    live.unlink()
    target = f"sqlite:///{tmp_path / 'restauree.db'}"
    restored = cli.ok("restore", path, "--db", target, "--key-file", aside, user=None)
    assert "Attention : le registre des effacements de ce fichier de clé n'est complet que " \
        "jusqu'au" in restored.out
    assert "revenue, lisible" in restored.out and "parcours person erase N" in restored.out
    made = cli.json("restore", path, "--db", f"sqlite:///{tmp_path / 'autre.db'}",
                    "--key-file", aside, user=None)
    assert made["register_stale"] is True and made["erased_again"] == 0
    shutil.copy2(aside, live)  # the copy kept apart becomes the key file
    cli.login(REFERENT, env={"PARCOURS_DB": target})  # she is back: nothing names her any more
    assert cli.json("person", "show", person, env={"PARCOURS_DB": target})["alias"] == ALIAS


def test_cli_restore_erases_again_whom_a_later_backup_beside_it_says_was_erased(cli: Cli,
                                                                              tmp_path):
    """Only an older copy of the key file is left, but a backup made after the erasure sits
    beside the one restored (the newest may be damaged, or the wrong day's): the register it
    carries erases her again, and the restore has nothing to warn about."""
    person, other, path, live, aside = _erase_after_a_backup(cli, tmp_path)
    cli.json("backup", "--output", path.parent / "c.sauvegarde", user=ADMIN)
    live.unlink()
    target = f"sqlite:///{tmp_path / 'restauree.db'}"
    restored = cli.ok("restore", path, "--db", target, "--key-file", aside, user=None)
    assert "1 personne(s) effacée(s) après cette sauvegarde" in restored.out
    assert "Attention" not in restored.out
    shutil.copy2(aside, live)
    cli.login(REFERENT, env={"PARCOURS_DB": target})
    cli.fails("person", "show", person, env={"PARCOURS_DB": target}, match="effacée")
    assert cli.json("person", "show", other, env={"PARCOURS_DB": target})["alias"] == "Autre"


def test_a_pipe_beside_the_backup_does_not_hang_the_restore(source, tmp_path):
    """The restore reads the later backups beside the restored one: a named pipe there named
    like a backup (anyone who may write in the folder can make one) held it for ever, waiting
    for a writer, on the day the base must come back."""
    app, _ = source
    folder = tmp_path / "sauvegardes"
    folder.mkdir()
    path = Path(svc.create_backup(app, who(app, "admin"), folder / "b.sauvegarde").path)
    restored = _finished_beside_a_pipe(folder / "z.sauvegarde", lambda: svc.restore_backup(
        path, f"sqlite:///{tmp_path / 'restauree.db'}"))
    assert restored.check.ok


def _finished_beside_a_pipe(pipe: Path, work):
    """``work()``'s result, run while a named pipe no one writes to stands at ``pipe``;
    fails when it hung on the pipe (20 s)."""
    os.mkfifo(pipe, 0o600)
    done: list[object] = []
    worker = threading.Thread(target=lambda: done.append(work()), daemon=True)
    worker.start()
    worker.join(timeout=20)
    hung = worker.is_alive()
    if hung:  # let the stuck reader go: a writer opens and closes the pipe
        os.close(os.open(pipe, os.O_WRONLY | os.O_NONBLOCK))
        worker.join(timeout=20)
    assert not hung and done
    return done[0]


def test_a_pipe_in_the_backup_folder_does_not_hang_the_prune(source, tmp_path):
    """The prune reads the header of every file named like a backup in the folder: a named
    pipe there (anyone who may write in the folder can make one) held the monthly cron for
    ever, waiting for a writer, and every later one behind it."""
    app, _ = source
    folder = tmp_path / "sauvegardes"
    folder.mkdir()
    made = Path(svc.create_backup(app, who(app, "admin"), folder).path)
    pipe = folder / "z.sauvegarde"
    pruned = _finished_beside_a_pipe(pipe, lambda: svc.prune_backups(app, who(app, "admin"),
                                                                       folder))
    assert pruned.kept == 1 and made.exists() and pipe.exists()



def test_a_backup_the_prune_cannot_delete_is_said_in_french(source, tmp_path, monkeypatch):
    """A backup folder on a disk gone read-only (or a file another account owns) made
    ``backup --prune`` end in « Erreur inattendue (OSError) », without saying which file."""
    app, _ = source
    folder = tmp_path / "sauvegardes"
    folder.mkdir()
    made = Path(svc.create_backup(app, who(app, "admin"), folder).path)
    real_unlink = Path.unlink

    def read_only(self, missing_ok=False):
        if self.parent == folder:
            raise OSError(errno.EROFS, os.strerror(errno.EROFS), str(self))
        return real_unlink(self, missing_ok=missing_ok)

    monkeypatch.setattr(Path, "unlink", read_only)
    later = with_clock(app, backup_file.read_header(made).created_at.date() + timedelta(days=90))
    with pytest.raises(PersistenceError, match=f"Impossible de supprimer « {made.name} »"):
        svc.prune_backups(later, who(later, "admin"), folder)
    assert made.exists()
