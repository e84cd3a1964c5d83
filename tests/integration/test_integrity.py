"""What the database refuses, and how the refusal reaches the user: French, typed, no data."""

from __future__ import annotations

from datetime import date, datetime, timezone

import pytest
from sqlalchemy import delete, select, update
from sqlalchemy.exc import IntegrityError

from core import messages as M
from core.errors import PersistenceError
from core.persistence.database import Database
from core.persistence.models import DropIn, Event, Person, User, Visit

WHEN = datetime(2026, 3, 2, 10, 0, tzinfo=timezone.utc)


def add_event(database: Database, seeded) -> int:
    with database.write() as session:
        event = Event(person_id=seeded.person_id, track_id=seeded.track_id, kind="note",
                      occurred_at=WHEN, actor_id=seeded.user_id, actor_role="referent",
                      facts={"sujet": "logement"})
        session.add(event)
        session.flush()
        return event.id


def kinds(database: Database) -> list[str]:
    with database.read() as session:
        return list(session.scalars(select(Event.kind)))


def refused(database: Database, statement) -> PersistenceError:
    with pytest.raises(PersistenceError) as caught, database.write() as session:
        session.execute(statement)
    return caught.value


def test_an_orphan_reference_is_refused(db, seeded):
    with pytest.raises(PersistenceError) as caught, db.write() as session:
        session.add(Visit(dropin_id=999_999, person_id=seeded.person_id,
                          recorded_by=seeded.user_id))
    assert caught.value.msg == M.DB_FOREIGN_KEY
    assert isinstance(caught.value.__cause__, IntegrityError)
    with db.read() as session:
        assert session.scalars(select(Visit)).all() == []


def test_events_cannot_be_updated(db, seeded):
    event_id = add_event(db, seeded)
    error = refused(db, update(Event).where(Event.id == event_id).values(kind="falsified"))
    assert error.msg == M.DB_APPEND_ONLY
    assert kinds(db) == ["note"]


def test_events_cannot_be_updated_through_the_orm_either(db, seeded):
    event_id = add_event(db, seeded)
    with pytest.raises(PersistenceError) as caught, db.write() as session:
        session.get(Event, event_id).facts = {"sujet": "autre"}
    assert caught.value.msg == M.DB_APPEND_ONLY
    with db.read() as session:
        assert session.get(Event, event_id).facts == {"sujet": "logement"}


def test_events_cannot_be_deleted(db, seeded):
    event_id = add_event(db, seeded)
    error = refused(db, delete(Event).where(Event.id == event_id))
    assert error.msg == M.DB_APPEND_ONLY
    assert kinds(db) == ["note"]


@pytest.mark.pg
def test_events_cannot_be_truncated_on_postgresql(pg_db, make_seed):
    add_event(pg_db, make_seed(pg_db))
    with pytest.raises(PersistenceError) as caught, pg_db.write() as session:
        session.connection().exec_driver_sql("TRUNCATE events CASCADE")
    assert caught.value.msg == M.DB_APPEND_ONLY
    assert kinds(pg_db) == ["note"]


def test_a_duplicate_is_refused_without_echoing_the_value(db, seeded):
    with pytest.raises(PersistenceError) as caught, db.write() as session:
        session.add(User(name="Camille", role="admin"))
    assert caught.value.msg == M.DB_UNIQUE
    assert "Camille" not in caught.value.msg


@pytest.mark.parametrize("person, count", [(True, 2), (False, 0)])
def test_a_visit_is_one_known_person_or_a_positive_anonymous_count(db, seeded, person, count):
    with db.write() as session:
        dropin = DropIn(day=date(2026, 3, 2), opened_by=seeded.user_id,
                        delegation_id=seeded.delegation_id)
        session.add(dropin)
    with pytest.raises(PersistenceError) as caught, db.write() as session:
        session.add(Visit(dropin_id=dropin.id, person_id=seeded.person_id if person else None,
                          count=count, recorded_by=seeded.user_id))
    assert caught.value.msg == M.DB_CHECK


def test_an_unknown_role_is_refused(db):
    error = refused(db, User.__table__.insert().values(name="X", role="root", active=True,
                                                       created_at=WHEN))
    assert error.msg == M.DB_CHECK


def test_a_person_outside_any_delegation_is_refused(db, seeded):
    with pytest.raises(PersistenceError) as caught, db.write() as session:
        session.add(Person(alias_enc=b"x", created_by=seeded.user_id, delegation_id=None))
    assert caught.value.msg == M.DB_NOT_NULL


def test_an_unreachable_server_is_reported_in_french():
    database = Database("postgresql://parcours:secret@127.0.0.1:1/parcours")
    with pytest.raises(PersistenceError) as caught, database.read() as session:
        session.execute(select(1))
    assert caught.value.msg == M.DB_UNREACHABLE
    assert "secret" not in repr(database)
    database.dispose()
