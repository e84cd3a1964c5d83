"""Reading one cell of an imported sheet: text, dates, times, hours and counts.

Each reader takes the raw cell (text from a CSV, or the typed value a workbook gives) and
returns the value or raises :class:`CellError` with what is wrong, in French; the checker
adds the line and the column. Every text cell, whatever the file's format, is trimmed, then
refused when a spreadsheet could run it as a formula (starting with ``= + - @``: `` =1+1``
too), when it looks converted twice between encodings (``ZoÃ©``), or when the text gate
refuses it (:mod:`core.text`: control characters, bidirectional overrides, NFC), or holds
the replacement character ``�`` (something was lost decoding it). Dates,
times and numbers are ASCII digits only, in plausible years.
"""

from __future__ import annotations

import re
from datetime import date, datetime, time
from decimal import Decimal, InvalidOperation
from typing import Any

from core import messages as M
from core.engine.facts import parse_date
from core.errors import InputError
from core.services.app import EARLIEST_RECORD
from core.services.report_export import FORMULA_START, LEADING_BLANKS
from core.text import clean_block, clean_line, clean_name

MAX_CELL = 200
MAX_NOTE = 5_000
_CP1252_HIGH = "€‚ƒ„…†‡ˆ‰Š‹ŒŽ‘’“”•–—˜™š›œžŸ"
MOJIBAKE = re.compile(f"[ÂÃ][\u0080-\u00bf{_CP1252_HIGH}]|â€[\u0080-\u00bf{_CP1252_HIGH}]")
"""UTF-8 read as Windows-1252 or Latin-1: ``é`` became ``Ã©``, ``«`` ``Â«``, ``’`` ``â€™``.
No French text holds these pairs."""


def blank(value: Any) -> bool:
    """An empty cell: nothing, or only spaces."""
    return value is None or (isinstance(value, str) and not value.strip())


class CellError(Exception):
    """A cell's value is wrong; the message names the problem, the caller says where."""


def text_cell(value: Any, limit: int = MAX_CELL, *, block: bool = False) -> str:
    """A text cell as stored (see the module docstring); ``block`` keeps line breaks."""
    if value is None:
        return ""
    raw = value if isinstance(value, str) else _number_text(value)
    text = raw.strip()
    # Spaces before « = » do not stop a spreadsheet; and what stripping removes (a line break,
    # U+2028, a C1 control) must not leave a formula in what is stored: « \n=1+1 » was « =1+1 ».
    for start in (raw.lstrip(LEADING_BLANKS), text):
        if start.startswith(FORMULA_START):
            raise CellError(M.IMPORT_FORMULA.format(sign=_sign(start[0])))
    if len(text) > limit:
        raise CellError(M.IMPORT_TOO_LONG.format(length=len(text), limit=limit))
    found = MOJIBAKE.search(text)
    if found:
        raise CellError(M.IMPORT_MOJIBAKE.format(sample=found.group()))
    if "\ufffd" in text:  # a reader or an earlier conversion could not decode something
        raise CellError(M.IMPORT_REPLACEMENT_CHARACTER)
    try:
        return (clean_block if block else clean_line)(text, limit=limit)
    except InputError as exc:
        raise CellError(_fragment(exc.msg)) from None


def name_cell(value: Any) -> str:
    """A person's name in a cell (a volunteer): a text cell the name gate takes."""
    text = text_cell(value)
    if not text:
        return ""
    try:
        return clean_name(text, limit=MAX_CELL)
    except InputError as exc:
        raise CellError(_fragment(exc.msg)) from None


def _fragment(message: str) -> str:
    """A gate's sentence as the checker words a cell's problem (after « ligne N, colonne »)."""
    return message[:1].lower() + message[1:].rstrip(".")


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
        raise CellError(M.IMPORT_FUTURE_DATE.format(value=M.short_date(value)))
    if value < EARLIEST_RECORD:  # as the services refuse it (``App.occurred``)
        raise CellError(M.IMPORT_OLD_DATE.format(value=M.short_date(value),
                                                 first=EARLIEST_RECORD.year))
    return value


def _parse_date(text: str) -> date:
    """``JJ/MM/AAAA`` or ``AAAA-MM-JJ`` in ASCII digits (:func:`core.engine.facts.parse_date`)."""
    try:
        return parse_date(text)
    except InputError:
        raise CellError(M.IMPORT_BAD_DATE.format(value=text[:40])) from None


def time_cell(value: Any) -> time | None:
    """``13:30``, ``13h30``, ``13h`` or a spreadsheet time."""
    if blank(value):
        return None
    if isinstance(value, datetime):
        return value.time().replace(second=0, microsecond=0)
    if isinstance(value, time):
        return value.replace(second=0, microsecond=0)
    text = str(value).strip().lower()
    found = re.fullmatch(r"([0-9]{1,2}) *[:h] *([0-9]{2})?(?::[0-9]{2})?", text)
    if found and int(found[1]) < 24 and int(found[2] or 0) < 60:
        return time(int(found[1]), int(found[2] or 0))
    raise CellError(M.IMPORT_BAD_TIME.format(value=value))


def hours_cell(value: Any) -> Decimal | None:
    """Hours given by a volunteer: more than 0, at most 24, with a decimal comma or point, or
    ``4h``, ``2h30`` as ``--volunteer`` reads them."""
    if blank(value):
        return None
    from core.services.dropins import parse_hours
    amount = parse_hours(str(value))
    if amount is None:
        raise CellError(M.IMPORT_BAD_HOURS.format(value=value))
    return amount


def count_cell(value: Any) -> int | None:
    """A whole number of anonymous visitors, at least 1."""
    if blank(value):
        return None
    try:
        number = Decimal(_ascii(value))
    except InvalidOperation:
        number = Decimal(0)
    if not number.is_finite() or number != number.to_integral_value() or not 1 <= number <= 10_000:
        raise CellError(M.IMPORT_BAD_COUNT.format(value=value))
    return int(number)


def _ascii(value: Any) -> str:
    """A number cell's text; ``Decimal`` would read other scripts' digits (``٣``), not we."""
    text = str(value).strip()
    if not text.isascii():
        raise InvalidOperation(text)
    return text
