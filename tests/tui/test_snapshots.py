"""Screenshots of the main screens at 80×24 and 120×40, with time and data frozen.

Run ``pytest tests/tui/test_snapshots.py --snapshot-update`` after an intended change of
layout, look at the SVG files under ``__snapshots__``, and commit them with the change.
"""

from __future__ import annotations

from datetime import date

import pytest

from core import services as svc
from tests.services.conftest import walk_psp_to_authorised
from tests.accounts import who
from tests.tui.conftest import TODAY, settle
from tests.tui.test_report import build_year
from tests.tui.test_review import build_queue

SIZES = [pytest.param((80, 24), id="80x24"), pytest.param((120, 40), id="120x40")]


@pytest.fixture
def data(parcours):
    """Four persons, one followed by camille with an authorised PSP, a drop-in with visits."""
    ids = {alias: svc.add_person(parcours, who(parcours, "camille"), alias).id
           for alias in ("Amina", "Éloïse", "Zoé", "[bold]Nadia")}
    svc.give_consent(parcours, who(parcours, "camille"), ids["Amina"], "suivi",
                     given_on=date(2026, 3, 1))
    svc.advance(parcours, who(parcours, "camille"), ids["Amina"], "parcours", "suivre",
                facts={"referent": "camille"})
    svc.start_track(parcours, who(parcours, "camille"), ids["Amina"], "psp")
    walk_psp_to_authorised(parcours, ids["Amina"], decided="2025-10-01")
    svc.start_track(parcours, who(parcours, "camille"), ids["Amina"], "psp_afis")
    svc.add_note(parcours, who(parcours, "bea"), ids["Amina"], "Cherche un hébergement.")
    dropin = svc.open_dropin(parcours, who(parcours, "bea"), TODAY, volunteers=[("bea", 3)]).id
    svc.record_visit(parcours, who(parcours, "bea"), dropin, ids["Zoé"], needs={"psp": True})
    svc.record_anonymous(parcours, who(parcours, "bea"), dropin, 2)
    return ids


async def wait(pilot) -> None:
    await settle(pilot)


@pytest.mark.parametrize("size", SIZES)
def test_home(snap_compare, make_app, data, size):
    assert snap_compare(make_app("camille"), terminal_size=size, run_before=wait)


@pytest.mark.parametrize("size", SIZES)
def test_people(snap_compare, make_app, data, size):
    assert snap_compare(make_app("camille", start="people"), terminal_size=size, run_before=wait)


@pytest.mark.parametrize("size", SIZES)
def test_person_file_with_actions(snap_compare, make_app, data, size):
    async def open_psp(pilot) -> None:
        await settle(pilot)
        await pilot.press(*"Amina")
        await settle(pilot)
        await pilot.press("down", "enter")  # Amina, the one result
        await settle(pilot)
        await pilot.press("down")  # her PSP track
        await settle(pilot)
    assert snap_compare(make_app("camille", start="people"), terminal_size=size, run_before=open_psp)


@pytest.mark.parametrize("size", SIZES)
def test_dropin(snap_compare, make_app, data, size):
    async def search(pilot) -> None:
        await settle(pilot)
        await pilot.press(*"a")
        await settle(pilot)
    assert snap_compare(make_app("bea", start="dropin"), terminal_size=size, run_before=search)


def test_sign_in(snap_compare, make_app, data):
    assert snap_compare(make_app(None), terminal_size=(80, 24), run_before=wait)


def test_advance_form(snap_compare, make_app, data):
    async def form(pilot) -> None:
        await settle(pilot)
        await pilot.press(*"Amina")
        await settle(pilot)
        await pilot.press("down", "enter")
        await settle(pilot)
        # The first person (Zoé, seen today): her pathway's closure, a form with a choice and a
        # restricted field.
        await pilot.press("a", "down", "down", "down", "enter")
        await settle(pilot)
    assert snap_compare(make_app("camille", start="people"), terminal_size=(80, 24), run_before=form)


def test_review_queue(snap_compare, make_app, parcours):
    build_queue(parcours)

    async def queue(pilot) -> None:
        await settle(pilot)
        await pilot.press("v")
        await settle(pilot)
        await pilot.press("down", "down", "down")  # Lina's answer awaited too long
        await settle(pilot)
    assert snap_compare(make_app("sonia"), terminal_size=(80, 24), run_before=queue)


def test_activity_report(snap_compare, make_app, parcours):
    build_year(parcours)

    async def report(pilot) -> None:
        await settle(pilot)
        await pilot.press("a")
        await settle(pilot)
    assert snap_compare(make_app("sonia"), terminal_size=(80, 24), run_before=report)
