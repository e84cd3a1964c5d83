"""Signing in with a name and a password, the throttle, a reset password, signing out, and a
session that ends elsewhere: always a French sentence on the sign-in screen, never a traceback.
"""

from __future__ import annotations

from datetime import timedelta

import pytest
from textual.widgets import Input

from core import messages as CM
from core import services as svc
from core.errors import NotAuthenticated
from tests.accounts import PASSWORD, USERS, who
from tests.tui.conftest import FakeClock, drive, screen_text, settle, shown, until
from tui import messages as M
from tui.screens.change_password import ChangePasswordScreen
from tui.screens.error import ErrorModal
from tui.screens.home import HomeScreen
from tui.screens.panic import PanicScreen
from tui.screens.people import PeopleScreen
from tui.screens.signin import SignInScreen

TEMPORARY = "Provisoire-Cheval-2026!"
NEW = "Nouvelle-Phrase-Rivière-2026"


async def sign_in(pilot, name: str, password: str = PASSWORD) -> None:
    """Type the name, Entrée, the password, Entrée, and let the service answer."""
    await pilot.press(*name, "enter", *password, "enter")
    await settle(pilot)


def message(app) -> str:
    return shown(app, "#signin-message")


def later(parcours, **delta: float) -> None:
    """Move the services' recording clock (throttling and session timeouts count on it)."""
    parcours.moment = parcours.moment + timedelta(**delta)


@drive
async def test_a_name_and_a_password_then_the_role_shapes_home(make_app, parcours):
    app = make_app(None)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        assert isinstance(app.screen, SignInScreen)
        text = screen_text(app)
        assert "Nom d'utilisateur" in text and "Mot de passe" in text
        assert not any(name in text for name in USERS)  # nobody is listed
        assert app.focused is app.screen.query_one("#signin-name")
        await pilot.press("ctrl+p", *"personnes")  # not offered before sign-in
        await settle(pilot)
        assert "Liste et recherche" not in screen_text(app)
        await pilot.press("escape")
        await pilot.press(*"be", "f12")  # the panic key, even here
        assert isinstance(app.screen, PanicScreen) and screen_text(app).strip() == ""
        await pilot.press("ctrl+b", "backspace", "backspace")
        assert isinstance(app.screen, SignInScreen)
        await pilot.press("enter")  # no name yet: said, and nothing sent
        assert message(app) == M.SIGNIN_NAME_EMPTY
        await pilot.press(*"bea", "enter")
        assert app.focused is app.screen.query_one("#signin-password")
        assert app.screen.query_one("#signin-password", Input).password  # never echoed
        await pilot.press(*PASSWORD, "enter")
        await until(pilot, lambda: isinstance(app.screen, HomeScreen))
        assert app.backend.actor == "bea" and app.backend.credential is not None
        text = screen_text(app)
        assert "Bonjour bea (bénévole) — mardi 10 mars 2026" in text
        assert "Mes personnes" not in text and "accès à la permanence" in text
    assert svc.whoami(parcours, app.backend.credential).name == "bea"  # a real session


@drive
async def test_a_wrong_password_then_the_growing_delay_then_the_lock(make_app, parcours):
    app = make_app(None)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await sign_in(pilot, "camille", "Pas-le-bon-2026!")
        await until(pilot, lambda: message(app) == CM.SIGNIN_FAILED)
        assert isinstance(app.screen, SignInScreen)
        assert app.focused is app.screen.query_one("#signin-password")
        assert app.screen.query_one("#signin-password", Input).value == ""
        await pilot.press(*PASSWORD, "enter")  # right, but too soon after a failure
        await until(pilot, lambda: message(app) == CM.SIGNIN_WAIT.format(seconds=1, unit="seconde"))
        assert isinstance(app.screen, SignInScreen)
        for failure in range(2, 6):  # each one waited for; the fifth locks the name
            later(parcours, minutes=1)
            await pilot.press(*f"Faux-{failure}-Cheval-2026!", "enter")
            await settle(pilot)
            assert message(app) == CM.SIGNIN_FAILED, failure
        await pilot.press(*PASSWORD, "enter")
        await until(pilot, lambda: message(app).startswith("Trop de tentatives : connexion bloquée"))
        assert "Traceback" not in screen_text(app)
        later(parcours, minutes=16)
        await pilot.press(*PASSWORD, "enter")
        await until(pilot, lambda: isinstance(app.screen, HomeScreen))
        assert app.backend.actor == "camille"


