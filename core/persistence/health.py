"""Is this SQLite file a sound Parcours base? Cheap before writing, thorough on demand.

Before the first write of a process, :func:`require_writable` runs ``PRAGMA quick_check`` on
the file (a damaged page is found; index contents are not compared) and refuses writes with one
French sentence when it fails, so a damaged base is not made worse; reads stay possible, for a
rescue copy. The result is cached in the state directory per file, keyed by the file's
:func:`stamp` (the base file's inode, size and status-change time, its WAL's salts): a file no
one touched is not checked twice. What a process vouches for, before and after each of its
writes and when it closes the file, is :mod:`core.persistence.write_guard`'s business; so what
changed while no Parcours process watched is checked again, and a colleague's open terminal
does not make every command check the whole file (seconds at 100,000 persons).

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
from contextlib import closing, suppress
from pathlib import Path

from core import messages as M
from core.errors import DatabaseBusy, DatabaseDamaged, PersistenceError

SQLITE_MAGIC = b"SQLite format 3\x00"
CACHE_FILE = "controle-fichiers.json"
CACHE_LIMIT = 64
"""Files remembered at most (the oldest are forgotten first)."""
PARCOURS_TABLES = frozenset({"alembic_version", "base_info"})


def file_kind(path: Path) -> str:
    """``missing``, ``empty``, ``sqlite`` (damaged ones included), ``foreign`` (another kind
    of file), ``busy`` (another program holds it locked) or ``unreadable`` (no right to read
    it, a folder...).

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
        code = _primary(exc)
        if code in (sqlite3.SQLITE_BUSY, sqlite3.SQLITE_LOCKED):
            return "busy"  # another program holds it: asked again at the next write
        if code == sqlite3.SQLITE_CORRUPT:
            return "sqlite"  # a base whose header or schema is damaged: the checks say so
        if code != sqlite3.SQLITE_NOTADB:
            return "unreadable"  # no -shm to read, no right: SQLite says why when used
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
        if _primary(exc) in (sqlite3.SQLITE_BUSY, sqlite3.SQLITE_LOCKED):
            # Another program held the file past the busy timeout: nothing was found wrong.
            raise DatabaseBusy(M.DB_BUSY) from exc
        return [str(exc)]  # not even the schema can be read
    return [] if rows == ["ok"] else rows


def _primary(exc: sqlite3.DatabaseError) -> int:
    """SQLite's primary result code of an error (0 when it has none)."""
    return (getattr(exc, "sqlite_errorcode", None) or 0) & 0xFF


# --- the soundness record --------------------------------------------------------------------
def _state_dir() -> Path:
    from core.incidents import state_dir
    return state_dir()


def stamp(path: Path) -> list[int] | None:
    """What the cache is keyed by: the base file's inode, size and status-change time, and the
    salts of its ``-wal`` (None when the file cannot be looked at).

    Not the WAL's size or time: every commit changes them, so while another Parcours process
    had the file open and wrote to it, each command checked the whole file again (2 to 6 s at
    100,000 persons). Its salts change only when SQLite starts the WAL again after a
    checkpoint, and tell another base's WAL put beside this file (a folder restored or
    synchronised: SQLite would replay its frames into this base). The status-change time, not
    the modification time: ``cp -p`` or ``touch`` set the latter back, nothing sets the former
    but the system. ``-1`` for what is missing (no file, no WAL or an empty one).
    """
    try:
        info = os.stat(path)
    except FileNotFoundError:
        return [-1, -1, -1, -1, -1]
    except OSError:
        return None
    return [info.st_ino, info.st_size, info.st_ctime_ns, *_wal_salts(path)]


def _wal_salts(path: Path) -> tuple[int, int]:
    # Read with a descriptor of our own: SQLite locks the base file and its -shm, never the
    # -wal, so closing this one drops none of this process's locks (test_file_locks.py).
    try:
        with open(f"{path}-wal", "rb") as wal:
            header = wal.read(WAL_HEADER)
    except OSError:
        return -1, -1
    if len(header) < WAL_HEADER:
        return -1, -1  # no WAL, or one SQLite ignores
    return int.from_bytes(header[16:20], "big"), int.from_bytes(header[20:24], "big")


WAL_HEADER = 32
"""Bytes of a WAL's header; its salts are bytes 16 to 24 (sqlite.org/fileformat.html)."""


def _load() -> dict[str, list[int]]:
    try:
        data = json.loads((_state_dir() / CACHE_FILE).read_text(encoding="utf-8"))
        return {str(k): [int(x) for x in v] for k, v in data.items()}
    except (OSError, ValueError, TypeError, AttributeError):
        return {}  # no cache, or an unreadable one: check again


def remember(path: Path, found: list[int] | None = None) -> None:
    """Record the file's stamp (``found``, else its current one) as sound (best effort: a cache
    is never a requirement)."""
    found = found if found is not None else stamp(path)
    if found is None:
        return
    folder = _state_dir()
    cache = _load()
    cache.pop(_key(path), None)
    cache[_key(path)] = found
    kept = dict(list(cache.items())[-CACHE_LIMIT:])
    tmp = None
    try:
        folder.mkdir(mode=0o700, parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=".controle-", dir=folder)
        with os.fdopen(fd, "w", encoding="utf-8") as out:
            json.dump(kept, out)
        os.replace(tmp, folder / CACHE_FILE)
    except OSError:
        if tmp is not None:  # a full disk: no half-written record left behind
            with suppress(OSError):
                os.unlink(tmp)


def _key(path: Path) -> str:
    # One record per file, however its path is spelled (a link, a relative path).
    return os.path.realpath(path)


def recorded(path: Path, found: list[int] | None) -> bool:
    """Whether ``found`` is the stamp recorded sound for ``path``."""
    return found is not None and _load().get(_key(path)) == found


def known_sound(path: Path) -> bool:
    return recorded(path, stamp(path))


def require_writable(path: Path) -> list[int] | None:
    """Refuse to write to a foreign, busy or damaged SQLite file (quick check, cached).

    Returns:
        The stamp the file was found sound with (checked now, or known so), or had as a new
        base: what this process then writes to it may be trusted (:func:`remember`). None
        when it cannot vouch for it (no right to read it, changed while checked): SQLite
        itself answers the write, and the next process checks it.

    Raises:
        PersistenceError: another kind of file, or a SQLite base of another program.
        DatabaseBusy: another program holds the file locked (asked again at the next write).
        DatabaseDamaged: the file's quick check fails (reads stay possible).
    """
    kind = file_kind(path)
    if kind in ("missing", "empty"):
        return stamp(path)  # a new base
    if kind == "unreadable":
        return None  # one SQLite itself will refuse to open (with its own message)
    if kind == "busy":
        raise DatabaseBusy(M.DB_BUSY)
    if kind == "foreign":
        raise PersistenceError(M.DB_FOREIGN_FILE.format(path=path))
    before = stamp(path)
    if recorded(path, before):
        return before
    if foreign_tables(path):
        raise PersistenceError(M.DB_FOREIGN_SQLITE.format(path=path))
    if quick_check(path):
        raise DatabaseDamaged(M.DB_DAMAGED_WRITE)
    if before is None or stamp(path) != before:  # changed while checking: check again next time
        return None
    remember(path, before)
    return before
