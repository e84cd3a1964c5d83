"""The people list: creating a person, incremental search, filters, paging, one key to open."""

from __future__ import annotations

from textual.widgets import Input, Select

from core import services as svc
from tests.accounts import forget, who
from tests.tui.conftest import drive, screen_text, settle, shown
from tui.screens.new_person import NewPersonModal
from tui.screens.people import PeopleScreen
from tui.screens.person import PersonScreen
from tui.widgets.person_list import PersonList


def aliases(app) -> list[str]:
    return [row.alias for row in app.screen.query_one(PersonList).rows]


@drive
async def test_create_a_person_and_land_on_her_file(make_app, parcours):
    app = make_app("bea", start="people")
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press(*"Amina", "ctrl+n")  # the search text becomes the alias
        assert isinstance(app.screen, NewPersonModal)
        await pilot.press("tab", *"01/03/2026", "enter")
        await settle(pilot)
        assert isinstance(app.screen, PersonScreen)
        assert shown(app, "#file-alias") == "Amina · n° 1"
        assert "Parcours : Premier accueil" in shown(app, "#file-pathway")
    [amina] = svc.list_persons(parcours, who(parcours, "camille"))
    assert (amina.alias, str(amina.first_visit), amina.pathway_step) == (
        "Amina", "2026-03-01", "premier_accueil")


@drive
async def test_an_empty_alias_is_refused_in_the_form(make_app, parcours):
    app = make_app("bea", start="people")
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("ctrl+n", "enter")
        await settle(pilot)
        assert isinstance(app.screen, NewPersonModal)
        assert shown(app, "#form-problem") == "Le pseudonyme ne peut pas être vide."
        await pilot.press(*"x", "tab", *"31/02/2026", "enter")
        assert "Date invalide « 31/02/2026 »" in shown(app, "#form-problem")
    assert svc.list_persons(parcours, who(parcours, "camille")) == []


@drive
async def test_a_user_of_two_delegations_picks_where_the_person_goes(make_app, parcours):
    """Without the picker, the service asked her « précisez laquelle » in a dialog that had
    no field for it: nobody could be recorded."""
    admin = who(parcours, "admin")
    svc.add_delegation(parcours, admin, "lyon", "Lyon")
    svc.set_delegations(parcours, admin, "sonia", ["principale", "lyon"])
    forget(parcours)
    app = make_app("sonia", start="people")
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press(*"Zoé", "ctrl+n", "enter")
        await settle(pilot)
        assert isinstance(app.screen, NewPersonModal)
        assert shown(app, "#form-problem") == \
            "Vous appartenez à plusieurs délégations : choisissez laquelle."
        assert app.focused is app.screen.query_one("#form-delegation", Select)
        await pilot.press("enter", "down", "enter", "ctrl+s")  # lyon, the first of her two
        await settle(pilot)
        assert isinstance(app.screen, PersonScreen)
    [zoe] = svc.list_persons(parcours, who(parcours, "sonia"), search="Zoé")
    assert zoe.delegation == "lyon"


@drive
async def test_incremental_search_ignores_accents_and_case_then_opens_in_one_key(make_app, parcours):
    for alias in ("Éloïse", "Amina", "eloise B", "Zoé"):
        svc.add_person(parcours, who(parcours, "camille"), alias)
    app = make_app("camille", start="people")
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        # Most recent contact first: all seen today, the newest first.
        assert aliases(app) == ["Zoé", "eloise B", "Amina", "Éloïse"]
        assert shown(app, "#people-count") == "4 personne(s)"
        await pilot.press(*"ELOI")
        await settle(pilot)
        assert aliases(app) == ["eloise B", "Éloïse"]
        assert shown(app, "#people-count") == "2 personne(s)"
        await pilot.press("backspace", "backspace", "backspace", "backspace", *"zz")
        await settle(pilot)
        assert aliases(app) == [] and "Aucune personne ne correspond." in screen_text(app)
        await pilot.press("backspace", "backspace", *"zo", "enter", "enter")
        await settle(pilot)
        assert isinstance(app.screen, PersonScreen)
        assert shown(app, "#file-alias") == "Zoé · n° 4"


@drive
async def test_typing_on_the_list_goes_on_in_the_search_box(make_app, parcours):
    """Enter or ↓ to the list, then more letters: they were lost, the list takes none."""
    for alias in ("Amina", "Amel"):
        svc.add_person(parcours, who(parcours, "camille"), alias)
    app = make_app("camille", start="people")
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        search = app.screen.query_one("#people-search", Input)
        await pilot.press(*"am", "enter", "up")  # ↑ on the first row: back to the box
        assert app.focused is search
        await pilot.press("down", *"el")
        await settle(pilot)
        assert app.focused is search and search.value == "amel"
        assert aliases(app) == ["Amel"]


