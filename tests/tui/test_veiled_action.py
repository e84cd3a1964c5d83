"""An action judged on restricted content asks for the password where it is chosen.

The civil party claim is judged on the complaint's qualification (restricted): before her
password its referent sees it as not possible now. Choosing it opened the « blocked »
explanation, which sent her to a command-line command; the password dialog was only reached
through a locked fact on another tab.
"""

from __future__ import annotations

from datetime import date

from textual.widgets import OptionList

import plugins.plainte
from core import services as svc
from core.plugins import build_plugin_host
from tests.accounts import PASSWORD, add_followed, who
from tests.tui.conftest import drive, highlight_track, open_file, settle, until
from tui.screens.advance import AdvanceModal
from tui.screens.person import PersonScreen
from tui.screens.reason import ReasonModal
from tui.screens.reauth import ReauthModal
from tui.widgets.fact_form import FactForm

COMPLAINT = {"mode_plainte": "plainte", "date_plainte": "2026-03-02",
             "service_plainte": "gendarmerie", "recepisse_remis": True,
             "consentement_eclaire": True, "evaluation_risques": True,
             "accompagnement": "association", "qualification": "crime"}
TRIGGER = "se_constituer_partie_civile"


def _world(parcours) -> None:
    person = add_followed(parcours, "Amina")
    svc.start_track(parcours, who(parcours, "camille"), person, "plainte", at=date(2026, 3, 1))
    svc.advance(parcours, who(parcours, "camille"), person, "plainte", "deposer_plainte",
                facts=COMPLAINT, at=date(2026, 3, 2))


async def _to_claim(pilot, screen) -> str:
    await highlight_track(pilot, screen, "plainte")
    await pilot.press("a")
    actions = screen.query_one("#file-actions", OptionList)
    key = next(k for k, a in screen.actions.items() if a.trigger == TRIGGER)
    actions.highlighted = actions.get_option_index(key)
    await settle(pilot)
    return key


def _parcours(make_parcours):
    parcours = make_parcours(build_plugin_host(load_entrypoints=False,
                                               extra=[("plainte", plugins.plainte)]))
    _world(parcours)
    return parcours


async def _choose_veiled(pilot, app) -> str:
    """Her file, the civil party claim (not possible now, veiled), chosen."""
    screen = await open_file(pilot)
    key = await _to_claim(pilot, screen)
    assert not screen.actions[key].allowed  # veiled before her password or a reason
    await pilot.press("enter")
    await settle(pilot)
    return key


async def _until_open(pilot, app) -> None:
    await until(pilot, lambda: isinstance(app.screen, PersonScreen)
                and any(a.trigger == TRIGGER and a.allowed for a in app.screen.actions.values()))
    assert isinstance(app.screen, PersonScreen), type(app.screen).__name__


@drive
async def test_choosing_a_veiled_action_asks_the_password_then_shows_it(make_parcours,
                                                                        make_app):
    app = make_app("camille", start="people", on=_parcours(make_parcours))
    async with app.run_test(size=(120, 40)) as pilot:
        await _choose_veiled(pilot, app)
        assert isinstance(app.screen, ReauthModal), type(app.screen).__name__
        await pilot.press(*PASSWORD, "enter")
        await _until_open(pilot, app)


CLAIM = {"date_constitution_partie_civile": "01/04/2026", "preuve_premiere_plainte": True,
         "consignation": "a_fixer"}
WHY = "référente absente, constitution de partie civile à déposer"


def _fill(form: AdvanceModal) -> None:
    facts = form.query_one(FactForm)
    for name, value in CLAIM.items():
        facts.widget_of(name).value = value  # an input's text, a tick, a choice


async def _send(pilot, app) -> None:
    await until(pilot, lambda: isinstance(app.screen, AdvanceModal) and app.screen.loaded)
    _fill(app.screen)
    await pilot.press("ctrl+s")


def _step(parcours) -> str:
    [person] = svc.list_persons(parcours, who(parcours, "camille"))
    return next(t.step for t in svc.show_person(parcours, who(parcours, "camille"),
                                                person.id).tracks if t.track == "plainte")


@drive
async def test_a_supervisor_gives_a_reason_where_she_chooses_the_action_then_acts(make_parcours,
                                                                                 make_app):
    # Before, the supervisor was refused outright (the service took no reason): with the
    # referent away nobody could file the claim without reassigning the person first.
    parcours = _parcours(make_parcours)
    app = make_app("sonia", start="people", on=parcours)
    async with app.run_test(size=(120, 40)) as pilot:
        await _choose_veiled(pilot, app)
        assert isinstance(app.screen, ReasonModal), type(app.screen).__name__
        await pilot.press(*WHY, "enter")
        await _until_open(pilot, app)
        await pilot.press("enter")
        await _send(pilot, app)
        await until(pilot, lambda: isinstance(app.screen, PersonScreen))
    assert _step(parcours) == "partie_civile"
    sonia = who(parcours, "sonia")
    [person] = svc.list_persons(parcours, sonia)
    assert [e.detail["reason"] for e in svc.list_audit(parcours, sonia, person=person.id)
            if e.operation == "track.advance" and e.reason == "exceptional_access"] == [WHY]


@drive
async def test_a_password_asked_while_the_form_is_open_is_asked_there(make_parcours, make_app):
    # Her confirmation lapsed while she filled the form: the generic error dialog showed
    # and what she had typed was lost; now the password is asked and the form sent again.
    parcours = _parcours(make_parcours)
    app = make_app("camille", start="people", on=parcours)
    async with app.run_test(size=(120, 40)) as pilot:
        await _choose_veiled(pilot, app)
        await pilot.press(*PASSWORD, "enter")
        await _until_open(pilot, app)
        await pilot.press("enter")
        await until(pilot, lambda: isinstance(app.screen, AdvanceModal) and app.screen.loaded)
        _lapse(parcours)
        await _send(pilot, app)
        await until(pilot, lambda: isinstance(app.screen, ReauthModal))
        assert isinstance(app.screen, ReauthModal), type(app.screen).__name__
        await pilot.press(*PASSWORD, "enter")
        await until(pilot, lambda: isinstance(app.screen, PersonScreen))
    assert _step(parcours) == "partie_civile"


def _lapse(parcours) -> None:
    """Every session's password confirmation older than the policy allows."""
    from sqlalchemy import update

    from core.persistence.access_models import AuthSession
    with parcours.db.engine.begin() as connection:
        connection.execute(update(AuthSession).where(AuthSession.reauth_at.is_not(None))
                           .values(reauth_at=parcours.now() - parcours.security.reauth * 2))
