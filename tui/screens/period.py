"""PeriodModal: the period of the activity report, a calendar year or two dates.

The year field comes filled with the period shown when it is a whole year. Two dates, when
given, win over the year. What cannot be read is said under the form; a period whose end
precedes its start is the report service's to refuse. Returns ``(start, end)`` or None.
"""

from __future__ import annotations

from datetime import date

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Label, Static

from core.engine.facts import parse_date
from core.errors import InputError
from tui import messages as M
from tui.text import day, plain, show_or_hide


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


class PeriodModal(ModalScreen[tuple[date, date] | None]):
    """Year, or from and to; Entrée moves on then chooses, Ctrl+S chooses, Échap cancels."""

    DEFAULT_CSS = """
    PeriodModal { align: center middle; }
    PeriodModal > Vertical {
        width: 56; max-width: 98%; height: auto; border: thick $primary;
        background: $surface; padding: 0 1;
    }
    PeriodModal #period-title { text-style: bold; }
    PeriodModal #period-help { color: $text-muted; margin-bottom: 1; }
    PeriodModal #period-problem { color: $error; height: auto; }
    PeriodModal Horizontal { height: auto; margin-top: 1; }
    PeriodModal Button { margin-right: 2; }
    """
    BINDINGS = [Binding("escape", "cancel", M.KEY_CANCEL), Binding("ctrl+s", "save", M.KEY_CHOOSE)]

    def __init__(self, start: date, end: date) -> None:
        super().__init__()
        self.start, self.end = start, end

    def compose(self) -> ComposeResult:
        year = whole_year(self.start, self.end)
        with Vertical():
            yield Static(M.PERIOD_TITLE, id="period-title")
            yield Static(M.PERIOD_HELP, id="period-help")
            yield Label(M.PERIOD_YEAR)
            yield Input(str(year) if year else "", id="period-year", max_length=4,
                        restrict=r"[0-9]*")
            yield Label(M.PERIOD_FROM)
            yield Input("" if year else day(self.start), placeholder=M.FORM_DATE_HINT,
                        id="period-from")
            yield Label(M.PERIOD_TO)
            yield Input("" if year else day(self.end), placeholder=M.FORM_DATE_HINT,
                        id="period-to")
            problem = Static("", id="period-problem")
            problem.display = False
            yield problem
            with Horizontal():
                yield Button(M.KEY_CHOOSE, id="period-save", variant="primary")
                yield Button(M.KEY_CANCEL, id="period-cancel")

    def on_mount(self) -> None:
        self.query_one("#period-year", Input).focus()

    @on(Input.Submitted)
    def next_field(self, event: Input.Submitted) -> None:
        event.stop()
        if event.input.id == "period-year" and event.value.strip() or event.input.id == "period-to":
            self.action_save()
        else:
            self.focus_next()

    @on(Button.Pressed)
    def pressed(self, event: Button.Pressed) -> None:
        self.action_save() if event.button.id == "period-save" else self.action_cancel()

    def action_cancel(self) -> None:
        self.dismiss(None)

    def action_save(self) -> None:
        try:
            period = self._period()
        except InputError as exc:
            show_or_hide(self.query_one("#period-problem", Static), plain(exc.msg))
            return
        self.dismiss(period)

    def _period(self) -> tuple[date, date]:
        first = self.query_one("#period-from", Input).value.strip()
        last = self.query_one("#period-to", Input).value.strip()
        if first or last:
            if not (first and last):
                raise InputError(M.PERIOD_BOTH_DATES)
            return parse_date(first), parse_date(last)
        year = parse_year(self.query_one("#period-year", Input).value)
        return date(year, 1, 1), date(year, 12, 31)
