"""No lost update: optimistic locking on tracks and persons, and PostgreSQL lock conflicts."""

from __future__ import annotations

import pytest
from sqlalchemy import select, text

from core import messages as M
from core.errors import ConflictError
from core.persistence.database import Database
from core.persistence.models import Person, Track


def load(database: Database, model, row_id: int):
    with database.read() as session:
        return session.get(model, row_id)


def save_step(database: Database, track: Track, step: str) -> None:
    with database.write() as session:
        session.add(track)
        track.step = step


def test_the_second_of_two_caseworkers_gets_a_conflict(db, seeded):
    first = load(db, Track, seeded.track_id)
    second = load(db, Track, seeded.track_id)
    assert first.version == second.version == 1
    save_step(db, first, "depose")
    with pytest.raises(ConflictError) as caught:
        save_step(db, second, "abandon")
    assert caught.value.msg == M.DB_CONFLICT_STALE
    final = load(db, Track, seeded.track_id)
    assert (final.step, final.version) == ("depose", 2)


def test_in_place_fact_changes_are_saved_and_versioned(db, seeded):
    with db.write() as session:
        track = session.get(Track, seeded.track_id)
        track.facts["ofpra_date"] = "2026-03-01"
    track = load(db, Track, seeded.track_id)
    assert track.facts == {"langue": "fr", "ofpra_date": "2026-03-01"}
    assert track.version == 2


def test_person_files_are_versioned_too(db, seeded):
    first = load(db, Person, seeded.person_id)
    second = load(db, Person, seeded.person_id)
    with db.write() as session:
        session.add(first)
        first.alias_hash = "h-lou"
    with pytest.raises(ConflictError), db.write() as session:
        session.add(second)
        second.pathway_closed = True
    final = load(db, Person, seeded.person_id)
    assert (final.alias_hash, final.pathway_closed, final.version) == ("h-lou", False, 2)


@pytest.mark.pg
def test_two_open_write_transactions_on_postgresql(pg_db, make_seed):
    ids = make_seed(pg_db)
    with pytest.raises(ConflictError), pg_db.write() as second:
        stale = second.get(Track, ids.track_id)
        with pg_db.write() as first:
            first.get(Track, ids.track_id).step = "depose"
        stale.step = "abandon"
    final = load(pg_db, Track, ids.track_id)
    assert (final.step, final.version) == ("depose", 2)


@pytest.mark.pg
def test_a_locked_row_gives_a_conflict_on_postgresql(pg_db, make_seed):
    ids = make_seed(pg_db)
    locked = select(Track).where(Track.id == ids.track_id).with_for_update()
    with pg_db.write() as holder:
        holder.execute(locked).scalar_one()
        with pytest.raises(ConflictError) as caught, pg_db.write() as other:
            other.execute(locked.with_for_update(nowait=True)).scalar_one()
    assert caught.value.msg == M.DB_CONFLICT_CONCURRENT
    assert caught.value.__cause__.orig.sqlstate == "55P03"


@pytest.mark.pg
def test_postgresql_sessions_wait_for_locks_a_bounded_time_and_compile_nothing(pg_db):
    # JIT compiled a report's statements for ~200 ms where running them takes 5 to 30.
    with pg_db.read() as session:
        assert session.scalar(text("SHOW jit")) == "off"
        assert session.scalar(text("SHOW lock_timeout")) != "0"
