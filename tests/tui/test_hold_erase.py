"""A supervisor places and lifts a legal hold, and erases a person, from her file (security.md
« Erasure », « Legal hold »): until now only the command line could.

Amina is followed by camille. Sonia, supervisor of the delegation, opens her file: ``g`` asks
the hold's reason (an empty one is refused on the dialog's error line), the file then says she
is held, and ``g`` again asks whether to lift it. ``x`` asks the erasure's reason and her
number typed again, then the password typed again; a hold refuses the erasure on the dialog's
error line. Her referent is offered neither.
"""

from __future__ import annotations

import sqlite3

import pytest

from core import messages as CM
from core import services as svc
from core.errors import NotFound
from tests.accounts import PASSWORD, add_followed, reauth, who
from tests.tui.conftest import drive, open_file, settle, shown, until
from tui import messages as M
from tui.screens.confirm import ConfirmModal
from tui.screens.erase import EraseModal
from tui.screens.error import ErrorModal
from tui.screens.explain import ExplainModal
from tui.screens.hold import HoldModal
from tui.screens.lock import LockScreen
from tui.screens.people import PeopleScreen
from tui.screens.person import PersonScreen
from tui.screens.reauth import ReauthModal

HOLD = "Réquisition judiciaire du 02/03/2026"
ERASE = "demande de la personne, art. 17"


def _held(parcours, person: int) -> bool:
    return bool(svc.show_person(parcours, who(parcours, "sonia"), person).held)


@drive
async def test_a_supervisor_places_then_lifts_a_legal_hold(make_app, parcours):
    person = add_followed(parcours, "Amina")
    app = make_app("sonia", start="people")
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await open_file(pilot)
        assert not screen.query_one("#file-held").display
        await pilot.press("g")
        await settle(pilot)
        assert isinstance(app.screen, HoldModal)
        await pilot.press("enter")  # no reason: said, nothing placed
        assert shown(app, "#form-problem") == M.HOLD_REASON_EMPTY
        await pilot.press(*HOLD, "enter")
        await until(pilot, lambda: isinstance(app.screen, PersonScreen)
                    and screen.data is not None and screen.data.person.held is True)
        assert screen.query_one("#file-held").display
        assert _held(parcours, person)
        await pilot.press("g")
        await settle(pilot)
        assert isinstance(app.screen, ConfirmModal)
        await pilot.press("o")
        await until(pilot, lambda: screen.data is not None and screen.data.person.held is False)
        assert not screen.query_one("#file-held").display
    assert not _held(parcours, person)


@drive
async def test_a_supervisor_erases_her_after_typing_her_number_and_password(make_app, parcours):
    person = add_followed(parcours, "Amina")
    other = add_followed(parcours, "Bintou")
    app = make_app("sonia", start="people")
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await open_file(pilot)
        alias = screen.data.person.alias
        erased = screen.data.person.id
        await pilot.press("x")
        await settle(pilot)
        assert isinstance(app.screen, EraseModal)
        await pilot.press("ctrl+s")
        assert shown(app, "#form-problem") == M.ERASE_REASON_EMPTY
        await pilot.press(*ERASE, "enter", *"999999", "enter")  # not her number
        assert shown(app, "#form-problem") == M.ERASE_NUMBER_WRONG.format(id=erased)
        await pilot.press("ctrl+u", *str(erased), "enter")
        await until(pilot, lambda: isinstance(app.screen, ReauthModal))
        await pilot.press(*PASSWORD, "enter")
        await until(pilot, lambda: isinstance(app.screen, PeopleScreen))
        assert alias not in [p.alias for p in svc.list_persons(parcours, who(parcours, "sonia"))]
    with pytest.raises(NotFound, match="effacée"):
        svc.show_person(parcours, who(parcours, "sonia"), erased)
    kept = ({person, other} - {erased}).pop()  # the other one stays
    assert svc.show_person(parcours, who(parcours, "sonia"), kept).id == kept


@drive
async def test_a_legal_hold_refuses_the_erasure_on_the_dialog(make_app, parcours):
    person = add_followed(parcours, "Amina")
    svc.place_hold(parcours, who(parcours, "sonia"), person, HOLD)
    reauth(parcours, "sonia")
    app = make_app("sonia", start="people")
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await open_file(pilot)
        assert screen.query_one("#file-held").display
        await pilot.press("x")
        await settle(pilot)
        await pilot.press(*ERASE, "enter", *str(person), "enter")
        await until(pilot, lambda: isinstance(app.screen, ReauthModal))
        await pilot.press(*PASSWORD, "enter")
        await until(pilot, lambda: isinstance(app.screen, EraseModal)
                    and shown(app, "#form-problem") != "")
        assert shown(app, "#form-problem") == CM.ERASE_HELD.format(id=person)
    assert svc.show_person(parcours, who(parcours, "sonia"), person).held is True


