"""ConfirmModal: a yes/no question; returns True only on an explicit "Oui"."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.content import Content
from textual.widgets import Static

from tui import messages as M
from tui.screens.form import FormModal, key
from tui.text import plain


class ConfirmModal(FormModal[bool]):
    """Ask a question; ``o`` confirms, ``n`` or Échap declines (the safe answer)."""

    WIDTH = 64
    TONE = "warning"
    BINDINGS = [key("o", "answer(True)", M.YES), key("n", "answer(False)", M.NO),
                key("escape", "cancel", M.NO, show=False)]  # "n Non" says it

    def __init__(self, question: str) -> None:
        super().__init__()
        self.question = question

    def heading(self) -> Content | str:
        return M.CONFIRM_TITLE

    def fields(self) -> ComposeResult:
        yield Static(plain(self.question, one_line=False), id="confirm-question")

    def cancelled_result(self) -> bool:
        return False

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        return action != "save"  # nothing to save: Ctrl+S is not offered

    def action_answer(self, answer: bool) -> None:
        self.dismiss(answer)
