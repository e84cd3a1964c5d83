"""Reading one cell of an imported sheet: text, dates, times, hours and counts.

Each reader takes the raw cell (text from a CSV, or the typed value a workbook gives) and
returns the value or raises :class:`CellError` with what is wrong, in French; the checker
adds the line and the column. A text cell that a spreadsheet could run as a formula
(starting with ``= + - @``, a tab or a carriage return) is refused (security.md §3).
"""

from __future__ import annotations

import re
from datetime import date, datetime, time
from decimal import Decimal, InvalidOperation
from typing import Any

from core import messages as M
from core.services.report_export import FORMULA_START

MAX_CELL = 200
MAX_NOTE = 5_000


def blank(value: Any) -> bool:
    """An empty cell: nothing, or only spaces."""
    return value is None or (isinstance(value, str) and not value.strip())


class CellError(Exception):
    """A cell's value is wrong; the message names the problem, the caller says where."""


def text_cell(value: Any, limit: int = MAX_CELL) -> str:
    """A text cell, trimmed; refused when a spreadsheet would run it as a formula."""
    if value is None:
        return ""
    raw = value if isinstance(value, str) else _number_text(value)
    if raw.startswith(FORMULA_START):
        raise CellError(M.IMPORT_FORMULA.format(sign=_sign(raw[0])))
    text = raw.strip()
    if len(text) > limit:
        raise CellError(M.IMPORT_TOO_LONG.format(length=len(text), limit=limit))
    return text


def _sign(char: str) -> str:
    return {"\t": "tabulation", "\r": "retour chariot"}.get(char, char)


def _number_text(value: Any) -> str:
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def date_cell(value: Any, today: date) -> date | None:
    """``JJ/MM/AAAA`` (or ``AAAA-MM-JJ``, or a spreadsheet date); never in the future."""
    if blank(value):
        return None
    if isinstance(value, datetime):
        value = value.date()
    if not isinstance(value, date):
        value = _parse_date(str(value).strip())
    if value > today:
        raise CellError(M.IMPORT_FUTURE_DATE.format(value=value.strftime("%d/%m/%Y")))
    return value


def _parse_date(text: str) -> date:
    found = re.fullmatch(r"(\d{1,2})/(\d{1,2})/(\d{4})", text)
    iso = re.fullmatch(r"(\d{4})-(\d{2})-(\d{2})", text)
    try:
        if found:
            return date(int(found[3]), int(found[2]), int(found[1]))
        if iso:
            return date(int(iso[1]), int(iso[2]), int(iso[3]))
    except ValueError:
        pass
    raise CellError(M.IMPORT_BAD_DATE.format(value=text))


def time_cell(value: Any) -> time | None:
    """``13:30``, ``13h30``, ``13h`` or a spreadsheet time."""
    if blank(value):
        return None
    if isinstance(value, datetime):
        return value.time().replace(second=0, microsecond=0)
    if isinstance(value, time):
        return value.replace(second=0, microsecond=0)
    text = str(value).strip().lower()
    found = re.fullmatch(r"(\d{1,2})\s*[:h]\s*(\d{2})?(?::\d{2})?", text)
    if found and int(found[1]) < 24 and int(found[2] or 0) < 60:
        return time(int(found[1]), int(found[2] or 0))
    raise CellError(M.IMPORT_BAD_TIME.format(value=value))


def hours_cell(value: Any) -> Decimal | None:
    """Hours given by a volunteer: more than 0, at most 24, with a decimal comma or point."""
    if blank(value):
        return None
    try:
        amount = Decimal(str(value).strip().replace(",", "."))
    except InvalidOperation:
        amount = Decimal(-1)
    if not amount.is_finite() or not 0 < amount <= 24:
        raise CellError(M.IMPORT_BAD_HOURS.format(value=value))
    return amount.quantize(Decimal("0.01"))


def count_cell(value: Any) -> int | None:
    """A whole number of anonymous visitors, at least 1."""
    if blank(value):
        return None
    try:
        number = Decimal(str(value).strip())
    except InvalidOperation:
        number = Decimal(0)
    if not number.is_finite() or number != number.to_integral_value() or not 1 <= number <= 10_000:
        raise CellError(M.IMPORT_BAD_COUNT.format(value=value))
    return int(number)
