"""Restricted content and the front desk in a person's file (security.md AC-7, issue "TUI").

Amina is followed by camille; her pathway was closed with a restricted precision (the kind of
free text a récit is) and bea left a restricted note. Her referent opens them after typing her
password again; a supervisor who does not follow her gives a reason, kept in the audit; the
front desk (a volunteer, or a referent who does not follow her) sees her alias, pathway,
whether she has a referent and her domains, never a domain track's step nor any fact.
"""

from __future__ import annotations

import pytest
from textual.widgets import OptionList, TabbedContent

from core import messages as CM
from core import services as svc
from tests.accounts import PASSWORD, add_followed, follow, who
from tests.tui.conftest import (drive, highlight_track, open_file, options, screen_text, settle,
                                shown, until)
from tui import messages as M
from tui.screens.home import HomeScreen
from tui.screens.person import PersonScreen
from tui.screens.reason import ReasonModal
from tui.screens.reauth import ReauthModal

RECIT = "Récit-canari-arrivée-2019"
NOTE = "Note-canari-hébergement"
LOCKED_FACT = "🔒 Précision : restreint — Entrée pour l'ouvrir"


def amina(parcours, referent: str = "camille") -> int:
    """Followed by ``referent``, a PSP open, her pathway closed with a restricted precision."""
    person = add_followed(parcours, "Amina", referent=referent)
    svc.start_track(parcours, who(parcours, referent), person, "psp")
    svc.add_note(parcours, who(parcours, "bea"), person, NOTE)
    svc.advance(parcours, who(parcours, referent), person, "parcours", "clore",
                facts={"motif_cloture": "autre", "precision": RECIT})
    return person


async def to_pathway_facts(pilot, screen: PersonScreen) -> None:
    """Highlight the pathway track, open the Informations tab and go to the locked line."""
    await highlight_track(pilot, screen, "parcours")
    await pilot.press("i")
    facts = screen.query_one("#file-facts", OptionList)
    facts.highlighted = next(i for i, o in enumerate(facts.options) if (o.id or "").startswith("locked-"))


@drive
async def test_her_referent_types_her_password_again_before_the_recit(make_app, parcours):
    amina(parcours)
    app = make_app("camille", start="people")
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await open_file(pilot)
        await to_pathway_facts(pilot, screen)
        assert LOCKED_FACT in options(app, "#file-facts")
        assert "Motif de clôture : autre" in options(app, "#file-facts")  # ordinary: shown
        assert RECIT not in screen_text(app)
        await pilot.press("n")
        assert options(app, "#file-notes") == [
            "🔒 10/03/2026 · bea : note restreinte — Entrée pour la lire"]
        assert NOTE not in screen_text(app)
        await pilot.press("enter")  # on the locked note: the password first
        await settle(pilot)
        assert isinstance(app.screen, ReauthModal)
        await pilot.press(*"Pas-le-bon-2026!", "enter")
        await until(pilot, lambda: shown(app, "#form-problem") == CM.REAUTH_FAILED)
        assert isinstance(app.screen, ReauthModal)
        await pilot.press(*PASSWORD, "enter")
        await until(pilot, lambda: isinstance(app.screen, PersonScreen)
                    and NOTE in " ".join(options(app, "#file-notes")))
        await pilot.press("i")
        assert f"Précision : {RECIT}" in options(app, "#file-facts")
        assert RECIT in screen_text(app)


@drive
async def test_cancelling_the_password_leaves_it_locked(make_app, parcours):
    amina(parcours)
    app = make_app("camille", start="people")
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await open_file(pilot)
        await to_pathway_facts(pilot, screen)
        await pilot.press("enter")
        assert isinstance(app.screen, ReauthModal)
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, PersonScreen) and LOCKED_FACT in options(app, "#file-facts")


