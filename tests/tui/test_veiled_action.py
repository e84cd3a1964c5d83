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
from tests.tui.conftest import drive, open_file, settle, until
from tui.screens.person import PersonScreen
from tui.screens.reauth import ReauthModal

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
    tracks = screen.query_one("#file-tracks", OptionList)
    plainte = next(t.id for t in screen.data.person.tracks if t.track == "plainte")
    tracks.highlighted = tracks.get_option_index(str(plainte))
    await settle(pilot)
    await pilot.press("a")
    actions = screen.query_one("#file-actions", OptionList)
    key = next(k for k, a in screen.actions.items() if a.trigger == TRIGGER)
    actions.highlighted = actions.get_option_index(key)
    await settle(pilot)
    return key


@drive
async def test_choosing_a_veiled_action_asks_the_password_then_shows_it(make_parcours,
                                                                        make_app):
    parcours = make_parcours(build_plugin_host(load_entrypoints=False,
                                               extra=[("plainte", plugins.plainte)]))
    _world(parcours)
    app = make_app("camille", start="people", on=parcours)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_file(pilot)
        key = await _to_claim(pilot, screen)
        assert not screen.actions[key].allowed  # veiled before her password
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, ReauthModal), type(app.screen).__name__
        await pilot.press(*PASSWORD, "enter")
        await until(pilot, lambda: isinstance(app.screen, PersonScreen)
                    and any(a.trigger == TRIGGER and a.allowed
                            for a in app.screen.actions.values()))
