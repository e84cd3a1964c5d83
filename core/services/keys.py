"""Keys of one base: the KEK behind it, each person's data key, sealing and opening fields.

:class:`BaseKeys` is built once per application: it reads the base's row (its id, the KEK
version in use, a check value and the wrapped search key), finds the key file
(:func:`core.crypto.keyfile.locate`) and proves it is this base's by opening the check value,
so a base opened with a missing or wrong key is refused at once with one French sentence.

:class:`Sealer` lives for one transaction: it creates a person's data key on first need,
unwraps it at most once, and seals or opens the fields of her rows, each bound to its table,
row, column and key version (:mod:`core.crypto.contexts`). Deleting her ``person_keys`` row
(erasure) leaves every sealed copy of her data, in the base, its WAL or its backups,
unreadable: crypto-shredding.
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, NamedTuple, Protocol

from sqlalchemy import select
from sqlalchemy.orm import Session

from core import messages as M
from core.crypto import contexts
from core.crypto.cipher import new_key, open_sealed, seal
from core.crypto.keyfile import KeyFile, default_path, locate
from core.errors import IntegrityAlert, KeyMissing, PersistenceError
from core.persistence.access_models import BaseInfo
from core.persistence.id_list import among
from core.persistence.models import PersonKey
from core.persistence.prepared import Fixed

CHECK = b"parcours: the key of this base"


class KeyRow(Protocol):
    """A ``person_keys`` row as read: an ORM row or a :class:`WrappedKey` from a Core query."""

    @property
    def person_id(self) -> int: ...

    @property
    def dek_version(self) -> int: ...

    @property
    def kek_version(self) -> int: ...

    @property
    def wrapped(self) -> bytes: ...


class WrappedKey(NamedTuple):
    """A person's wrapped data key read beside other columns (joined in a wider query)."""

    person_id: int
    dek_version: int
    kek_version: int
    wrapped: bytes


@dataclass
class KeyMaterial:
    """A new base's id and first KEK, before its ``base_info`` row exists (init, upgrade)."""

    base: str
    keyfile: KeyFile

    def row(self, now: datetime) -> dict[str, Any]:
        """The ``base_info`` row sealing the check value and a new search key."""
        kek = self.keyfile.key(1)
        return {"id": 1, "base_uuid": self.base, "created_at": now, "kek_version": 1,
                "key_check": seal(kek, CHECK, contexts.base_key(self.base, "check", 1)),
                "search_key": seal(kek, new_key(), contexts.base_key(self.base, "search", 1)),
                "fictitious": False, "rotation": None}


def new_material(config_dir: Path, configured: str | None, db_folder: Path | None) -> KeyMaterial:
    """Create the key file of a new base (its id chosen here), outside the base's folder.

    Raises:
        KeyMissing: the configured path lies in the database's folder, or a file exists there.
    """
    base = str(uuid.uuid4())
    path = Path(configured).expanduser() if configured else default_path(config_dir, base)
    if db_folder is not None and path.resolve().parent == db_folder.resolve():
        raise KeyMissing(M.KEY_FILE_IN_DB_FOLDER.format(path=db_folder))
    return KeyMaterial(base, KeyFile.create(path, base))


class BaseKeys:
    """The KEK and search key of one base, checked once."""

    def __init__(self, info: BaseInfo, keyfile: KeyFile) -> None:
        self.base = info.base_uuid
        self.keyfile = keyfile
        self.version = info.kek_version
        if info.kek_version not in keyfile.keys:
            # A copy of the key file kept from before a rotation, or a base restored from a
            # backup older than the rotation: say which, not just "missing".
            raise KeyMissing((M.KEY_FILE_BEFORE_ROTATION if max(keyfile.keys) < info.kek_version
                              else M.KEY_FILE_AFTER_ROTATION).format(version=info.kek_version))
        kek = keyfile.key(info.kek_version)
        try:
            open_sealed(kek, info.key_check, contexts.base_key(self.base, "check", self.version))
            self._search = open_sealed(kek, info.search_key,
                                       contexts.base_key(self.base, "search", self.version))
        except IntegrityAlert:
            raise KeyMissing(M.KEY_WRONG) from None

    @classmethod
    def load(cls, session: Session, config_dir: Path, configured: str | None) -> BaseKeys:
        """The keys of the base ``session`` reads.

        Raises:
            KeyMissing: no key file for this base, another base's, or the wrong key.
            PersistenceError: the base has no ``base_info`` row (run ``parcours upgrade``).
        """
        info = session.get(BaseInfo, 1)
        if info is None:
            raise PersistenceError(M.DB_NOT_READY)
        return cls(info, locate(info.base_uuid, config_dir, configured))

    def kek(self, version: int) -> bytes:
        """The KEK of ``version``, reading the key file again if this copy lacks it: while
        ``parcours keys rotate`` runs in another process, persons' keys move to a version
        added after this process read the file.

        Raises:
            KeyMissing: the key file does not hold ``version`` (a copy from before a rotation).
        """
        if version not in self.keyfile.keys:
            self.keyfile = self.keyfile.reread()
        return self.keyfile.key(version)

    @property
    def search_key(self) -> bytes:
        """The key of the alias hashes (:mod:`core.crypto.search`)."""
        return self._search


