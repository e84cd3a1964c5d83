"""What a Parcours process vouches for: the file as it found it sound, and its own commits.

The check before the first write is remembered per file (``core.persistence.health``); these
are the ways a damaged or replaced file could slip past that record, each refused: damage made
under an open process, a file renamed over an open base, another base's WAL put beside the
file, a file another program holds locked at the first write, a header SQLite calls corrupt.
And the record itself never turns a committed write into a reported failure.
"""

from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
import sys
import threading
from contextlib import closing
from pathlib import Path

import pytest
from sqlalchemy import text

from core.errors import DatabaseBusy, DatabaseDamaged, PersistenceError
from core.persistence import health
from core.persistence.database import Database
from tests.accounts import make_app
from tests.integration.test_damaged_base import counted_checks, damage, settle


def base(path: Path, count: int = 3000, width: int = 40) -> str:
    """A Parcours base with a table of filler rows (several pages to damage)."""
    url = f"sqlite:///{path}"
    make_app(url, fresh=True).close()
    db = Database(url)
    with db.write() as session:
        session.execute(text("CREATE TABLE remplissage (x TEXT)"))
        session.execute(text(
            "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < :count) "
            "INSERT INTO remplissage SELECT printf('%06d', i) || hex(zeroblob(:width)) FROM n"),
            {"count": count, "width": width})
    db.dispose()
    return url


def write(db: Database, value: str = "x") -> None:
    with db.write() as session:
        session.execute(text("INSERT INTO remplissage VALUES (:v)"), {"v": value})


def command(url: str) -> None:
    """What another command does: open, write, close."""
    db = Database(url)
    try:
        write(db)
    finally:
        db.dispose()


def rows(path: Path, value: str) -> int:
    with closing(sqlite3.connect(path)) as conn:
        return conn.execute("SELECT count(*) FROM remplissage WHERE x = ?", (value,)).fetchone()[0]


