"""SignInScreen: a name and a password; the session then shapes every other screen.

No list of users: the name is typed (nothing on screen tells which accounts exist). Entrée in
the name moves to the password, Entrée in the password signs in through
:func:`core.services.sign_in` in a worker (Argon2 takes a moment). A refusal shows the
service's own French sentence under the fields, as it comes: a wrong name or password, the
growing delay after failures, the temporary lock after too many. The screen also opens with
the reason the previous session ended, when it ended by itself (account disabled, idle
timeout).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual import on, work
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.message import Message
from textual.screen import Screen
from textual.widgets import Footer, Header, Input, Label, Static
from textual.worker import Worker, WorkerState

from core.services import ParcoursError
from tui import messages as M
from tui.events import SessionOpened
from tui.text import plain
from tui.workers import READ_GROUP, WorkerErrors, backend_of, cancelled

if TYPE_CHECKING:  # this screen paints before Pydantic and the schemas are read
    from core.schemas import SignedIn

NAME_LIMIT = 200
"""Longer names are refused by the service anyway; the field stops there."""


class SignInScreen(WorkerErrors, Screen[None]):
    """Name, password, and the last refusal; Entrée goes on."""

    TITLE = M.SIGNIN_TITLE
    AUTO_FOCUS = "#signin-name"
    DEFAULT_CSS = """
    SignInScreen { align: center middle; }
    SignInScreen #signin-box {
        width: 64; max-width: 100%; height: auto; border: round $primary; padding: 0 1;
    }
    SignInScreen #signin-help { margin-bottom: 1; }
    SignInScreen #signin-message { height: auto; min-height: 1; margin-top: 1; color: $error; }
    SignInScreen #signin-message.-working { color: $text-muted; }
    """

    class Refused(Message):
        def __init__(self, text: str) -> None:
            super().__init__()
            self.text = text

    class Opened(Message):
        def __init__(self, signed: SignedIn) -> None:
            super().__init__()
            self.signed = signed

    def __init__(self, message: str = "") -> None:
        """``message``: why the previous session ended, if it ended by itself."""
        super().__init__()
        self.message = message

    def compose(self) -> ComposeResult:
        yield Header()
        with Vertical(id="signin-box"):
            yield Static(M.SIGNIN_HELP, id="signin-help")
            yield Label(M.SIGNIN_NAME)
            yield Input(id="signin-name", max_length=NAME_LIMIT)
            yield Label(M.SIGNIN_PASSWORD)
            yield Input(id="signin-password", password=True)
            yield Static(plain(self.message), id="signin-message")
        yield Footer(compact=True)

    # --- the fields ---------------------------------------------------------------------
    @on(Input.Submitted, "#signin-name")
    def to_password(self, event: Input.Submitted) -> None:
        event.stop()
        if event.value.strip():
            self.query_one("#signin-password", Input).focus()
        else:
            self._say(M.SIGNIN_NAME_EMPTY)

    @on(Input.Submitted, "#signin-password")
    def submit(self, event: Input.Submitted) -> None:
        event.stop()
        name = self.query_one("#signin-name", Input).value.strip()
        password = event.value
        if not name:
            self._say(M.SIGNIN_NAME_EMPTY)
            self.query_one("#signin-name", Input).focus()
        elif not password:
            self._say(M.SIGNIN_PASSWORD_EMPTY)
        else:
            self._working(True)
            self.sign_in(name, password)

    def _say(self, text: str) -> None:
        message = self.query_one("#signin-message", Static)
        message.set_class(False, "-working")
        message.update(plain(text))

    def _working(self, busy: bool) -> None:
        for field in self.query(Input):
            field.disabled = busy
        if busy:
            self._say(M.SIGNIN_CHECKING)
            self.query_one("#signin-message", Static).set_class(True, "-working")

    # --- signing in ---------------------------------------------------------------------
    @work(thread=True, exclusive=True, exit_on_error=False, group=READ_GROUP)
    def sign_in(self, name: str, password: str) -> None:
        try:
            signed = backend_of(self).sign_in(name, password)
        except ParcoursError as exc:  # refused, throttled, locked, or the base is not ready
            self.post_message(self.Refused(exc.msg))
            return
        if not cancelled():
            self.post_message(self.Opened(signed))

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        # An unexpected failure is shown by WorkerErrors' handler (also called); the fields
        # must not stay disabled behind it.
        if event.state is WorkerState.ERROR:
            self._working(False)
            self._say("")

    @on(Refused)
    def refused(self, message: Refused) -> None:
        self._working(False)
        self._say(message.text)
        password = self.query_one("#signin-password", Input)
        password.clear()
        password.focus()

    @on(Opened)
    def opened(self, message: Opened) -> None:
        message.stop()
        self.query_one("#signin-password", Input).clear()
        self.post_message(SessionOpened(message.signed))
