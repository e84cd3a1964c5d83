"""The review queue as supervisors and referents use it: items, detail, decisions, filters.

The queue is built through ``core.services`` and evaluated as of the app's date (10 March
2026, or the snooze date for the return of a snoozed item), like ``parcours review --today``.
"""

from __future__ import annotations

import threading
from datetime import date

from textual.widgets import Input, TextArea

import core.services
from core import services as svc
from tests.services.conftest import walk_psp_to_authorised
from tests.accounts import reauth, who, with_clock
from tests.tui.conftest import drive, screen_text, settle, shown, until
from tui.screens.comment import CommentModal
from tui.screens.confirm import ConfirmModal
from tui.screens.home import HomeScreen
from tui.screens.person import PersonScreen
from tui.screens.reassign import ReassignModal
from tui.screens.review import ReviewScreen, ReviewTable
from tui.screens.snooze import SnoozeModal

NOVEMBER, DECEMBER = date(2025, 11, 1), date(2025, 12, 1)


def followed(parcours, alias: str, referent: str = "camille") -> int:
    person = svc.add_person(parcours, who(parcours, "camille"), alias).id
    svc.give_consent(parcours, who(parcours, "camille"), person, "suivi", given_on=NOVEMBER)
    svc.advance(parcours, who(parcours, "camille"), person, "parcours", "suivre",
                facts={"referent": referent}, at=NOVEMBER)
    return person


def build_queue(parcours) -> dict[str, int]:
    """One person per situation, each kind of item at least once as of 10 March 2026.

    Amina: PSP authorised from 01/09/2025, ended 28/02/2026 (overdue); Zoé: authorised from
    01/10/2025, ends 31/03/2026 (due soon; periods end the eve of their anniversary); Lina
    (followed by sonia): PSP file sent on 01/12/2025, no answer (waiting too long; silence is
    not a decision); Inès: a PSP opened on 01/12/2025 and nothing since (stalled twice, no
    referent, no contact).
    """
    ids = {"Amina": followed(parcours, "Amina"), "Zoé": followed(parcours, "Zoé"),
           "Lina": followed(parcours, "Lina", referent="sonia")}
    for alias, decided in (("Amina", "2025-09-01"), ("Zoé", "2025-10-01")):
        svc.start_track(parcours, who(parcours, "camille"), ids[alias], "psp")
        walk_psp_to_authorised(parcours, ids[alias], decided=decided)
    svc.start_track(parcours, who(parcours, "camille"), ids["Lina"], "psp", at=NOVEMBER)
    for trigger, facts in [("signer_document", {"date_signature_document": "2025-11-01"}),
                           ("constituer_dossier", {"piece_identite": "oui",
                                                   "attestation_cessation": "oui",
                                                   "domiciliation": "oui"}),
                           ("transmettre", {"date_envoi": "2025-12-01"})]:
        svc.advance(parcours, who(parcours, "sonia"), ids["Lina"], "psp", trigger, facts=facts,
                    at=DECEMBER)
    ids["Inès"] = svc.add_person(parcours, who(parcours, "bea"), "Inès", first_visit=DECEMBER).id
    svc.start_track(parcours, who(parcours, "camille"), ids["Inès"], "psp", at=DECEMBER)
    return ids


def rows(app) -> list[tuple[str, ...]]:
    """The table as read on screen: (severity, kind, alias, step, date, referent) per row."""
    table = app.screen.query_one(ReviewTable)
    return [tuple(cell.plain for cell in table.get_row_at(i)) for i in range(table.row_count)]


def kinds(app) -> list[tuple[str, str]]:
    return [(kind, alias) for _, kind, alias, *_ in rows(app)]


async def open_queue(pilot) -> ReviewScreen:
    await settle(pilot)
    await pilot.press("v")
    await until(pilot, lambda: isinstance(pilot.app.screen, ReviewScreen) and pilot.app.screen.generation)
    return pilot.app.screen


async def go_to(pilot, kind: str, alias: str) -> None:
    """Move the cursor to the row of ``kind`` for ``alias``."""
    index = kinds(pilot.app).index((kind, alias))
    await pilot.press("home", *["down"] * index)
    await settle(pilot, rounds=1)


