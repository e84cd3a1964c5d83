"""SignInScreen: choose who is working; the role then shapes every other screen.

Users come from the database with their role (``core.services.sign_in_choices``, which needs
no actor). Choosing one re-checks the user (``sign_in``) in a worker, so a user deactivated
meanwhile is refused. This is the screen where a password prompt will go with the
authentication work.
"""

from __future__ import annotations

from textual import on, work
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.message import Message
from textual.screen import Screen
from textual.widgets import Footer, Header, OptionList, Static
from textual.widgets.option_list import Option

from core import services as svc
from core.schemas import UserView
from tui import messages as M
from tui.events import SignedIn
from tui.text import fmt
from tui.workers import WorkerErrors, cancelled


class SignInScreen(WorkerErrors, Screen[None]):
    """The list of active users; Entrée chooses."""

    TITLE = M.SIGNIN_TITLE
    DEFAULT_CSS = """
    SignInScreen { align: center middle; }
    SignInScreen #signin-box { width: 64; max-width: 100%; height: auto; }
    SignInScreen OptionList { height: auto; max-height: 14; border: round $primary; }
    SignInScreen Static { margin: 0 1 1 1; }
    SignInScreen #signin-password { color: $text-muted; }
    """

    class Loaded(Message):
        def __init__(self, users: list[UserView]) -> None:
            super().__init__()
            self.users = users

    class Chosen(Message):
        def __init__(self, user: UserView) -> None:
            super().__init__()
            self.user = user

    def compose(self) -> ComposeResult:
        yield Header()
        with Vertical(id="signin-box"):
            yield Static(M.SIGNIN_HELP, id="signin-help")
            yield OptionList(id="signin-users")
            yield Static(M.SIGNIN_PASSWORD_LATER, id="signin-password")
        yield Footer(compact=True)

    def on_mount(self) -> None:
        self.load()

    @work(thread=True, exclusive=True, exit_on_error=False, group="db")
    def load(self) -> None:
        users = self.app.backend.call_bare(svc.sign_in_choices)  # type: ignore[attr-defined]
        if not cancelled():
            self.post_message(self.Loaded(users))

    @on(Loaded)
    def show_users(self, message: Loaded) -> None:
        options = self.query_one("#signin-users", OptionList)
        options.clear_options()
        if not message.users:
            self.query_one("#signin-help", Static).update(M.SIGNIN_NOBODY)
            return
        options.add_options(Option(fmt(M.SIGNIN_ENTRY, name=u.name, role=M.ROLES.get(u.role, u.role)),
                                   id=u.name) for u in message.users)
        options.highlighted = 0
        options.focus()

    @on(OptionList.OptionSelected, "#signin-users")
    def choose(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.sign_in(event.option.id or "")

    @work(thread=True, exclusive=True, exit_on_error=False, group="db")
    def sign_in(self, name: str) -> None:
        user = self.app.backend.call_bare(svc.sign_in, name)  # type: ignore[attr-defined]
        if not cancelled():
            self.post_message(self.Chosen(user))

    @on(Chosen)
    def signed_in(self, message: Chosen) -> None:
        message.stop()
        self.post_message(SignedIn(message.user))
