"""The history tab at 80×24 and 120×40: who did it ("par") is never cut off (issue 13, point 11)."""

from __future__ import annotations

import time

import pytest

from core import services as svc
from tests.accounts import add_followed, who
from tests.services.test_her_day import MOMENT
from tests.tui.conftest import drive, in_guadeloupe, screen_text, until
from tui.events import OpenPerson
from tui.screens.person import PersonScreen


@pytest.mark.parametrize("size", [(80, 24), (120, 40)], ids=["80x24", "120x40"])
@drive
async def test_the_history_shows_who_did_it(make_app, parcours, size):
    person = add_followed(parcours, "Amina")
    svc.start_track(parcours, who(parcours, "camille"), person, "psp")
    app = make_app("camille")
    async with app.run_test(size=size) as pilot:
        app.post_message(OpenPerson(person))
        await until(pilot, lambda: isinstance(app.screen, PersonScreen) and app.screen.data)
        await pilot.press("h")
        await until(pilot, lambda: "par" in screen_text(app))
        lines = screen_text(app).splitlines()
        head = next(line for line in lines if "survenu le" in line)
        assert " par" in head
        assert any("Entrer en suivi individuel" in line and "camille" in line for line in lines)
        if size[0] >= 120:
            assert "saisi le" in head


@drive
async def test_the_history_reads_recording_times_on_her_clock(make_app, parcours, monkeypatch):
    """A file opened at 21:30 in Guadeloupe, on a server kept on Paris time, read
    « 09/12/2026 02:30 » as the time it was recorded: the server's clock, not hers."""
    clocked = in_guadeloupe(parcours, monkeypatch, "gaelle", "referent")
    clocked.moment = MOMENT
    person = svc.add_person(clocked, who(clocked, "gaelle"), "Maëlys", delegation="pap").id
    monkeypatch.setenv("TZ", "Europe/Paris")
    time.tzset()
    try:
        app = make_app("gaelle", on=clocked)
        async with app.run_test(size=(120, 40)) as pilot:
            app.post_message(OpenPerson(person))
            await until(pilot, lambda: isinstance(app.screen, PersonScreen) and app.screen.data)
            await pilot.press("h")
            await until(pilot, lambda: "saisi le" in screen_text(app))
            shown = screen_text(app)
    finally:
        monkeypatch.delenv("TZ")
        time.tzset()
    assert "08/12/2026 21:30" in shown and "02:30" not in shown, shown
