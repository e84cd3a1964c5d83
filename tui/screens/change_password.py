"""ChangePasswordScreen: the first thing a user sees after an administrator reset her password.

The services refuse everything but a password change to such a session, so nothing else is
offered until it is done: the provisional password, the new one twice, then
:func:`core.services.change_password` in a worker. The service's refusal (a wrong current
password, a new one the policy refuses, the same as before) is shown under the fields; Échap
signs out instead.
"""

from __future__ import annotations

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.message import Message
from textual.screen import Screen
from textual.widgets import Footer, Header, Input, Label, Static

from core import services as svc
from core.services import InputError, NotAuthenticated, PermissionDenied
from tui import messages as M
from tui.events import PasswordChanged
from tui.text import plain
from tui.workers import WRITE_GROUP, WorkerErrors, backend_of

FIELDS = ("#password-current", "#password-new", "#password-again")


class ChangePasswordScreen(WorkerErrors, Screen[None]):
    """Three password fields; Entrée moves on then records, Échap signs out."""

    TITLE = M.PASSWORD_TITLE
    AUTO_FOCUS = "#password-current"
    DEFAULT_CSS = """
    ChangePasswordScreen { align: center middle; }
    ChangePasswordScreen #password-box {
        width: 68; max-width: 100%; height: auto; border: round $primary; padding: 0 1;
    }
    ChangePasswordScreen #password-help { margin-bottom: 1; }
    ChangePasswordScreen #password-problem { height: auto; margin-top: 1; color: $error; }
    """
    BINDINGS = [Binding("escape", "app.switch_user", M.KEY_SIGN_OUT)]

    class Problem(Message):
        def __init__(self, text: str, field: str) -> None:
            super().__init__()
            self.text, self.field = text, field

    def compose(self) -> ComposeResult:
        yield Header()
        with Vertical(id="password-box"):
            yield Static(M.PASSWORD_HELP, id="password-help")
            for selector, label in zip(FIELDS, (M.PASSWORD_CURRENT, M.PASSWORD_NEW,
                                                M.PASSWORD_AGAIN), strict=True):
                yield Label(label)
                yield Input(id=selector[1:], password=True)
            yield Static("", id="password-problem")
        yield Footer(compact=True)

    def _value(self, selector: str) -> str:
        return self.query_one(selector, Input).value

    @on(Input.Submitted)
    def next_field(self, event: Input.Submitted) -> None:
        event.stop()
        selector = f"#{event.input.id}"
        if selector != FIELDS[-1]:
            self.query_one(FIELDS[FIELDS.index(selector) + 1], Input).focus()
        elif self._value(FIELDS[1]) != self._value(FIELDS[2]):
            self._problem(M.PASSWORD_MISMATCH, FIELDS[2])
        else:
            self.save(self._value(FIELDS[0]), self._value(FIELDS[1]))

    def _problem(self, text: str, field: str) -> None:
        self.query_one("#password-problem", Static).update(plain(text))
        box = self.query_one(field, Input)
        box.clear()
        box.focus()

    @work(thread=True, exit_on_error=False, group=WRITE_GROUP)
    def save(self, current: str, new: str) -> None:
        try:
            backend_of(self).call(svc.change_password, current, new)
        except NotAuthenticated:
            raise
        except PermissionDenied as exc:  # the current password is wrong
            self.post_message(self.Problem(exc.msg, FIELDS[0]))
            return
        except InputError as exc:  # the new one is refused
            self.post_message(self.Problem(exc.msg, FIELDS[1]))
            return
        self.post_message(PasswordChanged())

    @on(Problem)
    def show_problem(self, message: Problem) -> None:
        if message.field != FIELDS[0]:
            self.query_one(FIELDS[2], Input).clear()
        self._problem(message.text, message.field)
