"""Two caseworkers advancing one track at once: one wins, the other gets a conflict (DB-7)."""

from __future__ import annotations

import threading
import time

import pytest
from sqlalchemy import event, func, select

from core import services as svc
from core.errors import ConflictError, TransitionRefused
from core.persistence.models import Event, Track
from tests.accounts import who


def race(app, person: int, triggers: tuple[str, str]) -> list[object]:
    """Run two advances, the first held once it has read her track until the second, which
    reads after it, waits for her row (locked by the first's read); the second then reads
    her track as it was when its statement began, before the first wrote."""
    from tests.services.test_races import WAIT, _waiting_for_a_lock
    results: list[object] = [None, None]
    held = threading.local()
    first_read = threading.Event()

    @event.listens_for(Track, "load")
    def first_loaded(target, context):
        if getattr(held, "armed", False):
            held.armed = False
            first_read.set()
            deadline = time.monotonic() + WAIT
            while not _waiting_for_a_lock(app):
                assert time.monotonic() < deadline, "the second advance did not wait"
                time.sleep(0.02)

    def worker(index: int) -> None:
        held.armed = index == 0
        if index == 1:
            first_read.wait(WAIT)
        try:
            results[index] = svc.advance(app, who(app, "camille"), person, "parcours", triggers[index])
        except Exception as exc:  # the test inspects which error each worker got
            results[index] = exc

    threads = [threading.Thread(target=worker, args=(i,)) for i in range(2)]
    try:
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=30)
    finally:
        event.remove(Track, "load", first_loaded)
    return results


@pytest.mark.pg
def test_concurrent_advances_on_postgresql(pg_app):
    """The second read her track as it was before the first wrote: one wins, the other
    gets a conflict."""
    person = svc.add_person(pg_app, who(pg_app, "camille"), "Amina").id
    results = race(pg_app, person, ("reconnaitre", "reconnaitre"))
    wins = [r for r in results if not isinstance(r, Exception)]
    losses = [r for r in results if isinstance(r, Exception)]
    assert len(wins) == 1 and len(losses) == 1
    assert isinstance(losses[0], ConflictError), losses[0]
    with pg_app.db.read() as session:
        transitions = session.scalar(select(func.count()).select_from(Event)
                                     .where(Event.kind == "transition"))
        version = session.scalar(select(Track.version).where(Track.person_id == person))
    assert transitions == 1 and version == 2
    assert svc.show_person(pg_app, who(pg_app, "camille"), person).pathway_step == wins[0].step


@pytest.mark.pg
def test_a_move_that_may_end_her_follow_up_reads_the_advance_before_it(pg_app):
    """« perdre_contact » may end her follow-up, so it reads her tracks once her row is
    locked: it waits for the advance that locked it first, and moves on from its step, as
    the second of two writers does on SQLite."""
    person = svc.add_person(pg_app, who(pg_app, "camille"), "Amina").id
    first, second = race(pg_app, person, ("reconnaitre", "perdre_contact"))
    assert not isinstance(first, Exception) and not isinstance(second, Exception), (first,
                                                                                    second)
    assert (second.from_step, second.step) == ("connue", "perdu_de_vue")
    with pg_app.db.read() as session:
        assert session.scalar(select(Track.version).where(Track.person_id == person)) == 3


def test_sqlite_writers_queue_and_the_second_sees_the_first(app):
    """On SQLite, BEGIN IMMEDIATE serialises writers: the second re-reads and is re-checked."""
    person = svc.add_person(app, who(app, "camille"), "Amina").id
    first = svc.advance(app, who(app, "camille"), person, "parcours", "reconnaitre")
    with pytest.raises(TransitionRefused):
        svc.advance(app, who(app, "camille"), person, "parcours", "reconnaitre")
    assert first.step == "connue"
