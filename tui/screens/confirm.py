"""ConfirmModal: a yes/no question; returns True only on an explicit "Oui"."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Static

from tui import messages as M
from tui.text import plain


class ConfirmModal(ModalScreen[bool]):
    """Ask a question; ``o`` or the Oui button confirms, ``n`` or Échap declines."""

    DEFAULT_CSS = """
    ConfirmModal { align: center middle; }
    ConfirmModal > Vertical {
        width: 60; max-width: 95%; height: auto; border: thick $warning;
        background: $surface; padding: 1 2;
    }
    ConfirmModal Horizontal { height: auto; margin-top: 1; }
    ConfirmModal Button { margin-right: 2; }
    """
    BINDINGS = [Binding("o", "answer(True)", M.YES), Binding("n,escape", "answer(False)", M.NO)]

    def __init__(self, question: str) -> None:
        super().__init__()
        self.question = question

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static(plain(self.question, one_line=False))
            with Horizontal():
                yield Button(M.YES, id="yes", variant="warning")
                yield Button(M.NO, id="no")

    def on_mount(self) -> None:
        self.query_one("#no", Button).focus()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        self.dismiss(event.button.id == "yes")

    def action_answer(self, answer: bool) -> None:
        self.dismiss(answer)
