"""Backups: an encrypted copy of the live base, its restore, the restore drill, the rotation.

``backup.create`` takes a consistent copy (:mod:`core.persistence.snapshot`) into a private
temporary folder (0700, always removed), seals it into a backup file
(:mod:`core.crypto.backup_file`) with a key derived from the base's key-encryption key, and
writes that file owner-only under a temporary name first, so a half-written file never looks
like a backup. The rows inside stay as they are in the base, each person's fields sealed with
her own key, never in clear. (Her key travels with them, wrapped by the key file's KEK: a
backup taken before her erasure still opens her until it is pruned; see docs/security.md.)

``backup.verify`` runs the restore drill: the file is opened, restored into a throw-away base
(a SQLite file in the private folder, or a temporary PostgreSQL database on the live base's
server) and checked (:mod:`core.services.base_check`), then the throw-away base is removed.
``backup.prune`` deletes this base's backups that retention rule R10 says are due
(``[conservation] sauvegardes_jours``, 90 days by default) in the backup folder. All three are
the administrator's, through the services' door: she reads no case content in clear, only
ciphertext and counts.

:func:`restore_backup` is not behind the door: the base it writes to is empty, so it has no
account to check. What it needs is the backup and the base's key file (whoever holds both can
read the data anyway); it refuses a base that is not empty, checks what it restored, ends every
session and token copied with the rows (users sign in again), and writes the restore into the
restored base's audit log. Whom it erases again, as their erasures did, is
:mod:`core.services.restore_erasures`'s to say.

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
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

import platformdirs
from sqlalchemy import Engine, select, text, update
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session

from core import messages as M
from core.crypto import backup_file
from core.crypto.keyfile import KeyFile, locate
from core.errors import ConflictError, InputError, KeyMissing, PersistenceError
from core.persistence import snapshot
from core.persistence.access_models import AuthSession, BaseInfo
from core.persistence.database import Database
from core.persistence.results import affected
from core.persistence.revision import HEAD_REVISION
from core.plugins import PluginHost
from core.schemas import BackupView, BaseCheck, PruneView
from core.services import audit, erasure, restore_erasures
from core.services.app import Parcours, config_dir
from core.services.base_check import check_base
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


def _view(path: Path, header: backup_file.Header, check: BaseCheck | None = None) -> BackupView:
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
    return _view(written, header)


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


def _base_id(call: Call) -> str:
    info = call.session.get(BaseInfo, 1)
    assert info is not None  # the door's schema check saw it
    return info.base_uuid


@service("backup.create", write=False)
def create_backup(call: Call, output: Path | None = None) -> BackupView:
    """Write an encrypted, authenticated copy of the base; returns where and what."""
    view = write_backup(call.app, output, revision=_revision(call))  # type: ignore[arg-type]
    call.audit.detail.update(file=Path(view.path).name, kind=view.kind, size=view.size)
    return view


# --- reading back -----------------------------------------------------------------------------
def _open(path: Path, key_file: str | None) -> tuple[backup_file.Header, KeyFile]:
    """The backup's header and the key file of its base, holding the version it was made with.

    Raises:
        KeyMissing: no key file for that base, or one from before or after a key rotation.
    """
    header = backup_file.read_header(path)
    keyfile = locate(header.base, config_dir(), key_file)
    if header.kek_version not in keyfile.keys:
        template = (M.BACKUP_BEFORE_ROTATION if header.kek_version < min(keyfile.keys)
                    else M.BACKUP_AFTER_KEYFILE)
        raise KeyMissing(template.format(path=path.name, version=header.kek_version))
    return header, keyfile


def _restore_into(app: Parcours, path: Path, header: backup_file.Header, keyfile: KeyFile,
                  folder: Path, *, version_last: bool = False) -> BaseCheck:
    """Decrypt ``path`` in ``folder``, load it into ``app``'s empty base, check the result.

    ``version_last`` (PostgreSQL): the load leaves the schema version out, for the caller to
    write last with what must precede any use of the base (:func:`_settled`); the check
    takes the backup's for it."""
    db = app.db
    _ready(db, header)
    copy = folder / "copie"
    fd = os.open(copy, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o600)
    with os.fdopen(fd, "wb") as out:
        _, manifest = backup_file.read(path, keyfile.key(header.kek_version), out)
    if db.dialect == "sqlite":
        snapshot.restore_sqlite(copy, db)
    else:
        snapshot.restore_postgresql(copy, db, without_rows=VERSION_TABLE if version_last else ())
    copy.unlink()
    return check_base(app, manifest, pending_revision=header.revision if version_last else None)