@drive
async def test_filters_by_referent_step_and_domain(make_app, parcours):
    ids = {a: svc.add_person(parcours, who(parcours, "camille"), a).id for a in ("Amina", "Béa", "Chloé")}
    svc.give_consent(parcours, who(parcours, "camille"), ids["Amina"], "suivi")
    svc.advance(parcours, who(parcours, "camille"), ids["Amina"], "parcours", "suivre",
                facts={"referent": "camille"})
    svc.advance(parcours, who(parcours, "camille"), ids["Béa"], "parcours", "reconnaitre")
    svc.start_track(parcours, who(parcours, "camille"), ids["Chloé"], "psp")
    app = make_app("camille", start="people")
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, PeopleScreen)
        await pilot.press("tab", "enter", "down", "enter")  # first referent offered: camille
        await settle(pilot)
        assert aliases(app) == ["Amina"]
        screen.query_one("#filter-referent", Select).clear()
        await pilot.press("tab", "enter", "down", "down", "enter")  # premier accueil, connue
        await settle(pilot)
        assert screen.query_one("#filter-step", Select).value == "connue"
        assert aliases(app) == ["Béa"]
        screen.query_one("#filter-step", Select).clear()
        screen.query_one("#filter-domain", Select).value = "psp"
        await settle(pilot)
        assert aliases(app) == ["Chloé"]


@drive
async def test_the_list_pages_in_as_the_cursor_goes_down(make_app, parcours, monkeypatch):
    import tui.screens.people as people
    import tui.widgets.person_list as person_list
    monkeypatch.setattr(people, "PAGE", 10)
    monkeypatch.setattr(person_list, "AHEAD", 2)
    for n in range(35):
        svc.add_person(parcours, who(parcours, "bea"), f"P{n:02d}")
    asked: list[str | None] = []
    real = svc.list_persons

    def spied(*args, **kwargs):
        asked.append(kwargs.get("after"))
        assert "offset" not in kwargs  # the next page starts from the person shown last
        return real(*args, **kwargs)

    monkeypatch.setattr(svc, "list_persons", spied)
    app = make_app("bea", start="people")
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        rows = app.screen.query_one(PersonList)
        assert len(rows.rows) == 20 and rows.has_more  # the 18 visible rows, by pages of 10
        assert "35 personne(s) —" in shown(app, "#people-count")
        app.screen.query_one("#people-search", Input).blur()
        rows.focus()
        await pilot.press("end")
        for _ in range(6):
            await settle(pilot)
            await pilot.press("end")
        # most recent contact first: all seen today, the newest first
        assert [r.alias for r in rows.rows] == [f"P{n:02d}" for n in reversed(range(35))]
        assert rows.highlighted.alias == "P00"
        assert shown(app, "#people-count") == "35 personne(s)"
    # The first page, then three asked after the last row's (sealed) cursor.
    assert asked[0] is None and len(asked) == 4 and all(asked[1:])


@drive
async def test_a_search_of_one_or_two_letters_pages_in_without_being_counted(make_app, parcours,
                                                                           monkeypatch):
    """Counting a search too short for the index opened every alias of her delegations on
    each keystroke: the list pages in as before, the count waits for a third letter."""
    import tui.screens.people as people
    import tui.widgets.person_list as person_list
    monkeypatch.setattr(people, "PAGE", 10)
    monkeypatch.setattr(person_list, "AHEAD", 2)
    for n in range(25):
        svc.add_person(parcours, who(parcours, "bea"), f"Mona {n:02d}")
    svc.add_person(parcours, who(parcours, "bea"), "Zoé")
    counted: list[str | None] = []
    real = svc.count_persons

    def spied(*args, **kwargs):
        counted.append(kwargs.get("search"))
        return real(*args, **kwargs)

    monkeypatch.setattr(svc, "count_persons", spied)
    app = make_app("bea", start="people")
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        assert shown(app, "#people-count") == "26 personne(s) — 20 affichée(s), la suite en descendant"
        await pilot.press(*"mo")
        await settle(pilot)
        rows = app.screen.query_one(PersonList)
        assert len(rows.rows) == 20 and rows.has_more
        assert shown(app, "#people-count") == (
            "20 personne(s) affichée(s), la suite en descendant (au moins 3 lettres pour les compter)")
        app.screen.query_one("#people-search", Input).blur()
        rows.focus()
        for _ in range(3):
            await pilot.press("end")
            await settle(pilot)
        # the last page was shorter than asked: the whole list is there, and so its number
        assert [r.alias for r in rows.rows] == [f"Mona {n:02d}" for n in reversed(range(25))]
        assert not rows.has_more and shown(app, "#people-count") == "25 personne(s)"
        app.screen.query_one("#people-search", Input).focus()
        await pilot.press("end", "n")  # after "mo" (focusing selects the text)
        await settle(pilot)
        assert shown(app, "#people-count") == "25 personne(s) — 20 affichée(s), la suite en descendant"
    assert counted == [None, "mon"]  # the whole list, then the third letter: never "m", "mo"


@drive
async def test_a_second_person_with_the_same_alias_is_recorded_with_a_warning(make_app,
                                                                              parcours):
    first = svc.add_person(parcours, who(parcours, "bea"), "Margot").id
    app = make_app("bea", start="people")
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("ctrl+n", *"margot", "enter")
        await settle(pilot)
        assert isinstance(app.screen, PersonScreen)  # recorded all the same
        warned = [n for n in app._notifications if "déjà celui de" in n.message]
        assert [n.severity for n in warned] == ["warning"]
        assert f"n° {first}" in warned[0].message