# The four columns an unwrap needs, as the driver's rows (a page of fifty persons built
# fifty ORM keys, their timestamps converted, only to read them once), the ids as one value.
_KEYS = Fixed(select(PersonKey.person_id, PersonKey.dek_version, PersonKey.kek_version,
                     PersonKey.wrapped).where(among(PersonKey.person_id)), ["ids"])


@dataclass
class Sealer:
    """Seals and opens the fields of persons' rows within one transaction."""

    keys: BaseKeys
    session: Session
    _deks: dict[int, tuple[bytes, int]] = field(default_factory=dict)
    _wrap_version: int | None = None

    def dek(self, person_id: int, *, create: bool = False) -> tuple[bytes, int]:
        """A person's data key and its version (created when ``create`` and she has none).

        Raises:
            IntegrityAlert: she has no key (erased) and ``create`` is false.
        """
        if person_id in self._deks:
            return self._deks[person_id]
        with self.session.no_autoflush:  # a new person's row may still be pending
            row = self.session.get(PersonKey, person_id)
        if row is None:
            if not create:
                raise IntegrityAlert(M.CRYPTO_ERASED)
            self.session.add(PersonKey(**self.fresh(person_id)))
        else:
            self._remember(row)
        return self._deks[person_id]

    def fresh(self, person_id: int) -> dict[str, Any]:
        """A new data key for a new person: cached here, its ``person_keys`` row returned for
        the caller to insert (bulk writes insert it after the person's row)."""
        key, version = new_key(), self.wrapping_version()
        self._deks[person_id] = (key, 1)
        return {"person_id": person_id, "dek_version": 1, "kek_version": version,
                "created_at": datetime.now(UTC),
                "wrapped": seal(self.keys.kek(version), key,
                                contexts.person_key(person_id, 1, version))}

    def wrapping_version(self) -> int:
        """The KEK version a new person's key is wrapped with: the base's, or the target of a
        rotation under way (so that the rotation never has to come back for it).

        Read from the base in this transaction, not from the version cached when the process
        started: a rotation may have finished since. On PostgreSQL the row is read ``FOR
        SHARE``, so a rotation cannot finish between this read and this transaction's commit
        (it takes the row ``FOR UPDATE``); SQLite writers are serialised anyway.
        """
        if self._wrap_version is None:
            with self.session.no_autoflush:  # a new person's row may still be pending
                version, rotation = self.session.execute(
                    select(BaseInfo.kek_version, BaseInfo.rotation).where(BaseInfo.id == 1)
                    .with_for_update(read=True)).one()
            target = rotation.get("target") if isinstance(rotation, dict) and \
                rotation.get("kind") == "kek" else None
            self._wrap_version = int(target or version)
        return self._wrap_version

    def preload(self, person_ids: list[int]) -> None:
        """Unwrap the keys of many persons with one query."""
        missing = sorted({i for i in person_ids if i not in self._deks})
        if missing:
            # Unpacked, not read by name: a row's attribute costs about a third of a
            # microsecond, and an unwrap read seven of them.
            rows: Sequence[Sequence[Any]] = _KEYS.run(self.session.connection(),
                                                      {"ids": missing}).fetchall()
            for person_id, dek_version, kek_version, wrapped in rows:
                self._unwrap(person_id, dek_version, kek_version, wrapped)

    def remember(self, row: KeyRow) -> None:
        """Unwrap and cache a key row the caller read itself (joined in a wider query): a
        ``PersonKey``, or its person id, versions and wrapped key as columns."""
        if row.person_id not in self._deks:
            self._remember(row)

    def _remember(self, row: KeyRow) -> None:
        self._unwrap(row.person_id, row.dek_version, row.kek_version, row.wrapped)

    def _unwrap(self, person_id: int, dek_version: int, kek_version: int,
                wrapped: bytes) -> None:
        self._deks[person_id] = (open_sealed(
            self.keys.kek(kek_version), wrapped,
            contexts.person_key(person_id, dek_version, kek_version)), dek_version)

    def seal(self, person_id: int, table: str, row_id: int, column: str, value: Any) -> bytes:
        """``value`` (anything JSON can hold) sealed for that row and column."""
        key, version = self.dek(person_id, create=True)
        data = json.dumps(value, ensure_ascii=False, separators=(",", ":"), default=str)
        return seal(key, data.encode("utf-8"), contexts.field(table, row_id, column, version))

    def open(self, person_id: int, table: str, row_id: int, column: str, blob: bytes) -> Any:
        """The value sealed in ``blob`` for that row and column.

        Raises:
            IntegrityAlert: her key is gone (erased), or the blob was moved or altered.
        """
        key, version = self.dek(person_id)
        return json.loads(open_sealed(key, blob, contexts.field(table, row_id, column, version)))

    def forget(self, person_id: int) -> None:
        """Drop the cached key of an erased person."""
        self._deks.pop(person_id, None)