VERSION_TABLE = ("alembic_version",)
"""Left empty by the load of a PostgreSQL restore: a base without its schema version is one
every command refuses (:mod:`core.persistence.revision`), until the restore settles it."""


def _ready(db: Database, header: backup_file.Header) -> None:
    """Refuse a target of another kind than the backup, in memory, or not empty."""
    if db.dialect != header.kind:
        raise InputError(M.RESTORE_KIND_MISMATCH.format(kind=KIND_LABELS[header.kind]))
    if db.dialect == "sqlite" and db.sqlite_path is None:
        raise InputError(M.BACKUP_MEMORY_BASE)
    if not _empty(db):
        raise InputError(M.RESTORE_NOT_EMPTY)


def _staged(app: Parcours, path: Path, header: backup_file.Header, keyfile: KeyFile,
            folder: Path, key_path: str | None, erased: set[int], host: PluginHost | None,
            stale: bool) -> tuple[BaseCheck, int]:
    """SQLite: the whole restore (rows, check, erasures again, sessions ended, audit row) done
    in a base in the private folder, then copied into the target in one step. Killed anywhere,
    the target is left empty or restored whole: never holding the persons erased since, nor
    sessions still open, under a name a second restore would refuse as not empty."""
    staging = Parcours.open(f"sqlite:///{folder / 'restauration.db'}", key_file=key_path,
                            host=_no_plugins())
    try:
        report = _restore_into(staging, path, header, keyfile, folder)
        # The copied sessions end whatever the check says: an older backup fails it, and
        # the upgrade the check calls for would open the base to them.
        ended: list[int] = []
        erased_again = restore_erasures.erase_again(
            staging, erased, host,
            then=lambda session: ended.append(_end_sessions(session, staging.now())))
        if report.ok:
            _record_restore(staging, path, header, erased_again, stale, ended=ended[0])
    finally:
        staging.close()
    _ready(app.db, header)  # still empty: nothing wrote there meanwhile
    snapshot.restore_sqlite(folder / "restauration.db", app.db)
    return report, erased_again


def _settled(app: Parcours, path: Path, header: backup_file.Header, keyfile: KeyFile,
             folder: Path, erased: set[int], host: PluginHost | None,
             stale: bool) -> tuple[BaseCheck, int]:
    """PostgreSQL: ``pg_restore`` commits the rows by themselves, the schema version left
    out; then one transaction erases again the persons erased since, ends the copied
    sessions and writes the version. Killed in between, the target holds a base every
    command refuses, never the persons erased since with sessions still open."""
    report = _restore_into(app, path, header, keyfile, folder, version_last=True)
    ended: list[int] = []

    def open_for_use(session: Session) -> None:
        ended.append(_end_sessions(session, app.now()))
        session.execute(text("INSERT INTO alembic_version (version_num) VALUES (:v)"),
                        {"v": header.revision})

    erased_again = restore_erasures.erase_again(app, erased, host, then=open_for_use)
    if report.ok:
        _record_restore(app, path, header, erased_again, stale, ended=ended[0])
    return report, erased_again


def _empty(db: Database) -> bool:
    path = db.sqlite_path
    if path is not None:
        from core.persistence import health
        kind = health.file_kind(path)
        if kind in ("missing", "empty"):
            return True
        if kind != "sqlite":
            return False
    return snapshot.is_empty(db)


def restore_backup(path: Path, url: str | None = None, *, key_file: str | None = None,
                   host: PluginHost | None = None) -> BackupView:
    """Restore the backup at ``path`` into the empty base at ``url`` and check it.

    The persons erased since the backup was taken are erased again as their erasure did
    (:func:`core.services.erasure.replay`), the facts of their tracks judged by ``host``'s
    track definitions (default: the installed plugins, as every other command loads them).
    Every session and token copied with the rows is ended, whatever the checks find; when
    every check passes, the restore is written to the restored base's audit log. The result's
    ``check`` says what was found; a failed check leaves the restored base, for inspection. On SQLite all of
    it is done in a private copy that goes into the target in one step (:func:`_staged`).

    Raises:
        InputError: not a backup, another kind of base, or a target that is not empty.
        KeyMissing: no key file for the backup's base, or not the right one.
        BackupTampered: the file was changed, cut short or extended.
        PersistenceError: the target cannot be written, or pg_restore failed.
    """
    header, keyfile = _open(path, key_file)
    erased, as_of = restore_erasures.known_erasures(header.base, keyfile)
    later, newest = restore_erasures.later_backups(path, header, keyfile, SUFFIX)
    erased |= later
    if newest is not None and (as_of is None or newest > as_of):
        as_of = newest
    stale = as_of is None or as_of < header.created_at
    app = Parcours.open(url, key_file=_key_path(keyfile, key_file), host=_no_plugins())
    try:
        with private_folder() as folder:
            if app.db.dialect == "sqlite":
                _ready(app.db, header)
                report, erased_again = _staged(app, path, header, keyfile, folder,
                                               _key_path(keyfile, key_file), erased, host, stale)
            else:
                report, erased_again = _settled(app, path, header, keyfile, folder, erased,
                                                host, stale)
        return _view(path, header, report).model_copy(update={
            "erased_again": erased_again, "register_as_of": as_of, "register_stale": stale})
    finally:
        app.close()


