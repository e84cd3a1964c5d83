"""The ``parcours`` command: the root group and the error boundary.

Errors end as one French sentence on stderr and a non-zero exit, never a traceback (set
``PARCOURS_DEBUG=1`` to see one): 1 for a refused or failed operation, 2 for a malformed
command line, 3 for a transition refused by its checks, 4 for a concurrent change.
"""

from __future__ import annotations

import logging
import os
import sys
from collections.abc import Callable
from typing import Any

import click

from core import messages as M
from core.cli import heap
from core.cli.commands import (access, admin, backup, catalog, consents, demo, dropins,
                               importer, keys, people, plugin_new, report, retention, review,
                               work)
from core.cli.french import install as french_click
from core.cli.french import name_arguments
from core.cli.options import UsageRefusal, close_all, parse_day
from core.cli.render import error
from core.errors import ConflictError, ParcoursError, TransitionRefused

french_click()


@click.group(invoke_without_command=True, add_help_option=True,
             context_settings={"help_option_names": ["-h", "--help"]})
@click.option("--db", metavar="URL", help="Base de données (PARCOURS_DB).")
@click.option("--today", metavar="DATE",
              help="Évaluer comme si on était ce jour (PARCOURS_TODAY).")
@click.option("--json", "as_json", is_flag=True, default=None, help="Sortie JSON pour les programmes.")
@click.pass_context
def cli(ctx: click.Context, db: str | None, today: str | None, as_json: bool | None) -> None:
    """Parcours : accompagnement des personnes, en ligne de commande."""
    # Given before the command, --db/--today/--json apply to it (one given after it wins).
    ctx.obj = {"db": db, "today": today, "json": as_json}
    if ctx.invoked_subcommand is not None:
        return
    interface = _interface()
    if interface is None:
        click.echo(M.CLI_USAGE_TEXT)
        return
    heap.settled()
    interface(db or os.environ.get("PARCOURS_DB"),
              parse_day(today or os.environ.get("PARCOURS_TODAY"), "--today"))


def _interface() -> Callable[..., Any] | None:
    """The first installed ``parcours.ui`` entry point (by name), when run in a terminal.

    Core never imports an interface: one registers itself under this entry-point group
    (``tui = "tui.app:run"``) and is called with the database URL and the evaluation date.
    Without a terminal (a pipe, a script, a test) the usage text is printed instead.
    """
    if not (sys.stdin.isatty() and sys.stdout.isatty()):
        return None
    from importlib.metadata import entry_points
    found = sorted(entry_points(group="parcours.ui"), key=lambda e: e.name)
    return found[0].load() if found else None


for module in (access, admin, catalog, people, consents, work, dropins, plugin_new, review,
               report, demo, importer, retention, keys, backup):
    for command in module.COMMANDS:
        cli.add_command(command)
name_arguments(cli)


def _usage_message(exc: click.UsageError) -> str:
    """Click's usage errors, which it words in English, as one French sentence."""
    if isinstance(exc, UsageRefusal):
        return exc.message
    command = exc.ctx.command_path.removeprefix("parcours").strip() if exc.ctx else ""
    where = f"parcours {command}" if command else "parcours"
    if isinstance(exc, click.NoSuchOption):
        return M.CLI_NO_SUCH_OPTION.format(name=exc.option_name, where=where)
    if isinstance(exc, click.MissingParameter):
        what = _missing(exc.param)
        return M.CLI_MISSING.format(what=what, where=where)
    if isinstance(exc, click.BadOptionUsage):
        return M.CLI_OPTION_NEEDS_VALUE.format(name=exc.option_name, where=where)
    if isinstance(exc, click.BadParameter):
        # Parsers called in a command body raise without ``param``: they name it in param_hint.
        hint = exc.param_hint
        hint = hint if isinstance(hint, str) else " / ".join(hint or ())
        param = _typed_name(exc.param) if exc.param else hint
        if exc.param is not None and isinstance(exc.param.type, click.Choice):
            # Click words the refusal of a choice in English (« 'pdf' is not one of... »).
            return M.CLI_BAD_CHOICE.format(param=param, choices=", ".join(
                str(c) for c in exc.param.type.choices))
        if exc.param is not None and isinstance(exc.param.type, click.IntRange):
            kind = exc.param.type  # « 0 is not in the range 1<=x<=10000. »
            return M.CLI_BAD_RANGE.format(param=param, low=kind.min, high=kind.max)
        return M.CLI_BAD_VALUE.format(param=param, message=exc.message) if param else exc.message
    if exc.message.startswith("No such command"):
        return M.CLI_NO_COMMAND.format(name=exc.message.split("'")[1] if "'" in exc.message else "")
    if "unexpected extra argument" in exc.message:
        extra = exc.message.partition("(")[2].rstrip(")")
        return M.CLI_EXTRA_ARGUMENT.format(extra=extra, where=where)
    # Any other wording is click's own (English): say where to look rather than echo it.
    return M.CLI_USAGE.format(where=where)


def _exit_code(exc: ParcoursError) -> int:
    if isinstance(exc, TransitionRefused):
        return 3
    return 4 if isinstance(exc, ConflictError) else 1


def main(argv: list[str] | None = None) -> int:
    """Run the command line; returns the exit code (and exits with it as a script)."""
    try:
        # Without standalone mode, click returns the code of an ``Exit`` instead of raising it.
        code = cli.main(args=argv, prog_name="parcours", standalone_mode=False)
        return code if isinstance(code, int) else 0
    except click.UsageError as exc:
        error(_usage_message(exc))
        code = 2
    except ParcoursError as exc:
        error(exc.msg)
        for detail in exc.details:
            error(f"  {detail}")
        code = _exit_code(exc)
    except (click.Abort, KeyboardInterrupt):
        click.echo(M.CLI_ABORTED, err=True)
        code = 130
    except click.exceptions.Exit as exc:
        return exc.exit_code
    except Exception as exc:  # the last boundary: no traceback for users
        if os.environ.get("PARCOURS_DEBUG"):
            raise
        click.echo(M.CLI_UNEXPECTED.format(error=type(exc).__name__), err=True)
        code = 1
    finally:
        close_all()
    return code


def run() -> None:
    """Console-script entry point."""
    if not os.environ.get("PARCOURS_DEBUG"):
        # Plugin and engine incidents are logged for developers, in English; without a handler
        # Python's last-resort one would print them under every command. Users read them in
        # French with ``parcours plugins``.
        logging.getLogger("parcours").addHandler(logging.NullHandler())
    heap.starting()
    code = main()
    heap.leaving()
    sys.exit(code)


def _typed_name(param: click.Parameter) -> str:
    """A parameter as the user types it: an option by its flag (« --format », not its internal
    name « fmt »), an argument by its metavar."""
    if isinstance(param, click.Option):
        return max(param.opts, key=len)
    return param.human_readable_name


def _missing(param: click.Parameter | None) -> str:
    """What a missing parameter is called on the line: an option by its flag and value
    (« --text TEXTE »: its internal name, « text », said nothing a user could type), an
    argument by its metavar."""
    if param is None:
        return M.CLI_A_PARAMETER
    if isinstance(param, click.Option):
        flag = max(param.opts, key=len)
        return flag if param.is_flag else f"{flag} {param.metavar or param.name.upper()}"
    return param.human_readable_name

