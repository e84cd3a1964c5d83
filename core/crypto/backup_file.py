"""The encrypted backup file: its header, its key, and its authenticated chunks.

A backup file is::

    MAGIC | header length (4 bytes, big-endian) | header (compact JSON)
    | record 0 (the manifest) | record 1 ... record n (the copy of the base, in chunks)

and each record is ``flag (1 byte: 1 on the last one) | length (4 bytes) | AES-256-GCM
ciphertext and tag``. The header says, in clear, what a person needs before any key: the
format version, the base's id, its kind (``sqlite`` or ``postgresql``), when the copy was made,
the schema revision and which version of the base's key-encryption key (KEK) protects it. It
holds no personal data.

The file's key is derived from that KEK with HKDF-SHA256 and a random salt kept in the header,
so every file has its own key (nonces are then a plain record counter, never reused under one
key). A short check value derived the same way (another HKDF label) tells a wrong key apart
from a tampered file before any record is opened. Every record authenticates, as associated
data, the SHA-256 of the whole header, its own position and whether it is the last one: a
changed header byte, a changed, swapped, removed or appended record, or a file cut short all
fail with :class:`~core.errors.BackupTampered` (the STREAM construction of Hoang, Reyhanitabar,
Rogaway and Vizár). Nothing here touches a database.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import os
import struct
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import IO, Any

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

from core import messages as M
from core.errors import BackupTampered, InputError, KeyMissing

MAGIC = b"PARCOURS-SAUVEGARDE\n"
FORMAT = 1
CHUNK = 1 << 20
"""Bytes of the copy per record (1 MiB): memory stays flat whatever the base's size."""
MAX_HEADER = 1 << 16
_TAG = 16
_KEY_LABEL = b"parcours sauvegarde v1 chiffrement "
_CHECK_LABEL = b"parcours sauvegarde v1 controle "


@dataclass(frozen=True)
class Header:
    """What a backup file says about itself in clear (authenticated by every record)."""

    base: str
    kind: str
    """``sqlite`` or ``postgresql``: which engine the copy restores into."""
    created_at: datetime
    revision: str
    kek_version: int
    salt: bytes
    check: str
    format: int = FORMAT

    def document(self) -> bytes:
        return json.dumps({"format": self.format, "base": self.base, "kind": self.kind,
                           "created_at": self.created_at.isoformat(), "revision": self.revision,
                           "kek_version": self.kek_version,
                           "salt": base64.b64encode(self.salt).decode("ascii"),
                           "check": self.check}, sort_keys=True, separators=(",", ":")
                          ).encode("utf-8")


def _derive(kek: bytes, salt: bytes, label: bytes, base: str) -> bytes:
    return HKDF(algorithm=hashes.SHA256(), length=32, salt=salt,
                info=label + base.encode("utf-8")).derive(kek)


def new_header(kek: bytes, *, base: str, kind: str, created_at: datetime, revision: str,
               kek_version: int) -> tuple[Header, bytes]:
    """A header for a new file and the file's key (derived from ``kek`` with a fresh salt)."""
    salt = os.urandom(32)
    check = _derive(kek, salt, _CHECK_LABEL, base)[:16].hex()
    header = Header(base=base, kind=kind, created_at=created_at, revision=revision,
                    kek_version=kek_version, salt=salt, check=check)
    return header, _derive(kek, salt, _KEY_LABEL, base)


def file_key(header: Header, kek: bytes, path: Path) -> bytes:
    """The key of the file ``header`` starts, from the base's KEK.

    Raises:
        KeyMissing: ``kek`` is not the key this file was made with.
    """
    expected = _derive(kek, header.salt, _CHECK_LABEL, header.base)[:16].hex()
    if not hmac.compare_digest(expected, header.check):
        raise KeyMissing(M.BACKUP_WRONG_KEY.format(path=path.name))
    return _derive(kek, header.salt, _KEY_LABEL, header.base)


def _prefix(document: bytes) -> bytes:
    return MAGIC + struct.pack(">I", len(document)) + document


def _nonce(index: int) -> bytes:
    return b"\0\0\0\0" + struct.pack(">Q", index)


def _aad(digest: bytes, index: int, last: bool) -> bytes:
    return digest + struct.pack(">QB", index, int(last))


def write(out: IO[bytes], header: Header, key: bytes, manifest: dict[str, Any],
          source: IO[bytes]) -> None:
    """Write the header, the sealed manifest, then ``source`` sealed chunk by chunk."""
    prefix = _prefix(header.document())
    digest = hashlib.sha256(prefix).digest()
    out.write(prefix)
    aead = AESGCM(key)
    pieces = _pieces(json.dumps(manifest, sort_keys=True).encode("utf-8"), source)
    index, current = 0, next(pieces)
    for following in pieces:
        _record(out, aead, digest, index, current, last=False)
        index, current = index + 1, following
    _record(out, aead, digest, index, current, last=True)


def _pieces(manifest: bytes, source: IO[bytes]) -> Iterator[bytes]:
    yield manifest
    while chunk := source.read(CHUNK):
        yield chunk


