"""Drop-in mode as a volunteer uses it: open, anonymous and identified visits, needs, close."""

from __future__ import annotations

import threading
from datetime import date

from textual.widgets import Input, Select

import core.services
from core import services as svc
from tests.accounts import forget, who
from tests.tui.conftest import TODAY, drive, in_guadeloupe, options, screen_text, settle, shown
from tui.screens.dropin import DropInScreen
from tui.screens.error import ErrorModal
from tui.screens.explain import ExplainModal
from tui.screens.home import HomeScreen
from tui.screens.new_person import NewPersonModal
from tui.screens.open_dropin import OpenDropInModal


async def open_today(pilot) -> None:
    """Fill the opening form: hours, bea ticked for 2,5 hours, Marie=3 typed, Ctrl+S.

    A volunteer may not list the users: the form offers her own name, anyone else is typed.
    """
    assert isinstance(pilot.app.screen, OpenDropInModal)
    assert pilot.app.screen.names == ["bea"]
    await pilot.press(*"14:00", "enter", *"17:00")
    await pilot.click("#vol-0")  # bea
    pilot.app.screen.query_one("#hours-0", Input).value = ""
    await pilot.click("#hours-0")
    await pilot.press(*"2,5")
    await pilot.click("#open-other")
    await pilot.press(*"Marie=3", "ctrl+s")
    await settle(pilot)


@drive
async def test_anonymous_and_identified_visits_with_needs(make_app, parcours):
    amina = svc.add_person(parcours, who(parcours, "camille"), "Amina").id
    app = make_app("bea", start="dropin")
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await open_today(pilot)
        assert isinstance(app.screen, DropInScreen)
        assert "Bénévoles : Marie (3 h), bea (2,5 h) · 14:00–17:00" in screen_text(app)
        await pilot.press("f2")  # one key: an anonymous visit
        await settle(pilot)
        assert "Passages : 0 identifié(s) · 1 anonyme(s)" in screen_text(app)
        assert "prostitution (PSP)" in screen_text(app)  # the need's label wraps, not cut
        await pilot.click("#need-1")  # psp, ticked for the next visit
        await pilot.press(*"AMI")  # the search box kept the focus
        await settle(pilot)
        assert "Amina · n° 1" in screen_text(app)
        await pilot.press("enter")
        await settle(pilot)
        text = screen_text(app)
        assert "Passages : 1 identifié(s) · 1 anonyme(s)" in text
        assert "Amina · besoins : Parcours" in text
        assert app.screen.query_one("#dropin-search", Input).value == ""
    [dropin] = svc.list_dropins(parcours, who(parcours, "camille"))
    assert (dropin.identified_visits, dropin.anonymous_visits) == (1, 1)
    assert [(v.name, v.hours) for v in dropin.volunteers] == [("Marie", 3.0), ("bea", 2.5)]
    assert (dropin.starts_at, dropin.ends_at, dropin.day) == ("14:00", "17:00", TODAY)
    assert [e.kind for e in svc.history(parcours, who(parcours, "camille"), amina)][-1] == "visit"


@drive
async def test_new_person_at_the_dropin_then_close_with_summary(make_app, parcours):
    svc.open_dropin(parcours, who(parcours, "bea"), TODAY)
    app = make_app("bea", start="dropin")
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press(*"Zoé")
        await settle(pilot)
        assert "« Zoé » inconnue : Ctrl+N la crée." in screen_text(app)
        await pilot.press("ctrl+n")
        assert isinstance(app.screen, NewPersonModal)
        assert app.screen.query_one("#new-first-visit", Input).value == "10/03/2026"
        await pilot.press("enter")  # the alias is already typed
        await settle(pilot)
        assert "Passages : 1 identifié(s) · 0 anonyme(s)" in screen_text(app)
        await pilot.press("f2", "f2")
        await settle(pilot)
        await pilot.press("f10")
        await pilot.press("o")  # "Oui"
        await settle(pilot)
        assert isinstance(app.screen, ExplainModal)
        summary = app.screen.text
        for line in ("Passages identifiés : 1", "Passages anonymes : 2",
                     "Nouvelles personnes : 1", "Bénévoles : 0 · 0 heure donnée"):
            assert line in summary
    [zoe] = svc.list_persons(parcours, who(parcours, "camille"))
    assert (zoe.alias, zoe.first_visit) == ("Zoé", TODAY)
    assert svc.list_dropins(parcours, who(parcours, "bea"))[0].summary.anonymous == 2


@drive
async def test_a_second_visit_the_same_day_is_a_french_error_dialog(make_app, parcours):
    svc.add_person(parcours, who(parcours, "bea"), "Amina")
    dropin = svc.open_dropin(parcours, who(parcours, "bea"), TODAY).id
    svc.record_visit(parcours, who(parcours, "bea"), dropin, 1)
    app = make_app("bea", start="dropin")
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press(*"amina")
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, ErrorModal)
        text = screen_text(app)
        assert "Saisie invalide" in text and "déjà enregistré" in text
        assert "Traceback" not in text
        await pilot.press("enter")
        assert isinstance(app.screen, DropInScreen)


