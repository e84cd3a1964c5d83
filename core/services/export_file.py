"""The file of a person's export: made new and owner-only, holding a notice until the export
is committed, then her data.

:func:`write_new` takes the name and the room inside the export's transaction (a file that
appeared, a full disk refuse the export before its audit row commits) with a
:func:`placeholder` of the same size; :func:`fill` writes her data over it once that row is
committed. Each write goes down to the disk; a failed one removes the file.
"""

from __future__ import annotations

import os
from pathlib import Path

from core import messages as M
from core.errors import InputError


def placeholder(size: int) -> bytes:
    """What the file holds until its export is committed: a French notice, as long as the
    export (spaces after it), so that the disk's room is known to be there."""
    notice = (M.EXPORT_UNFINISHED + "\n").encode("utf-8")
    return notice + b" " * max(0, size - len(notice))


def fill(path: Path, data: bytes) -> None:
    """Write the committed export over its placeholder (a link put in its place is refused);
    on failure the file is removed, and the error says so."""
    try:
        fd = os.open(path, os.O_WRONLY | getattr(os, "O_NOFOLLOW", 0))
    except OSError as exc:
        path.unlink(missing_ok=True)
        raise _cannot_write(path, exc) from None
    _write_through(fd, path, data)


def write_new(path: Path, data: bytes) -> None:
    """Create ``path`` (never over an existing file), readable by its owner only, whole or
    not at all."""
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        raise InputError(M.EXPORT_FILE_EXISTS.format(path=path)) from None
    except OSError as exc:
        raise _cannot_write(path, exc) from None
    _write_through(fd, path, data)


def _write_through(fd: int, path: Path, data: bytes) -> None:
    """Write ``data`` as the whole of the file open on ``fd``, down to the disk; on failure
    the file is removed."""
    try:
        with os.fdopen(fd, "wb") as out:
            out.write(data)
            out.truncate(len(data))
            out.flush()
            os.fsync(out.fileno())
    except OSError as exc:
        path.unlink(missing_ok=True)
        raise _cannot_write(path, exc) from None


def _cannot_write(path: Path, exc: OSError) -> InputError:
    return InputError(M.EXPORT_CANNOT_WRITE.format(path=path,
                                                   error=exc.strerror or type(exc).__name__))