@drive
async def test_an_unknown_name_gets_the_same_sentence(make_app, parcours):
    app = make_app(None)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await sign_in(pilot, "personne", PASSWORD)
        await until(pilot, lambda: message(app) == CM.SIGNIN_FAILED)


@drive
async def test_a_reset_password_is_changed_before_anything_else(make_app, parcours):
    svc.reset_password(parcours, who(parcours, "admin"), "camille", TEMPORARY)
    clock = FakeClock()
    app = make_app(None, clock=clock, idle_check=0.02)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await sign_in(pilot, "camille", TEMPORARY)
        await until(pilot, lambda: isinstance(app.screen, ChangePasswordScreen))
        clock.advance(600)  # nothing to hide here, and nothing the lock could confirm
        await pilot.pause(0.1)
        assert isinstance(app.screen, ChangePasswordScreen)
        assert not any(app.check_action(a, ()) for a in ("people", "home", "dropin", "new_person"))
        await pilot.press("ctrl+p")  # no palette, no way around the form
        assert isinstance(app.screen, ChangePasswordScreen)
        await pilot.press(*TEMPORARY, "enter", *"court", "enter", *"court", "enter")
        await until(pilot, lambda: shown(app, "#password-problem").startswith("Mot de passe trop faible"))
        await pilot.press(*NEW, "enter", *NEW[:-1], "enter")
        await until(pilot, lambda: shown(app, "#password-problem") == M.PASSWORD_MISMATCH)
        await pilot.press(*NEW, "enter")
        await until(pilot, lambda: isinstance(app.screen, HomeScreen))
        assert "Mot de passe changé." in [n.message for n in app._notifications]
    assert svc.sign_in(parcours, "camille", NEW).user.must_change_password is False


@drive
async def test_switching_user_signs_out(make_app, parcours):
    app = make_app("camille")
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        credential = app.backend.credential
        assert svc.whoami(parcours, credential).name == "camille"
        await pilot.press("ctrl+p", *"changer", "enter")
        await settle(pilot)
        assert isinstance(app.screen, SignInScreen)
        assert app.backend.credential is None and app.backend.user is None
        with pytest.raises(NotAuthenticated):  # ended in the database, not only forgotten
            svc.whoami(parcours, credential)
        await sign_in(pilot, "sonia")
        await until(pilot, lambda: isinstance(app.screen, HomeScreen))
        assert "Bonjour sonia (superviseur·e)" in screen_text(app)


def disable(parcours) -> None:
    svc.disable_user(parcours, who(parcours, "admin"), "camille")


def demote(parcours) -> None:
    svc.set_role(parcours, who(parcours, "admin"), "camille", "benevole")


def idle(parcours) -> None:
    later(parcours, minutes=31)


@pytest.mark.parametrize(("end", "said"), [(disable, M.SESSION_ENDED), (demote, M.SESSION_ENDED),
                                            (idle, M.SESSION_IDLE)],
                         ids=["disabled", "role changed", "idle timeout"])
@drive
async def test_a_session_ended_elsewhere_goes_back_to_sign_in_with_why(make_app, parcours, end, said):
    svc.add_person(parcours, who(parcours, "camille"), "Amina")
    app = make_app("camille", start="people")
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        assert isinstance(app.screen, PeopleScreen)
        end(parcours)
        await pilot.press("a")  # the search asks the services again
        await until(pilot, lambda: isinstance(app.screen, SignInScreen))
        assert message(app) == said and "parcours login" not in said
        assert not any(isinstance(s, ErrorModal) for s in app.screen_stack)
        text = screen_text(app)
        assert "Traceback" not in text and "Amina" not in text
        assert app.backend.credential is None
        assert len(app.screen_stack) == 2  # nothing left underneath
