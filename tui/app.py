"""The Textual application: bindings, the session, navigation, the error dialog, the locks.

Thin by design: screens do their own work (in worker threads, through
:class:`tui.backend.Backend`), post :mod:`tui.events` messages up, and the app only moves
between screens, holds the session (sign-in, a forced password change, signing out, a session
ended elsewhere), shows errors (:meth:`ParcoursApp.show_error`, the one place a worker's
failure ends), and hides the screen: the panic key at once, the inactivity lock after
``app.security.tui_lock`` without a key or a mouse event (the clock is injectable). The title
is a constant: no name or file ever reaches the terminal's title bar. :func:`run` is the
``parcours.ui`` entry point that ``parcours`` calls when given no sub-command: the sign-in
screen is painted first, and the base is opened and checked in a worker right after (its
imports, SQLAlchemy's among them, and its key file are the slow part of the start-up); a base
that cannot be used closes the interface, and the reason is said on stderr with exit status 1.
"""

from __future__ import annotations

import os
import sys
import time
from collections.abc import Callable
from datetime import date
from typing import TYPE_CHECKING, Any

from rich.text import Text
from textual import events, work
from textual.app import App
from textual.binding import Binding
from textual.message import Message
from textual.screen import Screen

from core.services import (NOT_SIGNED_IN, SESSION_ENDED, SESSION_EXPIRED, SESSION_IDLE,
                           NotAuthenticated, ParcoursError, sentence)
from tui import messages as M
from tui.backend import Backend
from tui.commands import MainCommands
from tui.events import OpenPerson, PasswordChanged, SessionOpened
from tui.keys import key_name
from tui.text import clean
from tui.textual_fr import FrenchPalette
from tui.textual_fr import install as french_textual

if TYPE_CHECKING:  # read by the worker that opens the base, after the first paint
    from core.schemas import SignedIn
    from core.services import Parcours
# The first paint needs only the sign-in screen, and the safety screens must never wait for an
# import; every other screen is imported where it is first opened (the report's charts pull
# plotext, the lists their tables), so the interface paints before they are read.
from tui.screens.error import ErrorModal
from tui.screens.lock import LockScreen
from tui.screens.panic import PanicScreen
from tui.screens.signin import SignInScreen

NEEDS_USER = frozenset({"home", "people", "new_person", "dropin", "switch_user", "back", "lock"})
NEEDS_POLICY = {"review": "review.queue", "report": "report.activity"}
"""Actions offered only to the roles whose policy allows the screen's service."""
NEEDS_FRONT_DESK = frozenset({"people"})
"""Actions offered only to roles that may read persons' front desk (not the administrator)."""
WHILE_LOCKED = frozenset({"panic", "quit", "switch_user", "focus_next", "focus_previous"})
"""The lock screen's field and buttons, the panic key, quitting: nothing that shows data."""
OPEN_BEFORE_NEW_PASSWORD = frozenset({"switch_user"})
"""Of the actions that need a user, those left to a session whose password must change."""
SESSION_ENDS = {SESSION_ENDED: M.SESSION_ENDED, SESSION_EXPIRED: M.SESSION_EXPIRED,
                SESSION_IDLE: M.SESSION_IDLE, NOT_SIGNED_IN: M.SESSION_MISSING}
"""The services' sentences name the command line's ``parcours login``: said for this screen."""
IDLE_CHECK_SECONDS = 1.0

french_textual()


