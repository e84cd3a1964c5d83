"""Options every command shares (``--db``, ``--today``, ``--json``), credentials and parsers.

``--db``, ``--today`` and ``--json`` are accepted before the command (``parcours --json
review``) as after it (``parcours review --json``); the one nearest the command wins, then
the environment (``PARCOURS_DB``, ``PARCOURS_TODAY``). Who acts is never an option: it is
the session opened by ``parcours login`` or the personal token in ``PARCOURS_TOKEN``
(:mod:`core.cli.session_file`). Parsers raise click's ``BadParameter`` with a French message.
"""

from __future__ import annotations

import functools
import os
import sys
import unicodedata
from collections.abc import Callable
from contextvars import ContextVar
from dataclasses import dataclass, field
from datetime import date, datetime, time
from typing import TYPE_CHECKING, Any, overload
from zoneinfo import ZoneInfo

import click

from core import messages as M
from core.errors import InputError, ParcoursError
from core.text import NUMBERED

if TYPE_CHECKING:
    from core.auth.tokens import Credential
    from core.services import Parcours


@dataclass
class Context:
    """The shared options of one invocation, and the application opened for it."""

    db: str | None
    today: date | None
    json: bool
    request_id: str | None = None
    _app: Any = field(default=None, repr=False)

    def app(self) -> Parcours:  # imported lazily, to keep --help fast
        """The application on the chosen database (opened once per invocation)."""
        if self._app is None:
            from core.persistence.database import in_memory
            from core.services import Parcours
            if self.db is not None and in_memory(self.db):
                # Each command is its own process: what one wrote, the next would not find.
                raise InputError(M.DB_IN_MEMORY)
            self._app = Parcours.open(self.db, today=self.today)
            _opened.append(self._app)
        return self._app

    @property
    def url(self) -> str:
        """The database's URL, password hidden: what the session file is keyed by."""
        return self.app().db.engine.url.render_as_string(hide_password=True)

    def credential(self) -> Credential:
        """The session or token to present; NotAuthenticated (run ``parcours login``) if none."""
        from core.cli import session_file
        found = session_file.load(self.url)
        return found.for_request(self.request_id) if self.request_id else found


_opened: list[Any] = []


def close_all() -> None:
    """Close the applications opened by this invocation (their database connections)."""
    while _opened:
        app = _opened.pop()
        app.close()
        app.db.discard_if_empty()


_EVALUATION_DAY: ContextVar[date | None] = ContextVar("evaluation_day", default=None)
"""This invocation's ``--today`` (or ``PARCOURS_TODAY``), set by :func:`common`."""


@overload
def parse_day(value: str, hint: str | None = None, zone: str | None = None) -> date: ...


@overload
def parse_day(value: str | None, hint: str | None = None,
              zone: str | None = None) -> date | None: ...


def parse_day(value: str | None, hint: str | None = None,
              zone: str | None = None) -> date | None:
    """A date option (``AAAA-MM-JJ``, ``JJ/MM/AAAA``, or « aujourd'hui ») or None; ``hint``
    names the option; « aujourd'hui » is the day in ``zone`` (by default mainland France's)."""
    if value is None:
        return None
    from core.dates import parse_date, says_today  # not the facts module: no Pydantic
    if says_today(value):
        # The evaluation day, as the services read « today »: the one given, else today's
        # date in mainland France or ``zone`` (``Parcours.today``).
        from core.delegation import HOME_ZONE
        return _EVALUATION_DAY.get() or datetime.now(ZoneInfo(zone or HOME_ZONE)).date()
    try:
        return parse_date(value)
    except InputError as exc:
        raise click.BadParameter(exc.msg, param_hint=hint) from None


def parse_her_day(value: str | None, hint: str) -> date | None:
    """A date option whose default is today where she is followed (a step's ``--at``, a
    consent's ``--date``): « aujourd'hui » is that default, left to the service, which reads
    it on her delegation's day (overseas, mainland France's may already be her tomorrow)."""
    from core.dates import says_today
    return None if value is not None and says_today(value) else parse_day(value, hint)


