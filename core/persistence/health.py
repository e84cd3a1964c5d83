"""Is this SQLite file a sound Parcours base? Cheap before writing, thorough on demand.

Before the first write of a process, :func:`require_writable` runs ``PRAGMA quick_check`` on
the file (a damaged page is found; index contents are not compared) and refuses writes with one
French sentence when it fails, so a damaged base is not made worse; reads stay possible, for a
rescue copy. The result is cached in the state directory per file, keyed by the base file's
:func:`stamp` (inode, size, status-change time): a file no one touched is not checked twice.
What a Parcours process that checked the file writes is trusted: it records the new stamp when
one of its commits changed the file (a checkpoint) and when it closes it, so what changed while
no Parcours process had it open is checked again, and a colleague's open terminal does not make
every command check the whole file (seconds at 100,000 persons).

:func:`integrity` is the thorough check ``parcours check`` and the restore drill run
(``integrity_check`` and ``foreign_key_check``), :func:`file_kind` tells an empty file, a
foreign file and a SQLite file apart, and :func:`foreign_tables` a SQLite base of another
program from a Parcours one.
"""

from __future__ import annotations

import json
import os
import sqlite3
import stat
import tempfile
from contextlib import closing
from pathlib import Path

from core import messages as M
from core.errors import DatabaseDamaged, PersistenceError

SQLITE_MAGIC = b"SQLite format 3\x00"
CACHE_FILE = "controle-fichiers.json"
CACHE_LIMIT = 64
"""Files remembered at most (the oldest are forgotten first)."""
PARCOURS_TABLES = frozenset({"alembic_version", "base_info"})


def file_kind(path: Path) -> str:
    """``missing``, ``empty``, ``sqlite``, ``foreign`` (another kind of file) or ``unreadable``
    (no right to read it, a folder...).

    The file is read through SQLite, never opened by this process on its own: closing any
    descriptor of a file drops every POSIX lock the process holds on it, its connections'
    included. A connection that lost its shared lock lets another process, closing its last
    connection, check the WAL into the file and delete it, while this process goes on
    writing into the deleted WAL: its commits were lost (test_file_locks.py). SQLite's own
    connections share their locks within a process and never drop another's.
    """
    try:
        info = path.stat()
    except FileNotFoundError:
        return "missing"
    except OSError:
        return "unreadable"
    if not stat.S_ISREG(info.st_mode) or not os.access(path, os.R_OK):
        return "unreadable"
    if not info.st_size:
        return "empty"
    try:
        with closing(_open(path)) as conn:
            conn.execute("PRAGMA schema_version").fetchone()
    except sqlite3.DatabaseError as exc:
        if getattr(exc, "sqlite_errorcode", None) != sqlite3.SQLITE_NOTADB:
            return "unreadable"  # busy, locked, no -shm to read: SQLite says why when used
        # SQLite cannot use this file as a base, so no connection of this process holds a
        # lock on it: its first bytes tell a damaged header from another kind of file.
        return "sqlite" if _starts_with_magic(path) else "foreign"
    return "sqlite"


def _starts_with_magic(path: Path) -> bool:
    try:
        with path.open("rb") as source:
            return source.read(len(SQLITE_MAGIC)) == SQLITE_MAGIC
    except OSError:
        return False


def foreign_tables(path: Path) -> list[str]:
    """The tables of a SQLite file that is not a Parcours base ([] for a Parcours or empty one)."""
    try:
        with closing(_open(path)) as conn:
            names = sorted(r[0] for r in conn.execute(
                "SELECT name FROM sqlite_master WHERE type = 'table' "
                "AND name NOT LIKE 'sqlite_%'"))
    except sqlite3.DatabaseError:
        return []  # the schema itself is unreadable: the integrity checks say so
    return [] if not names or PARCOURS_TABLES & set(names) else names


def _open(path: Path) -> sqlite3.Connection:
    # Read-only and apart from the engine, whose connections switch the file to WAL: checking a
    # file must not write to it.
    return sqlite3.connect(f"{path.absolute().as_uri()}?mode=ro", uri=True)


