"""The erasure register's journal: a run's erasures, one number a line, until the key file
holds them.

The register lives in the key file, which is written whole: writing it after each erasure of
a national purge made the purge quadratic, and writing it every hundred erasures would leave
up to a hundred numbers out of it if the process died in between (a kill, a power cut), and a
restore of an older backup would give those persons back. So each erasure of a run appends
its number here, synced to disk, right after its commit; the run writes the register every
hundred erasures and at its end, then empties (at the end, deletes) its journal.

A journal sits beside the key file, owner-only, named after the key file and the process
(``.<key file>.effacees-<pid>-<random>``): a restore reads every journal of that key
file (:func:`journaled`; a link, another owner's file or one others may read is not trusted),
and the next repair of the register (:func:`sweep`) writes into the key file, then deletes,
those whose process is gone. Keys kept in the keyring have no file
beside them: their register is written after each erasure instead.
"""

from __future__ import annotations

import os
import stat
import tempfile
from pathlib import Path

from core.crypto.keyfile import KeyFile


def _prefix(keyfile: KeyFile) -> str:
    # Named after the key file, not only the base: copies of a base share its id, and a
    # copy's erasures must not reach the register of another key file in the same folder.
    assert keyfile.path is not None
    return f".{keyfile.path.name}.effacees-"


def _journals(keyfile: KeyFile) -> list[Path]:
    if keyfile.path is None:
        return []
    return sorted(keyfile.path.parent.glob(_prefix(keyfile) + "*"))


def _read(journal: Path) -> set[int] | None:
    """Its numbers; None when it is not one this user wrote: a symbolic link, not a regular
    file, another owner's, or readable by others (someone who can write in the key file's
    folder must not make a restore erase whomever they name)."""
    try:
        fd = os.open(journal, os.O_RDONLY | os.O_NOFOLLOW)
    except OSError:
        return None  # gone meanwhile (its run finished), or a link
    try:
        info = os.fstat(fd)
        if (not stat.S_ISREG(info.st_mode) or info.st_uid != os.getuid()
                or info.st_mode & 0o077):
            return None
        with os.fdopen(fd, "rb", closefd=False) as source:
            text = source.read().decode("ascii", errors="replace")
    finally:
        os.close(fd)
    # Only whole lines: one cut short by a crash is a prefix of her number, which is another
    # person's (« 1234 » of « 12345 »); she is in the base, the next repair finds her.
    return {int(line) for line in text.split("\n")[:-1] if line.isdigit()}


def journaled(keyfile: KeyFile) -> set[int]:
    """The numbers in the base's journals: erased, perhaps not yet in the key file."""
    found: set[int] = set()
    for journal in _journals(keyfile):
        found |= _read(journal) or set()
    return found


def sweep(keyfile: KeyFile) -> int:
    """Write into the key file, then delete, the journals of processes that are gone: each
    read once its process is known dead (nothing is appended any more), and deleted only
    once what was read is in the key file. One that cannot be trusted is left where it is.
    Returns how many were deleted."""
    removed = 0
    for journal in _journals(keyfile):
        pid = journal.name[len(_prefix(keyfile)):].partition("-")[0]
        if not pid.isdigit() or _alive(int(pid)):
            continue
        numbers = _read(journal)
        if numbers is None:
            continue
        keyfile.record_erased(numbers)
        journal.unlink(missing_ok=True)
        removed += 1
    return removed


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # another user's process: alive
        return True
    return True


class Journal:
    """This process's journal for one run (None-like when the keys live in the keyring)."""

    def __init__(self, keyfile: KeyFile) -> None:
        self.path: Path | None = None
        if keyfile.path is not None:
            fd, name = tempfile.mkstemp(prefix=f"{_prefix(keyfile)}{os.getpid()}-",
                                        dir=keyfile.path.parent)
            os.fchmod(fd, 0o600)
            os.close(fd)
            self.path = Path(name)

    def append(self, person: int) -> None:
        """Her number, on disk before this returns (the file as created: never recreated,
        never followed through a link)."""
        assert self.path is not None
        fd = os.open(self.path, os.O_WRONLY | os.O_APPEND | os.O_NOFOLLOW)
        try:
            os.write(fd, f"{person}\n".encode("ascii"))
            os.fsync(fd)
        finally:
            os.close(fd)

    def clear(self) -> None:
        """Empty it: every number it held is in the key file now."""
        if self.path is not None:
            self.path.write_bytes(b"")

    def close(self) -> None:
        """Delete it (its numbers are in the key file)."""
        if self.path is not None:
            self.path.unlink(missing_ok=True)
