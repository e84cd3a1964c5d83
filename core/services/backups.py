"""Backups: an encrypted copy of the live base, and their rotation.

``backup.create`` takes a consistent copy (:mod:`core.persistence.snapshot`) into a private
temporary folder (0700, always removed), seals it into a backup file
(:mod:`core.crypto.backup_file`) with a key derived from the base's key-encryption key, and
writes that file owner-only under a temporary name first, so a half-written file never looks
like a backup. The rows inside stay as they are in the base, each person's fields sealed with
her own key, never in clear. (Her key travels with them, wrapped by the key file's KEK: a
backup taken before her erasure still opens her until it is pruned; see docs/security.md.)

``backup.prune`` deletes this base's backups that retention rule R10 says are due
(``[conservation] sauvegardes_jours``, 90 days by default) in the backup folder. Both are the
administrator's, through the services' door: she reads no case content in clear, only
ciphertext and counts. Reading a backup back (the restore and its drill) is
:mod:`core.services.restores`'s.

Where backups go: ``--output FILE``; ``--output FOLDER``; else ``[sauvegardes] dossier`` in
``parcours.toml``; else ``sauvegardes`` in the user's data directory (platformdirs), next to the
default base. Files there are named ``parcours-AAAAMMJJ-HHMMSS.sauvegarde`` (UTC).
"""
from __future__ import annotations

import os
import re
import secrets
import stat
from contextlib import suppress
from datetime import timedelta
from pathlib import Path
from typing import Any

import platformdirs
from sqlalchemy import select, text

from core import messages as M
from core.crypto import backup_file
from core.errors import ConflictError, InputError, PersistenceError
from core.persistence import snapshot
from core.persistence.access_models import BaseInfo
from core.persistence.database import Database
from core.persistence.revision import HEAD_REVISION
from core.schemas import BackupView, BaseCheck, PruneView
from core.services import erasure, restore_erasures
from core.services.app import Parcours
from core.services.private_folders import private_folder
from core.services.registry import App, Call, service
from core.services.retention_rules import rules_for

SUFFIX = ".sauvegarde"
PARTIAL = ".partiel"
PARTIAL_NAME = re.compile(r"\..+\.sauvegarde\.[0-9a-f]{8}\.partiel")
"""The name a backup is written under until it is whole (:func:`write_backup`)."""
KIND_LABELS = {"sqlite": "SQLite", "postgresql": "PostgreSQL"}


def default_folder() -> Path:
    """``sauvegardes`` in the user's data directory (not created here)."""
    return platformdirs.user_data_path("parcours", appauthor=False) / "sauvegardes"


def backup_folder(app: App) -> Path:
    """The configured backup folder (``[sauvegardes] dossier``), else :func:`default_folder`."""
    configured = app.security.backup_dir
    return Path(configured).expanduser() if configured else default_folder()


def backup_view(path: Path, header: backup_file.Header, check: BaseCheck | None = None) -> BackupView:
    return BackupView(path=str(path), base=header.base, kind=header.kind,
                      created_at=header.created_at, revision=header.revision,
                      size=path.stat().st_size if path.exists() else 0, check=check)


# --- writing ----------------------------------------------------------------------------------
def _target(app: Parcours, output: Path | None, stamp: str) -> tuple[Path, bool]:
    """Where to write, and whether the name was chosen here (then a taken name is skipped)."""
    if output is not None and not output.is_dir():
        if not output.parent.is_dir():
            raise InputError(M.BACKUP_FOLDER_MISSING.format(path=output.parent))
        if output.suffix != SUFFIX:  # else neither a prune nor a restore's look-out sees it
            output = output.with_name(output.name + SUFFIX)
        if output.exists():
            raise InputError(M.BACKUP_EXISTS.format(path=output))
        return output, False
    folder = output if output is not None else backup_folder(app)
    if output is None:
        folder.mkdir(mode=0o700, parents=True, exist_ok=True)
    return folder / f"parcours-{stamp}{SUFFIX}", True


def _publish(partial: Path, target: Path, chosen: bool) -> Path:
    """Give the finished file its name without replacing anything; returns the name used."""
    for n in range(1, 100):
        name = target if n == 1 else target.with_name(f"{target.stem}-{n}{target.suffix}")
        try:
            os.link(partial, name)
        except FileExistsError:
            if not chosen:
                raise InputError(M.BACKUP_EXISTS.format(path=target)) from None
            continue
        except OSError:  # no hard links (FAT/exFAT memory sticks): a checked rename
            if name.exists():
                if not chosen:
                    raise InputError(M.BACKUP_EXISTS.format(path=target)) from None
                continue
            os.rename(partial, name)
            return name
        partial.unlink()
        return name
    raise InputError(M.BACKUP_EXISTS.format(path=target))


def _seal(copy: Path, partial: Path, header: backup_file.Header, key: bytes,
          manifest: dict) -> None:
    fd = os.open(partial, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o600)
    with os.fdopen(fd, "wb") as out, copy.open("rb") as source:
        backup_file.write(out, header, key, manifest, source)
        out.flush()
        os.fsync(out.fileno())