@drive
async def test_every_kind_most_severe_first_with_detail_and_the_file_in_one_key(make_app, parcours):
    ids = build_queue(parcours)
    app = make_app("sonia")
    async with app.run_test(size=(80, 24)) as pilot:
        await open_queue(pilot)
        assert rows(app)[0] == ("haute", "dépassée", "Amina", "Parcours autorisé (période de 6 mois)",
                                "28/02/2026", "camille")
        assert " Amina       Parcours autori…  28/02/2026 " in screen_text(app)  # cropped at 80
        assert sorted(set(kinds(app))) == sorted({
            ("dépassée", "Amina"), ("proche", "Zoé"), ("sans réponse", "Lina"),
            ("sans avancée", "Inès"), ("sans référent", "Inès"), ("sans contact", "Inès")})
        severities = [row[0] for row in rows(app)]
        assert severities == sorted(severities, key=["haute", "moyenne", "basse"].index)
        assert "7 alerte(s) — 1 haute(s), 5 moyenne(s), 1 basse(s)" in shown(app, "#review-count")
        await go_to(pilot, "sans réponse", "Lina")
        assert shown(app, "#review-detail-head") == \
            "Réponse attendue depuis trop longtemps · gravité moyenne"
        detail = shown(app, "#review-detail-body")
        assert "Lina · n° 3 · Parcours de sortie de la prostitution (PSP)" in detail
        assert "Depuis le 01/12/2025 · Référent·e : sonia" in detail
        assert "Le silence ne vaut pas décision : relancer." in detail
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, PersonScreen) and app.screen.person_id == ids["Lina"]
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, ReviewScreen)
        assert "Lina" in shown(app, "#review-detail-body")  # the cursor stayed on her item


@drive
async def test_acknowledge_and_snooze_remove_an_item_and_the_snoozed_one_comes_back(make_app, parcours):
    build_queue(parcours)
    app = make_app("sonia")
    async with app.run_test(size=(80, 24)) as pilot:
        await open_queue(pilot)
        await go_to(pilot, "dépassée", "Amina")
        await pilot.press("a")
        assert isinstance(app.screen, ConfirmModal)
        await pilot.press("o")
        await until(pilot, lambda: ("dépassée", "Amina") not in kinds(app))
        assert "Alerte acquittée : Amina." in [n.message for n in app._notifications]

        await go_to(pilot, "proche", "Zoé")
        await pilot.press("r")
        assert isinstance(app.screen, SnoozeModal)
        await pilot.press(*"10/03/2026", "enter", *"RDV", "enter")
        await until(pilot, lambda: app.screen.problem_text != "")
        # Refused by the service: said in the form, which keeps what was typed, the cursor on
        # the date (issue 13, point 6).
        assert isinstance(app.screen, SnoozeModal)
        assert "La date de report doit être postérieure au mardi 10 mars 2026" in shown(app, "#form-problem")
        assert app.screen.query_one("#snooze-reason", Input).value == "RDV"
        assert app.focused is app.screen.query_one("#snooze-until", Input)

        await pilot.press("ctrl+u", *"32/03/2026", "ctrl+s")
        assert isinstance(app.screen, SnoozeModal)  # unreadable: said on the error line
        assert "32/03/2026" in shown(app, "#form-problem")
        assert app.focused is app.screen.query_one("#snooze-until", Input)
        await pilot.press("ctrl+u", *"20/03/2026", "ctrl+s")
        await until(pilot, lambda: ("proche", "Zoé") not in kinds(app))
    later = with_clock(parcours, date(2026, 3, 20))
    app = make_app("sonia", on=later)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_queue(pilot)
        assert ("proche", "Zoé") in kinds(app)  # back on its date
        assert ("dépassée", "Amina") not in kinds(app)  # acknowledged: gone until it changes
    day_before = with_clock(parcours, date(2026, 3, 19))
    queue = svc.review_queue(day_before, who(day_before, "sonia"), kinds={"due_soon"})
    assert "Zoé" not in [i.alias for i in queue]


@drive
async def test_reassign_changes_the_referent_shown(make_app, parcours):
    build_queue(parcours)
    app = make_app("sonia")
    async with app.run_test(size=(80, 24)) as pilot:
        await open_queue(pilot)
        await go_to(pilot, "sans réponse", "Lina")
        await pilot.press("t")
        assert isinstance(app.screen, ReassignModal)  # at once; its choices load in a worker
        await settle(pilot)
        assert "sonia — superviseur·e (actuel·le)" in screen_text(app)
        assert "bea" not in screen_text(app)  # only roles that may follow persons
        await pilot.press("up", "enter")  # camille, above sonia
        await until(pilot, lambda: any(r[2] == "Lina" and r[5] == "camille" for r in rows(app)))
        assert "Référent·e : camille" in shown(app, "#review-detail-body")
        await go_to(pilot, "sans référent", "Inès")
        await pilot.press("t")
        # Keys typed before the choices are loaded are dropped on purpose (they would land in
        # the wrong place); a user sees the list appear before choosing, so the test waits too.
        await until(pilot, lambda: isinstance(app.screen, ReassignModal) and app.screen.loaded)
        await pilot.press("enter")  # camille, the first choice
        await until(pilot, lambda: isinstance(app.screen, ReviewScreen)
                    and ("sans référent", "Inès") not in kinds(app))
        assert all(r[5] == "camille" for r in rows(app) if r[2] == "Inès")


