"""The erasure register and the scrub at volume: one erasure writes only her number (no scan of
every erased person), a retention run writes the register every few erasures and scrubs once,
and what a run erased is registered and scrubbed even when it stops part way."""

from __future__ import annotations

import os
from datetime import date
from pathlib import Path

import pytest

from core import services as svc
from core.crypto.keyfile import KeyFile
from core.persistence.database import Database
from core.services import erasure
from tests.accounts import make_app, reauth, who, with_clock
from tests.statements import sent

START = date(2024, 1, 10)
DUE = date(2026, 1, 10)


@pytest.fixture
def app(sqlite_url):
    parcours = make_app(sqlite_url, today=START)
    yield parcours
    parcours.close()


def _old_persons(app, count: int) -> list[int]:
    return [svc.add_person(app, who(app, "camille"), f"Ancienne {n}", first_visit=START).id
            for n in range(count)]


def _due(app):
    """The application on the day retention is due, and sonia's confirmed credential."""
    later = with_clock(app, DUE)
    return later, reauth(later, "sonia")


def _register(app) -> set[int]:
    return KeyFile.read(app.keys.keyfile.path).erased


@pytest.fixture
def writes(monkeypatch):
    """How many times the key file and the scrub were written, in order."""
    done: list[str] = []
    write, scrub = KeyFile._write, Database.scrub

    def counted_write(self) -> None:
        done.append("register")
        write(self)

    def counted_scrub(self) -> bool:
        done.append("scrub")
        return scrub(self)

    monkeypatch.setattr(KeyFile, "_write", counted_write)
    monkeypatch.setattr(Database, "scrub", counted_scrub)
    return done


def test_one_erasure_adds_her_number_without_reading_every_erased_person(app, writes):
    first, second = _old_persons(app, 2)
    sonia = reauth(app, "sonia")
    svc.erase_person(app, sonia, first, "demande de la personne")
    writes.clear()

    with sent(app.db) as statements:
        view = svc.erase_person(app, sonia, second, "demande de la personne")

    assert view.scrubbed and writes == ["register", "scrub"]
    assert _register(app) == {first, second}
    assert not [s for s in statements if "erased_at IS NOT NULL" in s.sql]


def test_a_retention_run_writes_the_register_every_few_erasures_and_scrubs_once(
        app, writes, monkeypatch):
    monkeypatch.setattr(erasure, "REGISTER_EVERY", 2)
    ids = _old_persons(app, 5)
    later, sonia = _due(app)

    summary = svc.apply_due(later, sonia)

    assert (summary.done, summary.scrubbed) == (5, True)
    # The repair read at the start finds nobody new; then 2 + 2 + the last one; one scrub.
    assert writes == ["register", "register", "register", "scrub"]
    assert _register(later) == set(ids)


def test_a_run_that_stops_part_way_registers_and_scrubs_what_it_erased(app, writes):
    ids = _old_persons(app, 4)
    later, sonia = _due(app)
    seen: list[int] = []

    def stop_after_two(item, text, ok) -> None:
        seen.append(item.person_id)
        if len(seen) == 2:
            raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        svc.apply_due(later, sonia, stop_after_two)

    assert _register(later) == set(seen) and len(seen) == 2
    assert writes == ["register", "scrub"]
    assert len(svc.due_items(later, sonia)) == len(ids) - 2


def test_a_register_write_lost_after_a_commit_is_repaired_by_the_next_run(app, monkeypatch):
    lost, *rest = _old_persons(app, 3)
    sonia = reauth(app, "sonia")
    monkeypatch.setattr(KeyFile, "record_erased", lambda self, persons: None)  # the crash
    svc.erase_person(app, sonia, lost, "demande de la personne")
    monkeypatch.undo()
    assert lost not in _register(app)

    later = with_clock(app, DUE)
    assert svc.apply_due(later, reauth(later, "sonia")).done == len(rest)

    assert _register(later) == {lost, *rest}


def test_outside_a_run_the_batch_of_another_application_is_not_borrowed(app, writes):
    """A batch belongs to the application that opened it: an erasure through another
    application object (another base, in a test or a tool) registers and scrubs at once."""
    first, second = _old_persons(app, 2)
    other = with_clock(app, START)
    with erasure.batch(app) as run:
        writes.clear()
        svc.erase_person(other, reauth(other, "sonia"), first, "demande de la personne")
        assert writes == ["register", "scrub"] and not run.deleted
    assert run.scrubbed and _register(app) == {first}
    assert second not in _register(app)


