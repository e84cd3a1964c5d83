"""ErrorModal: the one dialog that shows an error's French title and message, never a traceback."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Static

from core.errors import ParcoursError
from tui import messages as M
from tui.text import fmt, plain


def describe(error: BaseException) -> tuple[str, str]:
    """Title and message to show for any error: the project's own, or a generic French one."""
    if isinstance(error, ParcoursError):
        return error.title, error.msg
    return M.UNEXPECTED_TITLE, M.UNEXPECTED.format(error=type(error).__name__)


class ErrorModal(ModalScreen[None]):
    """A French error message with its title; Entrée or Échap closes it."""

    DEFAULT_CSS = """
    ErrorModal { align: center middle; }
    ErrorModal > Vertical {
        width: 64; max-width: 95%; height: auto; max-height: 90%;
        border: thick $error; background: $surface; padding: 1 2;
    }
    ErrorModal #error-title { text-style: bold; color: $error; margin-bottom: 1; }
    ErrorModal Button { margin-top: 1; }
    """
    BINDINGS = [Binding("escape,enter", "close", M.OK)]

    def __init__(self, error: BaseException) -> None:
        super().__init__()
        self.title_text, self.message = describe(error)

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static(plain(self.title_text), id="error-title")
            yield Static(plain(self.message, one_line=False), id="error-message")
            yield Button(fmt(M.OK), id="error-ok", variant="error")

    def on_mount(self) -> None:
        self.query_one(Button).focus()

    def on_button_pressed(self) -> None:
        self.dismiss(None)

    def action_close(self) -> None:
        self.dismiss(None)
