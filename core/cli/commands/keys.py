"""``parcours keys status`` and ``parcours keys rotate``: the base's key-encryption key.

The rotation runs one transaction per step (:mod:`core.services.key_rotation`); progress goes
to standard error, so that ``--json`` keeps standard output for the summary. On a terminal the
progress line is rewritten in place; otherwise (a log, cron) a line is written every tenth.
"""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING

import click

from core import messages as M
from core.cli.options import Context, common
from core.cli.render import emit_json, line

if TYPE_CHECKING:
    from core.services.key_rotation import RotationStep


@click.group("keys")
def keys_group() -> None:
    """Clé de chiffrement de la base : état et rotation (administrateurs)."""


@keys_group.command("status")
@common
def keys_status(ctx: Context) -> None:
    """Version de la clé, versions du fichier de clé, rotation en cours, clés par version."""
    from core.services import key_status
    status = key_status(ctx.app(), ctx.credential())
    if ctx.json:
        emit_json(status)
        return
    line(M.CLI_KEYS_STATUS_VERSION.format(version=status.kek_version))
    line(M.CLI_KEYS_STATUS_FILE.format(path=status.key_file,
                                       versions=", ".join(map(str, status.file_versions))))
    rotation = status.rotation
    if rotation:
        line(M.CLI_KEYS_STATUS_ROTATION.format(
            target=rotation.get("target"), done=rotation.get("done", 0),
            total=rotation.get("total", 0), started=str(rotation.get("started_at", ""))[:16]))
    elif status.pending_cleanup:
        line(M.CLI_KEYS_STATUS_CLEANUP)
    else:
        line(M.CLI_KEYS_STATUS_IDLE)
    counts = ", ".join(f"v{v} : {n}" for v, n in status.persons_by_version.items())
    line(M.CLI_KEYS_STATUS_COUNTS.format(counts=counts or M.CLI_KEYS_NONE))


class _Progress:
    """French progress on standard error: in place on a terminal, every tenth otherwise."""

    def __init__(self) -> None:
        self.tty = sys.stderr.isatty()
        self.shown = -1
        self.open_line = False

    def _say(self, text: str) -> None:
        self._end_line()
        click.echo(text, err=True)

    def _end_line(self) -> None:
        if self.open_line:
            click.echo("", err=True)
            self.open_line = False

    def __call__(self, step: RotationStep) -> None:
        if step.step == "begin":
            self._say((M.CLI_KEYS_RESUMED if step.resumed else M.CLI_KEYS_BEGUN).format(
                target=step.target, total=step.total))
        elif step.step == "rewrap" and step.total:
            percent = min(100, step.done * 100 // step.total)
            text = M.CLI_KEYS_PROGRESS.format(done=step.done, total=step.total, percent=percent)
            if self.tty:
                click.echo("\r" + text, err=True, nl=False)
                self.open_line = True
            elif percent // 10 > self.shown:
                self.shown = percent // 10
                self._say(text)
        elif step.step == "finish":
            self._say(M.CLI_KEYS_FINISHED.format(version=step.kek_version))
        else:
            self._end_line()


@keys_group.command("rotate")
@click.option("--batch", type=click.IntRange(1, 10_000), default=500, show_default=True,
              metavar="N", help="Personnes ré-enveloppées par transaction.")
@common
def keys_rotate(ctx: Context, batch: int) -> None:
    """Changer la clé de chiffrement de la base (reprend une rotation interrompue).

    Chaque clé de personne est ré-enveloppée par la nouvelle version, par lots ; une rotation
    interrompue (panne, kill -9) reprend là où elle s'était arrêtée en relançant la commande.
    Les anciennes versions ne quittent le fichier de clé qu'une fois la base entièrement passée
    à la nouvelle.
    """
    from core.services import rotate_keys
    app, credential = ctx.app(), ctx.credential()
    click.echo(M.CLI_KEYS_START, err=True)
    summary = rotate_keys(app, credential, batch=batch, progress=_Progress())
    if ctx.json:
        emit_json(summary)
        return
    dropped = ", ".join(f"v{v}" for v in summary.dropped) or M.CLI_KEYS_NONE
    if summary.previous is not None:
        line(M.CLI_KEYS_DONE.format(version=summary.kek_version, count=summary.rewrapped,
                                    dropped=dropped))
    elif summary.dropped:
        line(M.CLI_KEYS_CLEANED.format(version=summary.kek_version, dropped=dropped))
    else:
        line(M.CLI_KEYS_NOTHING)
    if summary.dropped:
        line(M.CLI_KEYS_COPY.format(path=summary.key_file))


COMMANDS = [keys_group]