def parse_delegation_day(ctx: Context, value: str, hint: str,
                         delegation: str | None) -> date:
    """A date option of something held in a delegation (a drop-in, a first visit):
    « aujourd'hui » is the day on its clock, that of ``delegation`` (its code) or else of
    the caller's delegations (overseas, mainland France's may already be its tomorrow).

    Raises:
        InputError: « aujourd'hui » without ``delegation`` when the caller's delegations are
            not on the same day (Paris and Guadeloupe from 20:00 there).
    """
    from core.dates import says_today
    if not says_today(value):
        return parse_day(value, hint)
    from core.delegation import zone_of_subdivision
    from core.services import list_delegations
    app, mine = ctx.app(), list_delegations(ctx.app(), ctx.credential())
    # Its code as the services read it (« PAP » is pap's), or Paris's day was taken.
    found = [d for d in mine if d.code == delegation.strip().lower()] if delegation else mine
    days = {d.code: app.today(zone_of_subdivision(d.holiday_subdivision)) for d in found}
    if len(set(days.values())) > 1:  # Paris's day was taken, a day off in Guadeloupe's evening
        raise InputError(M.CLI_TODAY_WHICH_DELEGATION.format(hint=hint, days=", ".join(
            f"{code} : {M.short_date(day)}" for code, day in days.items())))
    return next(iter(days.values()), None) or app.today()


def refuse_a_day_to_come(ctx: Context) -> None:
    """Refuse ``--today`` (or ``PARCOURS_TODAY``) for what cannot be undone (deleting
    backups, erasing what retention says is due) when that day has not come yet everywhere in
    France: it reads deadlines as of another day, but years ahead it deleted backups and
    erased persons years early. Every delegation is judged on that one day: one that had come
    in Paris only judged Guadeloupe's and Polynesia's a day early.

    Raises:
        InputError: a date after today's on some French clock (overseas ones included).
    """
    if ctx.today is None:
        return
    from core.delegation import HOME_ZONE, ZONES
    days = {zone: datetime.now(ZoneInfo(zone)).date() for zone in (HOME_ZONE, *ZONES.values())}
    zone = min(days, key=days.__getitem__)
    if ctx.today > days[zone]:
        raise InputError(M.TODAY_AHEAD_FOR_GOOD.format(
            day=M.short_date(ctx.today), today=M.short_date(days[zone]),
            clock=M.CLOCKS.get(zone, zone)))


MAX_ID = 10 ** 18 - 1
"""The largest object number an option takes (a 64-bit column holds it)."""


def parse_count(value: str, hint: str, message: str, minimum: int = 0,
                maximum: int = 1_000_000) -> int:
    """A whole number option in ASCII digits between ``minimum`` and ``maximum`` (click's own int
    type answers in English, and Python's ``int`` takes « ２ » or « +1 »)."""
    text = value.strip()
    if not (text.isascii() and text.isdigit() and len(text) <= len(str(maximum))
            and minimum <= int(text) <= maximum):
        raise click.BadParameter(message.format(value=value), param_hint=hint)
    return int(text)


SCREEN_PAGE = 50
"""What a listing shows on a screen without ``--limit``: a national queue holds hundreds of
thousands of items (40 s and 1.6 GB to print them all at 100,000 persons). JSON, read by
programs, keeps giving everything unless ``--limit`` is given."""


def page_size(ctx: Context, limit: str | None, message: str, everything: bool) -> int | None:
    """The page a listing asks its service for: ``--limit``, else everything (``--all``, or
    JSON), else :data:`SCREEN_PAGE`."""
    if limit is not None and everything:
        raise click.BadParameter(M.CLI_LIMIT_OR_ALL, param_hint="--all")
    if limit is not None:
        return parse_count(limit, "--limit", message, 1)
    return None if everything or ctx.json else SCREEN_PAGE


def delegation_filter(func: Callable[..., Any]) -> Callable[..., Any]:
    """``--delegation CODE``: a listing narrowed to one of the caller's delegations (a
    national supervisor's queue, persons or deadlines of one place)."""
    return click.option("--delegation", metavar="CODE",
                        help=M.CLI_DELEGATION_FILTER_HELP)(func)


def restricted_reason(func: Callable[..., Any]) -> Callable[..., Any]:
    """``--reason MOTIF``: the reason of a supervisor's exceptional access to the restricted
    content a check reads (kept, sealed, with the call's audit row)."""
    return click.option("--reason", metavar="MOTIF", help=M.CLI_RESTRICTED_REASON_HELP)(func)


def all_option(func: Callable[..., Any]) -> Callable[..., Any]:
    """``--all``: the whole listing on screen rather than its first page."""
    return click.option("--all", "everything", is_flag=True,
                        help=M.CLI_ALL_HELP.format(page=SCREEN_PAGE))(func)


def parse_hour(value: str | None, hint: str | None = None) -> time | None:
    """An ``HH:MM`` (or ``13h30``, ``13h``) option or None; ``hint`` names the option."""
    if value is None:
        return None
    from core.dates import parse_hour as read_hour
    found = read_hour(value)
    if found is None:
        raise click.BadParameter(M.CLI_BAD_HOUR.format(value=value), param_hint=hint)
    return found


