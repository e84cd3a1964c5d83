"""ErrorModal: the one dialog that shows an error's French title and message, never a traceback."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.content import Content
from textual.widgets import Static

from core.services import ParcoursError
from tui import messages as M
from tui.screens.form import FormModal, key
from tui.text import plain


def describe(error: BaseException) -> tuple[str, str]:
    """Title and message to show for any error: the project's own, or a generic French one."""
    if isinstance(error, ParcoursError):
        return error.title, error.msg
    return M.UNEXPECTED_TITLE, M.UNEXPECTED.format(error=type(error).__name__)


class ErrorModal(FormModal[None]):
    """A French error message with its title; Entrée or Échap closes it."""

    TONE = "error"
    BINDINGS = [key("enter", "cancel", M.OK), key("escape", "cancel", M.KEY_CLOSE, show=False)]

    def __init__(self, error: BaseException) -> None:
        super().__init__()
        self.title_text, self.message = describe(error)

    def heading(self) -> Content | str:
        return self.title_text

    def fields(self) -> ComposeResult:
        yield Static(plain(self.message, one_line=False), id="error-message")

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        return action != "save"