class Holder:
    """Another program holding the file locked (an exclusive transaction) until released."""

    def __init__(self, path: Path) -> None:
        self.process = subprocess.Popen([sys.executable, "-c", f"""
import sqlite3, sys
conn = sqlite3.connect({str(path)!r}, isolation_level=None)
conn.execute("PRAGMA locking_mode = EXCLUSIVE")
conn.execute("BEGIN EXCLUSIVE")
print("tenu", flush=True)
sys.stdin.readline()
conn.execute("COMMIT")
conn.close()
"""], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
        assert self.process.stdout is not None
        assert self.process.stdout.readline().strip() == "tenu"

    def release(self) -> None:
        assert self.process.stdin is not None
        self.process.stdin.write("\n")
        self.process.stdin.flush()
        self.process.wait(timeout=30)

    def kill(self) -> None:
        self.process.kill()


def restored_copy(path: Path) -> Path:
    """A copy of the base beside it (``restauree.db``), as a restore would bring back."""
    settle(path)
    copy = path.with_name("restauree.db")
    shutil.copyfile(path, copy)
    return copy


def run_together(target, count: int = 4) -> None:
    """``target(n)`` in ``count`` threads at once; each must end."""
    threads = [threading.Thread(target=target, args=(n,)) for n in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert not any(thread.is_alive() for thread in threads)


def test_damage_under_an_open_process_is_refused_by_it_and_by_the_next_command(tmp_path):
    url = base(tmp_path / "p.db")
    interface = Database(url)
    write(interface, "avant")
    damage(tmp_path / "p.db", "remplissage")  # a stray write, a copy over the live file
    try:
        with pytest.raises(DatabaseDamaged):
            write(interface, "après")
        with pytest.raises(DatabaseDamaged):
            command(url)
    finally:
        interface.dispose()
    with pytest.raises(DatabaseDamaged):  # its closing did not record the file sound either
        command(url)


REPLACED = "remplacé pendant que Parcours l'avait ouvert"


def test_a_file_renamed_over_an_open_base_is_refused(tmp_path):
    url = base(tmp_path / "p.db")
    restored_copy(tmp_path / "p.db")
    damage(tmp_path / "restauree.db", "remplissage")
    interface = Database(url)
    write(interface, "avant")
    os.replace(tmp_path / "restauree.db", tmp_path / "p.db")
    try:
        for _ in range(2):  # its connections would write into the file unlinked: every time
            with pytest.raises(PersistenceError, match=REPLACED):
                write(interface, "perdue")
        with pytest.raises(DatabaseDamaged):
            command(url)
    finally:
        interface.dispose()


def test_a_sound_file_renamed_over_an_open_base_is_refused_though_recorded(tmp_path):
    """A restored copy, sound: a command writes to it (and records it); the interface, whose
    connections hold the old file, still writes nothing."""
    url = base(tmp_path / "p.db")
    restored_copy(tmp_path / "p.db")
    interface = Database(url)
    write(interface, "avant")
    os.replace(tmp_path / "restauree.db", tmp_path / "p.db")
    command(url)
    try:
        with pytest.raises(PersistenceError, match=REPLACED):
            write(interface, "perdue")
    finally:
        interface.dispose()
    assert rows(tmp_path / "p.db", "perdue") == 0


def leaf(path: Path) -> int:
    """The offset of the fullest leaf page of the filler table."""
    with closing(sqlite3.connect(path)) as conn:
        size = conn.execute("PRAGMA page_size").fetchone()[0]
        page = conn.execute("SELECT pageno FROM dbstat WHERE name = 'remplissage' AND "
                            "pagetype = 'leaf' ORDER BY ncell DESC LIMIT 1").fetchone()[0]
    return (page - 1) * size


def scribble(path: Path, offset: int) -> None:
    """Cells of the page at ``offset`` overwritten by another program, with no checkpoint."""
    with path.open("r+b") as out:
        out.seek(offset + 400)
        out.write(b"\xff" * 600)


def test_damage_made_during_a_write_is_not_recorded_as_the_writes_own(tmp_path):
    url = base(tmp_path / "p.db")
    settle(tmp_path / "p.db")
    offset = leaf(tmp_path / "p.db")
    interface = Database(url)
    write(interface, "avant")
    try:
        with interface.write() as session:
            session.execute(text("INSERT INTO remplissage VALUES ('pendant')"))
            scribble(tmp_path / "p.db", offset)
        assert health.quick_check(tmp_path / "p.db") != []
        assert not health.known_sound(tmp_path / "p.db")
        with pytest.raises(DatabaseDamaged):
            command(url)
        with pytest.raises(DatabaseDamaged):
            write(interface, "après")
    finally:
        interface.dispose()


def test_another_bases_wal_beside_the_file_is_checked(tmp_path):
    url = base(tmp_path / "p.db")
    other = tmp_path / "autre.db"
    base(other, count=2500, width=90)  # its pages laid out otherwise
    with closing(sqlite3.connect(other, isolation_level=None)) as conn:
        conn.execute("PRAGMA wal_autocheckpoint = 0")
        conn.execute("UPDATE remplissage SET x = 'autre-' || x WHERE rowid % 97 = 0")
        shutil.copyfile(f"{other}-wal", f"{tmp_path / 'p.db'}-wal")  # a folder restored
    with pytest.raises(DatabaseDamaged):
        command(url)


@pytest.mark.slow
def test_a_file_another_program_holds_locked_is_not_written_unchecked(tmp_path):
    url = base(tmp_path / "p.db")
    damage(tmp_path / "p.db", "remplissage")
    holder = Holder(tmp_path / "p.db")
    db = Database(url)
    try:
        with pytest.raises(DatabaseBusy):
            write(db, "sans contrôle")
        holder.release()
        with pytest.raises(DatabaseDamaged):  # asked again, and checked, at the next write
            write(db, "sans contrôle")
    finally:
        db.dispose()
        holder.kill()


def test_a_header_sqlite_calls_corrupt_is_a_damaged_base(tmp_path):
    base(tmp_path / "p.db")
    settle(tmp_path / "p.db")
    with (tmp_path / "p.db").open("r+b") as out:  # the header's page count
        out.seek(28)
        out.write(b"\xff\xff\xff\xff")
    assert health.file_kind(tmp_path / "p.db") == "sqlite"
    with pytest.raises(DatabaseDamaged):
        health.require_writable(tmp_path / "p.db")


def test_a_commit_is_not_reported_failed_when_the_file_cannot_be_looked_at(tmp_path, monkeypatch):
    url = base(tmp_path / "p.db")
    db = Database(url)
    write(db, "premier")
    real = os.stat

    def closed(path, *args, **kwargs):  # the folder closed to us, a network share gone stale
        if str(path) == str(tmp_path / "p.db"):
            raise PermissionError(13, "Permission denied", str(path))
        return real(path, *args, **kwargs)

    monkeypatch.setattr(os, "stat", closed)
    try:
        write(db, "second")  # committed: the record is best effort
        db.dispose()
    finally:
        monkeypatch.undo()
    assert rows(tmp_path / "p.db", "second") == 1


def test_a_checkpoint_by_a_colleague_is_taken_as_recorded(tmp_path, monkeypatch):
    """Two Parcours processes writing in turn: each one's checkpoint is recorded by it, the
    other takes the file as recorded and checks nothing."""
    url = base(tmp_path / "p.db")
    calls = counted_checks(monkeypatch)
    first, second = Database(url), Database(url)
    try:
        for size in (10, 6_000_000, 10, 6_000_000):
            for db in (first, second):
                with db.write() as session:
                    session.execute(text("INSERT INTO remplissage VALUES (zeroblob(:n))"),
                                    {"n": size})
        command(url)
    finally:
        first.dispose()
        second.dispose()
    assert calls == []


def test_threads_sharing_a_base_check_a_changed_file_once(tmp_path, monkeypatch):
    """The interface's workers write through one base: after a change made by something else,
    one of them checks the file, the others wait for its answer."""
    url = base(tmp_path / "p.db")
    db = Database(url)
    write(db, "avant")
    calls = counted_checks(monkeypatch)
    os.chmod(tmp_path / "p.db", 0o600)  # changes the file's status: checked again
    start = threading.Barrier(4)

    def worker(n: int) -> None:
        start.wait()
        write(db, f"fil {n}")

    try:
        run_together(worker)
    finally:
        db.dispose()
    assert calls == [tmp_path / "p.db"]
    assert sum(rows(tmp_path / "p.db", f"fil {n}") for n in range(4)) == 4


def test_a_scrub_that_fails_after_an_erasure_says_so_without_raising(tmp_path, monkeypatch):
    db = Database(base(tmp_path / "p.db"))
    write(db)

    def refused() -> None:
        raise sqlite3.OperationalError("disk I/O error")

    monkeypatch.setattr(db.engine, "raw_connection", refused)
    try:
        assert db.scrub() is False
    finally:
        monkeypatch.undo()
        db.dispose()


def test_a_process_that_only_read_and_closed_last_records_the_file(tmp_path, monkeypatch):
    """The interface closes first; a command that only read closes last and checks the WAL
    into the file: the file was as recorded, so the next command checks nothing."""
    url = base(tmp_path / "p.db")
    interface = Database(url)
    write(interface, "avant")
    reader = Database(url)
    with reader.read() as session:
        session.execute(text("SELECT count(*) FROM remplissage")).scalar_one()
    interface.dispose()
    reader.dispose()
    assert not (tmp_path / "p.db-wal").exists()  # checked into the file by the reader
    calls = counted_checks(monkeypatch)
    command(url)
    assert calls == []


def test_a_file_named_through_a_link_shares_its_record(tmp_path):
    base(tmp_path / "p.db")
    (tmp_path / "lien.db").symlink_to(tmp_path / "p.db")
    health.remember(tmp_path / "p.db")
    assert health.known_sound(tmp_path / "lien.db")


def test_another_bases_wal_put_beside_the_file_during_a_write_is_not_recorded(tmp_path):
    url = base(tmp_path / "p.db")
    other = tmp_path / "autre.db"
    base(other, count=2500, width=90)
    with closing(sqlite3.connect(other, isolation_level=None)) as conn:
        conn.execute("PRAGMA wal_autocheckpoint = 0")
        conn.execute("UPDATE remplissage SET x = 'autre-' || x WHERE rowid % 97 = 0")
        shutil.copyfile(f"{other}-wal", tmp_path / "wal-etranger")
    interface = Database(url)
    write(interface, "avant")
    try:
        with interface.write() as session:
            session.execute(text("INSERT INTO remplissage VALUES ('pendant')"))
            shutil.copyfile(tmp_path / "wal-etranger", f"{tmp_path / 'p.db'}-wal")
        assert not health.known_sound(tmp_path / "p.db")
    finally:
        interface.dispose()


def test_a_file_busy_during_its_check_is_busy_not_damaged(tmp_path, monkeypatch):
    url = base(tmp_path / "p.db")
    os.chmod(tmp_path / "p.db", 0o600)  # not as recorded: the next write checks it
    busy = [DatabaseBusy("Données occupées, réessayez dans un instant.")]

    def held(path):
        if busy:
            raise busy.pop()
        return []

    monkeypatch.setattr(health, "quick_check", held)
    db = Database(url)
    try:
        with pytest.raises(DatabaseBusy):
            write(db, "refusée")
        write(db, "acceptée")  # asked again: no lasting refusal
    finally:
        db.dispose()
    assert rows(tmp_path / "p.db", "acceptée") == 1


@pytest.mark.slow
def test_the_check_of_a_file_held_locked_says_busy(tmp_path):
    base(tmp_path / "p.db")
    holder = Holder(tmp_path / "p.db")
    try:
        with pytest.raises(DatabaseBusy):
            health.quick_check(tmp_path / "p.db")
    finally:
        holder.kill()


def test_closing_a_base_lifts_its_refusal(tmp_path):
    url = base(tmp_path / "p.db")
    restored_copy(tmp_path / "p.db")
    db = Database(url)
    write(db, "avant")
    os.replace(tmp_path / "restauree.db", tmp_path / "p.db")
    with pytest.raises(PersistenceError, match=REPLACED):
        write(db, "perdue")
    db.dispose()
    try:
        write(db, "après")  # its new connections open the file now under the name
    finally:
        db.dispose()
    assert rows(tmp_path / "p.db", "après") == 1


def test_a_file_replaced_before_the_first_connection_is_not_written(tmp_path, monkeypatch):
    url = base(tmp_path / "p.db")
    restored_copy(tmp_path / "p.db")
    damage(tmp_path / "restauree.db", "remplissage")
    db = Database(url)
    assert db._guard is not None
    checked = db._guard.before_write

    def then_replaced(**kwargs):
        found = checked(**kwargs)
        os.replace(tmp_path / "restauree.db", tmp_path / "p.db")  # after the check, before SQLite opens it
        return found

    monkeypatch.setattr(db._guard, "before_write", then_replaced)
    try:
        with pytest.raises(PersistenceError, match=REPLACED):
            write(db, "sans contrôle")
    finally:
        db.dispose()


def test_threads_writing_with_checkpoints_check_nothing(tmp_path, monkeypatch):
    """Each thread's checkpoint changes the file under the others: they wait for it to be
    recorded rather than checking the whole file."""
    url = base(tmp_path / "p.db")
    db = Database(url)
    write(db, "avant")
    calls = counted_checks(monkeypatch)

    def worker(_n: int) -> None:
        for size in (10, 3_000_000, 10, 10, 3_000_000):
            with db.write() as session:
                session.execute(text("INSERT INTO remplissage VALUES (zeroblob(:n))"),
                                {"n": size})

    try:
        run_together(worker)
    finally:
        db.dispose()
    assert calls == []


def test_a_commit_turn_left_held_by_an_interruption_is_given_back(tmp_path):
    """Ctrl-C between taking the turn and the write's end left it held: the same thread's next
    write goes on with it and gives it back, and another thread's write is not stuck."""
    db = Database(base(tmp_path / "p.db"))
    write(db, "avant")
    assert db._guard is not None
    db._guard.commit_begins()  # the turn taken, its write interrupted before ending
    try:
        write(db, "même fil")
        other = threading.Thread(target=write, args=(db, "autre fil"))
        other.start()
        other.join(timeout=60)
        assert not other.is_alive()
    finally:
        db.dispose()
    assert rows(tmp_path / "p.db", "même fil") == rows(tmp_path / "p.db", "autre fil") == 1


def test_an_interrupted_check_raises_what_interrupted_it(tmp_path, monkeypatch):
    url = base(tmp_path / "p.db")
    os.chmod(tmp_path / "p.db", 0o600)  # not as recorded: the next write checks it

    def interrupted(path):
        raise RuntimeError("interrompu")

    monkeypatch.setattr(health, "require_writable", interrupted)
    db = Database(url)
    try:
        with pytest.raises(RuntimeError, match="interrompu"):
            write(db, "refusée")
        monkeypatch.undo()
        write(db, "acceptée")
    finally:
        db.dispose()
    assert rows(tmp_path / "p.db", "acceptée") == 1


def test_a_check_inside_the_threads_own_write_does_not_wait_for_it(tmp_path):
    db = Database(base(tmp_path / "p.db"))
    write(db, "avant")
    assert db._guard is not None
    waits = []
    real = db._guard._settled.wait
    db._guard._settled.wait = lambda timeout=None: waits.append(timeout) or real(0)  # type: ignore[method-assign]
    try:
        with db.write() as session:
            session.execute(text("INSERT INTO remplissage VALUES ('dehors')"))
            os.chmod(tmp_path / "p.db", 0o600)  # a backup tool touched the file meanwhile
            db.ensure_writable()  # its own write is the only one in flight
    finally:
        db.dispose()
    assert waits == []
