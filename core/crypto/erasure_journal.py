"""The erasure register's journal: a run's erasures, one number a line, until the key file
holds them.

The register lives in the key file, which is written whole: writing it after each erasure of
a national purge made the purge quadratic, and writing it every hundred erasures would leave
up to a hundred numbers out of it if the process died in between (a kill, a power cut), and a
restore of an older backup would give those persons back. So each erasure of a run appends
its number here, synced to disk, right after its commit; the run writes the register every
hundred erasures and at its end, then empties (at the end, deletes) its journal.

A journal sits beside the key file, owner-only, named after the base and the process
(``.effacees-<base>-<pid>-<random>``): a restore reads every journal of the base with the key
file (:func:`journaled`), and the next repair of the register (:func:`sweep`, after it wrote
their numbers) deletes those whose process is gone. Keys kept in the keyring have no file
beside them: their register is written after each erasure instead.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from core.crypto.keyfile import KeyFile


def _prefix(keyfile: KeyFile) -> str:
    return f".effacees-{keyfile.base}-"


def _journals(keyfile: KeyFile) -> list[Path]:
    if keyfile.path is None:
        return []
    return sorted(keyfile.path.parent.glob(_prefix(keyfile) + "*"))


def journaled(keyfile: KeyFile) -> set[int]:
    """The numbers in the base's journals: erased, perhaps not yet in the key file."""
    found: set[int] = set()
    for journal in _journals(keyfile):
        try:
            text = journal.read_text(encoding="ascii")
        except (OSError, UnicodeDecodeError):
            continue  # deleted meanwhile by its run, once its numbers were in the key file
        # Only whole lines: one cut short by a crash is a prefix of her number, which is
        # another person's (« 1234 » of « 12345 »); she is in the base, the repair finds her.
        found |= {int(line) for line in text.split("\n")[:-1] if line.isdigit()}
    return found


def sweep(keyfile: KeyFile) -> int:
    """Delete the journals of processes that are gone (call once their numbers are in the
    key file); returns how many."""
    removed = 0
    for journal in _journals(keyfile):
        pid = journal.name[len(_prefix(keyfile)):].partition("-")[0]
        if pid.isdigit() and not _alive(int(pid)):
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
        """Her number, on disk before this returns."""
        assert self.path is not None
        with self.path.open("a", encoding="ascii") as out:
            out.write(f"{person}\n")
            out.flush()
            os.fsync(out.fileno())

    def clear(self) -> None:
        """Empty it: every number it held is in the key file now."""
        if self.path is not None:
            self.path.write_bytes(b"")

    def close(self) -> None:
        """Delete it (its numbers are in the key file)."""
        if self.path is not None:
            self.path.unlink(missing_ok=True)