@pytest.mark.skipif(not hasattr(os, "fork"), reason="a killed process is simulated by a fork")
def test_a_run_killed_part_way_leaves_its_journal_and_a_restore_erases_them_all(
        app, monkeypatch, tmp_path):
    """Killed (a power cut, the OOM killer) between two writes of the register: the numbers
    since the last one are in the run's journal, on disk; a restore of a backup taken before
    erases every one of them again, and the next repair writes them and deletes the journal."""
    from sqlalchemy import select

    from core.crypto import erasure_journal
    from core.persistence.models import Person
    from core.services.backups import write_backup
    from core.services.restores import restore_backup
    monkeypatch.setattr(erasure, "REGISTER_EVERY", 4)
    ids = _old_persons(app, 6)
    before = write_backup(app, tmp_path / "avant.sauvegarde")
    later, sonia = _due(app)
    child = os.fork()
    if child == 0:  # pragma: no cover - the killed process
        try:
            done: list[int] = []

            def killed_after_five(item, text, ok) -> None:
                done.append(item.person_id)
                if len(done) == 5:
                    os._exit(9)

            svc.apply_due(later, sonia, killed_after_five)
        finally:
            os._exit(1)
    os.waitpid(child, 0)
    with later.db.read() as session:
        erased = set(session.scalars(select(Person.id).where(Person.erased_at.is_not(None))))
    keyfile = later.keys.keyfile
    assert len(erased) == 5 and len(_register(later)) == 4  # one in the journal only
    assert erased - _register(later) <= erasure_journal.journaled(KeyFile.read(keyfile.path))

    restored = f"sqlite:///{tmp_path / 'restauree.db'}"
    assert restore_backup(Path(before.path), restored, key_file=str(keyfile.path)).check.ok
    from sqlalchemy import create_engine
    engine = create_engine(restored)
    with engine.connect() as connection:
        again = set(connection.scalars(select(Person.id).where(Person.erased_at.is_not(None))))
    engine.dispose()
    assert again == erased and set(ids) - again

    erasure.register(later)
    assert _register(later) == erased
    assert erasure_journal.journaled(KeyFile.read(keyfile.path)) == set()  # swept: it died


def test_a_register_that_cannot_be_written_keeps_the_journal_and_still_scrubs(
        app, writes, monkeypatch):
    from core.crypto import erasure_journal
    monkeypatch.setattr(erasure, "REGISTER_EVERY", 2)
    ids = _old_persons(app, 5)
    later, sonia = _due(app)

    def full(self) -> None:
        writes.append("register refused")
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(KeyFile, "_write", full)
    with pytest.raises(OSError):
        svc.apply_due(later, sonia)

    assert writes[-1] == "scrub" and writes.count("register refused") == 2  # once, then at the end
    assert erasure_journal.journaled(KeyFile.read(later.keys.keyfile.path)) == set(ids)
    monkeypatch.undo()
    erasure.register(later)
    assert _register(later) == set(ids)


def test_a_copy_of_the_key_file_read_before_an_erasure_keeps_it_when_saved(app):
    """A key rotation saves the copy it read at its start: an erasure registered meanwhile
    by another command must not be dropped from the register."""
    first, = _old_persons(app, 1)
    stale = KeyFile.read(app.keys.keyfile.path)  # the rotation's copy, read first
    svc.erase_person(app, reauth(app, "sonia"), first, "demande de la personne")
    assert first not in stale.erased

    stale.add_version()

    assert first in _register(app) and len(KeyFile.read(stale.path).keys) == 2


def _dead_pid() -> int:
    import subprocess
    import sys
    done = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"],
                          capture_output=True, text=True, check=True)
    return int(done.stdout)


def test_a_dead_run_s_journal_is_written_into_the_register_before_it_is_deleted(app):
    from core.crypto import erasure_journal
    keyfile = app.keys.keyfile
    journal = keyfile.path.parent / f".{keyfile.path.name}.effacees-{_dead_pid()}-abc"
    journal.write_text("7\n8\n12", encoding="ascii")  # « 12 » cut short: not whole, not read
    journal.chmod(0o600)

    assert erasure_journal.sweep(keyfile) == 1

    assert not journal.exists() and {7, 8} <= _register(app) and 12 not in _register(app)


def test_a_journal_not_written_by_this_user_is_not_trusted(app, tmp_path):
    """Whoever may write in the key file's folder must not make a restore erase whomever
    they name: a link, or a file others may read, is not one of ours."""
    from core.crypto import erasure_journal
    keyfile = app.keys.keyfile
    elsewhere = tmp_path / "liste"
    elsewhere.write_text("2\n", encoding="ascii")
    elsewhere.chmod(0o600)
    named = f".{keyfile.path.name}.effacees-{_dead_pid()}"
    (keyfile.path.parent / f"{named}-lien").symlink_to(elsewhere)
    shared = keyfile.path.parent / f"{named}-ouvert"
    shared.write_text("3\n", encoding="ascii")
    shared.chmod(0o644)

    assert erasure_journal.journaled(keyfile) == set()
    assert erasure_journal.sweep(keyfile) == 0 and shared.exists()
    assert _register(app) == set()
