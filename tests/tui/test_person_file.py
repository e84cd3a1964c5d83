"""A person's file as a caseworker uses it: tracks, forms, blocked actions, deadlines, notes.

Camille follows the persons she works on (the services show the whole file only to a
person's referent); what the front desk and restricted content look like is in
``test_restricted.py``.
"""

from __future__ import annotations

from datetime import date

import plugins.asile
from textual.widgets import Input, OptionList

from core import services as svc
from core.plugins import build_plugin_host
from tests.accounts import add_followed, reauth, who
from tests.services.conftest import walk_psp_to_authorised
from tests.tui.conftest import drive, options, screen_text, settle, shown
from tui.screens.advance import AdvanceModal
from tui.screens.explain import ExplainModal
from tui.screens.note import NoteModal
from tui.screens.person import PersonScreen
from tui.screens.start_track import StartTrackModal
from tui.widgets.fact_form import FactForm


async def open_first_person(pilot) -> PersonScreen:
    """From the people list: ↓ to the list, Entrée on the first row."""
    await settle(pilot)
    await pilot.press("down", "enter")
    await settle(pilot)
    assert isinstance(pilot.app.screen, PersonScreen)
    return pilot.app.screen


async def choose(pilot, selector: str, option_id: str) -> None:
    """Move down an option list until ``option_id`` is highlighted, then Entrée."""
    options = pilot.app.screen.query_one(selector, OptionList)
    for _ in range(options.option_count):
        if options.highlighted_option is not None and options.highlighted_option.id == option_id:
            break
        await pilot.press("down")
    await pilot.press("enter")
    await settle(pilot)