def _root_options() -> dict[str, Any]:
    ctx = click.get_current_context(silent=True)
    root = ctx.find_root() if ctx else None
    return dict(root.obj or {}) if root is not None and isinstance(root.obj, dict) else {}


def _refuse_as(ctx: click.Context, _param: click.Parameter, value: str | None) -> None:
    if value is not None:
        raise InputError(M.CLI_AS_GONE)


def domain_code(value: str | None) -> str | None:
    """A domain as typed, « Santé » or « sante », as its code (``sante``: accents and case
    taken off; the codes are ASCII)."""
    if value is None:
        return None
    return "".join(c for c in unicodedata.normalize("NFKD", value.strip().casefold())
                   if not unicodedata.combining(c))


def domain_option(_ctx: click.Context, _param: click.Parameter, value: str | None) -> str | None:
    """Click's callback for a ``--domain`` option (:func:`domain_code`)."""
    return domain_code(value)


NUMBERED_ARGUMENTS = ("person", "dropin", "consent")
"""The arguments that take a number as the command line prints it: « n° 3 »."""


def unnumbered(value: str) -> str:
    """``3`` for « n° 3 », « n°3 » or « N° 3 » (copied from what a command printed); any
    other text as it is (an alias)."""
    found = NUMBERED.fullmatch(value.strip())
    return found[1] if found else value


def common(func: Callable[..., Any]) -> Callable[..., Any]:
    """Add ``--db``, ``--today`` and ``--json``; pass a :class:`Context` as ``ctx``."""
    @click.option("--as", "_as", hidden=True, expose_value=False, callback=_refuse_as,
                  metavar="NOM")
    @click.option("--json", "as_json", is_flag=True, default=None,
                  help="Sortie JSON pour les programmes.")
    @click.option("--today", metavar="DATE",
                  help="Évaluer comme si on était ce jour (PARCOURS_TODAY).")
    @click.option("--db", metavar="URL", help="Base de données : URL SQLAlchemy (PARCOURS_DB).")
    @click.option("--request-id", metavar="ID",
                  help="Identifiant de requête : renvoyée avec le même, une écriture ne "
                       "s'applique qu'une fois et redonne la même réponse.")
    @functools.wraps(func)
    def wrapper(*args: Any, db: str | None, today: str | None, as_json: bool | None,
                request_id: str | None, **kwargs: Any) -> Any:
        root = _root_options()
        db = db or root.get("db") or os.environ.get("PARCOURS_DB")
        day = today or root.get("today") or os.environ.get("PARCOURS_TODAY")
        json_out = bool(as_json if as_json is not None else root.get("json"))
        ctx = Context(db=db, today=parse_day(day, "--today"), json=json_out, request_id=request_id)
        for name in NUMBERED_ARGUMENTS:
            if isinstance(kwargs.get(name), str):
                kwargs[name] = unnumbered(kwargs[name])
        token = _EVALUATION_DAY.set(ctx.today)
        try:
            return func(*args, ctx=ctx, **kwargs)
        finally:
            _EVALUATION_DAY.reset(token)
    return wrapper


class UsageRefusal(click.UsageError):
    """A malformed command line refused with a French sentence of ours (exit 2)."""


def read_password(from_stdin: bool, *, confirm: bool = False,
                  prompt: str = M.CLI_PASSWORD_PROMPT) -> str:
    """A password from one line of standard input, or typed twice (``confirm``) with no echo.

    Raises:
        click.UsageError: no ``--password-stdin`` and no terminal to type it in.
        InputError: the two typed passwords differ.
    """
    if from_stdin:
        return _stdin_line()
    if not sys.stdin.isatty():
        raise UsageRefusal(M.CLI_PASSWORD_STDIN)
    first = click.prompt(prompt, hide_input=True, err=True)
    if confirm and click.prompt(M.CLI_PASSWORD_AGAIN, hide_input=True, err=True) != first:
        raise InputError(M.CLI_PASSWORD_MISMATCH)
    return first


def _stdin_line() -> str:
    # Only the line ending is removed: spaces are part of a password (ASVS 6.2.8).
    return sys.stdin.readline().removesuffix("\n").removesuffix("\r")


def read_password_change(from_stdin: bool) -> tuple[str, str]:
    """The current password then the new one (two lines, or typed at the terminal)."""
    if from_stdin:
        current, new = _stdin_line(), _stdin_line()
        if not new:
            raise UsageRefusal(M.CLI_PASSWORD_STDIN_TWO)
        return current, new
    current = read_password(False, prompt=M.CLI_PASSWORD_CURRENT)
    return current, read_password(False, confirm=True, prompt=M.CLI_PASSWORD_NEW)


__all__ = ["Context", "ParcoursError", "close_all", "common", "parse_day", "parse_hour",
           "read_password", "read_password_change"]
