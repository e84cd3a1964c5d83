"""The review queue in SQL: keyset pages, counts per kind, filters, and a queue of 35,000 items
with 100,000 marks (more than SQLite's bound-variable limit: nothing may be bound one by one)."""

from __future__ import annotations

from collections import Counter
from datetime import UTC, date, datetime, timedelta

import pytest
from sqlalchemy import insert, select

from core import services as svc
from core.errors import InputError
from core.persistence.models import Event, Person, ReviewMark, Track, User
from core.services.app import Parcours
from core.services.review import KINDS
from tests.accounts import add_followed, who, with_clock

from .conftest import walk_psp_to_authorised

X = date(2026, 3, 10)
LATER = date(2026, 9, 11)


on = with_clock  # the same base and plugins, evaluated as of another day


@pytest.fixture
def busy(any_app):
    """Several kinds at once on 11 September: overdue, stalled, no referent, no contact."""
    for alias in ("Amina", "Binta", "Chloé"):
        person = add_followed(any_app, alias, first_visit=X)
        svc.start_track(any_app, who(any_app, "camille"), person, "psp", at=X)
        walk_psp_to_authorised(any_app, person, decided="2026-03-10")
    for alias in ("Dina", "Eva"):
        person = svc.add_person(any_app, who(any_app, "bea"), alias, first_visit=X).id
        svc.start_track(any_app, who(any_app, "camille"), person, "psp", at=X)
    return on(any_app, LATER)


def test_pages_cover_the_queue_in_order_without_gaps(busy):
    sonia = who(busy, "sonia")
    whole = svc.review_queue(busy, sonia)
    assert len(whole) >= 8 and len({i.kind for i in whole}) >= 3
    pages, after = [], None
    while True:
        page = svc.review_queue(busy, sonia, limit=3, after=after)
        pages += page
        if len(page) < 3:
            break
        after = page[-1].cursor
    assert [i.key for i in pages] == [i.key for i in whole]


def test_counts_per_kind_match_the_queue_and_follow_the_filters(busy):
    sonia = who(busy, "sonia")
    whole = svc.review_queue(busy, sonia)
    counts = svc.review_counts(busy, sonia)
    assert {k: n for k, n in counts.items() if n} == dict(Counter(i.kind for i in whole))
    assert set(counts) == set(KINDS)
    psp = svc.review_counts(busy, sonia, domain="psp")
    assert sum(psp.values()) == len(svc.review_queue(busy, sonia, domain="psp"))
    assert psp["no_referent"] == 0 and psp["no_contact"] == 0
    mine = svc.review_counts(busy, who(busy, "camille"))
    assert sum(mine.values()) == len(svc.review_queue(busy, who(busy, "camille")))


def test_a_referent_reads_her_persons_and_the_front_desk_kinds_only(busy):
    camille = svc.review_queue(busy, who(busy, "camille"))
    assert camille and {i.referent for i in camille if i.kind != "no_referent"} == {"camille"}
    assert svc.review_queue(busy, who(busy, "sonia"), referent="camille", kinds={"no_referent"}) == []


def test_a_cursor_must_be_one_the_queue_gave(busy):
    sonia = who(busy, "sonia")
    for bad in ("n'importe quoi", "9|2026-01-01|x", "1|hier|overdue:deadline:1", "1|2026-01-01|"):
        with pytest.raises(InputError, match="position de la file"):
            svc.review_queue(busy, sonia, limit=2, after=bad)
    with pytest.raises(InputError):
        svc.review_queue(busy, sonia, limit=-1)


def test_a_cursor_whose_row_number_no_row_can_have_is_refused_not_a_failure(busy):
    """A number past the database's integers (a forged or mangled cursor) is refused as a key
    with one is: it stopped the command on an integer overflow."""
    for name in ("sonia", "camille"):
        caller = who(busy, name)
        sev, at, rank, sub, _ = svc.review_queue(busy, caller, limit=1)[0].cursor.split("|")
        for number in ("9" * 19, "99999999999999999999999", "-1", "+1"):
            with pytest.raises(InputError, match="position de la file"):
                svc.review_queue(busy, caller, limit=2, after=f"{sev}|{at}|{rank}|{sub}|{number}")
            with pytest.raises(InputError, match="position de la file"):
                svc.review_queue(busy, caller, after=f"{sev}|{at}|{rank}|{sub}|{number}",
                                 each=lambda items: None)


