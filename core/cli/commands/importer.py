"""``parcours import``: drop-in registers and person lists from CSV, XLSX or ODS, and templates."""

from __future__ import annotations

from pathlib import Path

import click

from core import messages as M
from core.cli.options import Context, common
from core.cli.progress import ProgressLine
from core.cli.render import emit_json, line
from core.errors import InputError

KINDS = ("registre", "personnes")
"""Repeated from the service so that ``--help`` does not import the services."""


@click.command("import")
@click.argument("kind", metavar="TYPE", required=False)
@click.argument("file", metavar="FICHIER", required=False)
@click.option("--dry-run", is_flag=True, help="Vérifier seulement : rien n'est écrit.")
@click.option("--template", "template_kind", metavar="TYPE",
              help="Écrire un fichier modèle (registre ou personnes).")
@click.option("--output", metavar="FICHIER", help="Où écrire le modèle (.csv, .xlsx ou .ods).")
@click.option("--delegation", metavar="CODE",
              help="Délégation (par défaut la vôtre, si vous n'en avez qu'une).")
@common
def import_cmd(ctx: Context, kind: str | None, file: str | None, dry_run: bool,
               template_kind: str | None, output: str | None, delegation: str | None) -> None:
    """Importer un registre de permanences ou une liste de personnes (tout ou rien)."""
    if template_kind:
        _template(template_kind, output)
        return
    if not kind or not file:
        raise InputError(M.IMPORT_USAGE)
    if kind not in KINDS:
        raise InputError(M.IMPORT_BAD_KIND.format(kind=kind, kinds=", ".join(KINDS)))
    from core.services.import_model import ImportRejected
    from core.services.importer import import_file
    progress = ProgressLine(M.IMPORT_PROGRESS)
    try:
        report = import_file(ctx.app(), ctx.credential(), kind, file, dry_run=dry_run,
                             delegation=delegation, progress=progress.update)
    except ImportRejected as exc:
        if ctx.json and exc.report is not None:
            emit_json(exc.report)
        raise
    finally:
        progress.close()
    if ctx.json:
        emit_json(report)
        return
    values = {"read_as": report.read_as, **report.counts}
    if dry_run:
        text = (M.IMPORT_WOULD_REGISTER if kind == "registre" else M.IMPORT_WOULD_PERSONS).format(**values)
        line(M.IMPORT_DRY_RUN.format(summary=text))
    else:
        line((M.IMPORT_DONE_REGISTER if kind == "registre" else M.IMPORT_DONE_PERSONS).format(**values))


def _template(kind: str, output: str | None) -> None:
    from core.services.import_template import FORMATS, template
    if output is None:
        stream = click.open_file("-", "wb")
        stream.write(template(kind, "csv"))
        stream.flush()
        return
    fmt = Path(output).suffix.lower().lstrip(".")
    if fmt not in FORMATS:
        raise InputError(M.IMPORT_TEMPLATE_FORMAT.format(path=output))
    try:
        Path(output).write_bytes(template(kind, fmt))
    except OSError as exc:
        raise InputError(M.REPORT_CANNOT_WRITE.format(path=output, error=M.os_error(exc))) from None
    line(M.IMPORT_TEMPLATE_WRITTEN.format(kind=kind, path=output))


COMMANDS = [import_cmd]
