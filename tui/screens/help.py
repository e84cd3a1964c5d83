"""HelpScreen: the keys and the main uses, in French."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.content import Content
from textual.widgets import Static

from tui import messages as M
from tui.screens.form import FormModal, key


class HelpScreen(FormModal[None]):
    """The help text; Échap, Entrée or F1 closes it."""

    WIDTH = 90
    DEFAULT_CSS = """
    HelpScreen #form-box { height: 100%; }
    HelpScreen #form-body { height: 1fr; }
    """
    BINDINGS = [key("escape,enter,f1,q", "cancel", M.KEY_BACK)]

    def heading(self) -> Content | str:
        return M.HELP_TITLE

    def fields(self) -> ComposeResult:
        yield Static(Content(M.HELP_TEXT), id="help-text")

    def first_field(self) -> None:
        self.query_one("#form-body").focus()
        return None

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        return action != "save"
