"""The home screen of a referent: her people, urgent deadlines, steps to relaunch, the drop-in."""

from __future__ import annotations

from datetime import date

from textual.widgets import TabbedContent

from core import services as svc
from tests.services.conftest import walk_psp_to_authorised
from tests.accounts import who
from tests.tui.conftest import TODAY, drive, in_guadeloupe, options, settle, shown, until
from tui.screens.explain import ExplainModal
from tui.screens.home import HomeScreen
from tui.screens.person import PersonScreen


def followed(parcours, alias: str) -> int:
    person = svc.add_person(parcours, who(parcours, "camille"), alias).id
    svc.give_consent(parcours, who(parcours, "camille"), person, "suivi",
                     given_on=date(2025, 11, 1))
    svc.advance(parcours, who(parcours, "camille"), person, "parcours", "suivre",
                facts={"referent": "camille"}, at=date(2025, 11, 1))
    return person


@drive
async def test_my_people_deadlines_stalled_steps_and_the_dropin(make_app, parcours):
    amina = followed(parcours, "Amina")
    svc.start_track(parcours, who(parcours, "camille"), amina, "psp")
    walk_psp_to_authorised(parcours, amina, decided="2025-10-01")  # ends 01/04: due soon
    zoe = followed(parcours, "Zoé")
    svc.start_track(parcours, who(parcours, "camille"), zoe, "psp", at=date(2025, 12, 1))  # 99 days idle
    svc.add_person(parcours, who(parcours, "bea"), "Léa")  # not mine
    dropin = svc.open_dropin(parcours, who(parcours, "bea"), TODAY).id
    svc.record_anonymous(parcours, who(parcours, "bea"), dropin, 3)
    app = make_app("camille")
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        assert isinstance(app.screen, HomeScreen)
        people = options(app, "#home-people")
        # most recent contact first (both seen today: the newest first)
        assert [p.split(" · ")[0] for p in people] == ["Zoé", "Amina"]
        assert options(app, "#home-deadlines") == [
            "31/03/2026 proche · Amina · Fin de la période d'autorisation du PSP"]  # eve
        stalled = options(app, "#home-review")
        assert any(s.startswith("Zoé · Évaluation des besoins · ") for s in stalled), stalled
        assert shown(app, "#home-dropin") == "Ouverte : 0 passage(s) identifié(s), 3 anonyme(s)."
        app.screen.query_one("#home-deadlines").focus()
        await pilot.press("enter")  # her file, on the deadline (it only said why this date)
        await until(pilot, lambda: isinstance(app.screen, PersonScreen)
                    and app.screen.data is not None)
        assert shown(app, "#file-alias") == "Amina · n° 1"
        assert app.screen.track.track == "psp"
        assert app.screen.query_one(TabbedContent).active == "tab-deadlines"
        await pilot.press("enter")
        assert isinstance(app.screen, ExplainModal)
        assert "Source légale : CASF L121-9" in app.screen.text
        await pilot.press("escape", "escape")
        await settle(pilot)
        assert isinstance(app.screen, HomeScreen)
        app.screen.query_one("#home-review").focus()
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, PersonScreen) and shown(app, "#file-alias") == "Zoé · n° 2"
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, HomeScreen)


@drive
async def test_each_panel_lists_its_first_lines_and_says_where_the_others_are(
        make_app, parcours, monkeypatch):
    """A panel lists the first of its lines (the most urgent first), then a last line that
    cannot be opened and says where the others are: the busiest referent of a national base
    had hundreds, all read on every return to the home screen."""
    from tui.screens import home
    monkeypatch.setattr(home, "SHOWN", 1)
    monkeypatch.setattr(home, "PEOPLE_SHOWN", 1)
    for alias, started in (("Amina", date(2025, 11, 20)), ("Zoé", date(2025, 12, 1))):
        svc.start_track(parcours, who(parcours, "camille"), followed(parcours, alias), "psp",
                        at=started)
    app = make_app("camille")
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        people, stalled = options(app, "#home-people"), options(app, "#home-review")
        assert [p.split(" · ")[0] for p in people[:1]] == ["Zoé"]
        assert people[1:] == [
            "… et d'autres : la liste des personnes (touche p) les montre toutes."]
        assert len(stalled) == 2 and stalled[0].startswith("Amina · ")  # stalled the longest
        assert stalled[1] == "… et d'autres : la revue (touche v) les montre toutes."
        assert options(app, "#home-deadlines") == ["Aucune échéance proche."]
        review = app.screen.query_one("#home-review")
        review.focus()
        await pilot.press("down")
        assert review.highlighted == 0  # the last line cannot be chosen


@drive
async def test_the_home_screen_overseas_in_the_evening_is_on_her_day(make_app, parcours,
                                                                      monkeypatch):
    """At 21:30 in Guadeloupe the home screen greeted her on mainland France's 9 December,
    her tomorrow, and did not find the evening's drop-in of 8 December; a user of Paris and
    Guadeloupe did not find it either."""
    from tests.accounts import PASSWORD
    clocked = in_guadeloupe(parcours, monkeypatch, "gaelle", "referent")
    svc.add_user(clocked, who(clocked, "admin"), "vera", "benevole", PASSWORD,
                 ["pap", "principale"])
    dropin = svc.open_dropin(clocked, who(clocked, "gaelle"), date(2026, 12, 8)).id
    svc.record_anonymous(clocked, who(clocked, "gaelle"), dropin, 2)
    for user, hello in (("gaelle", "mardi 8 décembre 2026"), ("vera", "mercredi 9 décembre")):
        app = make_app(user, on=clocked)
        async with app.run_test(size=(100, 30)) as pilot:
            await settle(pilot)
            assert isinstance(app.screen, HomeScreen)
            assert hello in shown(app, "#home-hello")
            assert shown(app, "#home-dropin") == \
                "Ouverte : 0 passage(s) identifié(s), 2 anonyme(s)."
