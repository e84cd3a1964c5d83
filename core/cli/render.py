"""Printing results: JSON for programs, short French text for people.

Every user string is printed as given; nothing here interprets markup.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from typing import Any

import click
from pydantic_core import to_jsonable_python


def to_data(value: Any) -> Any:
    """Pydantic models, dates and containers of them as JSON-ready data (one date format)."""
    return to_jsonable_python(value)


def emit_json(value: Any) -> None:
    click.echo(json.dumps(to_data(value), ensure_ascii=False, indent=2, default=str))


def table(headers: Sequence[str], rows: Iterable[Sequence[Any]]) -> None:
    """A plain aligned table; empty cells for None."""
    cells = [[("" if c is None else str(c)) for c in row] for row in rows]
    widths = [max([len(h), *(len(r[i]) for r in cells)]) for i, h in enumerate(headers)]
    click.echo("  ".join(h.ljust(w) for h, w in zip(headers, widths, strict=True)).rstrip())
    for row in cells:
        click.echo("  ".join(c.ljust(w) for c, w in zip(row, widths, strict=True)).rstrip())


def line(text: str) -> None:
    click.echo(text)