@drive
async def test_the_search_offers_only_the_persons_of_the_drop_in_s_delegation(make_app,
                                                                              parcours):
    """A supervisor of two delegations at Lyon's drop-in: the Amina of the other one is not
    offered (a visit records only a person of the drop-in's delegation)."""
    admin = who(parcours, "admin")
    svc.add_delegation(parcours, admin, "lyon", "Lyon")
    svc.set_delegations(parcours, admin, "sonia", ["principale", "lyon"])
    forget(parcours)
    sonia = who(parcours, "sonia")
    here = svc.add_person(parcours, sonia, "Amina", delegation="lyon").id
    elsewhere = svc.add_person(parcours, sonia, "Amina B", delegation="principale").id
    svc.open_dropin(parcours, sonia, TODAY, delegation="lyon")
    app = make_app("sonia", start="dropin")
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        assert isinstance(app.screen, DropInScreen)
        await pilot.press(*"AMI")
        await settle(pilot)
        text = screen_text(app)
        assert f"Amina · n° {here}" in text and f"n° {elsewhere}" not in text


@drive
async def test_a_person_created_at_the_drop_in_goes_to_its_delegation(make_app, parcours):
    """A supervisor of two delegations at Lyon's drop-in: Ctrl+N records the new person at
    Lyon and her visit, instead of asking which delegation in a dialog without the field."""
    admin = who(parcours, "admin")
    svc.add_delegation(parcours, admin, "lyon", "Lyon")
    svc.set_delegations(parcours, admin, "sonia", ["principale", "lyon"])
    forget(parcours)
    sonia = who(parcours, "sonia")
    svc.open_dropin(parcours, sonia, TODAY, delegation="lyon")
    app = make_app("sonia", start="dropin")
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press(*"Zoé")
        await settle(pilot)
        await pilot.press("ctrl+n")
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, DropInScreen)
        assert "Passages : 1 identifié(s) · 0 anonyme(s)" in screen_text(app)
    [zoe] = svc.list_persons(parcours, sonia, search="Zoé")
    assert zoe.delegation == "lyon"


@drive
async def test_enter_typed_before_the_matches_come_records_the_typed_person(make_app, parcours,
                                                                            monkeypatch):
    """« Zo » lists Zohra first; « Zoé » typed and Entrée pressed before the new search is
    back: Zoé's visit is recorded once it is, not Zohra's from the list still shown."""
    bea = who(parcours, "bea")
    zoe = svc.add_person(parcours, bea, "Zoé").id
    zohra = svc.add_person(parcours, bea, "Zohra").id  # the latest added is listed first
    svc.open_dropin(parcours, bea, TODAY)
    app = make_app("bea", start="dropin")
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press(*"Zo")
        await settle(pilot)
        assert screen_text(app).index("Zohra · n°") < screen_text(app).index("Zoé · n°")
        searched = threading.Event()
        real = core.services.list_persons

        def slow(*args, **kwargs):
            searched.wait(5)  # the database is slow to answer this one
            return real(*args, **kwargs)
        monkeypatch.setattr(core.services, "list_persons", slow)
        await pilot.press("é", "enter")
        await pilot.pause(0.1)
        searched.set()
        await settle(pilot)
        assert "Passages : 1 identifié(s) · 0 anonyme(s)" in screen_text(app)
    camille = who(parcours, "camille")
    assert [e.kind for e in svc.history(parcours, camille, zoe)][-1] == "visit"
    assert "visit" not in [e.kind for e in svc.history(parcours, camille, zohra)]


@drive
async def test_a_user_of_two_delegations_picks_where_the_drop_in_is_held(make_app, parcours):
    """Without the picker, opening was refused with « précisez laquelle » in a dialog that
    had no field for it: she could not open a drop-in."""
    admin = who(parcours, "admin")
    svc.add_delegation(parcours, admin, "lyon", "Lyon")
    svc.set_delegations(parcours, admin, "sonia", ["principale", "lyon"])
    forget(parcours)
    app = make_app("sonia", start="dropin")
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        assert isinstance(app.screen, OpenDropInModal)
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert "choisissez laquelle" in screen_text(app)
        await pilot.press("enter", "down", "enter", "tab", *"14:00", "ctrl+s")  # lyon
        await settle(pilot)
        assert isinstance(app.screen, DropInScreen)
    [dropin] = svc.list_dropins(parcours, who(parcours, "sonia"))
    assert (dropin.delegation, dropin.starts_at) == ("lyon", "14:00")


