"""``parcours plugin new NAME``: write a new plugin project from the template."""

from __future__ import annotations

from pathlib import Path

import click

from core import messages as M
from core.cli.options import Context, common
from core.cli.render import emit_json, line


@click.group("plugin")
def plugin_group() -> None:
    """Écrire une nouvelle extension."""


@plugin_group.command("new")
@click.argument("name", metavar="NOM")
@click.option("--label", metavar="LIBELLE", help="Libellé français de la démarche.")
@click.option("--dir", "directory", default=".", metavar="DOSSIER", show_default=True,
              help="Où créer le projet.")
@common
def plugin_new(ctx: Context, name: str, label: str | None, directory: str) -> None:
    """Créer un projet d'extension (démarche, contrôle, règle, scénario, test)."""
    from core.plugin_template import write_plugin
    root = write_plugin(name, Path(directory), label)
    emit_json({"path": str(root), "package": f"parcours_{name}"}) if ctx.json \
        else line(M.CLI_PLUGIN_WRITTEN.format(path=root))


COMMANDS = [plugin_group]
