"""OpenDropInModal: open today's drop-in with its hours and the volunteers present.

Volunteers are ticked from the names the drop-in screen offers (the users a supervisor may
list, else the user herself) with the hours each gave, and anyone else can be added as
``NOM=HEURES``. Returns the arguments of
``core.services.open_dropin`` (start, end, volunteers) or None; the drop-in screen makes the
call.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, time
from decimal import Decimal

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Label, Static

from core import services as svc
from core.errors import InputError
from tui import messages as M
from tui.text import fmt, long_day, plain
from tui.widgets.tick import Tick


@dataclass(frozen=True)
class Opening:
    """What the form asks ``open_dropin`` for."""

    starts_at: time | None
    ends_at: time | None
    volunteers: list[tuple[str, Decimal]]


class OpenDropInModal(ModalScreen[Opening | None]):
    """Hours, ticked volunteers with their hours, another volunteer; Ctrl+S opens."""

    DEFAULT_CSS = """
    OpenDropInModal { align: center middle; }
    OpenDropInModal > VerticalScroll {
        width: 76; max-width: 100%; height: auto; max-height: 100%;
        border: thick $primary; background: $surface; padding: 0 1;
    }
    OpenDropInModal #open-title { text-style: bold; }
    OpenDropInModal .hours { height: auto; }
    OpenDropInModal .hours Input { width: 14; }
    OpenDropInModal .hours Label { padding: 0 1 0 0; }
    OpenDropInModal .hours Input { margin-right: 2; }
    OpenDropInModal .volunteer { height: auto; }
    OpenDropInModal .volunteer Tick { width: 1fr; }
    OpenDropInModal .volunteer Input { width: 12; }
    OpenDropInModal #open-problem { color: $error; height: auto; }
    OpenDropInModal #open-buttons { height: auto; margin: 1 0; }
    OpenDropInModal Button { margin-right: 2; }
    """
    BINDINGS = [Binding("escape", "cancel", M.KEY_CANCEL), Binding("ctrl+s", "save", M.KEY_OPEN_DROPIN)]

    def __init__(self, day: date, names: list[str]) -> None:
        super().__init__()
        self.day, self.names = day, names

    def compose(self) -> ComposeResult:
        with VerticalScroll():
            yield Static(fmt(M.OPEN_DROPIN_TITLE, day=long_day(self.day)), id="open-title")
            with Horizontal(classes="hours"):
                yield Label(M.OPEN_DROPIN_START)
                yield Input(placeholder="HH:MM", id="open-start", compact=True)
                yield Label(M.OPEN_DROPIN_END)
                yield Input(placeholder="HH:MM", id="open-end", compact=True)
            yield Label(M.OPEN_DROPIN_VOLUNTEERS)
            for i, name in enumerate(self.names):
                with Horizontal(classes="volunteer"):
                    yield Tick(plain(name), id=f"vol-{i}")
                    yield Input("3", restrict=r"[0-9]*[.,]?[0-9]*", id=f"hours-{i}", compact=True)
            yield Label(M.OPEN_DROPIN_OTHER)
            yield Input(placeholder=M.OPEN_DROPIN_OTHER_HINT, id="open-other", compact=True)
            yield Static("", id="open-problem")
            with Horizontal(id="open-buttons"):
                yield Button(M.KEY_OPEN_DROPIN, id="open-save", variant="primary")
                yield Button(M.KEY_CANCEL, id="open-cancel")

    def on_mount(self) -> None:
        self.query_one("#open-start", Input).focus()

    @on(Button.Pressed)
    def pressed(self, event: Button.Pressed) -> None:
        self.action_save() if event.button.id == "open-save" else self.action_cancel()

    @on(Input.Submitted)
    def next_field(self, event: Input.Submitted) -> None:
        event.stop()
        self.focus_next()

    def action_cancel(self) -> None:
        self.dismiss(None)

    def action_save(self) -> None:
        try:
            opening = Opening(self._hour("#open-start"), self._hour("#open-end"), self._volunteers())
        except InputError as exc:
            self.query_one("#open-problem", Static).update(plain(exc.msg))
            return
        self.dismiss(opening)

    def _hour(self, selector: str) -> time | None:
        text = self.query_one(selector, Input).value.strip()
        try:
            return time.fromisoformat(text) if text else None
        except ValueError:
            raise InputError(M.OPEN_DROPIN_BAD_HOUR.format(value=text)) from None

    def _volunteers(self) -> list[tuple[str, Decimal]]:
        chosen = [f"{name}={self.query_one(f'#hours-{i}', Input).value}"
                  for i, name in enumerate(self.names) if self.query_one(f"#vol-{i}", Tick).value]
        other = self.query_one("#open-other", Input).value.strip()
        return [svc.parse_volunteer(v) for v in [*chosen, *([other] if other else [])]]
