"""Keys at 80×24 as issue 13 found them: ↓ then Entrée opens the first result (point 4), and
the footers and the command palette offer what the role may do, all of it (point 7)."""

from __future__ import annotations

from textual.command import CommandPalette

from core import services as svc
from tests.accounts import who
from tests.tui.conftest import drive, screen_text, settle, until
from tests.tui.test_review import build_queue
from tui.screens.dropin import DropInScreen
from tui.screens.open_dropin import OpenDropInModal
from tui.screens.person import PersonScreen
from tui.screens.review import ReviewScreen


def footer(app) -> str:
    return screen_text(app).splitlines()[-1]


@drive
async def test_down_then_enter_opens_the_first_result(make_app, parcours):
    for alias in ("Amina", "Zoé", "Léa"):
        svc.add_person(parcours, who(parcours, "camille"), alias)
    app = make_app("camille", start="people")
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        first = app.screen.query_one("PersonList").rows[0]
        await pilot.press("down", "enter")
        await until(pilot, lambda: isinstance(app.screen, PersonScreen))
        assert app.screen.person_id == first.id


@drive
async def test_down_then_enter_at_the_dropin_records_the_first_match(make_app, parcours):
    from tests.tui.conftest import TODAY
    for alias in ("Amina", "Amélie"):
        svc.add_person(parcours, who(parcours, "camille"), alias)
    svc.open_dropin(parcours, who(parcours, "bea"), TODAY)
    app = make_app("bea", start="dropin")
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press(*"am")
        await settle(pilot)
        first = next(iter(app.screen.matches.values()))
        await pilot.press("down", "enter")
        await settle(pilot)
        assert f"Passage enregistré : {first.alias}" in [n.message for n in app._notifications]


@drive
async def test_the_home_footer_offers_review_and_report_to_a_supervisor_only(make_app, make_parcours):
    for user, offered in (("sonia", True), ("bea", False)):
        app = make_app(user, on=make_parcours())
        async with app.run_test(size=(80, 24)) as pilot:
            await settle(pilot)
            keys = footer(app)
            assert ("v Revue" in keys and "a Rapport" in keys) is offered, keys
            assert "F12 Masquer" in keys  # the panic key always in view


@drive
async def test_the_panic_key_stays_in_the_footer_of_a_supervisor_s_file(make_app, parcours):
    """Her hold and erase keys pushed « F12 Masquer » and « F1 Aide » off the line."""
    svc.add_person(parcours, who(parcours, "sonia"), "Amina")
    app = make_app("sonia", start="people")
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("down", "enter")
        await until(pilot, lambda: isinstance(app.screen, PersonScreen)
                    and app.screen.data is not None)
        keys = footer(app)
        assert "F12 Masquer" in keys and "F1 Aide" in keys, keys


@drive
async def test_a_referent_is_not_offered_the_decisions_of_the_review(make_app, parcours):
    build_queue(parcours)
    for user, decides in (("camille", False), ("sonia", True)):
        app = make_app(user)
        async with app.run_test(size=(80, 24)) as pilot:
            await settle(pilot)
            await pilot.press("v")
            await until(pilot, lambda a=app: isinstance(a.screen, ReviewScreen) and a.screen.generation)
            keys = footer(app)
            assert "c Commenter" in keys
            assert all((label in keys) is decides for label in ("a Acquitter", "r Reporter", "t Confier"))


@drive
async def test_the_dropin_footer_says_how_to_open_it_when_none_is_open(make_app, parcours):
    app = make_app("bea", start="dropin")
    async with app.run_test(size=(80, 24)) as pilot:
        await until(pilot, lambda: isinstance(app.screen, OpenDropInModal))
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, DropInScreen)
        keys = footer(app)
        assert "Ctrl+O Ouvrir la permanence" in keys
        assert "F10" not in keys and "F2" not in keys  # nothing to record or close yet


@drive
async def test_the_panic_key_stays_in_the_footer_of_the_drop_in(make_app, parcours):
    """At the front door, F12 was off the line, pushed by the drop-in's keys."""
    from tests.tui.conftest import TODAY
    svc.open_dropin(parcours, who(parcours, "bea"), TODAY)
    app = make_app("bea", start="dropin")
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        keys = footer(app)
        assert "F10 Clore" in keys and "F12 Masquer" in keys and "F1 Aide" in keys, keys


@drive
async def test_the_review_and_the_report_footers_keep_the_help_key(make_app, parcours):
    """A supervisor's decisions and the report's keys cut « F1 Aide » to « F1 Ai »."""
    build_queue(parcours)
    app = make_app("sonia")
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("v")
        await until(pilot, lambda: isinstance(app.screen, ReviewScreen) and app.screen.generation)
        assert "c Commenter F12 Masquer F1 Aide" in footer(app), footer(app)
        await pilot.press("escape", "a")
        await until(pilot, lambda: type(app.screen).__name__ == "ReportScreen")
        assert "F12 Masquer F1 Aide" in footer(app), footer(app)


@drive
async def test_the_palette_follows_the_policy(make_app, make_parcours):
    for user, offered in (("sonia", True), ("bea", False)):
        app = make_app(user, on=make_parcours())
        async with app.run_test(size=(80, 24)) as pilot:
            await settle(pilot)
            await pilot.press("ctrl+p")
            await until(pilot, lambda a=app: isinstance(a.screen, CommandPalette))
            await pilot.pause(0.3)
            text = screen_text(app)
            assert ("File de revue" in text and "Rapport d'activité" in text) is offered
            assert "Permanence du jour" in text
