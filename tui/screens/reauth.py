"""ReauthModal: type the password again before restricted content opens (récit, complaint).

Small on purpose: a help line, one password field, the refusal on the error line. Entrée
calls :func:`core.services.reauthenticate` in a worker (a wrong password counts, and the
service ends the session after too many: the app then goes back to sign-in); Échap cancels.
Returns True once the password is confirmed, else False; the caller reloads.
"""

from __future__ import annotations

from textual import on, work
from textual.app import ComposeResult
from textual.content import Content
from textual.message import Message
from textual.widgets import Input, Label

from tui import messages as M
from tui.screens.form import FormModal, save_key
from tui.workers import READ_GROUP, backend_of


class ReauthModal(FormModal[bool]):
    """One password field; Entrée confirms, Échap cancels."""

    TONE = "warning"
    HELP = M.REAUTH_HELP
    BINDINGS = [save_key(M.KEY_CONFIRM)]

    class Wrong(Message):
        def __init__(self, text: str) -> None:
            super().__init__()
            self.text = text

    class Confirmed(Message):
        pass

    def heading(self) -> Content | str:
        return M.REAUTH_TITLE

    def fields(self) -> ComposeResult:
        yield Label(M.SIGNIN_PASSWORD, classes="first")
        yield Input(id="reauth-password", password=True)

    def cancelled_result(self) -> bool:
        return False

    def action_save(self) -> None:
        box = self.query_one("#reauth-password", Input)
        if box.value:
            self.confirm(box.value)
            box.clear()  # a password is never kept on screen, even after a refusal

    @work(thread=True, exclusive=True, exit_on_error=False, group=READ_GROUP)
    def confirm(self, password: str) -> None:
        refusal = backend_of(self).confirm_password(password)
        self.post_message(self.Wrong(refusal) if refusal else self.Confirmed())

    @on(Wrong)
    def wrong(self, message: Wrong) -> None:
        self.problem(message.text, "#reauth-password")

    @on(Confirmed)
    def confirmed(self) -> None:
        self.dismiss(True)
