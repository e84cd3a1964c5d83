"""Two caseworkers advancing one track at once: one wins, the other gets a conflict (DB-7)."""

from __future__ import annotations

import threading

import pytest
from sqlalchemy import event, func, select

from core import services as svc
from core.errors import ConflictError, TransitionRefused
from core.persistence.models import Event, Track
from tests.accounts import who


def race(app, person: int, triggers: tuple[str, str]) -> list[object]:
    """Run two advances whose reads both happen before either writes."""
    barrier = threading.Barrier(2, timeout=10)
    results: list[object] = [None, None]
    waiting = threading.local()

    @event.listens_for(Track, "load")
    def both_loaded(target, context):
        if getattr(waiting, "armed", False):
            waiting.armed = False
            barrier.wait()

    def worker(index: int) -> None:
        waiting.armed = True
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
        event.remove(Track, "load", both_loaded)
    return results


@pytest.mark.pg
@pytest.mark.parametrize("triggers", [("reconnaitre", "reconnaitre"),
                                      ("reconnaitre", "perdre_contact")])
def test_concurrent_advances_on_postgresql(pg_app, triggers):
    person = svc.add_person(pg_app, who(pg_app, "camille"), "Amina").id
    results = race(pg_app, person, triggers)
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


def test_sqlite_writers_queue_and_the_second_sees_the_first(app):
    """On SQLite, BEGIN IMMEDIATE serialises writers: the second re-reads and is re-checked."""
    person = svc.add_person(app, who(app, "camille"), "Amina").id
    first = svc.advance(app, who(app, "camille"), person, "parcours", "reconnaitre")
    with pytest.raises(TransitionRefused):
        svc.advance(app, who(app, "camille"), person, "parcours", "reconnaitre")
    assert first.step == "connue"
