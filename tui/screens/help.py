"""HelpScreen: the keys and the main uses, in French."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Static

from tui import messages as M


class HelpScreen(ModalScreen[None]):
    """The help text; Échap, Entrée or F1 closes it."""

    DEFAULT_CSS = """
    HelpScreen { align: center middle; }
    HelpScreen > VerticalScroll {
        width: 90; max-width: 100%; height: 100%; max-height: 100%;
        border: thick $primary; background: $surface; padding: 0 1;
    }
    HelpScreen #help-title { text-style: bold; }
    """
    BINDINGS = [Binding("escape,enter,f1,q", "close", M.KEY_BACK)]

    def compose(self) -> ComposeResult:
        with VerticalScroll():
            yield Static(Content(M.HELP_TITLE), id="help-title")
            yield Static(Content(M.HELP_TEXT), id="help-text")

    def action_close(self) -> None:
        self.dismiss(None)
