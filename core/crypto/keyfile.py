"""The key-encryption key (KEK): where it lives, how it is created, read and rotated.

The KEK never enters the database: it wraps each person's data key there. It lives in a key
file that ``parcours init`` creates, owner-only (0600), in the configuration directory (never
the database's folder, so that a copy of the database folder holds no key), or in the file that
``[cles] fichier`` in ``parcours.toml`` or ``PARCOURS_KEY_FILE`` names, or in the operating
system's keyring (``keyring``), looked up in that order. The file holds every version still in
use (``parcours keys rotate`` adds one and, once everything is re-wrapped, drops the old ones)
and the id of the base it belongs to. Losing it makes the base unreadable: keep a copy offline.
"""

from __future__ import annotations

import base64
import fcntl
import json
import os
import stat
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from core import messages as M
from core.crypto.cipher import KEY_BYTES, new_key
from core.errors import KeyMissing

KEYRING_SERVICE = "parcours"


@dataclass
class KeyFile:
    """The versions of one base's KEK, and where they are kept (a path, or the keyring)."""

    base: str
    """The id of the base these keys belong to."""
    keys: dict[int, bytes] = field(default_factory=dict)
    current: int = 1
    path: Path | None = None
    """None when the keys live in the operating system's keyring."""
    erased: set[int] = field(default_factory=set)
    """Numbers of the persons erased from the base (the erasure register): a backup taken
    before an erasure still holds her wrapped key, so restoring one erases them again before
    anything reads it. It lives here, beside the keys and outside every backup."""
    register_as_of: datetime | None = None
    """The register names every person erased from the base before this moment: set when it
    is brought up to the base whole (before each backup, with the backup's own time). A copy
    of the file made before a backup holds an earlier one: a restore of that backup with it
    cannot know who was erased since (None: never set, a file written by an older version)."""

    def key(self, version: int) -> bytes:
        """The KEK of ``version``; KeyMissing when the file no longer holds it."""
        try:
            return self.keys[version]
        except KeyError:
            raise KeyMissing(M.KEY_VERSION_MISSING.format(version=version)) from None

    # --- storing -------------------------------------------------------------------------
    def _document(self) -> str:
        # One line: the register may name a hundred thousand persons, and an indented dump of
        # them costs four times as much to write (retention writes it every hundred erasures).
        document = {"base": self.base, "current": self.current,
                    "keys": {str(v): base64.b64encode(k).decode("ascii")
                             for v, k in sorted(self.keys.items())},
                    "effacees": sorted(self.erased)}
        if self.register_as_of is not None:
            document["registre_au"] = self.register_as_of.isoformat()
        return json.dumps(document, separators=(",", ":"))

    def save(self) -> None:
        """Write the file whole (or the keyring entry), owner-only, with the erasure register
        as stored now too: another process may have added to it since this copy was read (a
        key rotation saving its copy must not drop an erasure made meanwhile). The read and
        the write hold the file's lock, as :meth:`record_erased` does."""
        with self._locked():
            stored = self._stored()
            if stored is not None:
                self.erased |= stored.erased
                self.register_as_of = _later(self.register_as_of, stored.register_as_of)
            self._write()

    def _write(self) -> None:
        if self.path is None:
            import keyring
            keyring.set_password(KEYRING_SERVICE, self.base, self._document())
            return
        self.path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=self._tmp_prefix, dir=self.path.parent)
        try:
            os.fchmod(fd, 0o600)
            with os.fdopen(fd, "w", encoding="utf-8") as out:
                out.write(self._document() + "\n")
                out.flush()
                os.fsync(out.fileno())
            os.replace(tmp, self.path)
            _sync_folder(self.path.parent)  # the rename itself on disk, before a journal empties
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise

    @contextmanager
    def _locked(self) -> Iterator[None]:
        """This base's key file to this process alone while it is read, changed and written
        (two processes each saving the copy they read would drop the other's erasures)."""
        if self.path is None:
            yield
            return
        self.path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
        fd = os.open(self.path.parent / f".verrou-cle-{self.base}",
                     os.O_RDWR | os.O_CREAT | os.O_NOFOLLOW, 0o600)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX)
            yield
        finally:
            os.close(fd)  # releases the lock

    def _stored(self) -> KeyFile | None:
        if self.path is not None and not self.path.exists():
            return None  # not written yet (init)
        try:
            return self.reread()
        except KeyMissing:
            if self.path is None:
                return None  # no keyring entry yet
            raise  # unreadable or another base's: never overwritten with a register less

    @property
    def _tmp_prefix(self) -> str:
        return f".cle-{self.base}-"

    def discard_leftovers(self) -> int:
        """Delete the temporary copies a process killed while saving this file left beside it
        (each holds every key version of its time: an old version must not survive there).

        Only this base's are touched: every write of its file happens under its base's write
        lock (key rotation), so none is being written now. Returns how many were deleted.
        """
        if self.path is None:
            return 0
        found = list(self.path.parent.glob(self._tmp_prefix + "*"))
        for leftover in found:
            leftover.unlink(missing_ok=True)
        return len(found)

    def reread(self) -> KeyFile:
        """The keys as stored now: another process may have added or dropped a version since
        this copy was read (a rotation under way, or finished).

        Raises:
            KeyMissing: the file (or keyring entry) is gone, unreadable or another base's.
        """
        if self.path is None:
            found = KeyFile.from_keyring(self.base)
            if found is None:
                raise KeyMissing(M.KEY_NOT_FOUND)
        else:
            found = KeyFile.read(self.path)
        if found.base != self.base:
            raise KeyMissing(M.KEY_OTHER_BASE)
        return found

    def record_erased(self, persons: set[int]) -> None:
        """Add ``persons`` to the erasure register, on the file as stored now (another process
        may have written it since this copy was read), under the file's lock."""
        if persons <= self.erased:
            return
        with self._locked():
            fresh = self.reread()
            if not persons <= fresh.erased:
                fresh.erased |= persons
                fresh._write()
        self.erased, self.register_as_of = fresh.erased, fresh.register_as_of

    def record_register(self, persons: set[int], as_of: datetime) -> None:
        """Add ``persons``, every person erased from the base before ``as_of``, to the register
        and say it is whole up to then (written even when no number is new)."""
        with self._locked():
            fresh = self.reread()
            fresh.erased |= persons
            fresh.register_as_of = _later(fresh.register_as_of, as_of)
            fresh._write()
        self.erased, self.register_as_of = fresh.erased, fresh.register_as_of

    def add_version(self) -> int:
        """A new current KEK (the old ones stay until everything is re-wrapped)."""
        self.current = max(self.keys) + 1
        self.keys[self.current] = new_key()
        self.save()
        return self.current

    def keep_only(self, version: int) -> None:
        """Drop every version but ``version`` (after a rotation finished)."""
        self.keys = {version: self.key(version)}
        self.current = version
        self.save()

    # --- making and reading ----------------------------------------------------------------
    @classmethod
    def create(cls, path: Path, base: str) -> KeyFile:
        """A new key file for ``base``; refuses to overwrite one."""
        if path.exists():
            raise KeyMissing(M.KEY_FILE_EXISTS.format(path=path))
        made = cls(base=base, keys={1: new_key()}, current=1, path=path)
        made.save()
        return made

    @classmethod
    def read(cls, path: Path) -> KeyFile:
        """The key file at ``path``.

        Raises:
            KeyMissing: missing, readable by others than its owner, or not a key file.
        """
        try:
            info = path.stat()
            if info.st_mode & (stat.S_IRWXG | stat.S_IRWXO):
                raise KeyMissing(M.KEY_FILE_OPEN.format(path=path))
            return cls._parse(path.read_text(encoding="utf-8"), path)
        except OSError:
            raise KeyMissing(M.KEY_FILE_UNREADABLE.format(path=path)) from None

    @classmethod
    def from_keyring(cls, base: str) -> KeyFile | None:
        """The keys kept in the operating system's keyring for ``base``, if any."""
        try:
            import keyring
            from keyring.errors import KeyringError
        except ImportError:  # pragma: no cover - keyring is a dependency
            return None
        try:
            document = keyring.get_password(KEYRING_SERVICE, base)
        except (KeyringError, RuntimeError):
            return None
        return cls._parse(document, None) if document else None

    @classmethod
    def _parse(cls, text: str, path: Path | None) -> KeyFile:
        try:
            data = json.loads(text)
            keys = {int(v): base64.b64decode(k, validate=True) for v, k in data["keys"].items()}
            as_of = data.get("registre_au")
            found = cls(base=str(data["base"]), keys=keys, current=int(data["current"]), path=path,
                        erased={int(p) for p in data.get("effacees", [])},
                        register_as_of=datetime.fromisoformat(as_of) if as_of else None)
        except (ValueError, KeyError, TypeError):
            raise KeyMissing(M.KEY_FILE_UNREADABLE.format(path=path or "trousseau")) from None
        if found.current not in keys or any(len(k) != KEY_BYTES for k in keys.values()):
            raise KeyMissing(M.KEY_FILE_UNREADABLE.format(path=path or "trousseau"))
        return found


