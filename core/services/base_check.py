"""Is this base sound? The checks ``parcours check`` and the restore drill run, in French.

In order: the file (a SQLite file at all, and a Parcours one; the server answering, on
PostgreSQL), its pages (``integrity_check`` and ``foreign_key_check``, SQLite only: the
PostgreSQL server checks its own pages), the schema version (this code's head), the audit
chain (:func:`core.services.audit.verify`), the keys (the key file opens the base's check
value, then every person's wrapped data key), for ``parcours check`` the active accounts
whose names read alike and whether every open track's version and step is still installed
(counted by definition, version and step, never naming anyone), what the base draws from its rows
(whether each person is followed, the report's monthly figures) against those rows and,
after a restore, the rows per table against the backup's manifest. Each check says what it
found in one sentence; a check that fails does not stop the next ones, except when the file
cannot be read at all.
Nothing here writes, reads case content or needs an account: it is what an administrator runs
when the base is in doubt, including when nobody can sign in any more.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sqlalchemy import func, select, text
from sqlalchemy.exc import SQLAlchemyError

from core import messages as M
from core.crypto import contexts
from core.crypto.cipher import open_sealed
from core.errors import DatabaseBusy, IntegrityAlert, ParcoursError
from core.persistence import health, snapshot
from core.persistence.errors import translate_errors
from core.persistence.access_models import Delegation
from core.persistence.models import PersonKey, Track, User
from core.persistence.revision import HEAD_REVISION, restore_interrupted
from core.schemas import BaseCheck, CheckItem
from core.services import audit, followed, report_aggregates
from core.services.account_names import name_skeletons
from core.services.app import Parcours, config_dir
from core.services.keys import BaseKeys

if TYPE_CHECKING:
    from core.plugins import PluginHost

KEY_BATCH = 500


def check_database(url: str | None = None, *, key_file: str | None = None,
                   host: PluginHost | None = None) -> BaseCheck:
    """``parcours check``: open the base at ``url`` (else ``PARCOURS_DB``, else the default
    file) without creating anything, and run :func:`check_base` on it, its open tracks
    against ``host``'s plugins (by default the installed ones, loaded as the application
    loads them, when that check comes: the others need none)."""
    from core.persistence.database import default_url, in_memory, sqlite_file_of
    chosen = url or os.environ.get("PARCOURS_DB") or default_url()
    if in_memory(chosen):  # nothing to check: a new, empty base of this process
        return BaseCheck(ok=False, checks=(CheckItem(name="fichier", ok=False,
                                                     message=M.DB_IN_MEMORY),))
    path = sqlite_file_of(chosen)
    if path is not None and not path.exists():
        missing = CheckItem(name="fichier", ok=False,
                            message=M.CHECK_FILE_MISSING.format(path=path))
        return BaseCheck(ok=False, checks=(missing,))
    app = Parcours.open(chosen, key_file=key_file, host=host)
    try:
        return check_base(app, installed=True)
    finally:
        app.close()


def check_base(app: Parcours, manifest: dict[str, Any] | None = None, *,
               installed: bool = False, pending_revision: str | None = None) -> BaseCheck:
    """Run every check on ``app``'s base; ``manifest`` (a backup's) adds the row counts, and
    ``installed`` the open tracks against ``app``'s plugins (not for a restore drill, which
    loads none). ``pending_revision``: the schema version a PostgreSQL restore writes last
    (:func:`core.services.restores._settled`), taken for the one the base holds not yet. The
    look-alike accounts are named for a base in use only: a restore copies them as they
    were, faithfully, and must still end the sessions copied with them."""
    accounts = manifest is None
    items: list[CheckItem] = []
    readable = _file(app, items)
    if not readable:
        for name in ("schema", "journal", "cles", *(("comptes",) if accounts else ()),
                     *(("demarches",) if installed else ()), "derivees"):
            items.append(CheckItem(name=name, ok=False, message=M.CHECK_SKIPPED))
        return BaseCheck(ok=False, checks=tuple(items))
    path = app.db.sqlite_path
    if path is not None:
        items.append(_integrity(path))
    schema = _guarded("schema", lambda: _schema(app, pending_revision))
    items.append(schema)
    items.append(_guarded("journal", lambda: _journal(app)))
    items.append(_guarded("cles", lambda: _keys(app)))
    if accounts:
        items.append(_guarded("comptes", lambda: _accounts(app)) if schema.ok
                     else CheckItem(name="comptes", ok=False, message=M.CHECK_DERIVED_SKIPPED))
    if installed:
        items.append(_guarded("demarches", lambda: _installed(app)) if schema.ok
                     else CheckItem(name="demarches", ok=False, message=M.CHECK_DERIVED_SKIPPED))
    items.append(_guarded("derivees", lambda: _derived(app)) if schema.ok
                 else CheckItem(name="derivees", ok=False, message=M.CHECK_DERIVED_SKIPPED))
    if manifest is not None:
        items.append(_guarded("contenu", lambda: _contents(app, manifest, pending_revision)))
    return BaseCheck(ok=all(i.ok for i in items), checks=tuple(items))


def _guarded(name: str, run: Callable[[], tuple[bool, str]]) -> CheckItem:
    try:
        ok, message = run()
    except ParcoursError as exc:
        ok, message = False, exc.msg
    except SQLAlchemyError as exc:  # a read the damage made fail
        from core.persistence.errors import translate
        ok, message = False, translate(exc).msg
    return CheckItem(name=name, ok=ok, message=message)


def _file(app: Parcours, items: list[CheckItem]) -> bool:
    path = app.db.sqlite_path
    if path is None:
        try:
            with translate_errors(), app.db.engine.connect() as connection:
                connection.execute(text("SELECT 1"))
        except ParcoursError as exc:
            items.append(CheckItem(name="fichier", ok=False, message=exc.msg))
            return False
        items.append(CheckItem(name="fichier", ok=True, message=M.CHECK_SERVER_OK))
        return True
    kind = health.file_kind(path)
    problem = {"missing": M.CHECK_FILE_MISSING, "empty": M.CHECK_FILE_EMPTY,
               "foreign": M.CHECK_FILE_FOREIGN, "unreadable": M.DB_CANNOT_OPEN,
               "busy": M.DB_BUSY}.get(kind)
    if problem is None:
        foreign = health.foreign_tables(path)
        if foreign:
            shown = ", ".join(foreign[:5]) + ("…" if len(foreign) > 5 else "")
            problem = M.CHECK_FOREIGN_BASE.format(tables=shown)
    if problem is not None:
        items.append(CheckItem(name="fichier", ok=False, message=problem.format(path=path)))
        return False
    items.append(CheckItem(name="fichier", ok=True, message=M.CHECK_FILE_OK))
    return True


def _integrity(path: Path) -> CheckItem:
    try:
        problems, orphans = health.integrity(path)
    except DatabaseBusy:
        return CheckItem(name="integrite", ok=False, message=M.DB_BUSY)
    if problems:
        return CheckItem(name="integrite", ok=False, message=M.CHECK_INTEGRITY_BAD.format(
            count=len(problems), first=problems[0][:200]))
    if orphans:
        return CheckItem(name="integrite", ok=False, message=M.CHECK_FOREIGN_KEYS_BAD.format(
            count=len(orphans), table=orphans[0]))
    return CheckItem(name="integrite", ok=True, message=M.CHECK_INTEGRITY_OK)


def _schema(app: Parcours, pending: str | None = None) -> tuple[bool, str]:
    try:
        with app.db.engine.connect() as connection:
            found = [r[0] for r in connection.exec_driver_sql(
                "SELECT version_num FROM alembic_version")]
    except SQLAlchemyError:
        found = []
    if not found and pending is not None:
        found = [pending]
    if not found:
        return False, (M.DB_RESTORE_INTERRUPTED if restore_interrupted(app.db)
                       else M.CHECK_SCHEMA_NONE)
    if found == [HEAD_REVISION]:
        return True, M.CHECK_SCHEMA_OK.format(revision=HEAD_REVISION)
    if len(found) == 1 and found[0] < HEAD_REVISION:
        return False, M.CHECK_SCHEMA_OLD.format(found=found[0], head=HEAD_REVISION)
    return False, M.DB_SCHEMA_UNKNOWN


def _journal(app: Parcours) -> tuple[bool, str]:
    with app.db.read() as session:
        checked, finding = audit.verify(session)
    if finding is None:
        return True, M.AUDIT_OK.format(count=checked)
    return False, M.AUDIT_BROKEN[finding.problem].format(seq=finding.seq)


def _keys(app: Parcours) -> tuple[bool, str]:
    """The key file opens the base's check value, then each person's wrapped data key."""
    opened = 0
    with app.db.read() as session:
        keys = BaseKeys.load(session, config_dir(), app.key_file)
        after = -1
        while True:
            batch = list(session.scalars(select(PersonKey).where(PersonKey.person_id > after)
                                         .order_by(PersonKey.person_id).limit(KEY_BATCH)))
            if not batch:
                break
            for row in batch:
                try:
                    open_sealed(keys.kek(row.kek_version), row.wrapped, contexts.person_key(
                        row.person_id, row.dek_version, row.kek_version))
                except IntegrityAlert:
                    return False, M.CHECK_KEY_PERSON_BAD.format(person=row.person_id)
                opened += 1
            after = batch[-1].person_id
    return True, M.CHECK_KEYS_OK.format(count=opened)


def _derived(app: Parcours) -> tuple[bool, str]:
    """What the base draws from its rows, against them: whether each person is followed,
    and the report's monthly figures, delegation by delegation."""
    with app.db.read() as session:
        chosen = list(session.scalars(select(Delegation.id).order_by(Delegation.id)))
        persons = sum(followed.mismatched(session, d) for d in chosen)
        figures = sum(report_aggregates.differences(session, d) for d in chosen)
    if persons or figures:
        return False, M.CHECK_DERIVED_BAD.format(persons=persons, figures=figures)
    return True, M.CHECK_DERIVED_OK.format(delegations=len(chosen))