def quick_check(path: Path) -> list[str]:
    """The problems ``PRAGMA quick_check`` finds ([] when the file is sound)."""
    return _pragma(path, "quick_check")


def integrity(path: Path) -> tuple[list[str], list[str]]:
    """(``integrity_check`` problems, tables with orphan references), [] each when sound."""
    problems = _pragma(path, "integrity_check")
    if problems:
        return problems, []
    with closing(_open(path)) as conn:
        rows = conn.execute("PRAGMA foreign_key_check").fetchall()
    return [], sorted({str(r[0]) for r in rows})


def _pragma(path: Path, name: str) -> list[str]:
    try:
        with closing(_open(path)) as conn:
            rows = [str(r[0]) for r in conn.execute(f"PRAGMA {name}").fetchall()]
    except sqlite3.DatabaseError as exc:
        return [str(exc)]  # not even the schema can be read
    return [] if rows == ["ok"] else rows


# --- the write guard and its cache ------------------------------------------------------------
def _state_dir() -> Path:
    from core.incidents import state_dir
    return state_dir()


def stamp(path: Path) -> list[int]:
    """What the cache is keyed by: the base file's inode, size and status-change time.

    Its ``-wal`` is left out: every commit changes it, so while another Parcours process had
    the file open and wrote to it, each command checked the whole file again (2 to 6 s at
    100,000 persons). Nothing damaged comes into the base through the WAL without changing
    the file: SQLite checks each of its frames' checksums and drops what does not match, and
    copies frames into the file only at a checkpoint, which changes the stamp. The
    status-change time, not the modification time: ``cp -p`` or ``touch`` set the latter back,
    nothing sets the former but the system. ``[-1, -1, -1]`` for a missing file.
    """
    try:
        info = os.stat(path)
    except FileNotFoundError:
        return [-1, -1, -1]
    return [info.st_ino, info.st_size, info.st_ctime_ns]


def _load() -> dict[str, list[int]]:
    try:
        data = json.loads((_state_dir() / CACHE_FILE).read_text(encoding="utf-8"))
        return {str(k): [int(x) for x in v] for k, v in data.items()}
    except (OSError, ValueError, TypeError, AttributeError):
        return {}  # no cache, or an unreadable one: check again


def remember(path: Path) -> None:
    """Record the file's current stamp as sound (best effort: a cache is never a requirement)."""
    folder = _state_dir()
    cache = _load()
    cache.pop(str(path), None)
    cache[str(path)] = stamp(path)
    kept = dict(list(cache.items())[-CACHE_LIMIT:])
    try:
        folder.mkdir(mode=0o700, parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=".controle-", dir=folder)
        with os.fdopen(fd, "w", encoding="utf-8") as out:
            json.dump(kept, out)
        os.replace(tmp, folder / CACHE_FILE)
    except OSError:
        pass


def known_sound(path: Path) -> bool:
    return _load().get(str(path)) == stamp(path)


def require_writable(path: Path) -> bool:
    """Refuse to write to a foreign or damaged SQLite file (quick check, cached).

    Returns:
        Whether the file was found sound (checked now, or known so) or is a new base: what
        this process then writes to it may be trusted (:func:`remember`). False when SQLite
        could not be asked (busy, no right to read): SQLite itself answers the write.

    Raises:
        PersistenceError: another kind of file, or a SQLite base of another program.
        DatabaseDamaged: the file's quick check fails (reads stay possible).
    """
    kind = file_kind(path)
    if kind in ("missing", "empty"):
        return True  # a new base
    if kind == "unreadable":
        return False  # one SQLite itself will refuse to open (with its own message)
    if kind == "foreign":
        raise PersistenceError(M.DB_FOREIGN_FILE.format(path=path))
    if known_sound(path):
        return True
    before = stamp(path)
    if foreign_tables(path):
        raise PersistenceError(M.DB_FOREIGN_SQLITE.format(path=path))
    if quick_check(path):
        raise DatabaseDamaged(M.DB_DAMAGED_WRITE)
    if stamp(path) != before:  # changed while checking: check again next time
        return False
    remember(path)
    return True
