"""Dialogs at 80×24 as issue 13 found them: forms that fit (point 5), errors that keep what was
typed (6), the referent picked, not typed (2), checkboxes that show their label when focused
(3), windows that open at once and take keys only when ready (8)."""

from __future__ import annotations

import threading
from datetime import date

from textual.widgets import Input, Select, TextArea

import core.services
from core import services as svc
from tests.accounts import PASSWORD, add_followed, consent, who
from tests.tui.conftest import drive, in_guadeloupe, screen_text, settle, until
from tui.events import OpenPerson
from tui.screens.advance import AdvanceModal
from tui.screens.new_person import NewPersonModal
from tui.screens.note import NoteModal
from tui.screens.open_dropin import OpenDropInModal
from tui.screens.person import PersonScreen
from tui.widgets.fact_form import FactForm
from tui.widgets.tick import Tick


def crowd(parcours, count: int = 33) -> None:
    admin = who(parcours, "admin")
    for i in range(count):
        svc.add_user(parcours, admin, f"benevole{i:02d}", "benevole", PASSWORD)


async def open_follow_up_form(pilot, person: int) -> AdvanceModal:
    """Amina's file, then the "individual follow-up" action of her pathway."""
    return await open_action_form(pilot, person, "suivre")


async def open_action_form(pilot, person: int, trigger: str, track: str | None = None) -> AdvanceModal:
    """A person's file, the track ``track`` (else the first), then the form of ``trigger``."""
    await settle(pilot)
    pilot.app.post_message(OpenPerson(person))
    await until(pilot, lambda: isinstance(pilot.app.screen, PersonScreen) and pilot.app.screen.data)
    screen = pilot.app.screen
    if track is not None:
        screen.track_id = next(t.id for t in screen.data.person.tracks if t.track == track)
        screen._show_track()
        await settle(pilot)
    key = next(k for k, a in screen.actions.items() if a.trigger == trigger)
    actions = screen.query_one("#file-actions")
    actions.highlighted = int(key[1:])
    actions.focus()
    await pilot.press("enter")
    await until(pilot, lambda: isinstance(pilot.app.screen, AdvanceModal) and pilot.app.screen.loaded)
    return pilot.app.screen


# --- point 5: one frame, whose error line and keys are always in view ----------------------
@drive
async def test_the_opening_form_with_33_volunteers_keeps_its_keys_and_error_in_view(make_app, parcours):
    crowd(parcours)
    app = make_app("sonia", start="dropin")
    async with app.run_test(size=(80, 24)) as pilot:
        await until(pilot, lambda: isinstance(app.screen, OpenDropInModal) and app.screen.loaded)
        text = screen_text(app)
        assert "Ctrl+S" in text and "Ouvrir la permanence" in text and "Échap" in text
        await pilot.press(*"25:00", "ctrl+s")
        await settle(pilot)
        assert "Heure invalide « 25:00 » : attendu HH:MM ou 13h30." in screen_text(app)
        assert len(app.screen.names) == 33 + 5  # every active user, the list scrolls
        # The last volunteer can be reached and ticked, the keys still in view.
        last = app.screen.query_one(f"#vol-{len(app.screen.names) - 1}", Tick)
        last.focus()
        await pilot.press("space")
        await settle(pilot)
        assert last.value and "Ctrl+S" in screen_text(app)


@drive
async def test_every_form_names_its_keys_in_french(make_app, parcours):
    person = svc.add_person(parcours, who(parcours, "camille"), "Amina").id
    app = make_app("camille")
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await app.push_screen(NoteModal(person))
        await settle(pilot)
        footer = screen_text(app).splitlines()
        assert any("Ctrl+S" in line and "Enregistrer" in line and "Échap" in line for line in footer)
        assert "^s" not in screen_text(app) and "esc" not in screen_text(app)


# --- point 6: an error keeps the input and puts the cursor on the faulty field -------------
@drive
async def test_a_refused_note_keeps_its_text(make_app, parcours):
    person = svc.add_person(parcours, who(parcours, "camille"), "Amina").id
    app = make_app("camille")
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await app.push_screen(NoteModal(person))
        await settle(pilot)
        app.screen.query_one(TextArea).text = "é" * 20001  # longer than a note may be
        await pilot.press("ctrl+s")
        await until(pilot, lambda: app.screen.problem_text != "")
        assert isinstance(app.screen, NoteModal)
        assert app.screen.query_one(TextArea).text == "é" * 20001
        assert app.focused is app.screen.query_one(TextArea)


