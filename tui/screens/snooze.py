"""SnoozeModal: until when, and why, a review item leaves the queue (``core.services.snooze``).

A date (``JJ/MM/AAAA`` or ``AAAA-MM-JJ``) and a reason. A date that cannot be read is said
under its field; the rest (a date not after today, an empty reason) is the service's to
refuse, in the error dialog. Returns a :class:`Snooze`, or None when cancelled; the review
screen makes the call.
"""

from __future__ import annotations

from dataclasses import dataclass
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
from tui.text import fmt, plain, show_or_hide


@dataclass(frozen=True)
class Snooze:
    """What ``snooze`` needs besides the item."""

    until: date
    reason: str


class SnoozeModal(ModalScreen[Snooze | None]):
    """Date and reason; Entrée moves on then records, Ctrl+S records, Échap cancels."""

    DEFAULT_CSS = """
    SnoozeModal { align: center middle; }
    SnoozeModal > Vertical {
        width: 64; max-width: 98%; height: auto; border: thick $primary;
        background: $surface; padding: 0 1;
    }
    SnoozeModal #snooze-title { text-style: bold; }
    SnoozeModal #snooze-help { color: $text-muted; margin-bottom: 1; }
    SnoozeModal #snooze-problem { color: $error; height: auto; }
    SnoozeModal Horizontal { height: auto; margin-top: 1; }
    SnoozeModal Button { margin-right: 2; }
    """
    BINDINGS = [Binding("escape", "cancel", M.KEY_CANCEL), Binding("ctrl+s", "save", M.KEY_SAVE)]

    def __init__(self, alias: str) -> None:
        super().__init__()
        self.alias = alias

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static(fmt(M.SNOOZE_TITLE, alias=self.alias), id="snooze-title")
            yield Static(M.SNOOZE_HELP, id="snooze-help")
            yield Label(M.SNOOZE_UNTIL)
            yield Input(placeholder=M.FORM_DATE_HINT, id="snooze-until")
            problem = Static("", id="snooze-problem")
            problem.display = False
            yield problem
            yield Label(M.SNOOZE_REASON)
            yield Input(id="snooze-reason", max_length=500)
            with Horizontal():
                yield Button(M.KEY_SAVE, id="snooze-save", variant="primary")
                yield Button(M.KEY_CANCEL, id="snooze-cancel")

    def on_mount(self) -> None:
        self.query_one("#snooze-until", Input).focus()

    @on(Input.Submitted)
    def next_field(self, event: Input.Submitted) -> None:
        event.stop()
        if event.input.id == "snooze-reason":
            self.action_save()
        else:
            self.focus_next()

    @on(Button.Pressed)
    def pressed(self, event: Button.Pressed) -> None:
        self.action_save() if event.button.id == "snooze-save" else self.action_cancel()

    def action_cancel(self) -> None:
        self.dismiss(None)

    def action_save(self) -> None:
        text = self.query_one("#snooze-until", Input).value.strip()
        problem = self.query_one("#snooze-problem", Static)
        try:
            until = parse_date(text)
        except InputError as exc:
            show_or_hide(problem, plain(exc.msg))
            self.query_one("#snooze-until", Input).focus()
            return
        show_or_hide(problem, "")
        self.dismiss(Snooze(until, self.query_one("#snooze-reason", Input).value))