def _no_plugins() -> PluginHost:
    # Checking a restored base runs no track: installed plugins are neither needed nor loaded.
    from core.plugins import build_plugin_host
    return build_plugin_host(load_entrypoints=False)


def _key_path(keyfile: KeyFile, given: str | None) -> str | None:
    return str(keyfile.path) if keyfile.path is not None else given


def _record_restore(app: Parcours, path: Path, header: backup_file.Header,
                    erased_again: int = 0, register_stale: bool = False, *,
                    ended: int | None = None) -> None:
    """End the sessions copied with the rows (unless already ``ended``) and write the
    restore to the restored base's audit log."""
    now = app.now()
    with app.db.write() as session:
        if ended is None:
            ended = _end_sessions(session, now)
        audit.append(session, audit.Entry(
            "backup.restore", target=f"backup:{path.name}",
            detail={"created_at": header.created_at.isoformat(), "kind": header.kind,
                    "sessions_ended": ended, "erased_again": erased_again,
                    "register_stale": register_stale}), now)


def _end_sessions(session: Session, now: datetime) -> int:
    """End every session and token copied with the rows; how many were."""
    return affected(session.execute(update(AuthSession).where(AuthSession.revoked_at.is_(None))
                                    .values(revoked_at=now, revoked_reason="restore")
                                    .execution_options(synchronize_session=False)))


@service("backup.verify", write=False)
def verify_backup(call: Call, path: Path) -> BackupView:
    """The restore drill: restore ``path`` into a throw-away base, check it, remove it."""
    base = _base_id(call)
    header, keyfile = _open(path, call.app.key_file)
    key_path = _key_path(keyfile, call.app.key_file)
    with private_folder() as folder:
        if header.kind == "sqlite":
            trial = Parcours.open(f"sqlite:///{folder / 'essai.db'}", key_file=key_path,
                                  host=call.app.host)
            try:
                report = _restore_into(trial, path, header, keyfile, folder)
            finally:
                trial.close()
        else:
            report = _pg_trial(call.app.db, path, header, keyfile, folder, key_path)
    call.audit.detail.update(file=path.name, kind=header.kind, this_base=header.base == base,
                             ok=report.ok, failed=[c.name for c in report.problems()])
    return _view(path, header, report)


def _pg_trial(live: Database, path: Path, header: backup_file.Header, keyfile: KeyFile,
              folder: Path, key_path: str | None) -> BaseCheck:
    """Restore into a temporary database on the live base's server, then drop it."""
    if live.dialect != "postgresql":
        raise InputError(M.RESTORE_PG_NEEDS_SERVER)
    name = f"parcours_essai_{secrets.token_hex(6)}"
    server = live.engine.execution_options(isolation_level="AUTOCOMMIT")
    try:
        with server.connect() as connection:
            connection.exec_driver_sql(f'CREATE DATABASE "{name}"')
    except SQLAlchemyError as exc:
        raise PersistenceError(M.VERIFY_PG_CREATEDB) from exc
    trial = Parcours.open(live.engine.url.set(database=name).render_as_string(
        hide_password=False), key_file=key_path, host=_no_plugins())
    try:
        return _restore_into(trial, path, header, keyfile, folder)
    finally:
        trial.close()
        _drop(server, name)


def _drop(server: Engine, name: str) -> None:
    # WITH (FORCE) may meet an autovacuum worker only pg_signal_backend may end: then plain.
    for statement in (f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)',
                      f'DROP DATABASE IF EXISTS "{name}"'):
        try:
            with server.connect() as connection:
                connection.exec_driver_sql(statement)
            return
        except SQLAlchemyError:
            continue


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
    base = _base_id(call)
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