@drive
async def test_her_referent_is_offered_neither(make_app, parcours):
    add_followed(parcours, "Amina")
    app = make_app("camille", start="people")
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await open_file(pilot)
        assert screen.data.person.held is None  # not hers to know
        for key in ("g", "x"):
            await pilot.press(key)
            await settle(pilot)
            assert isinstance(app.screen, PersonScreen)
        offered = {b.binding.action for b in app.active_bindings.values() if b.enabled}
        assert not offered & {"hold", "erase"}


@drive
async def test_her_file_open_elsewhere_closes_once_she_is_erased(make_app, parcours):
    """Camille has Amina's file open when a supervisor erases her from another workstation:
    the next load says she was erased, and her file (alias, tracks, notes read before) does
    not stay on camille's screen once the message is closed."""
    person = add_followed(parcours, "Amina")
    svc.add_note(parcours, who(parcours, "camille"), person, "Elle dort chez sa cousine",
                 sensitivity="ordinary")
    app = make_app("camille", start="people")
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await open_file(pilot)
        assert screen.data is not None and screen.data.person.alias == "Amina"
        svc.erase_person(parcours, reauth(parcours, "sonia"), person, ERASE)
        await pilot.press("r")
        await until(pilot, lambda: isinstance(app.screen, ErrorModal))
        assert "a été effacée" in shown(app, "#error-message")
        # Not even dimmed under the dialog: her file left first.
        assert not any(isinstance(s, PersonScreen) for s in app.screen_stack)
        assert screen.data is None
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, PeopleScreen)


@drive
async def test_the_erasure_says_when_the_files_could_not_be_cleaned_yet(make_app, parcours):
    """Another session reads the base while Sonia erases Amina from her file: the WAL cannot
    be emptied yet (security.md « Erasure »). The command line says so and what to run later;
    the interface has to say it too, else her old pages stay in the WAL and nobody knows."""
    person = add_followed(parcours, "Amina")
    reader = sqlite3.connect(parcours.db.engine.url.database, isolation_level=None)
    app = make_app("sonia", start="people")
    try:
        async with app.run_test(size=(100, 30)) as pilot:
            await open_file(pilot)
            reader.execute("BEGIN")
            reader.execute("SELECT count(*) FROM persons").fetchone()  # an old snapshot, held
            await pilot.press("x")
            await settle(pilot)
            await pilot.press(*ERASE, "enter", *str(person), "enter")
            await until(pilot, lambda: isinstance(app.screen, ReauthModal))
            await pilot.press(*PASSWORD, "enter")
            await until(pilot, lambda: isinstance(app.screen, PeopleScreen))
            said = [n.message for n in app._notifications]
            assert M.ERASED_NOT_SCRUBBED in said
    finally:
        reader.close()


@drive
async def test_her_file_left_under_the_lock_screen_is_gone_at_unlock(make_app, parcours):
    """Camille leaves Amina's file open, the screen locks; meanwhile a supervisor erases
    Amina. Unlocking must not bring her file back on screen as it was loaded."""
    person = add_followed(parcours, "Amina")
    app = make_app("camille", start="people")
    async with app.run_test(size=(100, 30)) as pilot:
        await open_file(pilot)
        await pilot.press("ctrl+p", *"verrouiller", "enter")
        await until(pilot, lambda: isinstance(app.screen, LockScreen))
        svc.erase_person(parcours, reauth(parcours, "sonia"), person, ERASE)
        await pilot.press(*PASSWORD, "enter")
        await until(pilot, lambda: not isinstance(app.screen, (LockScreen, PersonScreen)))
        assert not any(isinstance(s, PersonScreen) for s in app.screen_stack)
        assert isinstance(app.screen, ErrorModal)
        assert "a été effacée" in shown(app, "#error-message")


@drive
async def test_the_erasure_lists_the_partners_to_tell_before_they_are_forgotten(make_app,
                                                                               parcours,
                                                                               tmp_path):
    """GDPR art. 19: her file went to a partner; once she is erased nobody can say which, so
    the interface lists them in a window that stays until closed."""
    person = add_followed(parcours, "Amina")
    svc.give_consent(parcours, who(parcours, "camille"), person, "partage",
                     partner="Avocat Ami")
    svc.export_person(parcours, reauth(parcours, "camille"), person, tmp_path / "a.txt",
                      partner="Avocat Ami", tracks=["parcours"])
    app = make_app("sonia", start="people")
    async with app.run_test(size=(100, 30)) as pilot:
        await open_file(pilot)
        await pilot.press("x")
        await settle(pilot)
        await pilot.press(*ERASE, "enter", *str(person), "enter")
        await until(pilot, lambda: isinstance(app.screen, ReauthModal))
        await pilot.press(*PASSWORD, "enter")
        await until(pilot, lambda: isinstance(app.screen, ExplainModal))
        assert "Avocat Ami" in app.screen.text and "RGPD art. 19" in app.screen.text
        await pilot.press("enter")
        await until(pilot, lambda: isinstance(app.screen, PeopleScreen))
