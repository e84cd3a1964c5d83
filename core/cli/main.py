"""The ``parcours`` command: the root group and the error boundary.

Errors end as one French sentence on stderr and a non-zero exit, never a traceback (set
``PARCOURS_DEBUG=1`` to see one): 1 for a refused or failed operation, 2 for a malformed
command line, 3 for a transition refused by its checks, 4 for a concurrent change.
"""

from __future__ import annotations

import logging
import os
import sys

import click

from core import messages as M
from core.cli.commands import admin, catalog, dropins, people, plugin_new, review, work
from core.errors import ConflictError, ParcoursError, TransitionRefused


@click.group(invoke_without_command=True, add_help_option=True,
             context_settings={"help_option_names": ["-h", "--help"]})
@click.pass_context
def cli(ctx: click.Context) -> None:
    """Parcours : accompagnement des personnes, en ligne de commande."""
    if ctx.invoked_subcommand is None:
        click.echo(M.CLI_USAGE_TEXT)


for module in (admin, catalog, people, work, dropins, plugin_new, review):
    for command in module.COMMANDS:
        cli.add_command(command)


def _usage_message(exc: click.UsageError) -> str:
    command = exc.ctx.command_path.removeprefix("parcours").strip() if exc.ctx else ""
    if isinstance(exc, click.NoSuchOption):
        return M.CLI_NO_SUCH_OPTION.format(name=exc.option_name, command=command)
    if isinstance(exc, click.MissingParameter):
        what = exc.param.human_readable_name if exc.param else "un paramètre"
        return M.CLI_MISSING.format(what=what, command=command)
    if isinstance(exc, click.BadParameter):
        # Parsers called in a command body raise without ``param``: they name it in param_hint.
        hint = exc.param_hint
        hint = hint if isinstance(hint, str) else " / ".join(hint or ())
        param = exc.param.human_readable_name if exc.param else hint
        return M.CLI_BAD_VALUE.format(param=param, message=exc.message) if param else exc.message
    if exc.message.startswith("No such command"):
        return M.CLI_NO_COMMAND.format(name=exc.message.split("'")[1] if "'" in exc.message else "")
    return M.CLI_USAGE.format(message=exc.message)


def _exit_code(exc: ParcoursError) -> int:
    if isinstance(exc, TransitionRefused):
        return 3
    return 4 if isinstance(exc, ConflictError) else 1


def main(argv: list[str] | None = None) -> int:
    """Run the command line; returns the exit code (and exits with it as a script)."""
    try:
        cli.main(args=argv, prog_name="parcours", standalone_mode=False)
        return 0
    except click.UsageError as exc:
        click.echo(_usage_message(exc), err=True)
        code = 2
    except ParcoursError as exc:
        click.echo(exc.msg, err=True)
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
    return code


def run() -> None:
    """Console-script entry point."""
    if not os.environ.get("PARCOURS_DEBUG"):
        # Plugin and engine incidents are logged for developers, in English; without a handler
        # Python's last-resort one would print them under every command. Users read them in
        # French with ``parcours plugins``.
        logging.getLogger("parcours").addHandler(logging.NullHandler())
    sys.exit(main())
