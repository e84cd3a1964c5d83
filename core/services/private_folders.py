"""Private temporary folders for a backup, a restore or a drill, and what a killed one left.

Each holds a copy of the base while it is written or checked (person fields stay sealed,
staff names do not): only the user can open it (0700), it is removed whatever happens, and
its name carries its process's number, and the process numbers' namespace (two containers
sharing a temporary folder number their processes apart), so that the next one removes it
when that process was killed before it could.
"""

from __future__ import annotations

import os
import shutil
import stat
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import timedelta
from pathlib import Path

PRIVATE_PREFIX = "parcours-sauvegarde-"
LEFTOVER_AGE = timedelta(days=1)
"""How old a private folder must be to go when its process cannot be asked about (named
without its number by older code, or by a process of another namespace)."""


@contextmanager
def private_folder() -> Iterator[Path]:
    """A temporary folder only the user can open (0700), removed whatever happens; named
    with this process's number and namespace, so that the next one removes it if this
    process is killed (:func:`_sweep_leftovers`)."""
    _sweep_leftovers()
    folder = Path(tempfile.mkdtemp(prefix=f"{PRIVATE_PREFIX}{_owner()}-"))
    try:
        folder.chmod(0o700)
        yield folder
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def _sweep_leftovers() -> None:
    """Remove the private folders a killed backup, restore or drill of this account left
    behind: a copy of the base (staff names in clear), which nothing else would remove."""
    mine, here = getattr(os, "getuid", lambda: None)(), _namespace()
    for folder in Path(tempfile.gettempdir()).glob(f"{PRIVATE_PREFIX}*"):
        try:
            info = folder.lstat()
        except OSError:
            continue
        if not stat.S_ISDIR(info.st_mode) or (mine is not None and info.st_uid != mine):
            continue
        owner, named, _ = folder.name[len(PRIVATE_PREFIX):].partition("-")
        number, _, space = owner.partition(".")
        if named and number.isascii() and number.isdigit() and space == here:
            if int(number) != os.getpid() and not _running(int(number)):
                shutil.rmtree(folder, ignore_errors=True)
        elif time.time() - info.st_mtime > LEFTOVER_AGE.total_seconds():
            shutil.rmtree(folder, ignore_errors=True)


def _owner() -> str:
    """``<process number>.<its namespace>``: what a private folder's name says of its maker."""
    return f"{os.getpid()}.{_namespace()}"


def _namespace() -> str:
    """The process numbers' namespace (Linux: its inode), "" where there is none to read."""
    try:
        return str(os.stat("/proc/self/ns/pid").st_ino)
    except OSError:
        return ""


def _running(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except (PermissionError, OverflowError, OSError):
        return True  # another account's, or unknowable: left alone
    return True
