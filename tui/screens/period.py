"""PeriodModal: the period of the activity report, a calendar year or two dates.

The year field comes filled with the period shown when it is a whole year. Two dates, when
given, win over the year. What cannot be read is said on the error line, the cursor on the
field; a period whose end precedes its start is the report service's to refuse. Returns
``(start, end)`` or None.
"""

from __future__ import annotations

from datetime import date

from textual import on
from textual.app import ComposeResult
from textual.content import Content
from textual.widgets import Input, Label

from core.services import InputError, parse_date
from tui import messages as M
from tui.screens.form import FormModal, save_key
from tui.text import day
from tui.workers import backend_of


def whole_year(start: date, end: date) -> int | None:
    """The year when the period is exactly one calendar year, else None."""
    if (start.month, start.day, end.month, end.day) == (1, 1, 12, 31) and start.year == end.year:
        return start.year
    return None


def parse_year(text: str) -> int:
    """A four-digit year; InputError otherwise."""
    value = text.strip()
    if not (len(value) == 4 and value.isdigit() and 1900 <= int(value) <= 2999):
        raise InputError(M.PERIOD_BAD_YEAR.format(value=value))
    return int(value)


class PeriodModal(FormModal[tuple[date, date] | None]):
    """Year, or from and to; Entrée moves on then chooses, Ctrl+S chooses, Échap cancels."""

    WIDTH = 56
    HELP = M.PERIOD_HELP
    BINDINGS = [save_key(M.KEY_CHOOSE)]

    def __init__(self, start: date, end: date) -> None:
        super().__init__()
        self.start, self.end = start, end

    def heading(self) -> Content | str:
        return M.PERIOD_TITLE

    def fields(self) -> ComposeResult:
        year = whole_year(self.start, self.end)
        yield Label(M.PERIOD_YEAR, classes="first")
        yield Input(str(year) if year else "", id="period-year", max_length=4, restrict=r"[0-9]*")
        yield Label(M.PERIOD_FROM)
        yield Input("" if year else day(self.start), placeholder=M.FORM_DATE_HINT, id="period-from")
        yield Label(M.PERIOD_TO)
        yield Input("" if year else day(self.end), placeholder=M.FORM_DATE_HINT, id="period-to")

    @on(Input.Submitted, "#period-year")
    def year_entered(self, event: Input.Submitted) -> None:
        event.stop()
        event.prevent_default()  # a year alone is a period: no need to go through the dates
        self.action_save() if event.value.strip() else self.focus_next()

    def action_save(self) -> None:
        first = self.query_one("#period-from", Input).value.strip()
        last = self.query_one("#period-to", Input).value.strip()
        try:
            if first or last:
                self.dismiss(self._dates(first, last))
            else:
                year = self._read(parse_year, self.query_one("#period-year", Input).value, "#period-year")
                self.dismiss((date(year, 1, 1), date(year, 12, 31)))
        except _Wrong as wrong:
            self.problem(wrong.message, wrong.field)

    def _dates(self, first: str, last: str) -> tuple[date, date]:
        if not first:
            raise _Wrong(M.PERIOD_BOTH_DATES, "#period-from")
        if not last:
            raise _Wrong(M.PERIOD_BOTH_DATES, "#period-to")
        today = backend_of(self).today()
        return (self._read(parse_date, first, "#period-from", today),
                self._read(parse_date, last, "#period-to", today))

    @staticmethod
    def _read(parse, text: str, field: str, *more):
        try:
            return parse(text, *more)
        except InputError as exc:
            raise _Wrong(exc.msg, field) from None


class _Wrong(Exception):
    """What cannot be read, and in which field."""

    def __init__(self, message: str, field: str) -> None:
        super().__init__(message)
        self.message, self.field = message, field
