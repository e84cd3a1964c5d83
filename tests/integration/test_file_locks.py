"""A process's SQLite locks survive its own checks of the file, so no commit is lost.

Closing any descriptor of a file drops every POSIX lock the process holds on it, those of its
SQLite connections included. The file checks (``health.file_kind``, before a process's first
write and when a base is closed) used to open the base file and close it: the process's
connections then held no shared lock, another process closing its last connection checked
the WAL into the file and deleted it, and this process went on committing into the deleted
WAL, seen by no one else. Each test has another process read the base and close, as a
second terminal or a scheduled backup would, then checks that the WAL is still there and
that what this process writes next is read by the other.
"""

from __future__ import annotations

import sqlite3
import subprocess
import sys
from contextlib import closing
from pathlib import Path

from core import services as svc
from core.persistence import health
from core.services.app import Parcours
from tests.accounts import FAST, make_app, who

COUNT = ("import sqlite3, sys; c = sqlite3.connect(sys.argv[1]); "
         "print(c.execute('SELECT count(*) FROM persons').fetchone()[0]); c.close()")


def persons_seen_by_another_process(path: Path) -> int:
    """How many persons another process reads (it closes its connection after)."""
    done = subprocess.run([sys.executable, "-c", COUNT, str(path)], capture_output=True,
                          text=True, check=True, timeout=60)
    return int(done.stdout)


def test_a_file_check_keeps_the_connections_locks(tmp_path):
    path = tmp_path / "base.db"
    with closing(sqlite3.connect(path, isolation_level=None)) as mine:
        mine.execute("PRAGMA journal_mode = WAL")
        mine.execute("CREATE TABLE persons (id INTEGER PRIMARY KEY)")
        mine.execute("INSERT INTO persons DEFAULT VALUES")
        assert health.file_kind(path) == "sqlite"
        assert persons_seen_by_another_process(path) == 1
        assert Path(f"{path}-wal").exists()  # the other process was not the last one
        mine.execute("INSERT INTO persons DEFAULT VALUES")
        assert persons_seen_by_another_process(path) == 2


def test_no_commit_is_lost_after_the_first_write_of_a_process(tmp_path):
    path = tmp_path / "parcours.db"
    app = make_app(f"sqlite:///{path}", fresh=True)  # its first write checked the file
    try:
        camille = who(app, "camille")
        svc.add_person(app, camille, "Awa")
        assert persons_seen_by_another_process(path) == 1
        svc.add_person(app, camille, "Binta")
        assert persons_seen_by_another_process(path) == 2
        assert Path(f"{path}-wal").exists()
    finally:
        app.close()


def test_closing_one_base_keeps_the_locks_of_another_on_the_same_file(tmp_path):
    path = tmp_path / "parcours.db"
    first = make_app(f"sqlite:///{path}", fresh=True)
    second = Parcours.open(f"sqlite:///{path}", host=first.host, security=FAST,
                           key_file=first.key_file)
    try:
        camille = who(second, "camille")
        svc.add_person(second, camille, "Awa")
        first.close()  # checks the file as it closes
        assert persons_seen_by_another_process(path) == 1
        svc.add_person(second, camille, "Binta")
        assert persons_seen_by_another_process(path) == 2
    finally:
        first.close()
        second.close()


def test_what_the_file_is_is_still_told_apart(tmp_path):
    assert health.file_kind(tmp_path / "absent.db") == "missing"
    (tmp_path / "vide.db").touch()
    assert health.file_kind(tmp_path / "vide.db") == "empty"
    assert health.file_kind(tmp_path) == "unreadable"
    (tmp_path / "photo.db").write_bytes(b"\x89PNG\r\n\x1a\n" + b"\0" * 4000)
    assert health.file_kind(tmp_path / "photo.db") == "foreign"
    base = tmp_path / "base.db"
    with closing(sqlite3.connect(base)) as conn, conn:
        conn.execute("CREATE TABLE t (x)")
    assert health.file_kind(base) == "sqlite"
    # A SQLite file whose header is damaged past its first bytes is still a damaged base.
    with base.open("r+b") as out:
        out.seek(16)
        out.write(b"\x00\x03")  # page size 3: no SQLite reads that
    assert health.file_kind(base) == "sqlite"


def test_a_closed_base_leaves_no_wal_behind(tmp_path):
    """Its file is checked while its connections are open: the last one to close checks the
    WAL into the file and removes it (a reading connection opened after them would not)."""
    path = tmp_path / "parcours.db"
    app = make_app(f"sqlite:///{path}", fresh=True)
    svc.add_person(app, who(app, "camille"), "Awa")
    app.close()
    assert not Path(f"{path}-wal").exists() and not Path(f"{path}-shm").exists()
    assert persons_seen_by_another_process(path) == 1
    assert health.known_sound(path)  # what it wrote is trusted: not checked again
