"""``parcours backup``, ``restore`` and ``check``: encrypted backups, the restore drill, the
health of the base.

A failed check ends with exit code 1 after the checks are printed (or given as JSON).
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import TYPE_CHECKING

import click

from core import messages as M
from core.errors import InputError
from core.cli.options import Context, UsageRefusal, common, refuse_a_day_to_come
from core.cli.progress import Working
from core.cli.render import emit_json, line

if TYPE_CHECKING:
    from datetime import datetime

    from core.schemas import BackupView, BaseCheck


def _size(n: int) -> str:
    for unit, scale in (("Gio", 1 << 30), ("Mio", 1 << 20), ("Kio", 1 << 10)):
        if n >= scale:
            return f"{n / scale:.1f} {unit}".replace(".", ",")
    return f"{n} octets"


def _print_checks(report: BaseCheck) -> None:
    for item in report.checks:
        status = "ok" if item.ok else "ÉCHEC"
        line(f"{status:<6}{M.CHECK_NAMES.get(item.name, item.name)} : {item.message}")


def _created(view: BackupView) -> str:
    return _moment(view.created_at)


def _moment(when: datetime) -> str:
    return f"{M.short_date(when)} à {when:%H:%M} UTC"


def _finish(ctx: Context, view: BackupView, failed: str) -> None:
    """Print a restore or drill result; exit 1 (with ``failed`` on stderr) if a check failed."""
    assert view.check is not None  # a restore and a drill always check the base
    if ctx.json:
        emit_json(view)
    else:
        _print_checks(view.check)
    if not view.check.ok:
        if not ctx.json:
            click.echo(failed, err=True)
        raise click.exceptions.Exit(1)


@click.command("backup")
@click.option("--output", "-o", metavar="CHEMIN",
              help="Fichier ou dossier de la sauvegarde (par défaut : le dossier des sauvegardes).")
@click.option("--verify", "verify", metavar="FICHIER",
              help="Restaurer FICHIER dans une base d'essai, la vérifier, puis la supprimer.")
@click.option("--prune", is_flag=True,
              help="Supprimer les sauvegardes plus anciennes que la durée de conservation "
                   "(dans le dossier des sauvegardes, ou celui de --output).")
@common
def backup_cmd(ctx: Context, output: str | None, verify: str | None, prune: bool) -> None:
    """Sauvegarder la base (copie chiffrée), vérifier une sauvegarde, ou supprimer les anciennes.

    Réservé aux administrateurs. La sauvegarde est chiffrée avec la clé de la base : gardez le
    fichier de clé à part, sans lui la sauvegarde est illisible.
    """
    if verify is not None and (output is not None or prune):
        raise UsageRefusal(M.BACKUP_MODES)
    from core import services as svc
    app = ctx.app()
    if verify is not None:
        credential = ctx.credential()  # a password asked before the progress line
        with Working(M.VERIFY_WORKING):
            view = svc.verify_backup(app, credential, Path(verify).expanduser())
        _finish(ctx, view, M.VERIFY_FAILED)
        if not ctx.json:
            line(M.VERIFY_DONE.format(created=_created(view)))
        return
    if prune:
        refuse_a_day_to_come(ctx)
        pruned = svc.prune_backups(app, ctx.credential(),
                                   Path(output).expanduser() if output else None)
        if ctx.json:
            emit_json(pruned)
            return
        line(M.PRUNE_DONE.format(deleted=len(pruned.deleted), days=pruned.days,
                                 folder=pruned.folder, kept=pruned.kept))
        if not pruned.kept:
            click.echo(M.PRUNE_NONE_LEFT, err=True)
        return
    if output and output.endswith(("/", os.sep)) and not Path(output).expanduser().is_dir():
        # « new-dir/ » meant a folder: a file named « new-dir » is not what was asked
        raise InputError(M.BACKUP_FOLDER_MISSING.format(path=Path(output).expanduser()))
    credential = ctx.credential()
    with Working(M.BACKUP_WORKING):
        view = svc.create_backup(app, credential, Path(output).expanduser() if output else None)
    emit_json(view) if ctx.json else line(M.BACKUP_DONE.format(path=view.path,
                                                               size=_size(view.size)))


@click.command("restore")
@click.argument("file", metavar="FICHIER")
@click.option("--key-file", metavar="CHEMIN",
              help="Fichier de clé de la base sauvegardée (sinon : configuration, "
                   "PARCOURS_KEY_FILE, trousseau).")
@common
def restore_cmd(ctx: Context, file: str, key_file: str | None) -> None:
    """Restaurer une sauvegarde dans une base vide (--db), puis la vérifier.

    Les sessions et jetons copiés avec la base prennent fin : chacun se reconnecte.
    """
    from core.services import restore_backup
    with Working(M.RESTORE_WORKING):
        view = restore_backup(Path(file).expanduser(), ctx.db, key_file=key_file)
    _finish(ctx, view, M.RESTORE_CHECK_FAILED)
    if not ctx.json:
        line(M.RESTORE_DONE.format(created=_created(view), url=_shown(ctx.db)))
        if view.erased_again:
            line(M.RESTORE_ERASED_AGAIN.format(count=view.erased_again))
        if view.register_stale:
            line(M.RESTORE_REGISTER_UNDATED if view.register_as_of is None else
                 M.RESTORE_REGISTER_STALE.format(as_of=_moment(view.register_as_of),
                                                 created=_created(view)))


def _shown(url: str | None) -> str:
    if not url:
        from core.persistence.database import default_url
        url = default_url()
    from sqlalchemy.engine import make_url
    return make_url(url).render_as_string(hide_password=True)


@click.command("check")
@common
def check_cmd(ctx: Context) -> None:
    """Vérifier la base : fichier, pages, version du schéma, journal d'audit, clés.

    Ne demande pas de connexion et n'écrit rien : utilisable quand la base est abîmée.
    """
    from core.services import check_database
    with Working(M.CHECK_WORKING):
        report = check_database(ctx.db)
    if ctx.json:
        emit_json(report)
    else:
        _print_checks(report)
        line(M.CHECK_ALL_OK) if report.ok else click.echo(M.CHECK_SOME_BAD, err=True)
    if not report.ok:
        raise click.exceptions.Exit(1)


COMMANDS = [backup_cmd, restore_cmd, check_cmd]