@drive
async def test_typing_on_the_matches_goes_on_in_the_search_box(make_app, parcours):
    """↓ to the list, then more letters: they were lost, the list takes none."""
    bea = who(parcours, "bea")
    svc.add_person(parcours, bea, "Amina")
    amel = svc.add_person(parcours, bea, "Amel").id
    svc.open_dropin(parcours, bea, TODAY)
    app = make_app("bea", start="dropin")
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        search = app.screen.query_one("#dropin-search", Input)
        await pilot.press(*"am", "down", "up")  # ↑ on the first row: back to the box
        assert app.focused is search
        await pilot.press("down", *"el")
        await settle(pilot)
        assert app.focused is search and search.value == "amel"
        assert f"Amel · n° {amel}" in screen_text(app) and "Amina" not in screen_text(app)


@drive
async def test_what_is_typed_while_a_visit_is_recorded_stays_for_the_next(make_app, parcours,
                                                                         monkeypatch):
    """The next visitor's letters, typed while the database recorded the last visit, were
    wiped when it answered; so were the needs ticked for her meanwhile."""
    bea = who(parcours, "bea")
    svc.add_person(parcours, bea, "Amina")
    zoe = svc.add_person(parcours, bea, "Zoé").id
    svc.open_dropin(parcours, bea, TODAY)
    app = make_app("bea", start="dropin")
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press(*"amina")
        await settle(pilot)
        written = threading.Event()
        real = core.services.record_visit

        def slow(*args, **kwargs):
            written.wait(5)  # the database is slow to answer this one
            return real(*args, **kwargs)
        monkeypatch.setattr(core.services, "record_visit", slow)
        await pilot.press("enter", *"zo")
        await pilot.click("#need-1")
        await pilot.pause(0.1)
        written.set()
        await settle(pilot)
        assert "Amina" in screen_text(app) and "Passages : 1 identifié(s)" in screen_text(app)
        assert app.screen.query_one("#dropin-search", Input).value == "zo"
        assert app.screen.query_one("#need-1").value
        monkeypatch.setattr(core.services, "record_visit", real)
        await pilot.press("enter")
        await settle(pilot)
        assert "Zoé · besoins : Parcours" in screen_text(app)
    camille = who(parcours, "camille")
    assert [e.kind for e in svc.history(parcours, camille, zoe)][-1] == "visit"


@drive
async def test_the_matches_say_when_there_are_more_than_shown(make_app, parcours):
    """Eight were listed and nothing said there were others: the ninth, not among them,
    was taken for a new person."""
    bea = who(parcours, "bea")
    for n in range(9):
        svc.add_person(parcours, bea, f"Amina {n}")
    svc.open_dropin(parcours, bea, TODAY)
    app = make_app("bea", start="dropin")
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press(*"ami")
        await settle(pilot)
        listed = options(app, "#dropin-matches")
        assert len(listed) == 9 and listed[-1] == "… et d'autres : tapez la suite du pseudonyme."
        assert "tapez la suite du pseudonyme" in screen_text(app)
        await pilot.press(*"na 0")
        await settle(pilot)
        assert options(app, "#dropin-matches") == ["Amina 0 · n° 1"]


@drive
async def test_the_opening_hours_are_read_as_the_command_line_reads_them(make_app, parcours):
    """« 14h » and « 17 h 30 » were refused, while `dropin open --from 14h` took them; « 1330 »
    was taken and « 14:00Z » held a time zone no other hour has."""
    app = make_app("bea", start="dropin")
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        assert isinstance(app.screen, OpenDropInModal)
        await pilot.press(*"1330", "ctrl+s")
        await settle(pilot)
        assert "Heure invalide « 1330 » : attendu HH:MM ou 13h30." in screen_text(app)
        app.screen.query_one("#open-start", Input).value = "14:00Z"
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert "Heure invalide « 14:00Z »" in screen_text(app)
        app.screen.query_one("#open-start", Input).value = "14h"
        app.screen.query_one("#open-end", Input).value = "17 h 30"
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, DropInScreen)
    [dropin] = svc.list_dropins(parcours, who(parcours, "bea"))
    assert (dropin.starts_at, dropin.ends_at) == ("14:00", "17:30")


@drive
async def test_the_drop_in_of_the_evening_overseas_is_that_of_her_day(make_app, parcours,
                                                                      monkeypatch):
    """At 21:30 in Guadeloupe, the drop-in screen was mainland France's day, her tomorrow:
    the evening's drop-in, open, was not found, and the one opened was dated 9 December."""
    clocked = in_guadeloupe(parcours, monkeypatch, "vera", "benevole")
    app = make_app("vera", start="dropin", on=clocked)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        assert isinstance(app.screen, OpenDropInModal)
        assert app.screen.day == date(2026, 12, 8)
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, DropInScreen)
        assert "mardi 8 décembre 2026" in screen_text(app)
    [dropin] = svc.list_dropins(clocked, who(clocked, "vera"))
    assert dropin.day == date(2026, 12, 8)
    app = make_app("vera", start="dropin", on=clocked)
    async with app.run_test(size=(80, 24)) as pilot:  # later that evening: the same one
        await settle(pilot)
        assert isinstance(app.screen, DropInScreen)
        assert app.screen.dropin is not None and app.screen.dropin.id == dropin.id