@drive
async def test_a_supervisor_not_following_her_gives_a_reason_kept_in_the_audit(make_app, parcours):
    person = amina(parcours)
    app = make_app("sonia", start="people")
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await open_file(pilot)
        await to_pathway_facts(pilot, screen)
        assert LOCKED_FACT in options(app, "#file-facts")
        await pilot.press("enter")
        assert isinstance(app.screen, ReasonModal)
        assert "Accès exceptionnel" in screen_text(app)
        await pilot.press("enter")  # no reason: said, nothing read
        assert shown(app, "#form-problem") == M.REASON_EMPTY
        await pilot.press(*"Signalement de danger immédiat", "enter")
        await until(pilot, lambda: isinstance(app.screen, PersonScreen)
                    and f"Précision : {RECIT}" in options(app, "#file-facts"))
        await pilot.press("n")
        assert options(app, "#file-notes") == [f"10/03/2026 · bea : {NOTE}"]
    rows = svc.list_audit(parcours, who(parcours, "sonia"), person=person)
    exceptional = [r for r in rows if r.reason == "exceptional_access"]
    assert {r.operation for r in exceptional} == {"person.facts", "note.list"}
    assert all(r.user == "sonia" and r.detail.get("reason") == "Signalement de danger immédiat"
               for r in exceptional)


def followed_by_sonia(parcours) -> None:
    person = svc.add_person(parcours, who(parcours, "sonia"), "Amina").id
    follow(parcours, person, "sonia")
    svc.start_track(parcours, who(parcours, "sonia"), person, "psp")
    svc.add_note(parcours, who(parcours, "sonia"), person, NOTE, sensitivity="sensitive")


@pytest.mark.parametrize(("user", "setup"), [("bea", amina), ("camille", followed_by_sonia)],
                         ids=["volunteer", "referent not following her"])
@drive
async def test_the_front_desk_sees_her_domains_never_a_domain_step_nor_facts(make_app, parcours,
                                                                            user, setup):
    setup(parcours)
    app = make_app(user, start="people")
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await open_file(pilot)
        assert screen.data.person.view == "front_desk"
        assert shown(app, "#file-pathway").endswith(M.FILE_HAS_REFERENT)
        assert shown(app, "#file-desk") == "Démarches ouvertes : Parcours de sortie de la prostitution (PSP)"
        assert [t.track for t in screen.data.person.tracks] == ["parcours"]
        text = screen_text(app)
        assert "Évaluation des besoins" not in text  # the PSP's step
        assert "Informations" not in text and app.screen.check_action("tab", ("tab-facts",)) is False
        await pilot.press("i")  # not offered: nothing happens
        assert screen.query_one(TabbedContent).active == "tab-actions"
        await pilot.press("n")
        assert screen.query_one("#file-notes-restricted").display
        assert not screen.query_one("#file-notes").display
        assert shown(app, "#file-notes-restricted") == M.FILE_NOTES_RESTRICTED
        assert NOTE not in screen_text(app) and RECIT not in screen_text(app)


@drive
async def test_the_administrator_is_not_offered_the_people_list(make_app, parcours):
    amina(parcours)
    app = make_app("admin")
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        assert isinstance(app.screen, HomeScreen)
        assert shown(app, "#home-front-desk") == M.HOME_ADMIN
        await pilot.press("p")
        await settle(pilot)
        assert isinstance(app.screen, HomeScreen) and app.check_action("people", ()) is False
        await pilot.press("ctrl+p", *"personnes")
        await settle(pilot)
        assert "Liste et recherche" not in screen_text(app)


@drive
async def test_entree_on_a_deadline_tells_the_front_desk_why_there_is_no_detail(make_app,
                                                                              parcours):
    """Entrée on one of her deadlines did nothing at all for a volunteer."""
    from tests.services.conftest import walk_psp_to_authorised
    person = add_followed(parcours, "Amina")
    svc.start_track(parcours, who(parcours, "camille"), person, "psp")
    walk_psp_to_authorised(parcours, person, decided="2025-10-01")
    app = make_app("bea", start="people")
    async with app.run_test(size=(80, 24)) as pilot:
        await open_file(pilot)
        await pilot.press("e", "enter")
        await settle(pilot)
        assert isinstance(app.screen, PersonScreen)
        assert M.FILE_FRONT_DESK in [n.message for n in app._notifications]
