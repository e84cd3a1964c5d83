"""The Textual application: bindings, navigation between screens, the error dialog.

Thin by design: screens do their own work (in worker threads, through
:class:`tui.backend.Backend`), post :mod:`tui.events` messages up, and the app only moves
between screens, shows errors (:meth:`ParcoursApp.show_error`, the one place a worker's
failure ends) and handles the panic key. The title is a constant: no name or file ever
reaches the terminal's title bar. :func:`run` is the ``parcours.ui`` entry point that
``parcours`` calls when given no sub-command.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from textual.app import App
from textual.binding import Binding
from textual.command import CommandPalette
from textual.screen import Screen

from core.schemas import UserView
from core.services import Parcours
from tui import messages as M
from tui.backend import Backend
from tui.commands import MainCommands
from tui.events import OpenPerson, SignedIn
from tui.screens.dropin import DropInScreen
from tui.screens.error import ErrorModal
from tui.screens.help import HelpScreen
from tui.screens.home import HomeScreen
from tui.screens.new_person import NewPersonModal
from tui.screens.panic import PanicScreen
from tui.screens.people import PeopleScreen
from tui.screens.person import PersonScreen
from tui.screens.report import ReportScreen
from tui.screens.review import ReviewScreen
from tui.screens.signin import SignInScreen

NEEDS_USER = frozenset({"home", "people", "new_person", "dropin", "switch_user", "back"})
NEEDS_POLICY = {"review": "review.queue", "report": "report.activity"}
"""Actions offered only to the roles whose policy allows the screen's service."""


class ParcoursApp(App[None]):
    """Parcours in the terminal: who is working, home, people, a file, the drop-in, the
    supervisors' review queue and the activity report."""

    CSS_PATH = "app.tcss"
    TITLE = M.APP_TITLE
    COMMANDS = {MainCommands}
    BINDINGS = [
        Binding("f12,ctrl+b", "panic", M.KEY_PANIC, priority=True),
        Binding("f1", "help", M.KEY_HELP),
        Binding("ctrl+p", "command_palette", M.KEY_COMMANDS, priority=True, show=False),
        Binding("ctrl+q", "quit", M.KEY_QUIT, priority=True, show=False),
    ]

    def __init__(self, parcours: Parcours, *, user: UserView | None = None,
                 start: str = "home") -> None:
        """Args:
            parcours: the application context (database, plugins, clock).
            user: who is working, to skip the first screen (tests, benchmark).
            start: the first screen after sign-in: ``home``, ``people`` or ``dropin``.
        """
        super().__init__()
        self.backend = Backend(parcours)
        self._preset = user
        self._start = start
        self._held: list[BaseException] = []

    def on_mount(self) -> None:
        if self._preset is not None:
            self.post_message(SignedIn(self._preset))
        else:
            self.push_screen(SignInScreen())

    # --- who is working -----------------------------------------------------------------
    def on_signed_in(self, message: SignedIn) -> None:
        self.backend.user = message.user
        first = {"people": PeopleScreen, "dropin": DropInScreen}.get(self._start, HomeScreen)
        self._start = "home"  # the next sign-in (changing user) lands on the home screen
        if isinstance(self.screen, SignInScreen):
            self.switch_screen(first())
        else:
            self.push_screen(first())

    def action_switch_user(self) -> None:
        self.backend.user = None
        self.workers.cancel_all()
        while len(self.screen_stack) > 2:
            self.pop_screen()
        self.switch_screen(SignInScreen())

    # --- navigation ---------------------------------------------------------------------
    def action_back(self) -> None:
        """Échap: the previous screen, or home when this one was the first after sign-in.

        Started on the people list or the drop-in, the home screen is only built then, so its
        queries never delay the screen that was asked for.
        """
        if len(self.screen_stack) > 2:
            self.pop_screen()
        elif not isinstance(self.screen, HomeScreen):
            self.switch_screen(HomeScreen())

    def _go(self, kind: type[Screen[Any]]) -> None:
        if any(isinstance(s, kind) for s in self.screen_stack):
            while not isinstance(self.screen, kind):
                self.pop_screen()
        elif kind is HomeScreen:
            while len(self.screen_stack) > 2:
                self.pop_screen()
            self.switch_screen(HomeScreen())
        else:
            self.push_screen(kind())

    def action_home(self) -> None:
        self._go(HomeScreen)

    def action_people(self) -> None:
        self._go(PeopleScreen)

    def action_dropin(self) -> None:
        self._go(DropInScreen)

    def action_review(self) -> None:
        self._go(ReviewScreen)

    def action_report(self) -> None:
        self._go(ReportScreen)

    def action_new_person(self) -> None:
        self.push_screen(NewPersonModal(), self._open_created)

    def _open_created(self, person: Any) -> None:
        if person is not None:
            self.post_message(OpenPerson(person.id))

    def on_open_person(self, message: OpenPerson) -> None:
        self.push_screen(PersonScreen(message.person_id))

    def action_help_quit(self) -> None:
        """Ctrl+C no longer quits Textual apps: say so in French (Textual's own hint is English)."""
        self.notify(M.QUIT_HINT, markup=False)

    def action_help(self) -> None:
        if not isinstance(self.screen, HelpScreen):
            self.push_screen(HelpScreen())

    def action_command_palette(self) -> None:
        if self.use_command_palette and not CommandPalette.is_open(self):
            self.push_screen(CommandPalette(placeholder=M.PALETTE_PLACEHOLDER,
                                            id="--command-palette"))

    # --- safety -------------------------------------------------------------------------
    @property
    def hidden(self) -> bool:
        """Whether the panic screen is showing."""
        return isinstance(self.screen, PanicScreen)

    def action_panic(self) -> None:
        """Blank the screen at once; the same key brings it back."""
        if self.hidden:
            self.pop_screen()
            self.call_after_refresh(self._release_errors)
        else:
            self.clear_notifications()
            self.push_screen(PanicScreen())

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if self.hidden:
            return action == "panic"
        if action in NEEDS_USER:
            return self.backend.user is not None
        if action in NEEDS_POLICY:
            return self.backend.may(NEEDS_POLICY[action])
        return True

    def notify(self, message: str, *args: Any, **kwargs: Any) -> None:
        if not self.hidden:  # nothing appears over the blank screen
            super().notify(message, *args, **kwargs)

    def show_error(self, error: BaseException) -> None:
        """Show a French error dialog (held back while the screen is blanked)."""
        if self.hidden:
            self._held.append(error)
        else:
            self.push_screen(ErrorModal(error))

    def _release_errors(self) -> None:
        held, self._held = self._held, []
        for error in held:
            self.show_error(error)


def run(url: str | None = None, today: date | None = None) -> None:
    """Open the interface on ``url`` (else ``PARCOURS_DB``, else the default file)."""
    parcours = Parcours.open(url, today=today)
    try:
        ParcoursApp(parcours).run()
    finally:
        parcours.close()