def write_backup(app: Parcours, output: Path | None = None, *,
                 revision: str = HEAD_REVISION) -> BackupView:
    """Write an encrypted, authenticated copy of ``app``'s base (the body of ``backup.create``,
    without the door: for the door's callers and test set-ups only)."""
    db = app.db
    if db.dialect == "sqlite" and db.sqlite_path is None:
        raise InputError(M.BACKUP_MEMORY_BASE)
    keys = app.keys
    state = _key_state(db)
    if state[1]:
        raise InputError(M.BACKUP_DURING_ROTATION)
    version = state[0]
    created = app.now()
    # The register must name everyone erased before this copy exists, and say so with the
    # copy's own time: a key file whose register is older cannot erase again who goes after.
    erasure.register(app, as_of=created)
    target, chosen = _target(app, output, created.strftime("%Y%m%d-%H%M%S"))
    header, key = backup_file.new_header(
        keys.kek(version), base=keys.base, kind=db.dialect, created_at=created,
        revision=revision, kek_version=version)
    partial = target.with_name(f".{target.name}.{secrets.token_hex(4)}{PARTIAL}")
    try:
        with private_folder() as folder:
            copy = folder / "copie"
            rows = (snapshot.copy_sqlite(db, copy) if db.dialect == "sqlite"
                    else snapshot.dump_postgresql(db, copy))
            manifest: dict[str, Any] = {"tables": rows, "revision": revision}
            register = restore_erasures.pack(keys.keyfile.erased)
            if len(register) <= restore_erasures.REGISTER_MAX:
                manifest[restore_erasures.REGISTER] = register
            _seal(copy, partial, header, key, manifest)
        if _key_state(db) != state:  # a rotation ran while the copy was taken
            raise ConflictError(M.BACKUP_KEY_CHANGED)
        written = _publish(partial, target, chosen)
    except OSError as exc:
        raise PersistenceError(M.BACKUP_CANNOT_WRITE.format(path=target.parent)) from exc
    finally:
        with suppress(OSError):  # a read-only folder refuses even this: prune removes it later
            partial.unlink(missing_ok=True)
    return backup_view(written, header)


def _key_state(db: Database) -> tuple[int, bool]:
    """The base's KEK version and whether a key rotation is under way, as committed now.

    A copy taken during a rotation holds persons' keys wrapped by two versions, and the end
    of the rotation removes the old one from the key file: neither the copy of the key file
    kept from before the rotation nor the file after it would open the whole copy. So a
    backup is refused while a rotation is under way, and thrown away if one ran during the
    copy (the version, or the rotation, differs before and after it)."""
    with db.read() as session:
        version, rotation = session.execute(
            select(BaseInfo.kek_version, BaseInfo.rotation).where(BaseInfo.id == 1)).one()
    return int(version), rotation is not None


def _revision(call: Call) -> str:
    return str(call.session.execute(text("SELECT version_num FROM alembic_version")).scalar_one())


def base_id(call: Call) -> str:
    info = call.session.get(BaseInfo, 1)
    assert info is not None  # the door's schema check saw it
    return info.base_uuid


@service("backup.create", write=False)
def create_backup(call: Call, output: Path | None = None) -> BackupView:
    """Write an encrypted, authenticated copy of the base; returns where and what."""
    view = write_backup(call.app, output, revision=_revision(call))  # type: ignore[arg-type]
    call.audit.detail.update(file=Path(view.path).name, kind=view.kind, size=view.size)
    return view


# --- rotation ---------------------------------------------------------------------------------
@service("backup.prune", write=False)
def prune_backups(call: Call, folder: Path | None = None) -> PruneView:
    """Delete this base's backups that retention rule R10 says are due, from the backup folder
    (or ``folder``: ``backup --output`` writes anywhere, so a prune must reach there too).

    The age is the creation date written in each file's header (a copy keeps it, unlike the
    file's modification time), against the evaluation date (``--today``); the duration is R10's
    in force that day (``[conservation] sauvegardes_jours``, 30 to 90 days, 90 by default).
    """
    app = call.app
    base = base_id(call)
    rule = rules_for(app.today())["R10"]
    if folder is not None and not folder.is_dir():
        raise InputError(M.PRUNE_NOT_A_FOLDER.format(path=folder))
    folder, oldest = folder or backup_folder(app), rule.cutoff(app.today())
    deleted: list[str] = []
    kept = 0
    if folder.is_dir():
        for path in sorted(folder.glob(f"*{SUFFIX}")):
            if not path.is_file():  # a named pipe would hold the prune until someone writes
                continue
            try:
                header = backup_file.read_header(path)
            except InputError:
                continue  # not ours: never deleted
            if header.base != base:
                continue
            if header.created_at.date() <= oldest:
                try:
                    path.unlink(missing_ok=True)
                except OSError as exc:  # audited with what was deleted before it
                    call.audit.detail.update(rule=rule.id, deleted=len(deleted), days=rule.amount)
                    raise PersistenceError(M.PRUNE_CANNOT_DELETE.format(
                        name=path.name, folder=folder, deleted=len(deleted))) from exc
                deleted.append(path.name)
            else:
                kept += 1
        for partial in folder.glob(f".*{SUFFIX}.*{PARTIAL}"):  # left by a killed backup
            if not PARTIAL_NAME.fullmatch(partial.name):  # someone else's « .x.partiel »
                continue
            with suppress(OSError):  # gone meanwhile, or not ours to delete: left for later
                found = partial.lstat()
                if stat.S_ISREG(found.st_mode) and \
                        found.st_mtime < (app.now() - timedelta(days=1)).timestamp():
                    partial.unlink(missing_ok=True)
    call.audit.detail.update(rule=rule.id, deleted=len(deleted), kept=kept, days=rule.amount)
    return PruneView(folder=str(folder), days=rule.amount, deleted=tuple(deleted), kept=kept)
