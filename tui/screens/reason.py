"""ReasonModal: why a supervisor opens the restricted content of a person she does not follow.

An exceptional access (« accès exceptionnel »): the services open restricted facts and notes to
a supervisor of the person's delegation only with a typed reason, which the audit log keeps and
the review queue shows. One line of text; Entrée returns it (an empty one is refused here, the
rest is the service's to check), Échap cancels (None).
"""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, Label, Static

from core.text import MAX_REASON
from tui import messages as M


class ReasonModal(ModalScreen[str | None]):
    """One line of reason; Entrée confirms, Échap cancels."""

    AUTO_FOCUS = "#reason-text"
    DEFAULT_CSS = """
    ReasonModal { align: center middle; }
    ReasonModal > Vertical {
        width: 64; max-width: 98%; height: auto; border: thick $warning;
        background: $surface; padding: 0 1;
    }
    ReasonModal #reason-title { text-style: bold; }
    ReasonModal #reason-help { color: $text-muted; margin-bottom: 1; }
    ReasonModal #reason-problem { color: $error; height: auto; }
    """
    BINDINGS = [Binding("escape", "cancel", M.KEY_CANCEL)]

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static(M.REASON_TITLE, id="reason-title")
            yield Static(M.REASON_HELP, id="reason-help")
            yield Label(M.REASON_LABEL)
            yield Input(id="reason-text", max_length=MAX_REASON)
            yield Static("", id="reason-problem")

    @on(Input.Submitted)
    def submitted(self, event: Input.Submitted) -> None:
        event.stop()
        if event.value.strip():
            self.dismiss(event.value.strip())
        else:
            self.query_one("#reason-problem", Static).update(M.REASON_EMPTY)

    def action_cancel(self) -> None:
        self.dismiss(None)
