"""What a restore must erase again: the persons erased since the backup was taken.

A backup holds each person's key wrapped by the base's key: one taken before her erasure
opens her again once restored. Who was erased since is read from every register that knows
(:func:`known_erasures`: the key files of the base, with their journals) and from the
manifests of the later backups of the same base beside it (:func:`later_backups`: each
carries the register as of its time, :data:`REGISTER`), and erased again as her erasure did
(:func:`erase_again`), her number never given to anyone new.
"""

from __future__ import annotations

import base64
import binascii
import os
import zlib
from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import Any

from sqlalchemy import text
from sqlalchemy.orm import Session

from core.crypto import backup_file, erasure_journal
from core.crypto.keyfile import KeyFile, default_path
from core.errors import BackupTampered, InputError, KeyMissing
from core.plugins import PluginHost
from core.services import erasure
from core.services.app import config_dir


REGISTER = "effacees"
"""The manifest's copy of the erasure register, whole as of the backup's time: a restore of an
older backup beside it erases them again even with a key file whose register is older."""
REGISTER_MAX = backup_file.CHUNK // 2
"""Beyond this (hundreds of thousands of erasures), the copy is left out of the manifest."""


def pack(persons: set[int]) -> str:
    """The numbers, sorted, as the gaps between them, compressed: a few bytes each."""
    ordered = sorted(persons)
    gaps = [b - a for a, b in zip([0, *ordered], ordered, strict=False)]
    text = ",".join(map(str, gaps)).encode("ascii")
    return base64.b64encode(zlib.compress(text, 9)).decode("ascii")


def unpack(packed: str) -> set[int]:
    text = zlib.decompress(base64.b64decode(packed, validate=True)).decode("ascii")
    found, current = set(), 0
    for gap in filter(None, text.split(",")):
        current += int(gap)
        found.add(current)
    return found


def known_erasures(base: str, keyfile: KeyFile) -> tuple[set[int], datetime | None]:
    """The persons erased from the base as far as its key files know (their registers and
    journals), and until when the most recent of those registers is whole.

    The backup's own key file first; then the base's other key files where Parcours looks for
    one (the default place, ``PARCOURS_KEY_FILE``, the keyring): a backup from before a key
    rotation needs the copy of the key file kept from then, whose register stopped then,
    while the live key file beside it names everyone erased since."""
    found = [keyfile]
    seen = {keyfile.path.resolve()} if keyfile.path is not None else set()
    env = os.environ.get("PARCOURS_KEY_FILE")
    for place in (default_path(config_dir(), base), Path(env).expanduser() if env else None):
        if place is None or not place.exists() or place.resolve() in seen:
            continue
        seen.add(place.resolve())
        try:
            other = KeyFile.read(place)
        except KeyMissing:
            continue  # unreadable, or readable by others: not trusted
        if other.base == base:
            found.append(other)
    if keyfile.path is not None:
        stored = KeyFile.from_keyring(base)
        if stored is not None:
            found.append(stored)
    erased: set[int] = set()
    as_of: datetime | None = None
    for one in found:
        erased |= one.erased | erasure_journal.journaled(one)
        if one.register_as_of is not None and (as_of is None or one.register_as_of > as_of):
            as_of = one.register_as_of
    return erased, as_of


def later_backups(path: Path, header: backup_file.Header, keyfile: KeyFile,
                  suffix: str) -> tuple[set[int], datetime | None]:
    """The erasure registers that the backups of the same base made after this one, in its
    folder, carry in their manifests (those the key file opens), and the time of the newest:
    each register was whole as of its backup's time."""
    erased: set[int] = set()
    newest: datetime | None = None
    for other in sorted(path.parent.glob(f"*{suffix}")):
        if not other.is_file():  # a named pipe would hold the restore until someone writes
            continue
        try:
            found = backup_file.read_header(other)
            if (found.base != header.base or found.created_at <= header.created_at
                    or found.kek_version not in keyfile.keys):
                continue
            _, manifest = backup_file.read_manifest(other, keyfile.key(found.kek_version))
            packed = manifest.get(REGISTER)
            if packed is None:
                continue
            erased |= unpack(str(packed))
        except (InputError, KeyMissing, BackupTampered, ValueError, binascii.Error,
                zlib.error):
            continue  # not one of ours, damaged, or from before the register was copied
        if newest is None or found.created_at > newest:
            newest = found.created_at
    return erased, newest


def erase_again(app: Any, erased: set[int], host: PluginHost | None = None, *,
                then: Callable[[Session], None] | None = None) -> int:
    """Erase again the persons erased since the backup was taken (:func:`known_erasures`):
    her wrapped key came back with the copy, and must go before anyone reads the base.
    ``then`` runs in the same transaction, last (what opens the base to use)."""
    if not erased and then is None:
        return 0
    again: list[int] = []
    if erased and host is None:
        # Her tracks keep their coded facts and lose their free text as in the erased base:
        # that needs the installed plugins' definitions, which the copy's checks did not.
        from core.plugins import build_plugin_host
        host = build_plugin_host()
    with app.db.write() as session:
        if erased:
            assert host is not None
            again = erasure.replay(session, erased, app.now(), host.catalog)
            _never_given_again(session, max(erased))
        if then is not None:
            then(session)
    if again:
        app.db.scrub()
    return len(again)


def _never_given_again(session: Session, last: int) -> None:
    """Make the next person's number higher than ``last``, the highest the erasure register
    names. A backup older than a person erased since holds no row of hers, so the restored
    base would give her number to the next person added, and the next restore, finding that
    number in the register, would erase that other person's file as hers."""
    if session.get_bind().dialect.name == "postgresql":
        sequence = session.scalar(text("SELECT pg_get_serial_sequence('persons', 'id')"))
        if sequence is not None:
            session.execute(text("SELECT setval(CAST(:s AS regclass), :n) WHERE :n > COALESCE("
                                 "pg_sequence_last_value(CAST(:s AS regclass)), 0)"),
                            {"s": sequence, "n": last})
        return
    session.execute(text("UPDATE sqlite_sequence SET seq = :n WHERE name = 'persons' AND seq < :n"),
                    {"n": last})
    session.execute(text("INSERT INTO sqlite_sequence (name, seq) SELECT 'persons', :n WHERE NOT "
                         "EXISTS (SELECT 1 FROM sqlite_sequence WHERE name = 'persons')"),
                    {"n": last})