@drive
async def test_a_referent_reads_and_comments_but_cannot_decide(make_app, parcours):
    ids = build_queue(parcours)
    app = make_app("camille")
    async with app.run_test(size=(80, 24)) as pilot:
        await open_queue(pilot)
        assert "Votre rôle permet de consulter et de commenter" in screen_text(app)
        # The decisions are not offered to her role: neither in the footer nor on their keys.
        await pilot.press("a", "r", "t")
        await settle(pilot)
        assert isinstance(app.screen, ReviewScreen)
        assert "Acquitter" not in screen_text(app).splitlines()[-1]
        assert ("sans réponse", "Lina") not in kinds(app)  # sonia's: not in camille's scope
        count = len(rows(app))
        await go_to(pilot, "proche", "Zoé")
        await pilot.press("c")
        assert isinstance(app.screen, CommentModal)
        app.screen.query_one(TextArea).insert("Relancé la préfecture [en attente]")
        await pilot.press("ctrl+s")
        await until(pilot, lambda: isinstance(app.screen, ReviewScreen) and any(
            "Commentaire enregistré pour Zoé" in n.message for n in app._notifications))
        assert len(rows(app)) == count  # a comment decides nothing
    notes = svc.list_notes(parcours, reauth(parcours, "camille"), ids["Zoé"])
    assert [n.text for n in notes][-1] == "Relancé la préfecture [en attente]"


@drive
async def test_filters_by_kind_referent_and_domain(make_app, parcours):
    build_queue(parcours)
    app = make_app("sonia")
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_queue(pilot)
        seen = screen.generation
        await pilot.press("f", "enter", "down", "down", "down", "enter")  # Étape sans avancée
        await until(pilot, lambda: screen.generation > seen)
        assert set(kinds(app)) == {("sans avancée", "Inès")} and len(rows(app)) == 2
        seen = screen.generation
        await pilot.press("enter", "home", "enter")  # back to every kind
        await until(pilot, lambda: screen.generation > seen and len(rows(app)) == 7)
        seen = screen.generation
        await pilot.press("tab", "enter", "down", "down", "enter")  # sonia
        await until(pilot, lambda: screen.generation > seen)
        assert kinds(app) == [("sans réponse", "Lina")]
        seen = screen.generation
        await pilot.press("enter", "home", "enter", "tab", "enter", "down", "down", "enter")  # PSP
        await until(pilot, lambda: screen.generation > seen)
        assert sorted(kinds(app)) == [("dépassée", "Amina"), ("proche", "Zoé"),
                                      ("sans avancée", "Inès"), ("sans réponse", "Lina")]
        assert shown(app, "#review-count").startswith("4 alerte(s)")


@drive
async def test_volunteers_are_not_offered_the_queue_nor_the_report(make_app, parcours):
    app = make_app("bea")
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("v", "a")
        await settle(pilot)
        assert isinstance(app.screen, HomeScreen)
        assert "Revue" not in screen_text(app) and "Rapport" not in screen_text(app)
        await pilot.press("ctrl+p", *"revue")
        await settle(pilot)
        assert "File de revue" not in screen_text(app)


@drive
async def test_acknowledging_twice_while_the_first_is_written_records_it_once(
        make_app, parcours, monkeypatch):
    """« a », « o », then « a », « o » again while the database wrote the first: the item
    was still listed, and two acknowledgements were recorded."""
    ids = build_queue(parcours)
    written = threading.Event()
    real = core.services.acknowledge

    def slow(*args, **kwargs):
        written.wait(5)  # the database is slow to answer this one
        return real(*args, **kwargs)
    monkeypatch.setattr(core.services, "acknowledge", slow)
    app = make_app("sonia")
    async with app.run_test(size=(80, 24)) as pilot:
        await open_queue(pilot)
        await go_to(pilot, "dépassée", "Amina")
        await pilot.press("a", "o")
        await pilot.pause(0.05)
        await pilot.press("a")
        assert isinstance(app.screen, ReviewScreen)  # no second question
        assert "Alerte déjà acquittée, en cours d'enregistrement : Amina." in [
            n.message for n in app._notifications]
        await pilot.press("o")
        written.set()
        for _ in range(100):  # not settle(): the reload behind the write is superseded
            if ("dépassée", "Amina") not in kinds(app):
                break
            await pilot.pause(0.05)
        assert ("dépassée", "Amina") not in kinds(app)
    events = [e.kind for e in svc.history(parcours, who(parcours, "sonia"), ids["Amina"])]
    assert events.count("review_acknowledged") == 1
