"""Reading a backup back: its restore into an empty base, and the restore drill.

``backup.verify`` runs the restore drill: the file is opened, restored into a throw-away base
(a SQLite file in the private folder, or a temporary PostgreSQL database on the live base's
server) and checked (:mod:`core.services.base_check`), then the throw-away base is removed. It
is the administrator's, through the services' door.

:func:`restore_backup` is not behind the door: the base it writes to is empty, so it has no
account to check. What it needs is the backup and the base's key file (whoever holds both can
read the data anyway); it refuses a base that is not empty, checks what it restored, ends every
session and token copied with the rows (users sign in again), and writes the restore into the
restored base's audit log. On SQLite all of it is done in a base in the private folder, copied
into the target in one step; on PostgreSQL the schema version is written last, with the
erasures again and the sessions ended. Whom it erases again, as their erasures did, is
:mod:`core.services.restore_erasures`'s to say.
"""

from __future__ import annotations

import os
import secrets
from datetime import datetime
from pathlib import Path

from sqlalchemy import Engine, text, update
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session

from core import messages as M
from core.crypto import backup_file
from core.crypto.keyfile import KeyFile, locate
from core.errors import InputError, KeyMissing, PersistenceError
from core.persistence import snapshot
from core.persistence.access_models import AuthSession
from core.persistence.database import Database
from core.persistence.results import affected
from core.plugins import PluginHost
from core.schemas import BackupView, BaseCheck
from core.services import audit, restore_erasures
from core.services.app import Parcours, config_dir
from core.services.backups import KIND_LABELS, SUFFIX, backup_view, base_id
from core.services.base_check import check_base
from core.services.private_folders import private_folder
from core.services.registry import Call, service


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
    ``check`` says what was found; a failed check leaves the restored base, for inspection.
    On SQLite all of it is done in a private copy that goes into the target in one step
    (:func:`_staged`); on PostgreSQL the schema version is written last (:func:`_settled`).

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
        return backup_view(path, header, report).model_copy(update={
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
    base = base_id(call)
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
    return backup_view(path, header, report)


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
