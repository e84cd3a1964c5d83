"""The gate every free text goes through before it is stored: one line or a block of lines.

A text is normalised to Unicode NFC, trimmed, bounded by a length limit per kind, and refused
when it holds what no person types on purpose and what breaks terminals, logs or databases:
NUL, lone surrogates (PostgreSQL and SQLite disagree about both), C0 and C1 control
characters (escape sequences included) except newline and tab in a block, bidirectional
embeddings, overrides and isolates (they make a line read differently from what it holds),
and, in names, any bidirectional mark or nothing but invisible characters. Refusals are
``InputError`` with a French sentence naming the field.

:func:`screen` is the part every value of every service goes through at the door
(:mod:`core.services.arguments`), whatever its kind: the characters refused everywhere and
an absolute length. The ``clean_*`` functions add each kind's own rules and limit.
"""

from __future__ import annotations

import re
import unicodedata

from core import messages as M
from core.errors import InputError

MAX_NAME = 80
MAX_LINE = 300
MAX_REASON = 500
MAX_BLOCK = 20_000
MAX_INPUT = 100_000
"""No value a service takes is longer (the longest kind, a block, is :data:`MAX_BLOCK`): the
door refuses anything longer before any other work."""
BIDI = frozenset("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u200e\u200f\u061c")
BIDI_CONTROLS = frozenset("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")
"""Embeddings, overrides and isolates: refused in every text. The marks (LRM, RLM, ALM),
which keyboards insert in mixed-direction writing, are refused in names only."""
INVISIBLE = frozenset("\u200b\u200c\u200d\u2060\ufeff\u00ad") | BIDI
NOTHING_IN_A_NAME = frozenset("\u200b\u2060\ufeff\u00ad")
"""Zero-width space, word joiner, byte-order mark, soft hyphen: invisible, and no script
needs them in a name. A pasted « Zo\u200bé » looked like « Zoé » but was another alias: no
search for « zoé » found her, nor did the homonym warning. Dropped from names."""
JOINERS = frozenset("\u200c\u200d")
"""Zero-width (non-)joiners: Persian, Indic scripts and emoji sequences need them; beside a
Latin letter they change nothing that shows, and are dropped from names as above."""

NUMBERED = re.compile(r"n\s*[°º]\s*([0-9]+)", re.IGNORECASE)
"""A number as the command line prints it, « n° 3 » (typed back as « n°3 », « N° 3 »)."""

_CONTROLS = "\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f"
_FORBIDDEN = re.compile(f"[{_CONTROLS}\ud800-\udfff\u202a-\u202e\u2066-\u2069]")
"""Refused in any value: controls (but tab, newline and carriage return, which each kind
judges), lone surrogates, bidirectional controls."""
_FORBIDDEN_IN_LINE = re.compile(f"[{_CONTROLS}\t\n\r\ud800-\udfff\u202a-\u202e\u2066-\u2069]")
_FORBIDDEN_IN_BLOCK = re.compile(f"[{_CONTROLS}\r\ud800-\udfff\u202a-\u202e\u2066-\u2069]")


def _sentence(text: str) -> str:
    """A message that starts with a field name (« le pseudonyme ») starts a sentence."""
    return text[:1].upper() + text[1:]


def _kind(char: str) -> str:
    code = ord(char)
    if code == 0:
        return "nul"
    if 0xD800 <= code <= 0xDFFF:
        return "surrogate"
    if char in BIDI_CONTROLS:
        return "bidi"
    return "control"


def _refuse(text: str, pattern: re.Pattern[str], field: str) -> None:
    found = pattern.search(text)
    if found is None:
        return
    char = found.group()
    where = field or M.TEXT_THIS_FIELD
    if char in "\t\n\r" and pattern is _FORBIDDEN_IN_LINE:
        raise InputError(_sentence(M.TEXT_NEWLINE.format(field=where)))
    raise InputError(_sentence(M.TEXT_FORBIDDEN.format(
        field=where, what=M.TEXT_FORBIDDEN_KINDS[_kind(char)], position=found.start() + 1)))