class ParcoursApp(App[None]):
    """Parcours in the terminal: sign-in, home, people, a file, the drop-in, the
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

    def __init__(self, parcours: Parcours | None = None, *, url: str | None = None,
                 today: date | None = None, session: SignedIn | None = None,
                 start: str = "home", clock: Callable[[], float] = time.monotonic,
                 idle_check: float = IDLE_CHECK_SECONDS) -> None:
        """Args:
            parcours: the application context (database, plugins, clock); without it, the
                base at ``url`` is opened and checked in a worker once the sign-in screen is
                painted (what :func:`run` does).
            url, today: the base to open (else ``PARCOURS_DB``, else the default file) and
                the evaluation date, when no ``parcours`` is given.
            session: a session already opened by :func:`core.services.sign_in`, to skip
                the first screen (tests, benchmark).
            start: the first screen after sign-in: ``home``, ``people`` or ``dropin``.
            clock: seconds, monotonic: what the inactivity lock measures (tests inject one).
            idle_check: how often, in real seconds, the idle time is compared to the limit.
        """
        super().__init__()
        self.backend = Backend(parcours)
        self._opening = (url, today) if parcours is None else None
        self.unusable: BaseException | None = None
        """Why the base could not be opened (the interface then exits with status 1)."""
        self._preset = session
        self._start = start
        self._held: list[BaseException] = []
        self.clock = clock
        self._idle_check = idle_check
        self._last_input = clock()
        self._lock_after = 0.0  # read from the settings once signed in
        self._lock_due = False

    def get_key_display(self, binding: Binding) -> str:
        """Keys named the French way everywhere (``Ctrl+S``, ``Échap``), not ``^s``/``esc``."""
        return binding.key_display or key_name(binding.key)

    def on_mount(self) -> None:
        self.set_interval(self._idle_check, self.check_inactivity)
        if self._preset is not None:
            self.post_message(SessionOpened(self._preset))
            self._preset = None
        else:
            self.push_screen(SignInScreen())

    def on_ready(self) -> None:
        # The first frame is on the terminal: only now the base is opened, so that its imports
        # (SQLAlchemy, the models, the crypto) do not compete with the paint for the GIL.
        if self._opening is not None:
            self._open_base(*self._opening)
            self._opening = None

    # --- the base, opened after the first paint ----------------------------------------------
    class BaseUnusable(Message):
        """The worker that opens the base failed: the interface closes (status 1)."""

    @work(thread=True, exit_on_error=False, group="open-base")
    def _open_base(self, url: str | None, today: date | None) -> None:
        # A base that cannot be used is said before anyone signs in: an unreachable server, a
        # base never initialised or older than this code, a missing key (ensure_schema).
        from core.services import Parcours
        parcours = None
        try:
            parcours = Parcours.open(url, today=today)
            parcours.ensure_schema()
        except Exception as exc:  # whatever it is, run() says it once the screen is gone
            if parcours is not None:
                parcours.close()
                parcours.db.discard_if_empty()  # no empty database file left behind
            self.unusable = exc
            self.backend.failed()
            self.post_message(self.BaseUnusable())
            return
        self.backend.opened(parcours)
        # While the name and password are typed: what the sign-in and the first screen will
        # need (the sign-in service, the plugins' catalog), so neither waits for its imports.
        try:
            from core.services import sign_in  # noqa: F401 - imported for its module
            parcours.catalog  # noqa: B018 - builds the plugin host once (it has a lock)
        except Exception:  # only a warm-up: the first real use says what failed
            pass

    def on_parcours_app_base_unusable(self, _: BaseUnusable) -> None:
        self.exit(return_code=1)

    # --- the session --------------------------------------------------------------------
    def on_session_opened(self, message: SessionOpened) -> None:
        self.backend.begin(message.signed)
        self._last_input = self.clock()
        self._lock_after = self.backend.parcours.security.tui_lock.total_seconds()
        if message.signed.user.must_change_password:
            from tui.screens.change_password import ChangePasswordScreen
            self._replace(ChangePasswordScreen())
        else:
            self._enter()

    def _enter(self) -> None:
        from tui.screens.dropin import DropInScreen
        from tui.screens.home import HomeScreen
        from tui.screens.people import PeopleScreen
        first: type[Screen[Any]] = {"people": PeopleScreen, "dropin": DropInScreen}.get(
            self._start, HomeScreen)
        self._start = "home"  # the next sign-in (changing user) lands on the home screen
        self._replace(first())

    def change_password(self) -> None:
        """The services refuse everything until the reset password is replaced."""
        from tui.screens.change_password import ChangePasswordScreen
        if not isinstance(self.screen, ChangePasswordScreen):
            self._replace(ChangePasswordScreen())

    def on_password_changed(self, message: PasswordChanged) -> None:
        user = self.backend.user
        if user is not None:
            self.backend.user = user.model_copy(update={"must_change_password": False})
        self.notify(M.PASSWORD_CHANGED, markup=False)
        self._enter()

    def action_switch_user(self) -> None:
        """Sign out (the session ends in the database) and go back to the sign-in screen."""
        credential = self.backend.end()
        self.workers.cancel_all()
        self._held.clear()  # errors held under the lock screen were the last user's
        self.clear_notifications()  # « Passage enregistré : Amina » is not the next user's
        if credential is not None:
            self._sign_out(credential)
        self._replace(SignInScreen())

    @work(thread=True, exit_on_error=False, group="sign-out")
    def _sign_out(self, credential: Any) -> None:
        # A failure here (the database busy) leaves a session nobody holds any more: it ends
        # at its idle timeout, and nothing else can be done from this screen.
        self.backend.sign_out(credential)

    def session_ended(self, error: NotAuthenticated) -> None:
        """A session closed elsewhere (account disabled, role changed, idle timeout, too many
        refused passwords): back to the sign-in screen, with why."""
        self.backend.end()
        self.workers.cancel_all()
        self._held.clear()
        self.clear_notifications()
        self._replace(SignInScreen(SESSION_ENDS.get(error.msg, error.msg)))

    def _replace(self, screen: Screen[Any]) -> None:
        """Leave every screen and dialog for ``screen``; a blanked screen stays blank."""
        hidden = self.hidden
        self._lock_due = False
        while len(self.screen_stack) > 2:
            self.pop_screen()
        if len(self.screen_stack) == 2:
            self.switch_screen(screen)
        else:
            self.push_screen(screen)
        if hidden:
            self.push_screen(PanicScreen())

    # --- navigation ---------------------------------------------------------------------
    async def action_back(self) -> None:  # Textual's own action_back is a coroutine
        """Échap: the previous screen, or home when this one was the first after sign-in.

        Started on the people list or the drop-in, the home screen is only built then, so its
        queries never delay the screen that was asked for.
        """
        from tui.screens.home import HomeScreen
        if len(self.screen_stack) > 2:
            self.pop_screen()
        elif not isinstance(self.screen, HomeScreen):
            self.switch_screen(HomeScreen())

    def _go(self, kind: type[Screen[Any]]) -> None:
        from tui.screens.home import HomeScreen
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
        from tui.screens.home import HomeScreen
        self._go(HomeScreen)

    def action_people(self) -> None:
        from tui.screens.people import PeopleScreen
        self._go(PeopleScreen)

    def action_dropin(self) -> None:
        from tui.screens.dropin import DropInScreen
        self._go(DropInScreen)

    def action_review(self) -> None:
        from tui.screens.review import ReviewScreen
        self._go(ReviewScreen)

    def action_report(self) -> None:
        from tui.screens.report import ReportScreen  # and plotext, for its charts
        self._go(ReportScreen)

    def action_new_person(self) -> None:
        from tui.screens.new_person import NewPersonModal
        self.push_screen(NewPersonModal(), self._open_created)

    def _open_created(self, person: Any) -> None:
        # The administrator registers persons but reads no file back: no file to open then.
        if person is not None and self.backend.reads_front_desk:
            self.post_message(OpenPerson(person.id))

    def on_open_person(self, message: OpenPerson) -> None:
        from tui.screens.person import PersonScreen
        self.push_screen(PersonScreen(message.person_id, deadline=message.deadline))

    def action_help_quit(self) -> None:
        """Ctrl+C no longer quits Textual apps: say so in French (Textual's own hint is English)."""
        self.notify(M.QUIT_HINT, markup=False)

    def action_help(self) -> None:
        from tui.screens.help import HelpScreen
        if not isinstance(self.screen, HelpScreen):
            self.push_screen(HelpScreen())

    def action_command_palette(self) -> None:
        # is_open takes an App[object]; apps are invariant in their return type (ours: None).
        if self.use_command_palette and not FrenchPalette.is_open(self):  # type: ignore[arg-type]
            self.push_screen(FrenchPalette(placeholder=M.PALETTE_PLACEHOLDER,
                                            id="--command-palette"))

    # --- safety: the panic key and the inactivity lock -------------------------------------
    @property
    def hidden(self) -> bool:
        """Whether the panic screen is showing."""
        return isinstance(self.screen, PanicScreen)

    @property
    def locked(self) -> bool:
        """Whether the lock screen is up (under the panic screen, perhaps)."""
        return any(isinstance(s, LockScreen) for s in self.screen_stack)

    def action_panic(self) -> None:
        """Blank the screen at once; the same key brings it back (locked, if it was due)."""
        if self.hidden:
            self.pop_screen()
            if self._lock_due:
                self._lock_due = False
                self._lock(idle=True)
            self.call_after_refresh(self._release_errors)
        else:
            self.clear_notifications()
            self.push_screen(PanicScreen())

    async def on_event(self, event: events.Event) -> None:
        if isinstance(event, events.InputEvent):  # a key or the mouse: someone is there
            self._last_input = self.clock()
        await super().on_event(event)

    def check_inactivity(self) -> None:
        """Lock once the session has seen no key and no mouse for ``security.tui_lock``."""
        if not self.backend.signed_in or self.locked or self._lock_due:
            return
        if self.clock() - self._last_input >= self._lock_after:
            self._lock(idle=True)

    def action_lock(self) -> None:
        self._lock(idle=False)

    def _lock(self, *, idle: bool) -> None:
        user = self.backend.user
        if user is None or self.locked or user.must_change_password:
            # The password form shows nothing to hide, and the services would refuse the
            # lock screen's confirmation until the password is changed.
            return
        self.clear_notifications()
        if self.hidden:  # the blank screen stays; the lock comes when it is lifted
            self._lock_due = True
            return
        minutes = max(1, round(self._lock_after / 60)) if idle else None
        self.push_screen(LockScreen(minutes), self._unlocked)

    def _unlocked(self, _: None) -> None:
        self._last_input = self.clock()
        self.call_after_refresh(self._release_errors)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if self.hidden:
            return action == "panic"
        if self.locked:
            return action in WHILE_LOCKED
        user = self.backend.user
        if user is not None and user.must_change_password and (
                action in NEEDS_USER or action in NEEDS_POLICY or action == "command_palette"):
            return action in OPEN_BEFORE_NEW_PASSWORD
        if action in NEEDS_USER:
            return user is not None and (action not in NEEDS_FRONT_DESK
                                         or self.backend.reads_front_desk)
        if action in NEEDS_POLICY:
            return self.backend.may(NEEDS_POLICY[action])
        return True

    def notify(self, message: str, *args: Any, **kwargs: Any) -> None:
        if not self.hidden and not self.locked:  # nothing appears over a hidden screen
            # A plugin's warning or label reaches a notice too: no control character (an
            # escape sequence writing the clipboard or clearing the terminal) goes through.
            super().notify(sentence(clean(message, one_line=False)), *args, **kwargs)

    def show_error(self, error: BaseException) -> None:
        """Show a French error dialog (held back while the screen is blanked or locked)."""
        if self.hidden or self.locked:
            self._held.append(error)
        else:
            self.push_screen(ErrorModal(error))

    def _release_errors(self) -> None:
        held, self._held = self._held, []
        for error in held:
            self.show_error(error)

    def _fatal_error(self) -> None:  # Textual's name for "stop on an unhandled failure"
        """Stop with one French sentence naming the failure's class: Textual's own prints
        the traceback with every frame's locals (the list's aliases, a password being typed)
        in the terminal, and in any file its output goes to. PARCOURS_DEBUG keeps it."""
        if os.environ.get("PARCOURS_DEBUG"):
            super()._fatal_error()
            return
        self.bell()
        failure = type(self._exception).__name__ if self._exception else "?"
        self._exit_renderables.append(Text(M.CRASHED.format(error=failure)))
        self._close_messages_no_wait()


def run(url: str | None = None, today: date | None = None) -> None:
    """Open the interface on ``url`` (else ``PARCOURS_DB``, else the default file); the
    session still open at the end is signed out.

    The sign-in screen is painted first; the base is opened and checked in a worker right
    after (:meth:`ParcoursApp._open_base`).

    Raises:
        SystemExit: 1, after saying why on stderr, when the base cannot be used (its server
            unreachable, never initialised, or older than this version).
    """
    app = ParcoursApp(url=url, today=today)
    try:
        app.run()
    finally:
        close(app)
    failure = app.unusable
    if isinstance(failure, ParcoursError):
        print(failure.msg, file=sys.stderr)
        raise SystemExit(1)
    if failure is not None:
        raise failure  # unexpected: the command line's last boundary words it


def close(app: ParcoursApp) -> None:
    """Sign out the session still open and close the base (once its opening is over)."""
    credential = app.backend.end()
    parcours = app.backend.settled(timeout=60)
    if parcours is None:
        return
    try:
        if credential is not None:
            app.backend.sign_out(credential)
    except ParcoursError:
        pass  # the database went away: the session ends at its idle timeout
    finally:
        parcours.close()
