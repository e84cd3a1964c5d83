"""Keyset cursors of the listings (``value|number``): a page starts after the previous page's
last row, at the place the cursor names, so it costs what it shows and a row moved meanwhile
neither repeats nor skips another.

A cursor whose value the caller may not read (a person's last contact, which case events in
domains she does not see also move) is sealed (:func:`seal`): encrypted and authenticated
with a key of the base, for the user it was given to. She can hand it back, not read it, and
a cursor she makes up to probe someone's last contact is refused.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
from collections.abc import Callable
from typing import Any, TypeVar

from core.crypto.cipher import open_sealed
from core.crypto.cipher import seal as seal_bytes
from core.errors import InputError, IntegrityAlert

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


def _key(app: Any) -> bytes:
    # Derived from the base's search key (a key of the base, never stored elsewhere).
    return hmac.new(app.keys.search_key, b"parcours: curseurs", hashlib.sha256).digest()


def seal(app: Any, user: int, text: str) -> str:
    """``text`` sealed for ``user``: what a listing gives as its cursor."""
    sealed = seal_bytes(_key(app), text.encode("utf-8"), f"curseur:{user}")
    return base64.urlsafe_b64encode(sealed).decode("ascii").rstrip("=")


def unseal(app: Any, user: int, token: str, message: str) -> str:
    """The text of a cursor :func:`seal` gave ``user``.

    Raises:
        InputError: ``message`` (with ``{value}``) for anything else: made up, altered, or
            given to another user.
    """
    text = str(token or "")
    try:
        raw = base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))
        return open_sealed(_key(app), raw, f"curseur:{user}").decode("utf-8")
    except (ValueError, IntegrityAlert):
        raise InputError(message.format(value=text[:60])) from None
