"""The interface paints its sign-in screen first and opens the base in a worker right after
(issue 11 §5); a base it cannot use still closes it with status 1 (issue 13, point 10).

The opening is held back here (``Parcours.open`` waits for the test), so what is checked is
the order of things, not a timing: the screen is there and takes keys while the base is not
open yet, a sign-in typed meanwhile waits for the base and then succeeds, and a base that
cannot be used ends the interface with its reason kept for :func:`tui.app.run` to say.
"""

from __future__ import annotations

import asyncio
import threading

import pytest

from core.errors import PersistenceError
from core.services import Parcours
from tests.accounts import PASSWORD
from tests.tui.conftest import TODAY, drive, screen_text, until
from tui import messages as M
from tui.app import ParcoursApp, close
from tui.screens.home import HomeScreen
from tui.screens.signin import SignInScreen


@pytest.fixture
def held_opening(monkeypatch: pytest.MonkeyPatch, parcours: Parcours):
    """``Parcours.open`` waits until the test sets the returned event, then gives the
    fixture's base (whatever URL was asked)."""
    release = threading.Event()
    asked: list[str | None] = []

    def open_when_released(cls, url=None, **_: object) -> Parcours:
        asked.append(url)
        assert release.wait(30), "the test never released the opening"
        return parcours

    monkeypatch.setattr(Parcours, "open", classmethod(open_when_released))
    return release, asked


@drive
async def test_the_sign_in_screen_is_painted_before_the_base_is_open(held_opening):
    release, asked = held_opening
    app = ParcoursApp(url="sqlite:///ailleurs.db", today=TODAY)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause(0.05)
        assert isinstance(app.screen, SignInScreen)
        assert "Nom d'utilisateur" in screen_text(app)
        assert app.backend.settled(timeout=0) is None  # the worker is still opening it
        # Someone quick signs in meanwhile: her keys reach the fields, the sign-in waits.
        await pilot.press(*"camille", "enter", *PASSWORD, "enter")
        await pilot.pause(0.05)
        assert M.SIGNIN_CHECKING in screen_text(app)
        release.set()
        await until(pilot, lambda: isinstance(app.screen, HomeScreen))
        assert app.backend.actor == "camille"
    assert asked == ["sqlite:///ailleurs.db"]
    assert app.unusable is None and app.return_code in (0, None)
    close(app)  # signs the session out


@drive
async def test_a_base_never_initialised_closes_the_interface_with_status_1(tmp_path):
    app = ParcoursApp(url=f"sqlite:///{tmp_path}/vide.db", today=TODAY)
    async with app.run_test(size=(80, 24)):
        for _ in range(500):  # the worker fails, the app exits by itself
            if app.return_code is not None:
                break
            await asyncio.sleep(0.01)
    assert isinstance(app.unusable, PersistenceError)
    assert "pas initialisée" in app.unusable.msg
    assert app.return_code == 1
    assert not (tmp_path / "vide.db").exists()  # no empty database file left behind
    close(app)  # nothing to close: the worker already did
