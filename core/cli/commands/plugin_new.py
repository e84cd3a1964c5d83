"""``parcours plugin new NAME``: write a new plugin project from the template.

It reads no database and acts as nobody, so it takes ``--json`` only, not the shared
``--db``, ``--as`` and ``--today``.
"""

from __future__ import annotations

from pathlib import Path

import click

from core import messages as M
from core.cli.render import emit_json, line


@click.group("plugin")
def plugin_group() -> None:
    """Écrire une nouvelle extension."""


def install_path(root: Path) -> str:
    """``root`` as pip must read it to install a folder (``./parcours-x``, not a package name)."""
    text = str(root)
    return text if root.is_absolute() or text.startswith(".") else f"./{text}"


@plugin_group.command("new")
@click.argument("name", metavar="NOM")
@click.option("--label", metavar="LIBELLE", help="Libellé français du domaine et de la démarche.")
@click.option("--dir", "directory", default=".", metavar="DOSSIER", show_default=True,
              help="Où créer le projet.")
@click.option("--json", "as_json", is_flag=True, help="Sortie JSON pour les programmes.")
def plugin_new(name: str, label: str | None, directory: str, as_json: bool) -> None:
    """Créer un projet d'extension (domaine, démarche, contrôle, règle, scénario, test)."""
    from core.plugin_template import write_plugin
    root = write_plugin(name, Path(directory), label)
    if as_json:
        emit_json({"path": str(root), "package": f"parcours_{name}",
                   "install": f"pip install -e {install_path(root)}"})
    else:
        line(M.CLI_PLUGIN_WRITTEN.format(path=install_path(root)))


COMMANDS = [plugin_group]
