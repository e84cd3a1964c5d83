"""Click's own words in French: ``Usage:``, ``Options``, ``Show this message and exit.``...

Click writes its help headings and a few notes through ``gettext`` (each of its modules binds
``from gettext import gettext as _``) and ships no French catalogue. :func:`install` replaces
that ``_`` in click's modules by a lookup in :data:`core.messages.CLICK_FRENCH`, falling back
to gettext for anything not listed, so ``parcours --help`` reads French from the first line to
the last. Click's usage *errors* are translated separately, where they are caught
(``core.cli.main._usage_message``).
"""

from __future__ import annotations

import gettext
import importlib

import click

from core import messages as M

MODULES = ("click.core", "click.decorators", "click.formatting", "click.exceptions",
           "click.parser", "click.termui", "click.types", "click.utils")


def translate(message: str) -> str:
    """Click's sentence in French when we know it, else what gettext gives."""
    return M.CLICK_FRENCH.get(message) or gettext.gettext(message)


def install() -> None:
    """Make click's modules use :func:`translate` (idempotent)."""
    for name in MODULES:
        module = importlib.import_module(name)
        if hasattr(module, "_"):
            module._ = translate  # type: ignore[attr-defined]


def name_arguments(group: click.Group) -> None:
    """Every group's usage line names its sub-command in French (``COMMANDE``, not ``COMMAND``)."""
    for command in [group, *_walk(group)]:
        if isinstance(command, click.Group):
            command.subcommand_metavar = (
                M.CLICK_SUBCOMMAND_CHAIN if command.chain
                else M.CLICK_SUBCOMMAND_OPTIONAL if command.invoke_without_command
                else M.CLICK_SUBCOMMAND)


def _walk(group: click.Group) -> list[click.Command]:
    found: list[click.Command] = []
    for command in group.commands.values():
        found.append(command)
        if isinstance(command, click.Group):
            found.extend(_walk(command))
    return found