@drive
async def test_the_last_visits_are_listed_again_when_coming_back_to_the_drop_in(make_app,
                                                                                 parcours):
    """« Derniers passages » was empty once the volunteer went home and came back (the
    screen is built anew): the visits recorded before are listed again."""
    bea = who(parcours, "bea")
    svc.add_person(parcours, bea, "Amina")
    svc.open_dropin(parcours, bea, TODAY)
    app = make_app("bea", start="dropin")
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press(*"amina")
        await settle(pilot)
        await pilot.click("#need-1")
        await pilot.press("enter", "f2")
        await settle(pilot)
        assert options(app, "#dropin-recent") == [
            "Amina · besoins : Parcours de sortie de la prostitution (PSP)", "anonyme"]
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, HomeScreen)
        await pilot.press("m")
        await settle(pilot)
        assert isinstance(app.screen, DropInScreen)
        assert options(app, "#dropin-recent") == [
            "Amina · besoins : Parcours de sortie de la prostitution (PSP)", "anonyme"]


@drive
async def test_a_drop_in_opened_meanwhile_at_another_desk_is_said_not_doubled(make_app,
                                                                              parcours):
    """Two volunteers opening the afternoon at two desks opened two drop-ins of the day, its
    visits split between them and counted twice in the report: the form says the one already
    open, and Échap joins it."""
    app = make_app("bea", start="dropin")
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        assert isinstance(app.screen, OpenDropInModal)
        first = svc.open_dropin(parcours, who(parcours, "camille"), TODAY).id  # the other desk
        await pilot.press(*"14:00", "ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, OpenDropInModal)
        assert (f"La délégation a déjà une permanence ouverte le 10/03/2026 (n° {first}) : "
                "Échap pour y enregistrer les passages") in shown(app, "#form-problem")
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, DropInScreen) and app.screen.dropin.id == first
    assert [d.id for d in svc.list_dropins(parcours, who(parcours, "bea"))] == [first]


@drive
async def test_another_drop_in_the_day_one_was_closed_is_opened_when_asked_again(make_app,
                                                                                parcours):
    """The day's drop-in closed, the form opened a second one without a word (the command
    line asks for --another): it says the closed one, and a second Ctrl+S opens another."""
    bea = who(parcours, "bea")
    first = svc.open_dropin(parcours, bea, TODAY).id
    svc.close_dropin(parcours, bea, first)
    app = make_app("bea", start="dropin")
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        assert isinstance(app.screen, OpenDropInModal)
        await pilot.press(*"18:00", "ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, OpenDropInModal)
        assert (f"déjà tenu le 10/03/2026 une permanence, close depuis (n° {first}) : Ctrl+S à "
                "nouveau pour en ouvrir une autre") in shown(app, "#form-problem")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, DropInScreen)
    assert [(d.id == first, d.starts_at) for d in svc.list_dropins(parcours, bea)] == [
        (False, "18:00"), (True, None)]


@drive
async def test_a_user_of_paris_and_guadeloupe_opens_the_drop_in_of_its_day(make_app, parcours,
                                                                          monkeypatch):
    """At 21:30 in Guadeloupe (9 December in Paris), a volunteer of both picked Guadeloupe
    in the opening form: the drop-in was dated 9 December, its tomorrow, and the screen,
    opened again, did not find it and asked to open another."""
    clocked = in_guadeloupe(parcours, monkeypatch, "vera", "benevole",
                            ("principale", "pap"))
    app = make_app("vera", start="dropin", on=clocked)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        assert isinstance(app.screen, OpenDropInModal)
        assert app.screen.day == date(2026, 12, 9)
        app.screen.query_one("#form-delegation", Select).value = "pap"
        await settle(pilot)
        assert app.screen.day == date(2026, 12, 8)
        assert "mardi 8 décembre 2026" in screen_text(app)
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, DropInScreen)
        assert "mardi 8 décembre 2026" in screen_text(app)
    [dropin] = svc.list_dropins(clocked, who(clocked, "vera"))
    assert (dropin.delegation, dropin.day) == ("pap", date(2026, 12, 8))
    app = make_app("vera", start="dropin", on=clocked)
    async with app.run_test(size=(80, 24)) as pilot:  # later that evening: the same one
        await settle(pilot)
        assert isinstance(app.screen, DropInScreen)
        assert app.screen.dropin is not None and app.screen.dropin.id == dropin.id
