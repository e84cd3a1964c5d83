"""Printing results: JSON for programs, short French text for people.

Nothing here interprets markup, and nothing reaches the terminal that it could act on: text
typed by someone else (an alias, a note, a name in an error message) may hold escape
sequences (OSC 52 writes the clipboard, others retitle the window or hide text) or
bidirectional overrides that make a line read differently from what it holds. :func:`safe`
shows such characters as visible escapes (``\\x1b``, ``\\u202e``) in every printed line, in
tables, in JSON and in error messages.
"""

from __future__ import annotations

import json
import re
import shutil
import sys
import textwrap
from collections.abc import Iterable, Sequence
from datetime import date, datetime
from typing import Any

import click

from core import messages as M

_UNSAFE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069"
                     "\ud800-\udfff]")
"""C0 controls but tab and newline, DEL, C1 controls, bidirectional marks and overrides, lone
surrogates (a file name in an undecodable encoding; printing one would fail)."""
MAX_ERROR = 2_000
"""An error longer than this is cut: it quotes something someone typed, not a text to read."""


def _escape(found: re.Match[str]) -> str:
    code = ord(found.group())
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def safe(text: str) -> str:
    """``text`` with every character a terminal could act on shown as a visible escape."""
    return _UNSAFE.sub(_escape, text)


def to_data(value: Any) -> Any:
    """Pydantic models, dates and containers of them as JSON-ready data (one date format)."""
    from pydantic_core import to_jsonable_python  # not on the interface's path to its paint
    return to_jsonable_python(value)


def emit_json(value: Any) -> None:
    # json escapes C0 controls itself; C1 and bidirectional controls and lone surrogates become
    # \\u escapes here as well.
    click.echo(_json_safe(json_text(value)))


def _json_safe(text: str) -> str:
    return _UNSAFE.sub(lambda m: f"\\u{ord(m.group()):04x}", text)


class JsonItems:
    """``{"items": [...], ...}`` (or another key than ``items``) written piece by piece:
    the same text :func:`emit_json` writes for the whole object, without ever holding every
    item (an export of a national listing: hundreds of thousands of them, gigabytes once
    described).

    Give each piece of items to :meth:`piece` as they come, then the object's other keys to
    :meth:`close`. One difference is possible, in numbers only: a piece holding a lone
    surrogate takes the standard library's encoder (:func:`json_text`), which writes
    ``1e-07`` where Pydantic's writes ``1e-7`` (the listings streamed hold no float).
    """

    def __init__(self, key: str = "items") -> None:
        self._head = '{\n  "%s": [' % key
        self._written = False

    def piece(self, items: Sequence[Any]) -> None:
        """Write ``items`` (the next ones of the list)."""
        if not items:
            return
        # "[\n  item,\n  item\n]" indented one level deeper, as inside the object: no
        # JSON string holds a raw newline, so every newline starts a line of the layout.
        inner = json_text(list(items))[1:-2].replace("\n", "\n  ")
        click.echo(_json_safe(("," if self._written else self._head) + inner), nl=False)
        self._written = True

    def close(self, rest: dict[str, Any]) -> None:
        """End the list, then write the object's other keys (``next``, ``counts``...)."""
        click.echo("\n  ]" if self._written else self._head + "]", nl=False)
        tail = json_text(rest)
        click.echo(_json_safe(",\n" + tail[2:] if rest else "\n}"))


def json_text(value: Any) -> str:
    """``value`` as indented JSON, the same text as ``json.dumps(to_data(value), indent=2)``.

    Pydantic's serializer writes it (the standard library's indented encoder is pure Python:
    2.3 s of the 126,000 deadlines of ``deadlines --json`` at 100,000 persons, against 0.9 s
    here with the conversion); a lone surrogate (an undecodable file name), which it refuses
    to encode, takes the standard library's path.
    """
    from pydantic_core import PydanticSerializationError, to_json
    try:
        return to_json(value, indent=2, fallback=str).decode()
    except PydanticSerializationError:
        return json.dumps(to_data(value), ensure_ascii=False, indent=2, default=str)


def _cell(value: Any) -> str:
    """A table cell as people read it: empty for None, « oui »/« non », a day in figures the
    French way (``JJ/MM/AAAA``, as every sentence says it; the JSON keeps ISO dates)."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return M.EXPORT_YES_NO[value]
    if isinstance(value, date) and not isinstance(value, datetime):
        return M.short_date(value)
    return safe(str(value))


_ISO_DAY = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")


def fact_cell(value: Any) -> Any:
    """A recorded fact as the interface shows it: a date kept as ``AAAA-MM-JJ`` text in
    figures the French way, a list joined (other values as :func:`_cell` writes them)."""
    if isinstance(value, str) and _ISO_DAY.fullmatch(value):
        try:
            return date.fromisoformat(value)
        except ValueError:
            return value
    if isinstance(value, list | tuple):
        return ", ".join(_cell(fact_cell(v)) for v in value)
    return value


def terminal_width() -> int | None:
    """The width of the terminal the output goes to; None when it goes to a file or a pipe
    (what a script reads keeps one line per row)."""
    return shutil.get_terminal_size().columns if sys.stdout.isatty() else None


def _fitted(widths: list[int], room: int | None, narrowest: list[int]) -> list[int]:
    """``widths`` narrowed, the widest first, until the row fits in ``room`` characters, none
    below its ``narrowest`` (its longest word: a word, a date or an id is never cut, and a
    table that cannot fit without cutting one stays wider)."""
    fitted = list(widths)
    if room is None:
        return fitted
    while sum(fitted) + 2 * (len(fitted) - 1) > room:
        narrower = [i for i, w in enumerate(fitted) if w > narrowest[i]]
        if not narrower:
            break
        fitted[max(narrower, key=lambda i: fitted[i])] -= 1
    return fitted


def table(headers: Sequence[str], rows: Iterable[Sequence[Any]]) -> None:
    """A plain aligned table (cells as :func:`_cell` writes them). On a terminal too narrow
    for it, the widest columns are narrowed and their cells wrapped, word by word, on the next
    lines: at 80 columns the terminal itself wrapped each row, and the columns ran into each
    other."""
    cells = [[_cell(c) for c in row] for row in rows]
    widths = [max([len(h), *(len(r[i]) for r in cells)]) for i, h in enumerate(headers)]
    narrowest = [max((len(word) for text in (h, *(r[i] for r in cells)) for word in text.split()),
                     default=1) for i, h in enumerate(headers)]
    widths = _fitted(widths, terminal_width(), narrowest)
    for row in [list(headers), *cells]:
        wrapped = [textwrap.wrap(c, w, break_long_words=False) or [""] if len(c) > w else [c]
                   for c, w in zip(row, widths, strict=True)]
        for n in range(max(len(lines) for lines in wrapped)):
            click.echo("  ".join((lines[n] if n < len(lines) else "").ljust(w)
                                 for lines, w in zip(wrapped, widths, strict=True)).rstrip())


def line(text: str) -> None:
    click.echo(safe(M.sentence(text)))


def error(text: str) -> None:
    """One line on stderr, made safe like every other, and of a readable length."""
    shown = safe(text)
    click.echo(shown if len(shown) <= MAX_ERROR else shown[:MAX_ERROR - 1] + "…", err=True)
