"""Consents in the person file: a referent records the person's consent to follow-up from the
« Consentements » tab, then takes her into follow-up; withdrawing it (after a confirmation)
blocks her case at once. Volunteers have no such tab."""

from __future__ import annotations

from datetime import date

from textual.widgets import Input, Select

from core import services as svc
from tests.accounts import who
from tests.tui.conftest import drive, in_guadeloupe, options, screen_text, settle
from tests.tui.test_person_file import open_first_person
from tui.screens.confirm import ConfirmModal
from tui.screens.consent import ConsentModal
from tui.screens.person import PersonScreen


@drive
async def test_a_referent_records_consent_then_follows_her_then_it_is_withdrawn(make_app, parcours):
    person = svc.add_person(parcours, who(parcours, "bea"), "Amina").id
    app = make_app("camille", start="people")
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await open_first_person(pilot)
        suivre = next(a for a in screen.actions.values() if a.trigger == "suivre")
        assert not suivre.allowed
        assert any("Aucun consentement actif" in r.message for r in suivre.reasons)
        await pilot.press("c")
        assert options(app, "#file-consents") == ["+ Enregistrer un consentement…",
                                                  "Aucun consentement enregistré."]
        await pilot.press("enter")
        assert isinstance(app.screen, ConsentModal)
        assert app.screen.query_one("#consent-given", Input).value == "10/03/2026"
        assert app.screen.query_one("#consent-purpose", Select).value == "suivi"
        assert not app.screen.query_one("#consent-partner", Input).display
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, PersonScreen)
        assert options(app, "#file-consents")[1] == (
            "✓ Suivi individuel — donné le 10/03/2026 — actif — par camille")
        suivre = next(a for a in app.screen.actions.values() if a.trigger == "suivre")
        assert suivre.allowed
        await pilot.press("down", "enter")
        assert isinstance(app.screen, ConfirmModal)
        await pilot.press("o")
        await settle(pilot)
        assert isinstance(app.screen, PersonScreen)
        assert options(app, "#file-consents")[1].startswith(
            "✗ Suivi individuel — donné le 10/03/2026 — retiré le 10/03/2026 par camille")
    consents = svc.list_consents(parcours, who(parcours, "camille"), person)
    assert [(c.purpose, c.status) for c in consents] == [("suivi", "withdrawn")]


@drive
async def test_a_share_names_its_partner_and_a_bad_date_is_said_under_the_form(make_app, parcours):
    person = svc.add_person(parcours, who(parcours, "bea"), "Amina").id
    svc.give_consent(parcours, who(parcours, "camille"), person, "suivi")
    svc.advance(parcours, who(parcours, "camille"), person, "parcours", "suivre",
                facts={"referent": "camille"})
    app = make_app("camille", start="people")
    async with app.run_test(size=(100, 30)) as pilot:
        await open_first_person(pilot)
        await pilot.press("c", "enter")
        modal = app.screen
        assert isinstance(modal, ConsentModal)
        modal.query_one("#consent-purpose", Select).value = "partage"
        await settle(pilot)
        assert modal.query_one("#consent-partner", Input).display
        modal.query_one("#consent-partner", Input).value = "[bold]CeGIDD[/] de Lille"
        modal.query_one("#consent-expires", Input).value = "31/04/2027"
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert "Date invalide" in screen_text(app)
        modal.query_one("#consent-expires", Input).value = "30/04/2027"
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, PersonScreen)
        assert ("✓ Partage avec un partenaire « [bold]CeGIDD[/] de Lille » — donné le "
                "10/03/2026, valable jusqu'au 30/04/2027 — actif — par camille") in options(
                    app, "#file-consents")


@drive
async def test_volunteers_have_no_consents_tab(make_app, parcours):
    svc.add_person(parcours, who(parcours, "bea"), "Amina")
    app = make_app("bea", start="people")
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await open_first_person(pilot)
        assert not screen.query("#tab-consents")
        await pilot.press("c")  # nothing happens
        assert "Consentements" not in screen_text(app)


@drive
async def test_the_day_offered_overseas_records_her_day(make_app, parcours, monkeypatch):
    """At 21:30 in Guadeloupe the form offers mainland France's day, already 9 December: left
    as it is, the consent was dated her tomorrow and did not count yet that evening."""
    clocked = in_guadeloupe(parcours, monkeypatch, "gaelle", "referent")
    person = svc.add_person(clocked, who(clocked, "gaelle"), "Maëlys", delegation="pap").id
    app = make_app("gaelle", start="people", on=clocked)
    async with app.run_test(size=(100, 30)) as pilot:
        await open_first_person(pilot)
        await pilot.press("c", "enter")
        assert isinstance(app.screen, ConsentModal)
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, PersonScreen)
    [consent] = svc.list_consents(clocked, who(clocked, "gaelle"), person)
    assert consent.given_on == date(2026, 12, 8)


@drive
async def test_a_consent_given_aujourd_hui_is_dated_the_evaluation_day(make_app, parcours):
    """The command line took « aujourd'hui » for a date; the form refused it as invalid."""
    person = svc.add_person(parcours, who(parcours, "bea"), "Amina").id
    app = make_app("camille", start="people")
    async with app.run_test(size=(100, 30)) as pilot:
        await open_first_person(pilot)
        await pilot.press("c", "enter")
        assert isinstance(app.screen, ConsentModal)
        app.screen.query_one("#consent-given", Input).value = "Aujourd\u2019hui"
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, PersonScreen), screen_text(app)
    [consent] = svc.list_consents(parcours, who(parcours, "camille"), person)
    assert consent.given_on.isoformat() == "2026-03-10"  # the evaluation day of the tests


@drive
async def test_the_form_offers_her_day_overseas(make_app, parcours, monkeypatch):
    """At 21:30 in Guadeloupe the form offered mainland France's day (09/12/2026, her
    tomorrow), and « aujourd'hui » typed in it was that day too: refused as in the future."""
    clocked = in_guadeloupe(parcours, monkeypatch, "gaelle", "referent")
    person = svc.add_person(clocked, who(clocked, "gaelle"), "Maëlys", delegation="pap").id
    app = make_app("gaelle", start="people", on=clocked)
    async with app.run_test(size=(100, 30)) as pilot:
        await open_first_person(pilot)
        await pilot.press("c", "enter")
        assert isinstance(app.screen, ConsentModal)
        given = app.screen.query_one("#consent-given", Input)
        assert given.value == "08/12/2026"
        given.value = "aujourd'hui"
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, PersonScreen)
    [consent] = svc.list_consents(clocked, who(clocked, "gaelle"), person)
    assert consent.given_on == date(2026, 12, 8)
