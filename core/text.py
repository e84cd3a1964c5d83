"""The gate every free text goes through before it is stored: one line or a block of lines.

A text is normalised to Unicode NFC, trimmed, bounded by a length limit per kind, and refused
when it holds what no person types on purpose and what breaks terminals, logs or databases:
NUL, lone surrogates (PostgreSQL and SQLite disagree about both), C0 and C1 control
characters (escape sequences included) except newline and tab in a block, and, in names,
bidirectional overrides or nothing but invisible characters. Refusals are ``InputError``
with a French sentence naming the field.
"""

from __future__ import annotations

import unicodedata

from core import messages as M
from core.errors import InputError

MAX_NAME = 80
MAX_LINE = 300
MAX_REASON = 500
MAX_BLOCK = 20_000
BIDI = frozenset("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u200e\u200f\u061c")
INVISIBLE = frozenset("\u200b\u200c\u200d\u2060\ufeff\u00ad") | BIDI


def _bad_character(text: str, *, block: bool) -> bool:
    for ch in text:
        code = ord(ch)
        if 0xD800 <= code <= 0xDFFF or code == 0:
            return True
        if (code < 0x20 or 0x7F <= code <= 0x9F) and not (block and ch in "\n\t"):
            return True
    return False


def clean_line(text: str, *, limit: int = MAX_LINE, field: str = "") -> str:
    """One line of text as stored: NFC, trimmed, at most ``limit`` characters."""
    if not isinstance(text, str):
        raise InputError(M.TEXT_NOT_TEXT.format(field=field or M.TEXT_THIS_FIELD))
    if _bad_character(text, block=False):
        raise InputError(M.TEXT_BAD_CHARACTER)
    value = unicodedata.normalize("NFC", text).strip()
    if len(value) > limit:
        raise InputError(M.TEXT_TOO_LONG.format(field=field or M.TEXT_THIS_FIELD, limit=limit))
    return value


def _sentence(text: str) -> str:
    """A message that starts with a field name (« le pseudonyme ») starts a sentence."""
    return text[:1].upper() + text[1:]


def clean_block(text: str, *, limit: int = MAX_BLOCK, field: str = "") -> str:
    """A multi-line text as stored: like :func:`clean_line`, newlines and tabs allowed."""
    if not isinstance(text, str):
        raise InputError(M.TEXT_NOT_TEXT.format(field=field or M.TEXT_THIS_FIELD))
    if _bad_character(text, block=True):
        raise InputError(M.TEXT_BAD_CHARACTER)
    value = unicodedata.normalize("NFC", text.replace("\r\n", "\n")).strip()
    if len(value) > limit:
        raise InputError(M.TEXT_TOO_LONG.format(field=field or M.TEXT_THIS_FIELD, limit=limit))
    return value


def clean_name(text: str, *, limit: int = MAX_NAME, field: str = "") -> str:
    """A name (user, alias, delegation): one line, no direction overrides, not only invisible."""
    value = " ".join(clean_line(text, limit=limit, field=field).split())
    if any(ch in BIDI for ch in value):
        raise InputError(_sentence(M.TEXT_BIDI.format(field=field or M.TEXT_THIS_FIELD)))
    if not value or all(ch in INVISIBLE or unicodedata.category(ch).startswith("M")
                        for ch in value):
        raise InputError(_sentence(M.TEXT_EMPTY.format(field=field or M.TEXT_THIS_FIELD)))
    return value
