"""What a process may write to its SQLite file, and what it vouches for (one per :class:`Database`).

Before its first write a process has the file checked (:func:`health.require_writable`); after
that it vouches for the file as it found it and for its own commits, nothing else:

* before each write it looks at the file (:func:`health.stamp`): the same as it last knew it
  sound, or as another Parcours process recorded it after its own checkpoint, or else checked
  again, whatever changed it;
* it never writes into a file other than the one its connections opened: a file replaced or
  deleted under it would take its commits into an unlinked file no one reads again, so every
  later write of the process is refused, until it closes the base;
* after a commit that changed the file (the checkpoint that commit ran, or the WAL started
  again), it records the new stamp, but only when the file was as vouched for just before the
  ``COMMIT``: a change made while it waited for the write lock is never taken for its own;
* at closing, when the file is as it vouched for it or as recorded, it records what its last
  connection's checkpoint made of it (a process that only read included).

The windows left are the checkpoint itself (a commit's, the closing's, an erasure's scrub):
damage written by another program during those milliseconds would be recorded as sound. The
guard's state is shared by the threads of the process (the interface's workers): a lock keeps
one check at a time and each thread's view of what was vouched for consistent. Looking at the
file after a commit is best effort: a committed write is never reported failed because of it.
"""

from __future__ import annotations

import os
import threading
from pathlib import Path

from core import messages as M
from core.errors import DatabaseBusy, PersistenceError
from core.persistence import health


class WriteGuard:
    """The write guard of one SQLite file (``path``)."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._lock = threading.RLock()
        self._writable = False
        self._vouched: list[int] | None = None
        """The stamp this process last knew the file sound with (None: it vouches for nothing)."""
        self._opened: int | None = None
        """The inode its connections opened."""
        self._refusal: PersistenceError | None = None

    def opened(self) -> None:
        """A connection was opened: note the file it opened, the first time."""
        if self._opened is None:
            try:
                self._opened = os.stat(self.path).st_ino
            except OSError:
                pass

    def before_write(self) -> list[int] | None:
        """Refuse a write to a damaged, foreign, busy or replaced file, checking it when it
        changed; the stamp vouched for just before this write (None: nothing is).

        Raises:
            PersistenceError: the file is not a SQLite base, is another program's, is damaged,
                or was replaced while open.
            DatabaseBusy: another program holds the file locked (asked again next time).
        """
        with self._lock:
            if self._refusal is not None:
                raise self._refusal  # damaged or replaced: not asked again by this process
            self._same_file()
            if self._writable and self._vouches_for_now():
                return self._vouched
            self._writable = False
            try:
                self._vouched = health.require_writable(self.path)
            except DatabaseBusy:
                raise
            except PersistenceError as exc:
                self._refusal = exc
                raise
            self._writable = self._vouched is not None  # else asked again next time
            return self._vouched

    def _same_file(self) -> None:
        now = health.stamp(self.path)
        if self._opened is not None and now is not None and now[0] != self._opened:
            self._refusal = PersistenceError(M.DB_REPLACED)
            raise self._refusal

    def _vouches_for_now(self) -> bool:
        now = health.stamp(self.path)
        if now is not None and self._vouched is not None and \
                (now == self._vouched or health.recorded(self.path, now)):
            self._vouched = now
            return True
        self._vouched = None
        return False

    def unchanged(self, before: list[int] | None) -> bool:
        """Just before ``COMMIT``, inside the transaction: the file itself as vouched for before
        the write (its WAL aside, which this very transaction may have started again)."""
        if before is None:
            return False
        try:
            info = os.stat(self.path)
        except OSError:
            return False
        return [info.st_ino, info.st_size, info.st_ctime_ns] == before[:3]

    def after_commit(self, before: list[int] | None) -> None:
        """Record the file sound again when this process's commit changed it (``before``: the
        stamp vouched for before it, None when it changed meanwhile)."""
        with self._lock:
            if before is None or before != self._vouched:
                return  # another thread's commit moved it on: that one records
            now = health.stamp(self.path)
            if now is None:
                self._vouched = None
            elif now != before:
                health.remember(self.path, now)
                self._vouched = now

    def before_scrub(self) -> list[int] | None:
        """Before a checkpoint after a commit (never refused): the stamp vouched for, if any."""
        with self._lock:
            return self._vouched if self._vouches_for_now() else None

    def before_close(self) -> bool:
        """Before the connections close: whether what their closing makes of the file may be
        recorded sound (the file as vouched for, or as recorded by a Parcours process)."""
        with self._lock:
            try:
                now = health.stamp(self.path)
                trusted = now is not None and now[0] != -1 and (
                    now == self._vouched or health.recorded(self.path, now)) \
                    and health.file_kind(self.path) == "sqlite"
            except OSError:
                trusted = False  # the folder gone or closed to us: nothing to record
            self._writable, self._vouched, self._opened = False, None, None
            return trusted

    def after_close(self, trusted: bool) -> None:
        """After the connections closed: record the file sound when :meth:`before_close` said so."""
        if trusted:
            health.remember(self.path)
