"""ReasonModal: why a supervisor opens the restricted content of a person she does not follow.

An exceptional access (« accès exceptionnel »): the services open restricted facts and notes to
a supervisor of the person's delegation only with a typed reason, which the audit log keeps and
the review queue shows. One line of text; Entrée or Ctrl+S returns it (an empty one is refused
here, the rest is the service's to check), Échap cancels (None).
"""

from __future__ import annotations

from textual.app import ComposeResult
from textual.content import Content
from textual.widgets import Input, Label

from core.services import MAX_REASON
from tui import messages as M
from tui.screens.form import FormModal, save_key


class ReasonModal(FormModal[str | None]):
    """One line of reason; Entrée confirms, Échap cancels."""

    TONE = "warning"
    HELP = M.REASON_HELP
    BINDINGS = [save_key(M.KEY_CONFIRM)]

    def heading(self) -> Content | str:
        return M.REASON_TITLE

    def fields(self) -> ComposeResult:
        yield Label(M.REASON_LABEL, classes="first")
        yield Input(id="reason-text", max_length=MAX_REASON)

    def action_save(self) -> None:
        text = self.query_one("#reason-text", Input).value.strip()
        if text:
            self.dismiss(text)
        else:
            self.problem(M.REASON_EMPTY, "#reason-text")
