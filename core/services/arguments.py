"""What the services' door checks of every argument before a body sees it.

Whatever a service does with a value (stores it, looks it up, prints it back in a refusal),
the door first refuses what no entry point may pass on (:func:`check`): a text with a
character refused everywhere or longer than :data:`core.text.MAX_INPUT`
(:func:`core.text.screen`), a whole number outside 64 bits, a number that is infinite or
undefined, a date outside the years anyone means (1900-2100; each service then applies its
field's own rule, such as nothing in the future), a duration of more than a century,
containers nested deeper than :data:`MAX_DEPTH`. Texts inside lists, tuples, sets
and dictionaries (keys included: the facts of a step) are checked the same way. Passwords
are only refused NUL and lone surrogates: they are never shown nor stored, and a password
chosen before this gate must still open its account.

The refusal is an ``InputError`` naming the parameter in French, raised before the database
is touched, so SQLite and PostgreSQL refuse alike (neither sees the value). Each service
still applies its own kind's rules (:func:`core.text.clean_name`, ``clean_line``,
``clean_block``, an identifier looked up): this layer is what no service can forget.
"""

from __future__ import annotations

import inspect
import math
import os
import re
from collections.abc import Callable, Mapping
from datetime import date, timedelta
from decimal import Decimal
from functools import lru_cache
from typing import Any

from core import messages as M
from core.engine.facts import FIRST_YEAR, LAST_YEAR
from core.errors import InputError
from core.text import MAX_INPUT, screen

MAX_DEPTH = 16
MAX_DURATION = timedelta(days=100 * 366)
"""No duration a service takes is longer (a token's life, an alert's delay)."""
INT64 = 2 ** 63
SECRETS = frozenset({"password", "current", "new"})
"""Parameters holding a password."""
_SECRET_FORBIDDEN = re.compile("[\x00\ud800-\udfff]")
_FIELD_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]{0,59}")


@lru_cache(maxsize=None)
def parameter_names(body: Callable[..., Any]) -> tuple[str, ...]:
    """The body's parameter names after ``call``."""
    return tuple(inspect.signature(body).parameters)[1:]


def check(body: Callable[..., Any], args: tuple[Any, ...], kwargs: Mapping[str, Any]) -> None:
    """Refuse the call if any argument is refused (see the module docstring).

    Raises:
        InputError: with the parameter's French name.
    """
    for name, value in zip(parameter_names(body), args, strict=False):  # extra ones fail the call
        check_value(name, value)
    for name, value in kwargs.items():
        check_value(name, value)


def check_value(name: str, value: Any) -> None:
    """Check one argument named ``name`` (its French name comes from ``M.INPUT_FIELDS``)."""
    _walk(value, M.INPUT_FIELDS.get(name, M.INPUT_SOME_VALUE), name in SECRETS, 0)


def _walk(value: Any, field: str, secret: bool, depth: int) -> None:
    if isinstance(value, str):
        _text(value, field, secret)
    elif isinstance(value, bool) or value is None:
        return
    elif isinstance(value, int):
        if not -INT64 <= value < INT64:
            raise InputError(M.INPUT_NUMBER.format(field=field))
    elif isinstance(value, float | Decimal):
        if not (math.isfinite(value) if isinstance(value, float) else value.is_finite()):
            raise InputError(M.INPUT_NUMBER.format(field=field))
    elif isinstance(value, date):
        if not FIRST_YEAR <= value.year <= LAST_YEAR:
            raise InputError(M.INPUT_YEAR.format(field=field, first=FIRST_YEAR, last=LAST_YEAR))
    elif isinstance(value, timedelta):
        if abs(value) > MAX_DURATION:
            raise InputError(M.INPUT_NUMBER.format(field=field))
    elif isinstance(value, os.PathLike):
        path = os.fspath(value)
        if isinstance(path, str):
            _text(path, field, secret)
    elif isinstance(value, Mapping | list | tuple | set | frozenset):
        if depth >= MAX_DEPTH:
            raise InputError(M.INPUT_TOO_DEEP.format(field=field, limit=MAX_DEPTH))
        if isinstance(value, Mapping):
            for key, item in value.items():
                _walk(key, M.INPUT_FIELD_NAME, secret, depth + 1)
                _walk(item, _member(key, field), secret, depth + 1)
        else:
            for item in value:
                _walk(item, field, secret, depth + 1)


def _member(key: Any, field: str) -> str:
    """How a dictionary's value is named: its key when it is a plain field name."""
    if isinstance(key, str) and _FIELD_NAME.fullmatch(key):
        return M.INPUT_FIELD.format(name=key)
    return field


def _text(value: str, field: str, secret: bool) -> None:
    if not secret:
        screen(value, field=field)
        return
    if len(value) > MAX_INPUT:
        raise InputError(M.INPUT_TOO_LONG.format(field=field, limit=MAX_INPUT))
    found = _SECRET_FORBIDDEN.search(value)
    if found is not None:
        kind = "nul" if found.group() == "\x00" else "surrogate"
        text = M.TEXT_FORBIDDEN.format(field=field, what=M.TEXT_FORBIDDEN_KINDS[kind],
                                       position=found.start() + 1)
        raise InputError(text[:1].upper() + text[1:])
