"""Options every command shares (``--db``, ``--as``, ``--today``, ``--json``) and value parsers.

Each option falls back to its environment variable (``PARCOURS_DB``, ``PARCOURS_USER``,
``PARCOURS_TODAY``). Parsers raise click's ``BadParameter`` with a French message.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, time
from typing import Any

import click

from core import messages as M
from core.errors import InputError, ParcoursError


@dataclass
class Context:
    """The shared options of one invocation."""

    db: str | None
    actor: str | None
    today: date | None
    json: bool

    def app(self):  # noqa: ANN201 - imported lazily to keep --help fast
        from core.services import Parcours
        return Parcours.open(self.db, today=self.today)

    def who(self) -> str:
        """The acting user's name, or a French error."""
        if not self.actor:
            raise InputError(M.ACTOR_MISSING)
        return self.actor


def parse_day(value: str | None, hint: str | None = None) -> date | None:
    """A date option (``AAAA-MM-JJ`` or ``JJ/MM/AAAA``) or None; ``hint`` names the option."""
    if value is None:
        return None
    from core.engine.facts import parse_date
    try:
        return parse_date(value)
    except InputError as exc:
        raise click.BadParameter(exc.msg, param_hint=hint) from None


def parse_hour(value: str | None, hint: str | None = None) -> time | None:
    """An ``HH:MM`` option or None; ``hint`` names the option."""
    if value is None:
        return None
    try:
        return time.fromisoformat(value.strip())
    except ValueError:
        raise click.BadParameter(M.CLI_BAD_HOUR.format(value=value), param_hint=hint) from None


def common(func: Callable[..., Any]) -> Callable[..., Any]:
    """Add ``--db``, ``--as``, ``--today`` and ``--json``; pass a :class:`Context` as ``ctx``."""
    @click.option("--json", "as_json", is_flag=True, help="Sortie JSON pour les programmes.")
    @click.option("--today", envvar="PARCOURS_TODAY", metavar="DATE",
                  help="Évaluer comme si on était ce jour (PARCOURS_TODAY).")
    @click.option("--as", "actor", envvar="PARCOURS_USER", metavar="UTILISATEUR",
                  help="Qui agit (PARCOURS_USER).")
    @click.option("--db", envvar="PARCOURS_DB", metavar="URL",
                  help="Base de données : URL SQLAlchemy (PARCOURS_DB).")
    @functools.wraps(func)
    def wrapper(*args: Any, db: str | None, actor: str | None, today: str | None,
                as_json: bool, **kwargs: Any) -> Any:
        ctx = Context(db=db, actor=actor, today=parse_day(today, "--today"), json=as_json)
        return func(*args, ctx=ctx, **kwargs)
    return wrapper


__all__ = ["Context", "ParcoursError", "common", "parse_day", "parse_hour"]
