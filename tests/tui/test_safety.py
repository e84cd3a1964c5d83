"""Comfort and safety: the panic key, the title, help, palette, error dialogs (signing in and
the inactivity lock: ``test_signin.py``, ``test_lock.py``)."""

from __future__ import annotations

import threading

import pytest

from core import services as svc
from tests.accounts import PASSWORD, add_followed, who
from tests.tui.conftest import drive, open_file, screen_text, settle, shown, until
from tui.screens.error import ErrorModal
from tui.screens.help import HelpScreen
from tui.screens.lock import LockScreen
from tui.screens.note import NoteModal
from tui.screens.panic import PanicScreen
from tui.screens.people import PeopleScreen
from tui.screens.person import PersonScreen
from tui.screens.signin import SignInScreen
from tui.widgets.person_list import PersonList


@drive
async def test_panic_key_blanks_at_once_and_only_the_same_key_brings_back(make_app, parcours):
    svc.add_person(parcours, who(parcours, "camille"), "Amina")
    app = make_app("camille", start="people")
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        assert "Amina" in screen_text(app)
        await pilot.press("f12")
        assert isinstance(app.screen, PanicScreen)
        assert screen_text(app).strip() == ""
        for key in ("escape", "enter", "q", "f1", "ctrl+p", "a", "down", "ctrl+n"):
            await pilot.press(key)
            assert isinstance(app.screen, PanicScreen), key
        app.notify("Amina")
        app.show_error(RuntimeError("Amina"))
        await pilot.pause()
        assert isinstance(app.screen, PanicScreen) and screen_text(app).strip() == ""
        await pilot.press("ctrl+b")
        await settle(pilot)
        assert isinstance(app.screen, ErrorModal)  # held back until the screen came back
        await pilot.press("enter")
        assert isinstance(app.screen, PeopleScreen) and "Amina" in screen_text(app)
        await pilot.press("ctrl+b")
        assert isinstance(app.screen, PanicScreen)


@drive
async def test_a_save_that_ends_under_the_panic_or_lock_screen_does_not_lift_it(make_app, parcours,
                                                                                monkeypatch):
    add_followed(parcours, "Amina")
    gate = threading.Event()
    real = svc.add_note

    def slow(*args, **kwargs):  # a busy base: the save ends after the key was pressed
        gate.wait(10)
        return real(*args, **kwargs)
    monkeypatch.setattr(svc, "add_note", slow)
    app = make_app("camille", start="people")
    async with app.run_test(size=(80, 24)) as pilot:
        await open_file(pilot)
        for hide in (("f12",), ("ctrl+p", *"Verrouiller", "enter")):
            gate.clear()
            await pilot.press("ctrl+n")
            await settle(pilot)
            assert isinstance(app.screen, NoteModal)
            await pilot.press(*"Vue mardi", "ctrl+s", *hide)
            await settle(pilot)
            covering = type(app.screen)
            assert covering in (PanicScreen, LockScreen), hide
            gate.set()
            await settle(pilot)
            await pilot.pause(0.1)
            assert type(app.screen) is covering  # still covered: nothing of her file shows
            assert "Amina" not in screen_text(app)
            if covering is PanicScreen:
                await pilot.press("f12")
            else:
                await pilot.press(*PASSWORD, "enter")
            await until(pilot, lambda: isinstance(app.screen, PersonScreen))
        notes = svc.list_notes(parcours, who(parcours, "camille"), 1)
        assert len(notes) == 2  # both saved, each dialog closed once it was back on top


@drive
async def test_the_title_never_shows_personal_data(make_app, parcours):
    svc.add_person(parcours, who(parcours, "camille"), "Amina Secret")
    app = make_app("camille", start="people")
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("down", "enter")
        await settle(pilot)
        assert isinstance(app.screen, PersonScreen)
        titles = (app.title, app.sub_title, app.screen.title or "", app.screen.sub_title or "")
        assert app.title == "Parcours"
        assert not any("Amina" in t or "camille" in t for t in titles)
        assert "Amina" not in screen_text(app).splitlines()[0]  # the header line


