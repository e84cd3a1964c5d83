"""LockScreen: what covers everything after a few idle minutes, until the password is typed.

Opaque, over every other screen and dialog (which stay as they were underneath), it shows no
personal data: no alias, no name, not even the user's own; the title is a constant. It asks
for the password again through :func:`core.services.reauthenticate`, which also keeps the
session alive; a wrong password counts, and the service ends the session after too many (the
app then goes back to the sign-in screen). "Changer d'utilisateur" signs out instead, for a
colleague sitting down at the same terminal. The panic key still works over it
(``ParcoursApp.check_action`` allows only that, quitting and signing out while locked).
"""

from __future__ import annotations

from textual import on, work
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.message import Message
from textual.screen import Screen
from textual.widgets import Button, Footer, Header, Input, Label, Static
from textual.worker import Worker, WorkerState

from core.services import MINUTES, NotAuthenticated, plural
from tui import messages as M
from tui.screens.error import describe
from tui.text import fmt, plain
from tui.workers import READ_GROUP, WorkerErrors, app_of, backend_of


class LockScreen(WorkerErrors, Screen[None]):
    """A password field; Entrée unlocks."""

    TITLE = M.LOCK_TITLE
    AUTO_FOCUS = "#lock-password"
    DEFAULT_CSS = """
    LockScreen { align: center middle; background: $background; }
    LockScreen #lock-box {
        width: 64; max-width: 100%; height: auto; border: round $primary; padding: 0 1;
    }
    LockScreen #lock-help { margin-bottom: 1; }
    LockScreen #lock-message { height: auto; color: $error; }
    LockScreen Horizontal { height: auto; margin-top: 1; }
    LockScreen Button { margin-right: 2; }
    """

    class Refused(Message):
        def __init__(self, text: str) -> None:
            super().__init__()
            self.text = text

    class Confirmed(Message):
        pass

    def __init__(self, idle_minutes: int | None = None) -> None:
        """``idle_minutes``: after how long it locked by itself (None: locked on request)."""
        super().__init__()
        self.idle_minutes = idle_minutes

    def compose(self) -> ComposeResult:
        yield Header()
        with Vertical(id="lock-box"):
            yield Static(fmt(M.LOCK_HELP, minutes=self.idle_minutes,
                             unit=plural(self.idle_minutes, *MINUTES)) if self.idle_minutes
                         else M.LOCK_HELP_ASKED, id="lock-help")
            yield Label(M.SIGNIN_PASSWORD)
            yield Input(id="lock-password", password=True)
            yield Static("", id="lock-message")
            with Horizontal():
                yield Button(M.KEY_UNLOCK, id="lock-unlock", variant="primary")
                yield Button(M.KEY_SWITCH_USER, id="lock-switch")
        yield Footer(compact=True)

    @on(Input.Submitted, "#lock-password")
    def submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self._unlock()

    @on(Button.Pressed)
    def pressed(self, event: Button.Pressed) -> None:
        event.stop()
        if event.button.id == "lock-switch":
            app_of(self).action_switch_user()
        else:
            self._unlock()

    def _unlock(self) -> None:
        field = self.query_one("#lock-password", Input)
        if field.value:
            self.confirm(field.value)
            field.clear()

    @work(thread=True, exclusive=True, exit_on_error=False, group=READ_GROUP)
    def confirm(self, password: str) -> None:
        refusal = backend_of(self).confirm_password(password)
        self.post_message(self.Refused(refusal) if refusal else self.Confirmed())

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        # Errors are held back while locked (they may name a record): this screen's own
        # failure is said here instead. A session that ended goes back to sign-in as usual.
        error = event.worker.error
        if event.state is WorkerState.ERROR and not isinstance(error, NotAuthenticated):
            event.prevent_default()
            self.post_message(self.Refused(describe(error)[1] if error else ""))

    @on(Refused)
    def refused(self, message: Refused) -> None:
        self.query_one("#lock-message", Static).update(plain(message.text))
        self.query_one("#lock-password", Input).focus()

    @on(Confirmed)
    def confirmed(self) -> None:
        self.dismiss(None)
