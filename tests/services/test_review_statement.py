"""The review queue's statement is built once per shape and valued on each call (issue 11 §3):
a kept statement answers exactly as a new one on another day, for another caller of the same
shape, after a cursor; the page's aliases come with its rows, in the same statement."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from core import services as svc
from core.services import review
from tests.accounts import (PASSWORD, add_followed, last_audit_rows, pieces_of, who,
                            with_clock)
from tests.statements import sent

from .conftest import walk_psp_to_authorised

X = date(2026, 3, 10)
LATER = date(2026, 9, 11)


on = with_clock  # the same base and plugins, evaluated as of another day


@pytest.fixture
def busy(any_app):
    """Items of several kinds for camille, and a second referent (dora) with her own."""
    svc.add_user(any_app, who(any_app, "admin"), "dora", "referent", PASSWORD)
    for alias in ("Amina", "Binta"):
        person = add_followed(any_app, alias, first_visit=X)
        svc.start_track(any_app, who(any_app, "camille"), person, "psp", at=X)
        walk_psp_to_authorised(any_app, person, decided="2026-03-10")
    add_followed(any_app, "Zoé", referent="dora", first_visit=X)
    svc.add_person(any_app, who(any_app, "bea"), "Dina", first_visit=X)
    return on(any_app, LATER)


def _fresh(run):
    """``run()`` with every kept statement forgotten first: built anew."""
    review._BUILT.clear()
    return run()


def test_a_kept_statement_answers_as_a_new_one_on_another_day(busy):
    first = svc.review_queue(busy, who(busy, "sonia"))
    later = on(busy, LATER + timedelta(days=40))
    kept = svc.review_queue(later, who(later, "sonia"))
    assert kept == _fresh(lambda: svc.review_queue(later, who(later, "sonia")))
    assert kept != first  # the day is a value of the kept statement, not a constant of it
    counts = svc.review_counts(later, who(later, "sonia"))
    assert counts == _fresh(lambda: svc.review_counts(later, who(later, "sonia")))


def test_two_referents_share_a_statement_but_not_their_items(busy):
    camille = svc.review_queue(busy, who(busy, "camille"))
    dora = svc.review_queue(busy, who(busy, "dora"))
    assert {i.alias for i in dora if i.kind != "no_referent"} == {"Zoé"}
    assert "Zoé" not in {i.alias for i in camille}
    assert {i.referent for i in camille if i.kind != "no_referent"} == {"camille"}
    assert dora == _fresh(lambda: svc.review_queue(busy, who(busy, "dora")))


def test_a_referent_filter_finds_her_in_the_query(busy):
    sonia = who(busy, "sonia")
    hers = svc.review_queue(busy, sonia, referent="dora")
    assert hers and {i.referent for i in hers} == {"dora"}
    assert {i.referent for i in svc.review_queue(busy, sonia, referent="camille")} == {"camille"}
    assert svc.review_queue(busy, sonia, referent="admin") == []  # an account following nobody
    assert sum(svc.review_counts(busy, sonia, referent="admin").values()) == 0


def test_later_pages_of_a_kept_statement_follow_their_cursor(busy):
    sonia = who(busy, "sonia")
    whole = svc.review_queue(busy, sonia)
    for size in (1, 2, 3):
        pages, after = [], None
        while True:
            page = svc.review_queue(busy, sonia, limit=size, after=after)
            pages += page
            if len(page) < size:
                break
            after = page[-1].cursor
        assert [i.key for i in pages] == [i.key for i in whole]


def test_the_page_and_its_aliases_are_one_statement(busy):
    camille = who(busy, "camille")
    svc.review_queue(busy, camille, limit=50)  # built and compiled
    with sent(busy.db) as found:
        page = svc.review_queue(busy, camille, limit=50)
    assert {i.alias for i in page} >= {"Amina", "Binta"}
    about_persons = [s.sql for s in found if "person_keys" in s.sql or "FROM persons" in s.sql]
    assert len(about_persons) == 1 and " queue" in about_persons[0]


def test_exceptional_accesses_are_read_unless_a_referent_is_asked(busy):
    from sqlalchemy import select

    from core.persistence.models import User
    from core.services import audit
    sonia = who(busy, "sonia")
    person = svc.list_persons(busy, sonia, search="Amina", limit=5)[0].id
    with busy.db.write() as session:  # the row the door writes for a justified access
        actor = session.scalar(select(User.id).where(User.name == "sonia"))
        audit.append(session, audit.Entry("person.facts", actor_id=actor, role="superviseur",
                                          person_id=person, reason="exceptional_access",
                                          detail={"reason": "Signalement urgent"}), busy.now())
    seen = svc.review_queue(busy, sonia, kinds={"exceptional_access"})
    assert [i.person_id for i in seen] == [person] and "Signalement urgent" in seen[0].detail
    assert svc.review_counts(busy, sonia, kinds={"exceptional_access"}) == {"exceptional_access": 1}
    assert svc.review_queue(busy, sonia, kinds={"exceptional_access"}, referent="camille") == []


def test_an_export_hands_the_queue_over_in_pieces_in_its_order(busy, monkeypatch):
    """``each``: the items come in pieces (two here), in the queue's order, read as they are
    described (on PostgreSQL through a server-side cursor); none are returned, and the audit
    row counts them all."""
    sonia = who(busy, "sonia")
    whole = svc.review_queue(busy, sonia)
    assert len(whole) > 2
    monkeypatch.setattr(review, "PIECE", 2)
    pieces = pieces_of(lambda each: svc.review_queue(busy, sonia, each=each))
    assert [len(p) for p in pieces[:-1]] == [2] * (len(pieces) - 1)
    assert [i for p in pieces for i in p] == whole
    assert last_audit_rows(busy, 2) == [
        ("review.queue", "done", None, {"count": 0, "filters": [], "export": "started"}),
        ("review.queue", "done", None, {"count": len(whole), "filters": [], "export": "ended"})]
    with sent(busy.db) as statements:
        svc.review_queue(busy, sonia, referent="dora", each=pieces.append)
    if busy.db.engine.dialect.name == "postgresql":
        assert any("cursor_tuple_fraction" in s.sql for s in statements)
