"""security.md AC-9: after a few idle minutes the screen locks, shows no personal data and asks
for the password again; the panic key keeps working over it.

The interface's idle clock is injected (:class:`~tests.tui.conftest.FakeClock`) and read often
(``idle_check``), so minutes pass in an instant; keys and the mouse reset it.
"""

from __future__ import annotations

from textual.command import CommandPalette
from textual.widgets import Input

from core import messages as CM
from tests.accounts import PASSWORD, add_followed
from tests.tui.conftest import FakeClock, drive, open_file, screen_text, settle, shown, until
from tui import messages as M
from tui.screens.lock import LockScreen
from tui.screens.panic import PanicScreen
from tui.screens.person import PersonScreen
from tui.screens.signin import SignInScreen

CANARY = "Zelda-Canari-4417"
"""An alias that must never be readable on the lock screen."""
CHECK = 0.02
"""Seconds between two reads of the idle clock in these tests."""


def texts(app) -> list[str]:
    """Every text the current screen's widgets hold: rendered or not, titles, input values."""
    found = [str(app.title), str(app.sub_title), str(app.screen.title), str(app.screen.sub_title)]
    for widget in app.screen.query("*"):
        content = getattr(widget, "content", None)
        found += [str(getattr(content, "plain", content or "")), str(getattr(widget, "value", "")),
                  str(widget.border_title or ""), str(widget.render())]
    return found


def camille_on_the_canary(make_app, parcours):
    """The canary followed by camille, and camille's interface on the people list with the
    idle clock the test moves."""
    add_followed(parcours, CANARY)
    clock = FakeClock()
    return make_app("camille", start="people", clock=clock, idle_check=CHECK), clock


async def idle(pilot, clock: FakeClock, minutes: float) -> None:
    clock.advance(minutes * 60)
    await pilot.pause(CHECK * 5)


@drive
async def test_idle_minutes_lock_the_screen_with_no_personal_data(make_app, parcours):
    app, clock = camille_on_the_canary(make_app, parcours)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_file(pilot)
        assert CANARY in screen_text(app)
        await idle(pilot, clock, 4)
        assert isinstance(app.screen, PersonScreen)  # not yet
        await pilot.press("h")  # a key: the five minutes start again
        await idle(pilot, clock, 4)
        assert isinstance(app.screen, PersonScreen)
        await idle(pilot, clock, 1.1)
        await until(pilot, lambda: isinstance(app.screen, LockScreen))
        text = screen_text(app)
        assert CANARY not in text and "camille" not in text
        assert not any(CANARY in t or "camille" in t for t in texts(app))
        assert shown(app, "#lock-help") == M.LOCK_HELP.format(minutes=5, unit="minutes")
        assert app.focused is app.screen.query_one("#lock-password", Input)
        for key in ("ctrl+p", "escape", "f1", "ctrl+n"):  # nothing gets around it
            await pilot.press(key)
            assert isinstance(app.screen, LockScreen) and not CommandPalette.is_open(app), key
        app.notify(CANARY)  # a late worker's message does not show over it
        await pilot.pause()
        assert CANARY not in screen_text(app)
        await pilot.press("f12")  # the panic key still works, and comes back to the lock
        assert isinstance(app.screen, PanicScreen) and screen_text(app).strip() == ""
        await pilot.press("f12")
        assert isinstance(app.screen, LockScreen)
        await pilot.press(*"Pas-le-bon-2026!", "enter")
        await until(pilot, lambda: CM.REAUTH_FAILED in screen_text(app))
        assert isinstance(app.screen, LockScreen)
        await pilot.press(*PASSWORD, "enter")
        await until(pilot, lambda: isinstance(app.screen, PersonScreen))
        assert CANARY in screen_text(app)  # back where she was
        await idle(pilot, clock, 4)
        assert isinstance(app.screen, PersonScreen)  # unlocking counts as activity


@drive
async def test_the_lock_waits_under_the_panic_screen(make_app, parcours):
    app, clock = camille_on_the_canary(make_app, parcours)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_file(pilot)
        await pilot.press("f12")
        await idle(pilot, clock, 6)
        assert isinstance(app.screen, PanicScreen)  # still blank, not a lock screen to glance at
        await pilot.press("f12")
        await settle(pilot)
        assert isinstance(app.screen, LockScreen) and CANARY not in screen_text(app)


@drive
async def test_too_many_wrong_passwords_end_the_session(make_app, parcours):
    app, clock = camille_on_the_canary(make_app, parcours)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_file(pilot)
        await pilot.press("ctrl+p", *"verrouiller", "enter")  # locking on request
        await until(pilot, lambda: isinstance(app.screen, LockScreen))
        assert shown(app, "#lock-help") == M.LOCK_HELP_ASKED
        for attempt in range(5):
            await pilot.press(*f"Faux-{attempt}-Cheval-2026!", "enter")
            await settle(pilot)
        await until(pilot, lambda: isinstance(app.screen, SignInScreen))
        assert shown(app, "#signin-message") == M.SESSION_ENDED
        assert CANARY not in screen_text(app) and len(app.screen_stack) == 2
        assert app.backend.credential is None


@drive
async def test_a_colleague_signs_in_from_the_lock_screen(make_app, parcours):
    app, clock = camille_on_the_canary(make_app, parcours)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_file(pilot)
        await idle(pilot, clock, 6)
        await until(pilot, lambda: isinstance(app.screen, LockScreen))
        await pilot.press("tab", "tab")  # past "Déverrouiller" to "Changer d'utilisateur"
        assert app.focused is app.screen.query_one("#lock-switch")
        await pilot.press("enter")
        await until(pilot, lambda: isinstance(app.screen, SignInScreen))
        assert app.backend.credential is None and len(app.screen_stack) == 2
        await idle(pilot, clock, 10)
        assert isinstance(app.screen, SignInScreen)  # nobody signed in: nothing to lock