def _record(out: IO[bytes], aead: AESGCM, digest: bytes, index: int, data: bytes, *,
            last: bool) -> None:
    sealed = aead.encrypt(_nonce(index), data, _aad(digest, index, last))
    out.write(struct.pack(">BI", int(last), len(sealed)) + sealed)


def read_header(path: Path) -> Header:
    """The header of the backup at ``path``, unauthenticated until its records are opened.

    Raises:
        InputError: not a Parcours backup, or a format this version does not read.
    """
    try:
        with path.open("rb") as source:
            return _read_header(source, path)[0]
    except OSError:
        raise InputError(M.BACKUP_UNREADABLE.format(path=path)) from None


def _read_header(source: IO[bytes], path: Path) -> tuple[Header, bytes]:
    start = source.read(len(MAGIC) + 4)
    if len(start) < len(MAGIC) + 4 or not start.startswith(MAGIC):
        raise InputError(M.BACKUP_NOT_A_BACKUP.format(path=path))
    (size,) = struct.unpack(">I", start[len(MAGIC):])
    document = source.read(size) if size <= MAX_HEADER else b""
    try:
        data = json.loads(document)
        version = int(data["format"])
        if version != FORMAT:
            raise InputError(M.BACKUP_FORMAT_UNKNOWN.format(path=path, version=version))
        header = Header(base=str(data["base"]), kind=str(data["kind"]),
                        created_at=datetime.fromisoformat(data["created_at"]),
                        revision=str(data["revision"]), kek_version=int(data["kek_version"]),
                        salt=base64.b64decode(data["salt"], validate=True),
                        check=str(data["check"]), format=version)
    except (ValueError, KeyError, TypeError):
        raise InputError(M.BACKUP_NOT_A_BACKUP.format(path=path)) from None
    if header.kind not in ("sqlite", "postgresql"):
        raise InputError(M.BACKUP_NOT_A_BACKUP.format(path=path))
    return header, start + document


def read(path: Path, kek: bytes, out: IO[bytes]) -> tuple[Header, dict[str, Any]]:
    """Check and decrypt the backup at ``path`` into ``out``; returns its header and manifest.

    ``out`` receives clear bytes as they are authenticated: on failure its content is partial
    and must be thrown away (the callers write it in a private temporary folder).

    Raises:
        InputError: not a backup (see :func:`read_header`).
        KeyMissing: ``kek`` is not this file's.
        BackupTampered: any byte changed, a record missing, moved or added, the file cut short.
    """
    tampered = BackupTampered(M.BACKUP_TAMPERED.format(path=path.name))
    try:
        with path.open("rb") as source:
            header, prefix = _read_header(source, path)
            aead = AESGCM(file_key(header, kek, path))
            digest = hashlib.sha256(prefix).digest()
            manifest: dict[str, Any] | None = None
            index, last = 0, False
            while not last:
                head = source.read(5)
                if len(head) < 5:
                    raise tampered  # cut short: the last record never came
                flag, size = struct.unpack(">BI", head)
                if flag not in (0, 1) or size < _TAG or size > CHUNK + _TAG + MAX_HEADER:
                    raise tampered
                sealed = source.read(size)
                if len(sealed) != size:
                    raise tampered  # a length that promised more than the file holds
                last = flag == 1
                try:
                    data = aead.decrypt(_nonce(index), sealed, _aad(digest, index, last))
                except InvalidTag:
                    raise tampered from None
                if index == 0:
                    manifest = json.loads(data)
                else:
                    out.write(data)
                index += 1
            if source.read(1):
                raise tampered  # bytes after the last record
    except OSError:
        raise InputError(M.BACKUP_UNREADABLE.format(path=path)) from None
    assert manifest is not None
    return header, manifest


def read_manifest(path: Path, kek: bytes) -> tuple[Header, dict[str, Any]]:
    """The header and manifest of the backup at ``path``, its first record alone opened and
    authenticated (the copy behind it is neither read nor checked).

    Raises:
        InputError: not a backup (see :func:`read_header`).
        KeyMissing: ``kek`` is not this file's.
        BackupTampered: the header or the manifest changed, or the file is cut short there.
    """
    tampered = BackupTampered(M.BACKUP_TAMPERED.format(path=path.name))
    try:
        with path.open("rb") as source:
            header, prefix = _read_header(source, path)
            aead = AESGCM(file_key(header, kek, path))
            head = source.read(5)
            if len(head) < 5:
                raise tampered
            flag, size = struct.unpack(">BI", head)
            sealed = source.read(size) if flag in (0, 1) and size <= CHUNK + _TAG + MAX_HEADER \
                else b""
            if len(sealed) != size or size < _TAG:
                raise tampered
            try:
                data = aead.decrypt(_nonce(0), sealed,
                                    _aad(hashlib.sha256(prefix).digest(), 0, flag == 1))
            except InvalidTag:
                raise tampered from None
    except OSError:
        raise InputError(M.BACKUP_UNREADABLE.format(path=path)) from None
    return header, json.loads(data)
