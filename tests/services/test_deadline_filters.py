"""Deadlines as the home screen asks for them: one referent's persons, the urgent ones only."""

from __future__ import annotations

from datetime import date

import pytest

from core import services as svc
from core.errors import InputError, PermissionDenied
from tests.accounts import PASSWORD, add_followed, pieces_of, who, with_clock
from tests.statements import sent

PSP = [("signer_document", {"date_signature_document": "2026-01-05"}),
       ("constituer_dossier", {"piece_identite": "oui", "attestation_cessation": "oui",
                               "domiciliation": "oui"}),
       ("transmettre", {"date_envoi": "2026-01-20"}),
       ("enregistrer_avis", {"date_commission": "2026-03-01", "avis": "favorable"})]


def _psp(app, referent: str, person: int, decided: str) -> None:
    """A PSP authorised on ``decided``: its six-month and 24-month deadlines open."""
    svc.start_track(app, who(app, referent), person, "psp")
    for trigger, facts in [*PSP, ("autoriser", {"date_decision": decided,
                                                "debut_periode": decided})]:
        svc.advance(app, who(app, referent), person, "psp", trigger, facts=facts)


@pytest.fixture
def persons(any_app) -> dict[str, int]:
    """Amina and Binta followed by camille, Chloé by dora; PSPs authorised on two dates
    (each test on SQLite, and on PostgreSQL where a server is configured)."""
    app = any_app
    svc.add_user(app, who(app, "admin"), "dora", "referent", PASSWORD, ["principale"])
    ids = {"Amina": add_followed(app, "Amina"), "Binta": add_followed(app, "Binta"),
           "Chloé": add_followed(app, "Chloé", referent="dora")}
    _psp(app, "camille", ids["Amina"], "2026-03-10")
    _psp(app, "camille", ids["Binta"], "2026-04-20")
    _psp(app, "dora", ids["Chloé"], "2026-03-10")
    return ids


def _keys(views) -> list[tuple[int, str]]:
    return [(d.person_id, d.rule) for d in views]


def test_a_referents_deadlines_are_those_of_the_persons_she_follows(any_app, persons):
    app = any_app
    everyone = svc.list_deadlines(app, who(app, "sonia"))
    mine = svc.list_deadlines(app, who(app, "camille"), referent="camille")
    assert {d.person_id for d in everyone} == set(persons.values())
    assert mine and {d.person_id for d in mine} == {persons["Amina"], persons["Binta"]}
    assert _keys(mine) == [k for k in _keys(everyone) if k[0] != persons["Chloé"]]
    assert {d.person_id for d in svc.list_deadlines(app, who(app, "sonia"), referent="dora")} \
        == {persons["Chloé"]}
    assert svc.list_deadlines(app, who(app, "camille"), persons["Chloé"], referent="camille") \
        == []


@pytest.mark.parametrize("day", [date(2026, 3, 20), date(2026, 8, 25), date(2026, 9, 15),
                                 date(2026, 10, 25)])
def test_urgent_deadlines_are_the_overdue_and_due_soon_ones(any_app, persons, day):
    app = any_app
    later = with_clock(app, day)
    everyone = svc.list_deadlines(later, who(later, "camille"), referent="camille")
    urgent = svc.list_deadlines(later, who(later, "camille"), referent="camille", urgent=True)
    assert urgent == [d for d in everyone if d.state in ("overdue", "due_soon")]


def test_the_urgent_filter_keeps_and_drops_something(any_app, persons):
    app = any_app
    # Between the two six-month anniversaries: Amina's is past, Binta's is still ahead.
    later = with_clock(app, date(2026, 9, 15))
    urgent = svc.list_deadlines(later, who(later, "camille"), referent="camille", urgent=True)
    everyone = svc.list_deadlines(later, who(later, "camille"), referent="camille")
    assert urgent and len(urgent) < len(everyone)
    assert persons["Amina"] in {d.person_id for d in urgent}


def test_only_a_supervisor_asks_for_another_referents_deadlines(any_app, persons):
    app = any_app
    with pytest.raises(PermissionDenied):
        svc.list_deadlines(app, who(app, "camille"), referent="dora")
    assert svc.list_deadlines(app, who(app, "sonia"), referent="camille")


def test_pages_walk_the_whole_list_in_order(any_app, persons):
    """Keyset pages of two: together, exactly the unpaged list, each starting after the last
    one's cursor (a supervisor's whole scope, and one referent's)."""
    app = any_app
    for caller, referent in (("sonia", None), ("camille", "camille")):
        whole = svc.list_deadlines(app, who(app, caller), referent=referent)
        pages, after = [], None
        while True:
            page = svc.list_deadlines(app, who(app, caller), referent=referent, limit=2,
                                      after=after)
            pages.append(page)
            if len(page) < 2:
                break
            after = page[-1].cursor
        walked = [d for page in pages for d in page]
        assert len(whole) >= 4 and [d.id for d in walked] == [d.id for d in whole]
        assert all(len(page) <= 2 for page in pages) and len(pages) >= 2


def test_a_cursor_it_did_not_give_is_refused_in_french(any_app, persons):
    app = any_app
    for bad in ("demain", "2026-13-01|4", "2026-03-10|", "2026-03-10|-1", "|"):
        with pytest.raises(InputError, match="position de la liste des échéances"):
            svc.list_deadlines(app, who(app, "sonia"), limit=2, after=bad)
    with pytest.raises(InputError, match="au moins 1"):
        svc.list_deadlines(app, who(app, "sonia"), limit=0)


def test_an_export_hands_the_deadlines_over_in_pieces_in_their_order(any_app, persons,
                                                                     monkeypatch):
    """``each``: the deadlines come in pieces (one here), soonest first, as the list gives
    them; none are returned."""
    from core.services import deadlines
    app = any_app
    sonia = who(app, "sonia")
    whole = svc.list_deadlines(app, sonia)
    assert len(whole) > 2
    monkeypatch.setattr(deadlines, "PIECE", 1)
    pieces = pieces_of(lambda each: svc.list_deadlines(app, sonia, each=each))
    assert [len(p) for p in pieces] == [1] * len(whole)
    assert [d for p in pieces for d in p] == whole
    pieces.clear()
    with sent(app.db) as statements:
        svc.list_deadlines(app, sonia, referent="dora", each=pieces.append)
    if app.db.engine.dialect.name == "postgresql":
        assert any("cursor_tuple_fraction" in s.sql for s in statements)
    assert [d for p in pieces for d in p] == svc.list_deadlines(app, sonia, referent="dora")