def _later(one: datetime | None, other: datetime | None) -> datetime | None:
    return max(one, other) if one is not None and other is not None else one or other


def _sync_folder(folder: Path) -> None:
    fd = os.open(folder, os.O_RDONLY | os.O_DIRECTORY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def default_path(config_dir: Path, base: str) -> Path:
    """Where ``init`` puts a base's key file: the configuration directory, one file per base."""
    return config_dir / "cles" / f"{base}.json"


def locate(base: str, config_dir: Path, configured: str | None) -> KeyFile:
    """The key file of ``base``: configured path, default path, ``PARCOURS_KEY_FILE``, keyring.

    Raises:
        KeyMissing: none found, or the one found belongs to another base.
    """
    candidates = [Path(p).expanduser() for p in (configured, None) if p]
    candidates.append(default_path(config_dir, base))
    env = os.environ.get("PARCOURS_KEY_FILE")
    if env:
        candidates.append(Path(env).expanduser())
    for path in candidates:
        if path.exists():
            found = KeyFile.read(path)
            break
    else:
        stored = KeyFile.from_keyring(base)
        if stored is None:
            raise KeyMissing(M.KEY_NOT_FOUND)
        found = stored
    if found.base != base:
        raise KeyMissing(M.KEY_OTHER_BASE)
    return found
