"""Keyset cursors of the listings (``value|number``): a page starts after the previous page's
last row, at the place the cursor names, so it costs what it shows and a row moved meanwhile
neither repeats nor skips another."""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

from core.errors import InputError

T = TypeVar("T")


def split(after: str, value: Callable[[str], T], message: str) -> tuple[T, int]:
    """``after`` as (its sort value read by ``value``, its row's number).

    Raises:
        InputError: ``message`` (with ``{value}``) when it is not a position a list gave:
            ``value`` raised ValueError, or the number is not one.
    """
    stamp, _, number = str(after or "").partition("|")
    try:
        if not (number.isascii() and number.isdigit() and len(number) <= 18):
            raise ValueError(number)
        return value(stamp), int(number)
    except ValueError:
        raise InputError(message.format(value=str(after)[:60])) from None