@drive
async def test_help_screen_and_command_palette_in_french(make_app, parcours):
    app = make_app("camille")
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("f1")
        assert isinstance(app.screen, HelpScreen)
        assert "Parcours se pilote au clavier" in shown(app, "#help-text")
        assert "F12 ou Ctrl+B" in shown(app, "#help-text")
        await pilot.press("escape", "ctrl+p")
        await settle(pilot)
        assert "Chercher une commande" in screen_text(app)
        await pilot.press(*"perman", "enter")
        await settle(pilot)
        assert type(app.screen).__name__ in ("DropInScreen", "OpenDropInModal")
        assert "Permanence" in screen_text(app) or "permanence" in screen_text(app)


@drive
async def test_an_unexpected_failure_is_a_french_dialog_not_a_traceback(make_app, parcours, monkeypatch):
    def broken(*args, **kwargs):
        raise RuntimeError("/home/secret/path and a stack")
    monkeypatch.setattr(svc, "list_persons", broken)
    app = make_app("camille", start="people")
    async with app.run_test(size=(80, 24)) as pilot:
        await until(pilot, lambda: isinstance(app.screen, ErrorModal))
        text = screen_text(app)
        assert "Erreur inattendue" in text and "RuntimeError" in text
        assert "Traceback" not in text and "/home/secret" not in text
        await pilot.press("enter")
        await settle(pilot)
        # Back on the list, which does not reload (and fail, and show the dialog) forever.
        assert isinstance(app.screen, PeopleScreen) and app.is_running


@drive
async def test_a_failure_that_stops_the_interface_prints_no_locals(make_app, parcours, monkeypatch,
                                                                   capsys):
    svc.add_person(parcours, who(parcours, "camille"), "Amina Kanariarret")

    def broken(self, rows, **kwargs):  # a bug in the list, on the interface's own thread
        raise RuntimeError("bug")
    monkeypatch.setattr(PersonList, "set_rows", broken)
    app = make_app("camille", start="people")
    with pytest.raises(RuntimeError):
        async with app.run_test(size=(80, 24)) as pilot:
            await settle(pilot)
    out = "".join(capsys.readouterr())
    assert "s'est arrêté sur une erreur inattendue (RuntimeError)" in out
    assert "Kanariarret" not in out and "locals" not in out


@drive
async def test_signing_out_leaves_no_notice_naming_a_person_on_the_sign_in_screen(make_app,
                                                                                  parcours):
    svc.add_person(parcours, who(parcours, "camille"), "Amina")
    svc.open_dropin(parcours, who(parcours, "camille"), parcours.today())
    app = make_app("bea", start="dropin")
    async with app.run_test(size=(80, 24), notifications=True) as pilot:  # toasts drawn
        await settle(pilot)
        await pilot.press(*"AMI")
        await settle(pilot)
        await pilot.press("enter")  # her visit: « Passage enregistré : Amina » for 5 seconds
        await settle(pilot)
        assert "Passage enregistré : Amina" in screen_text(app)
        await pilot.press("ctrl+p", *"Changer", "enter")
        await until(pilot, lambda: isinstance(app.screen, SignInScreen))
        await pilot.pause(0.1)
        assert "Amina" not in screen_text(app)  # the next volunteer at the laptop


@drive
async def test_a_notice_carries_no_control_character(make_app, parcours):
    """A plugin's warning or label reaches a notice: an escape sequence in it (OSC 52 writes
    the terminal's clipboard) must not reach the terminal."""
    app = make_app("bea", start="people")
    async with app.run_test(size=(80, 24), notifications=True) as pilot:
        await settle(pilot)
        app.notify("Avertissement\x1b]52;c;Y2FuYXJp\x07 du greffon", markup=False)
        await settle(pilot)
        [notice] = list(app._notifications)
        assert "\x1b" not in str(notice.message) and "\x07" not in str(notice.message)
        assert "Avertissement" in str(notice.message)


@drive
async def test_errors_held_under_the_lock_are_not_shown_to_the_next_user(make_app, parcours):
    app = make_app("bea", start="people")
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("ctrl+p", *"Verrouiller", "enter")
        await until(pilot, lambda: isinstance(app.screen, LockScreen))
        app.show_error(RuntimeError("erreur de la session de bea"))  # held under the lock
        app.action_switch_user()
        await until(pilot, lambda: isinstance(app.screen, SignInScreen))
        assert app._held == []