@drive
async def test_start_an_asylum_track_and_advance_it_through_a_form(make_app, make_parcours):
    parcours = make_parcours(build_plugin_host(load_entrypoints=False,
                                               extra=(("asile", plugins.asile),)))
    person = add_followed(parcours, "Amina")
    app = make_app("camille", start="people", on=parcours)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_first_person(pilot)
        await pilot.press("d")
        assert isinstance(app.screen, StartTrackModal)
        offered = [o.id for o in app.screen.query_one(OptionList).options]
        assert {"asile", "psp", "psp_afis", "parcours"} <= set(offered)
        entries = dict(zip(offered, options(app, "#start-tracks"), strict=True))
        assert entries["asile"] == "Demande d'asile — Asile et séjour"  # the domain's own label
        await choose(pilot, "#start-tracks", "asile")
        assert "Étape actuelle : Pré-enregistrement en SPADA" in screen_text(app)
        await pilot.press("a", "enter")  # first action: the pre-registration form
        assert isinstance(app.screen, AdvanceModal)
        assert app.screen.action.trigger == "pre_enregistrer"
        await pilot.press(*"31/04/2026", "ctrl+s")
        await settle(pilot)
        form = app.screen.query_one(FactForm)
        assert "date attendue" in form.problem_text("date_pre_enregistrement")
        focused = app.screen.query_one("#fact-0", Input)
        focused.focus()
        await pilot.press("end", "ctrl+u", *"06/03/2026", "enter", "enter", *"2026-03-09", "ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, PersonScreen)
        assert "Rendez-vous" in screen_text(app) or "GUDA" in screen_text(app)
    camille = who(parcours, "camille")
    asile = next(t for t in svc.show_person(parcours, camille, person).tracks if t.track == "asile")
    assert asile.step == "rdv_guda"
    event = svc.history(parcours, camille, person, "asile")[-1]
    assert (event.trigger, event.occurred_at.date(), event.facts["date_pre_enregistrement"]) == (
        "pre_enregistrer", date(2026, 3, 9), "2026-03-06")
    assert any(d.rule == "asile.enregistrement_3jo"
               for d in svc.list_deadlines(parcours, camille, person))


@drive
async def test_advance_the_psp_through_a_form_with_a_note(make_app, parcours):
    person = add_followed(parcours, "Amina")
    svc.start_track(parcours, who(parcours, "camille"), person, "psp")
    app = make_app("camille", start="people")
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_first_person(pilot)
        await choose(pilot, "#file-tracks", str(next(
            t.id for t in screen.data.person.tracks if t.track == "psp")))
        await pilot.press("a", "enter")
        assert isinstance(app.screen, AdvanceModal)
        await pilot.press(*"05/01/2026", "enter", "enter", *"Signé au local", "enter")
        await settle(pilot)
        assert isinstance(app.screen, PersonScreen)
        assert "Document de parcours signé" in screen_text(app)
    camille = reauth(parcours, "camille")  # the note is restricted
    psp = next(t for t in svc.show_person(parcours, camille, person).tracks if t.track == "psp")
    assert psp.step == "document_parcours"
    assert [n.text for n in svc.list_notes(parcours, camille, person)] == ["Signé au local"]


@drive
async def test_a_blocked_action_shows_its_reasons_and_remedies(make_app, parcours):
    person = add_followed(parcours, "Amina")
    svc.start_track(parcours, who(parcours, "camille"), person, "psp_afis")
    app = make_app("camille", start="people")
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_first_person(pilot)
        await choose(pilot, "#file-tracks", str(next(
            t.id for t in screen.data.person.tracks if t.track == "psp_afis")))
        text = screen_text(app)
        assert "✗ Demander l'AFIS" in text and "(bloquée)" in text
        reasons = shown(app, "#file-reasons")  # the pane under the actions
        assert "• Le parcours de sortie n'est pas autorisé par le préfet." in reasons
        await pilot.press("a", "enter")
        assert isinstance(app.screen, ExplainModal) and app.screen.id == "blocked"
        explained = app.screen.text
        assert "Ce qu'il manque, et comment y remédier :" in explained
        assert "→ Enregistrez d'abord la décision d'autorisation dans la démarche PSP." in explained
        assert "→ Indiquez la date de naissance." in explained
        await pilot.press("escape")
        assert isinstance(app.screen, PersonScreen)
    assert next(t for t in svc.show_person(parcours, who(parcours, "camille"), person).tracks
                if t.track == "psp_afis").step == "a_demander"


@drive
async def test_a_volunteer_sees_why_a_caseworker_action_is_not_hers(make_app, parcours):
    person = svc.add_person(parcours, who(parcours, "bea"), "Amina").id
    app = make_app("bea", start="people")
    async with app.run_test(size=(80, 24)) as pilot:
        await open_first_person(pilot)
        await pilot.press("a")
        actions = app.screen.actions
        key = next(k for k, a in actions.items() if a.trigger == "suivre")
        await choose(pilot, "#file-actions", key)
        assert isinstance(app.screen, ExplainModal)
        explained = app.screen.text  # the engine's reason and remedy, whatever their wording
        assert "• Votre rôle" in explained and "ne permet pas cette action." in explained
        assert "\n  → Demandez à un·e" in explained
    assert svc.show_person(parcours, who(parcours, "bea"), person).pathway_step == "premier_accueil"


@drive
async def test_why_this_date_for_a_deadline(make_app, parcours):
    person = add_followed(parcours, "Amina")
    svc.start_track(parcours, who(parcours, "camille"), person, "psp")
    walk_psp_to_authorised(parcours, person)
    app = make_app("camille", start="people")
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_first_person(pilot)
        await choose(pilot, "#file-tracks", str(next(
            t.id for t in screen.data.person.tracks if t.track == "psp")))
        await pilot.press("e")
        # valid until the eve of the anniversary of 10 March (issue 12)
        assert "09/09/2026 · Fin de la période d'autorisation du PSP · à venir" in options(
            app, "#file-deadlines")
        await pilot.press("enter")
        assert isinstance(app.screen, ExplainModal) and app.screen.id == "why"
        why = app.screen.text
        for part in ("Échéance : mercredi 9 septembre 2026 (à venir)",
                     "Règle : Fin de la période d'autorisation du PSP (psp.autorisation_6m, version 1)",
                     "Source légale : CASF L121-9 et R121-12-x ; décret 2016-1467",
                     "Fiabilité de la source : vérifiée dans le texte",
                     "Point de départ : mardi 10 mars 2026",
                     "Valable jusqu'au mercredi 9 septembre 2026 inclus"):
            assert part in why, part


@drive
async def test_notes_a_volunteer_adds_but_cannot_read(make_app, parcours):
    person = svc.add_person(parcours, who(parcours, "bea"), "Amina").id
    app = make_app("bea", start="people")
    async with app.run_test(size=(80, 24)) as pilot:
        await open_first_person(pilot)
        await pilot.press("n")
        assert "Les notes sont réservées à la ou au référent·e" in screen_text(app)
        await pilot.press("ctrl+n")
        assert isinstance(app.screen, NoteModal)
        await pilot.press("ctrl+s")  # empty: refused under the text, nothing written
        await settle(pilot)
        assert "La note ne peut pas être vide." in screen_text(app)
        await pilot.press(*"Cherche un hébergement", "ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, PersonScreen)
    assert [(n.author, n.text) for n in svc.list_notes(parcours, who(parcours, "sonia"), person)] == [
        ("bea", None)]  # restricted: written, and locked to whoever has not confirmed


@drive
async def test_a_referent_reads_the_timeline_and_her_ordinary_notes(make_app, parcours):
    person = add_followed(parcours, "Amina")
    svc.add_note(parcours, who(parcours, "bea"), person, "Cherche un hébergement",
                 sensitivity="sensitive")
    app = make_app("camille", start="people")
    async with app.run_test(size=(120, 40)) as pilot:
        await open_first_person(pilot)
        await pilot.press("n")
        assert options(app, "#file-notes") == ["10/03/2026 · bea : Cherche un hébergement"]
        await pilot.press("h")
        text = screen_text(app)
        assert "10/03/2026  Personne enregistrée" in text
        assert "Entrer en suivi individuel → Suivi individuel" in text


@drive
async def test_every_tab_of_the_file_is_on_screen_at_80_columns(make_app, parcours):
    """« Consentements », the sixth, was off the line: a referent saw it only once chosen."""
    add_followed(parcours, "Amina")
    app = make_app("camille", start="people")
    async with app.run_test(size=(80, 24)) as pilot:
        await open_first_person(pilot)
        await settle(pilot)
        tabs = screen_text(app).splitlines()[5]
        for title in ("Actions", "Hist.", "Échéances", "Infos", "Notes", "Consent."):
            assert title in tabs
    app = make_app("camille", start="people")
    async with app.run_test(size=(120, 40)) as pilot:
        await open_first_person(pilot)
        await settle(pilot)
        assert "Historique  Échéances  Informations  Notes  Consentements" in screen_text(app)


@drive
async def test_the_step_s_guidance_is_shown_in_the_file_and_in_the_form(make_app, parcours):
    """A step's description, written by its track's definition (« Effet du silence du préfet
    non établi »), was shown nowhere: it is, under the current step and in the form of the
    action that leads to it."""
    person = add_followed(parcours, "Amina")
    camille = who(parcours, "camille")
    svc.start_track(parcours, camille, person, "psp")
    for trigger, facts in [("signer_document", {"date_signature_document": "2026-01-05"}),
                           ("constituer_dossier", {"piece_identite": "oui",
                                                   "attestation_cessation": "oui",
                                                   "domiciliation": "oui"}),
                           ("transmettre", {"date_envoi": "2026-01-20"})]:
        svc.advance(parcours, camille, person, "psp", trigger, facts=facts)
    app = make_app("camille", start="people")
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_first_person(pilot)
        await choose(pilot, "#file-tracks", str(next(
            t.id for t in screen.data.person.tracks if t.track == "psp")))
        assert not screen.query_one("#file-guidance").display  # « transmis » says nothing
        await pilot.press("a", "enter")  # « Enregistrer l'avis » leads to « avis_rendu »
        assert isinstance(app.screen, AdvanceModal)
        assert "À savoir : Effet du silence du préfet non établi [U]." in screen_text(app)
        await pilot.press("escape")
        await settle(pilot)
    svc.advance(parcours, camille, person, "psp", "enregistrer_avis",
                facts={"date_commission": "2026-03-01", "avis": "favorable"})
    app = make_app("camille", start="people")
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_first_person(pilot)
        await choose(pilot, "#file-tracks", str(next(
            t.id for t in screen.data.person.tracks if t.track == "psp")))
        assert shown(app, "#file-guidance") == \
            "À savoir : Effet du silence du préfet non établi [U]."
        assert "Effet du silence du préfet non établi" in screen_text(app)