def screen(text: str, *, field: str = "", limit: int = MAX_INPUT) -> str:
    """``text`` unchanged if no service may refuse it outright; see the module docstring.

    Raises:
        InputError: longer than ``limit``, or a character refused in every text.
    """
    if len(text) > limit:
        raise InputError(M.INPUT_TOO_LONG.format(field=field or M.INPUT_SOME_VALUE, limit=limit))
    _refuse(text, _FORBIDDEN, field)
    return text


def _checked(text: str, limit: int, field: str, pattern: re.Pattern[str]) -> str:
    if not isinstance(text, str):
        raise InputError(M.TEXT_NOT_TEXT.format(field=field or M.TEXT_THIS_FIELD))
    if len(text) > MAX_INPUT:  # refused before normalising a megabyte
        raise InputError(M.TEXT_TOO_LONG.format(field=field or M.TEXT_THIS_FIELD, limit=limit))
    if text.isascii() and text.isprintable():
        # Nothing either pattern refuses is printable ASCII, and ASCII is its own NFC: most
        # values (codes, dates, names without accents) skip the search and the normalising.
        value = text.strip()
    else:
        _refuse(text, pattern, field)
        value = unicodedata.normalize("NFC", text).strip()
    if len(value) > limit:
        raise InputError(M.TEXT_TOO_LONG.format(field=field or M.TEXT_THIS_FIELD, limit=limit))
    return value


def clean_line(text: str, *, limit: int = MAX_LINE, field: str = "") -> str:
    """One line of text as stored: NFC, trimmed, at most ``limit`` characters, no line break
    nor tab (a log line or a table cell cannot be forged with it)."""
    return _checked(text, limit, field, _FORBIDDEN_IN_LINE)


def clean_block(text: str, *, limit: int = MAX_BLOCK, field: str = "") -> str:
    """A multi-line text as stored: like :func:`clean_line`, newlines and tabs allowed (a
    Windows line end becomes a newline; a lone carriage return is refused)."""
    value = text.replace("\r\n", "\n") if isinstance(text, str) else text
    return _checked(value, limit, field, _FORBIDDEN_IN_BLOCK)


def clean_name(text: str, *, limit: int = MAX_NAME, field: str = "") -> str:
    """A name (user, alias, delegation): one line, no direction mark, not only invisible,
    without the invisible characters that change nothing in it (:data:`NOTHING_IN_A_NAME`,
    :data:`JOINERS` beside a Latin letter)."""
    value = " ".join(_shown(clean_line(text, limit=limit, field=field)).split())
    if any(ch in BIDI for ch in value):
        raise InputError(_sentence(M.TEXT_BIDI.format(field=field or M.TEXT_THIS_FIELD)))
    if not value or all(ch in INVISIBLE or unicodedata.category(ch).startswith("M")
                        for ch in value):
        raise InputError(_sentence(M.TEXT_EMPTY.format(field=field or M.TEXT_THIS_FIELD)))
    return value


def _latin(char: str) -> bool:
    return unicodedata.name(char, "").startswith("LATIN")


def _shown(text: str) -> str:
    """``text`` without :data:`NOTHING_IN_A_NAME`, nor a joiner next to a Latin letter."""
    if not any(ch in NOTHING_IN_A_NAME or ch in JOINERS for ch in text):
        return text
    kept = [ch for ch in text if ch not in NOTHING_IN_A_NAME]
    return "".join(ch for i, ch in enumerate(kept)
                   if ch not in JOINERS or not _beside_latin(kept, i))


def _beside_latin(chars: list[str], at: int) -> bool:
    """Whether the joiner at ``at`` touches a Latin letter, through other joiners too: of
    « a\u200d\u200d » only the first was dropped, and cleaning the name again dropped the
    second (a name cleaned twice must not change)."""
    for step in (-1, 1):
        i = at + step
        while 0 <= i < len(chars) and chars[i] in JOINERS:
            i += step
        if 0 <= i < len(chars) and _latin(chars[i]):
            return True
    return False