@drive
async def test_a_bad_first_visit_keeps_the_alias_and_focuses_the_date(make_app, parcours):
    app = make_app("camille", start="people")
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press(*"Amina", "ctrl+n", "tab", *"31/02/2026", "enter")
        await settle(pilot)
        assert isinstance(app.screen, NewPersonModal)
        assert "Date invalide « 31/02/2026 »" in app.screen.problem_text
        assert app.screen.query_one("#new-alias", Input).value == "Amina"
        assert app.focused is app.screen.query_one("#new-first-visit", Input)


@drive
async def test_a_too_long_alias_is_refused_with_a_message_not_cut(make_app, parcours):
    app = make_app("camille", start="people")
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("ctrl+n")
        app.screen.query_one("#new-alias", Input).value = "A" * 81
        await pilot.press("ctrl+s")
        await until(pilot, lambda: app.screen.problem_text != "")
        assert app.screen.query_one("#new-alias", Input).value == "A" * 81
        assert app.focused is app.screen.query_one("#new-alias", Input)
    assert svc.list_persons(parcours, who(parcours, "camille")) == []


@drive
async def test_invalid_facts_focus_the_first_faulty_field(make_app, parcours):
    person = svc.add_person(parcours, who(parcours, "camille"), "Amina").id
    consent(parcours, person)
    app = make_app("camille")
    async with app.run_test(size=(80, 24)) as pilot:
        form = await open_follow_up_form(pilot, person)
        await pilot.press("ctrl+s")  # nothing filled in
        await until(pilot, lambda: form.problem_text != "")
        assert "Saisie incomplète ou invalide" in form.problem_text
        assert isinstance(app.screen, AdvanceModal)
        assert app.focused is form.query_one(FactForm).widget_of("referent")


# --- point 2: the referent is picked among the candidates -----------------------------------
@drive
async def test_the_referent_is_picked_among_those_who_may_follow_her(make_app, parcours):
    person = svc.add_person(parcours, who(parcours, "camille"), "Amina").id
    consent(parcours, person)
    app = make_app("camille")
    async with app.run_test(size=(80, 24)) as pilot:
        form = await open_follow_up_form(pilot, person)
        picker = form.query_one(FactForm).widget_of("referent")
        assert isinstance(picker, Select)  # no free text: "Zorro" cannot be typed
        offered = [value for _, value in picker._options if value is not Select.NULL]
        assert offered == ["camille", "sonia"]  # active referents and supervisors, no volunteer
        picker.value = "camille"
        await pilot.press("ctrl+s")
        await until(pilot, lambda: isinstance(app.screen, PersonScreen))
    assert svc.show_person(parcours, who(parcours, "camille"), person).referent == "camille"


# --- point 3: a focused checkbox shows its label ---------------------------------------------
@drive
async def test_a_focused_checkbox_shows_its_label(make_app, parcours):
    person = add_followed(parcours, "Amina")
    svc.start_track(parcours, who(parcours, "camille"), person, "psp")
    svc.advance(parcours, who(parcours, "camille"), person, "psp", "signer_document",
                facts={"date_signature_document": "2026-03-01"})
    app = make_app("camille")
    async with app.run_test(size=(80, 24)) as pilot:
        form = await open_action_form(pilot, person, "constituer_dossier", track="psp")
        box = form.query_one("#fact-0", Tick)  # a copy of an identity document: yes or no
        box.focus()
        await settle(pilot)
        assert box.label.plain in screen_text(app)


@drive
async def test_f3_at_the_dropin_shows_the_focused_need(make_app, parcours):
    from tests.tui.conftest import TODAY
    svc.open_dropin(parcours, who(parcours, "bea"), TODAY)
    app = make_app("bea", start="dropin")
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("f3")
        await settle(pilot)
        focused = app.focused
        assert isinstance(focused, Tick)
        assert focused.label.plain in screen_text(app)


