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
  ``COMMIT``: a change made to the file while it waited for the write lock is not taken for
  its own;
* at closing, when the file is as it vouched for it or as recorded, it records what its last
  connection's checkpoint made of it (a process that only read included).

What it does not see: damage written by another program *through SQLite* (a shell with
``writable_schema``), which only grows the WAL, as every Parcours process's commits do: the
file's owner-only rights are the defence there, not this guard; and damage written to the file
during a checkpoint itself (a commit's, the closing's, an erasure's scrub), milliseconds.

The guard's state is shared by the threads of the process (the interface's workers). A commit
and the record of what it did to the file are one step for the other threads (the commit turn:
SQLite lets one writer commit at a time anyway). One check runs at a time, outside the state's
lock, while no write of the process is in flight: a thread that finds the file changed first
waits (boundedly) for the writes in flight, whose own checkpoint they are about to record, and
a check is not undone by this process's own commits.
Looking at the file after a commit is best effort: a committed write is never reported failed
because of it. Closing the base lifts a refusal: its next write asks again.
"""

from __future__ import annotations

import os
import threading
import time
from pathlib import Path

from core import messages as M
from core.errors import PersistenceError
from core.persistence import health


class WriteGuard:
    """The write guard of one SQLite file (``path``)."""

    SETTLE_SECONDS = 10.0
    """How long a write waits for the writes in flight before checking a changed file anyway."""
    TURN_SECONDS = 10.0
    """How long a commit waits for its turn before committing without vouching for anything."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._lock = threading.Lock()
        self._settled = threading.Condition(self._lock)
        self._vouched: list[int] | None = None
        """The stamp this process last knew the file sound with (None: it vouches for nothing)."""
        self._opened: int | None = None
        """The inode its connections opened."""
        self._refusal: PersistenceError | None = None
        self._in_flight = 0
        self._mine = threading.local()
        """This thread's own writes in flight (a check never waits for them)."""
        self._checking = False
        self._commit_turn = threading.Lock()
        self._turn_holder: int | None = None

    def opened(self, *_connection: object) -> None:
        """A connection was opened (the engine's ``connect`` event): note the file it opened,
        the first time."""
        with self._lock:
            if self._opened is None:
                try:
                    self._opened = os.stat(self.path).st_ino
                except OSError:
                    pass

    def before_write(self, *, counted: bool = True) -> list[int] | None:
        """Refuse a write to a damaged, foreign, busy or replaced file, checking it when it
        changed; the stamp vouched for just before this write (None: nothing is). A
        ``counted`` write is in flight until :meth:`write_ends`.

        Raises:
            PersistenceError: the file is not a SQLite base, is another program's, is damaged,
                or was replaced while open.
            DatabaseBusy: another program holds the file locked (asked again next time).
        """
        with self._lock:
            deadline = time.monotonic() + self.SETTLE_SECONDS
            while True:
                if self._refusal is not None:
                    raise self._refusal  # damaged or replaced: until the base is closed
                now = health.stamp(self.path)
                self._same_file(now)
                if self._vouches_for_now(now):
                    self._count(counted)
                    return self._vouched
                left = deadline - time.monotonic()
                others = self._in_flight - getattr(self._mine, "count", 0)
                if not (self._checking or others) or left <= 0 and not self._checking:
                    break
                self._settled.wait(timeout=max(left, 0.05))
            self._checking, self._vouched = True, None
        vouched: list[int] | None = None
        try:
            vouched = health.require_writable(self.path)  # seconds at 100k: not under the lock
        except PersistenceError as exc:
            with self._lock:
                self._refusal = exc
            raise
        finally:  # DatabaseBusy, an interruption: nothing vouched, the others woken all the same
            with self._lock:
                self._settled.notify_all()
                self._checking = False
                self._vouched = vouched
        with self._lock:
            self._count(counted)
            return self._vouched

    def _count(self, counted: bool) -> None:
        if counted:
            self._in_flight += 1
            self._mine.count = getattr(self._mine, "count", 0) + 1

    def _same_file(self, now: list[int] | None) -> None:
        if self._opened is not None and now is not None and now[0] != self._opened:
            self._refusal = PersistenceError(M.DB_REPLACED)
            raise self._refusal

    def _vouches_for_now(self, now: list[int] | None) -> bool:
        if now is not None and self._vouched is not None and \
                (now == self._vouched or health.recorded(self.path, now)):
            self._vouched = now
            return True
        return False

    def commit_begins(self) -> list[int] | None:
        """Just before ``COMMIT``, inside the transaction: the file's stamp when it is as vouched
        for (its WAL started again by SQLite aside, which this very transaction may do), else
        None. Holds the process's commit turn until :meth:`write_ends`: a commit and the record
        of what it did to the file are one step for the other threads.

        Raises:
            PersistenceError: another file is under the name (the transaction is rolled back:
                the connection may have opened it unchecked).
        """
        mine = threading.get_ident()
        if self._turn_holder != mine:  # held already when an interruption left it so
            if not self._commit_turn.acquire(timeout=self.TURN_SECONDS):
                return None  # never wait for ever inside a write transaction: vouch for nothing
            self._turn_holder = mine
        try:
            with self._lock:
                now = health.stamp(self.path)
                known = self._vouched
                if now is None or known is None:
                    return None
                if known[0] != -1 and now[0] != known[0]:
                    raise PersistenceError(M.DB_REPLACED)
                if now[:3] == known[:3] and _same_or_restarted(known[3:], now[3:]) or \
                        health.recorded(self.path, now):
                    self._vouched = now
                    return now
                return None
        except BaseException:
            self._give_turn_back()
            raise

    def write_ends(self, before: list[int] | None) -> None:
        """A counted write ended (``before``: what :meth:`commit_begins` found, None when the
        write failed or the file had changed): record its own change of the file, and give the
        commit turn back when this thread holds it."""
        try:
            with self._lock:
                self._in_flight = max(0, self._in_flight - 1)
                self._mine.count = max(0, getattr(self._mine, "count", 0) - 1)
                self._record_own_change(before)
                self._settled.notify_all()
        finally:
            self._give_turn_back()

    def _give_turn_back(self) -> None:
        if self._turn_holder == threading.get_ident():
            self._turn_holder = None
            self._commit_turn.release()

    def after_scrub(self, before: list[int] | None) -> None:
        """After a checkpoint this process ran (``before``: from :meth:`before_scrub`)."""
        with self._lock:
            self._record_own_change(before)

    def _record_own_change(self, before: list[int] | None) -> None:
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
            if self._vouches_for_now(health.stamp(self.path)):
                return self._vouched
            self._vouched = None
            return None

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
            self._vouched, self._opened, self._refusal = None, None, None
            return trusted

    def after_close(self, trusted: bool) -> None:
        """After the connections closed: record the file sound when :meth:`before_close` said so."""
        if trusted:
            health.remember(self.path)


def _same_or_restarted(before: list[int], now: list[int]) -> bool:
    """The WAL's salts unchanged, or changed as SQLite starts its WAL again: a first WAL, or the
    first salt one more than before (sqlite.org/walformat.html)."""
    return before == now or before[0] == -1 or now[0] == (before[0] + 1) % 2**32
