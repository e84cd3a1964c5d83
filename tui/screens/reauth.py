"""ReauthModal: type the password again before restricted content opens (récit, complaint).

Small on purpose, like the other dialogs: a help line, one password field, the refusal under
it. Entrée calls :func:`core.services.reauthenticate` in a worker (a wrong password counts,
and the service ends the session after too many: the app then goes back to sign-in); Échap
cancels. Returns True once the password is confirmed, else False; the caller reloads.
"""

from __future__ import annotations

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.message import Message
from textual.screen import ModalScreen
from textual.widgets import Input, Label, Static

from tui import messages as M
from tui.text import plain
from tui.workers import READ_GROUP, WorkerErrors, backend_of


class ReauthModal(WorkerErrors, ModalScreen[bool]):
    """One password field; Entrée confirms, Échap cancels."""

    AUTO_FOCUS = "#reauth-password"
    DEFAULT_CSS = """
    ReauthModal { align: center middle; }
    ReauthModal > Vertical {
        width: 64; max-width: 98%; height: auto; border: thick $warning;
        background: $surface; padding: 0 1;
    }
    ReauthModal #reauth-title { text-style: bold; }
    ReauthModal #reauth-help { color: $text-muted; margin-bottom: 1; }
    ReauthModal #reauth-problem { color: $error; height: auto; }
    """
    BINDINGS = [Binding("escape", "cancel", M.KEY_CANCEL)]

    class Refused(Message):
        def __init__(self, text: str) -> None:
            super().__init__()
            self.text = text

    class Confirmed(Message):
        pass

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static(M.REAUTH_TITLE, id="reauth-title")
            yield Static(M.REAUTH_HELP, id="reauth-help")
            yield Label(M.SIGNIN_PASSWORD)
            yield Input(id="reauth-password", password=True)
            yield Static("", id="reauth-problem")

    @on(Input.Submitted)
    def submitted(self, event: Input.Submitted) -> None:
        event.stop()
        if event.value:
            self.confirm(event.value)
            event.input.clear()

    @work(thread=True, exclusive=True, exit_on_error=False, group=READ_GROUP)
    def confirm(self, password: str) -> None:
        refusal = backend_of(self).confirm_password(password)
        self.post_message(self.Refused(refusal) if refusal else self.Confirmed())

    @on(Refused)
    def refused(self, message: Refused) -> None:
        self.query_one("#reauth-problem", Static).update(plain(message.text))

    @on(Confirmed)
    def confirmed(self) -> None:
        self.dismiss(True)

    def action_cancel(self) -> None:
        self.dismiss(False)