# --- point 8: the window opens at once, its fields take keys only when ready ---------------
@drive
async def test_a_slow_window_opens_at_once_and_drops_early_keys(make_app, parcours, monkeypatch):
    gate = threading.Event()
    real = svc.list_users

    def slow(*args, **kwargs):
        gate.wait(10)
        return real(*args, **kwargs)

    monkeypatch.setattr(svc, "list_users", slow)
    app = make_app("sonia", start="dropin")
    async with app.run_test(size=(80, 24)) as pilot:
        for _ in range(50):  # the drop-in's own query, not the names: the window comes
            await pilot.pause(0.02)
            if isinstance(app.screen, OpenDropInModal):
                break
        assert isinstance(app.screen, OpenDropInModal)
        for _ in range(150):  # drawn while the gate still holds the names back (no settle:
            await pilot.pause(0.02)  # that would wait for the held worker)
            if "Chargement…" in screen_text(app):
                break
        assert not gate.is_set() and not app.screen.loaded
        await pilot.press(*"14:00")  # typed before the names are there
        assert all(not box.value for box in app.screen.query(Input) if box.id != "hours")
        gate.set()
        await until(pilot, lambda: app.screen.loaded)
        assert app.focused is app.screen.query_one("#open-start", Input)
        assert app.screen.query_one("#open-start", Input).value == ""
        assert "sonia" in app.screen.names


@drive
async def test_today_typed_in_a_step_form_overseas_is_her_day(make_app, parcours, monkeypatch):
    """At 21:30 in Guadeloupe, « aujourd'hui » typed as the day a step happened was mainland
    France's day, her tomorrow: the next step dated her day was refused as before it."""
    clocked = in_guadeloupe(parcours, monkeypatch, "gaelle", "referent")
    person = add_followed(clocked, "Maëlys", referent="gaelle", delegation="pap")
    app = make_app("gaelle", start="people", on=clocked)
    async with app.run_test(size=(100, 30)) as pilot:
        form = await open_action_form(pilot, person, "mettre_en_pause")
        form.query_one("#form-occurred", Input).value = "aujourd'hui"
        await pilot.press("ctrl+s")
        await until(pilot, lambda: not isinstance(app.screen, AdvanceModal))
    svc.advance(clocked, who(clocked, "gaelle"), person, "parcours", "reprendre_suivi",
                at=date(2026, 12, 8))


@drive
async def test_today_typed_as_a_first_visit_overseas_is_the_delegations_day(
        make_app, parcours, monkeypatch):
    """At 21:30 in Guadeloupe, « aujourd'hui » typed as a new person's first visit was
    mainland France's 9 December, her tomorrow (counted in the next day's report)."""
    clocked = in_guadeloupe(parcours, monkeypatch, "gaelle", "referent")
    app = make_app("gaelle", start="people", on=clocked)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("ctrl+n")
        app.screen.query_one("#new-alias", Input).value = "Maëlys"
        app.screen.query_one("#new-first-visit", Input).value = "aujourd'hui"
        await pilot.press("ctrl+s")
        await until(pilot, lambda: not isinstance(app.screen, NewPersonModal))
    [person] = svc.list_persons(clocked, who(clocked, "gaelle"), "Maëlys")
    assert person.first_visit == date(2026, 12, 8)

@drive
async def test_ctrl_s_pressed_again_while_a_form_is_written_records_once(make_app, parcours,
                                                                        monkeypatch):
    """Ctrl+S twice on « Nouvelle personne » while the database wrote the first: two
    persons « Zoé » were created (two notes, two drop-ins the same way). After a refusal,
    Ctrl+S sends again."""
    written = threading.Event()
    real = core.services.add_person

    def slow(*args, **kwargs):
        written.wait(5)  # the database is slow to answer this one
        return real(*args, **kwargs)
    monkeypatch.setattr(core.services, "add_person", slow)
    app = make_app("camille", start="people")
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("ctrl+n")
        app.screen.query_one("#new-alias", Input).value = "A" * 81  # refused: too long
        written.set()
        await pilot.press("ctrl+s")
        await until(pilot, lambda: app.screen.problem_text != "")
        written.clear()
        app.screen.query_one("#new-alias", Input).value = "Zoé"
        await pilot.press("ctrl+s")
        await pilot.pause(0.05)
        await pilot.press("ctrl+s")
        await pilot.pause(0.05)
        written.set()
        await until(pilot, lambda: not isinstance(app.screen, NewPersonModal))
    assert [p.alias for p in svc.list_persons(parcours, who(parcours, "camille"))] == ["Zoé"]