def test_marked_items_leave_the_pages_and_the_counts(busy):
    sonia = who(busy, "sonia")
    first = svc.review_queue(busy, sonia, limit=1)[0]
    before = svc.review_counts(busy, sonia)[first.kind]
    svc.acknowledge(busy, sonia, first.key)
    assert first.key not in {i.key for i in svc.review_queue(busy, sonia)}
    assert svc.review_counts(busy, sonia)[first.kind] == before - 1


ITEMS, MARKS = 35_000, 100_000


def _bulk_queue(app: Parcours) -> list[int]:
    """``ITEMS`` followed persons (their projection says so) without a referent, last seen
    long ago (two items each), and ``MARKS`` marks on other keys, written with Core inserts
    (no alias: not opened here)."""
    old = datetime(2025, 1, 1, 12, tzinfo=UTC)
    with app.db.write() as session:
        admin = session.scalar(select(User.id).where(User.name == "admin"))
        start = (session.scalar(select(Person.id).order_by(Person.id.desc()).limit(1)) or 0) + 1
        ids = list(range(start, start + ITEMS))
        session.execute(insert(Person), [
            {"id": i, "delegation_id": 1, "created_by": admin, "version": 1,
             "pathway_closed": False, "last_contact_at": old, "created_at": old,
             "followed": True} for i in ids])
        session.execute(insert(Track), [
            {"person_id": i, "delegation_id": 1, "definition_id": "parcours",
             "definition_version": 1,
             "step": "suivi_individuel", "status": "open", "facts": {}, "step_since": old,
             "last_event_at": old, "opened_at": old, "version": 1} for i in ids])
        event = session.execute(insert(Event).values(
            person_id=ids[0], kind="review_acknowledged", occurred_at=old, recorded_at=old,
            actor_id=admin, actor_role="superviseur", facts={}, checks=[])
            .returning(Event.id)).scalar_one()
        marks = [{"item_key": f"no_referent:person:{10_000_000 + n}", "kind": "no_referent",
                  "person_id": ids[0], "action": "acknowledged", "actor_id": admin,
                  "event_id": event, "created_at": old} for n in range(MARKS - 1)]
        marks.append({**marks[0], "item_key": f"no_referent:person:{ids[0]}"})
        session.execute(insert(ReviewMark), marks)
    return ids


@pytest.mark.slow
def test_a_queue_of_35000_items_and_100000_marks_binds_no_key(app):
    ids = _bulk_queue(app)
    day = on(app, date(2026, 3, 10))
    sonia = who(day, "sonia")
    counts = svc.review_counts(day, sonia, kinds={"no_referent", "no_contact"})
    assert counts == {"no_referent": ITEMS - 1, "no_contact": ITEMS}
    page = svc.review_queue(day, sonia, kinds={"no_referent"}, limit=50)
    assert len(page) == 50 and f"no_referent:person:{ids[0]}" not in {i.key for i in page}
    following = svc.review_queue(day, sonia, kinds={"no_referent"}, limit=50, after=page[-1].cursor)
    assert not {i.key for i in page} & {i.key for i in following}
    everything = svc.review_queue(day, sonia, kinds={"no_referent"})
    assert len(everything) == ITEMS - 1


def test_the_day_an_item_sorts_on_is_in_its_cursor(busy):
    item = svc.review_queue(busy, who(busy, "sonia"), kinds={"overdue"}, limit=1)[0]
    sev, day, rank, sub, ref = item.cursor.split("|")
    assert (int(sev), date.fromisoformat(day), int(rank), sub) == (0, item.due, 0, "")
    assert item.key == f"overdue:deadline:{ref}"
    assert item.due is not None and item.due < LATER + timedelta(days=1)