def _accounts(app: Parcours) -> tuple[bool, str]:
    """Active accounts whose names a reader cannot tell apart (« Ines » and « lnes »), made
    before creating one was refused for it: in the audit log their acts read as one
    person's."""
    with app.db.read() as session:
        names = list(session.scalars(select(User.name).where(User.active).order_by(User.id)))
    alike = [g for g in _reading_alike(names) if len(g) > 1]
    if not alike:
        return True, M.CHECK_ACCOUNTS_OK.format(count=len(names))
    shown = M.CHECK_TRACKS_JOIN.join(
        M.CHECK_ACCOUNTS_GROUP.format(names=", ".join(f"« {_visible(n)} »" for n in group))
        for group in alike)
    return False, M.CHECK_ACCOUNTS_BAD.format(groups=shown)


def _reading_alike(names: list[str]) -> list[list[str]]:
    """``names`` in groups that read alike, as chains too: « A » like « C » and « C » like
    « B » are one group even when « A » and « B » share no skeleton (in their given order)."""
    parent = list(range(len(names)))

    def root(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    owner: dict[str, int] = {}  # a skeleton -> the first name that had it
    for i, name in enumerate(names):
        for key in name_skeletons(name):
            j = owner.setdefault(key, i)
            parent[max(root(i), root(j))] = min(root(i), root(j))
    groups: dict[int, list[str]] = {}
    for i, name in enumerate(names):
        groups.setdefault(root(i), []).append(name)
    return list(groups.values())


def _visible(name: str) -> str:
    """A stored name with what does not show (a control, a line break, an invisible or
    direction character: made before names were cleaned, or the very trick that makes it
    read like another) written as an escape, ``\\u202e``."""
    return "".join(c if c.isprintable() else
                   f"\\x{ord(c):02x}" if ord(c) < 0x100 else f"\\u{ord(c):04x}" for c in name)


SHOWN_GROUPS = 10
"""The (definition, version, step) groups a failed track check names; the others are counted."""


def _installed(app: Parcours) -> tuple[bool, str]:
    """The open tracks whose version or step no installed plugin provides, counted per
    (definition, version, step): their files open, but nobody can act on them."""
    with app.db.read() as session:
        rows = session.execute(
            select(Track.definition_id, Track.definition_version, Track.step, func.count())
            .where(Track.status == "open")
            .group_by(Track.definition_id, Track.definition_version, Track.step)
            .order_by(Track.definition_id, Track.definition_version, Track.step)).all()
    catalog = app.catalog
    lost = [(track, version, step, count) for track, version, step, count in rows
            if catalog.installed(track, version, step) is None]
    if not lost:
        return True, M.CHECK_TRACKS_OK.format(count=sum(r[3] for r in rows))
    groups = [M.CHECK_TRACKS_GROUP.format(track=track, version=version, step=step, count=count)
              for track, version, step, count in lost[:SHOWN_GROUPS]]
    if len(lost) > SHOWN_GROUPS:
        groups.append(M.CHECK_TRACKS_MORE.format(count=len(lost) - SHOWN_GROUPS))
    return False, M.CHECK_TRACKS_BAD.format(count=sum(r[3] for r in lost),
                                            groups=M.CHECK_TRACKS_JOIN.join(groups))


def _contents(app: Parcours, manifest: dict[str, Any],
              pending: str | None = None) -> tuple[bool, str]:
    expected = {str(k): int(v) for k, v in dict(manifest.get("tables", {})).items()}
    found = snapshot.counts(app.db)
    if pending is not None and not found.get("alembic_version"):
        found["alembic_version"] = 1  # written last (:func:`_schema`)
    for table in sorted(set(expected) | set(found)):
        if expected.get(table, 0) != found.get(table, 0):
            return False, M.CHECK_CONTENT_BAD.format(table=table, found=found.get(table, 0),
                                                     expected=expected.get(table, 0))
    return True, M.CHECK_CONTENT_OK.format(count=len(expected))
