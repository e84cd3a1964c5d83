"""Round trips through the models: UTC timestamps, search keys, JSON nulls, ids never reused."""

from __future__ import annotations

from datetime import date, datetime, timedelta, timezone
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st
from sqlalchemy import select

from core.errors import PersistenceError
from core.persistence.models import DropIn, DropInVolunteer, Event, Person, User
from core.persistence.text import alias_key

PARIS_SUMMER = timezone(timedelta(hours=2))


@pytest.mark.parametrize("typed, key", [
    ("Éloïse", "eloise"),
    ("  ÉLOÏSE   Dupont ", "eloise dupont"),
    ("Straße", "strasse"),
    ("ﬁona", "fiona"),
    ("Nǵozi", "ngozi"),
])
def test_alias_key_folds_case_accents_and_spaces(typed, key):
    assert alias_key(typed) == key


def test_no_column_of_persons_can_hold_a_clear_alias():
    """The alias is sealed (``alias_enc``) and found by keyed hashes: no clear text column."""
    columns = set(Person.__table__.columns.keys())
    assert {"alias", "alias_key"}.isdisjoint(columns)
    assert {"alias_enc", "alias_hash"} <= columns


def test_timestamps_come_back_as_the_same_instant_in_utc(db, seeded):
    stated = datetime(2026, 7, 14, 23, 30, tzinfo=PARIS_SUMMER)
    with db.write() as session:
        event = Event(kind="note", occurred_at=stated, actor_id=seeded.user_id,
                      actor_role="referent")
        session.add(event)
    with db.read() as session:
        loaded = session.get(Event, event.id)
    assert loaded.occurred_at == stated
    assert loaded.occurred_at.tzinfo == timezone.utc
    assert loaded.occurred_at.hour == 21
    assert loaded.recorded_at.tzinfo == timezone.utc


def test_naive_timestamps_are_refused(db, seeded):
    with pytest.raises(PersistenceError), db.write() as session:
        session.add(Event(kind="note", occurred_at=datetime(2026, 7, 14, 12, 0),
                          actor_id=seeded.user_id, actor_role="referent"))


def test_defaults_json_nulls_and_decimal_hours(db, seeded):
    with db.write() as session:
        dropin = DropIn(day=date(2026, 3, 2), opened_by=seeded.user_id,
                        delegation_id=seeded.delegation_id)
        session.add(dropin)
        session.flush()
        session.add(DropInVolunteer(dropin_id=dropin.id, name="Ana", hours=Decimal("3.50")))
        event = Event(kind="visit", occurred_at=datetime.now(timezone.utc),
                      actor_id=seeded.user_id, actor_role="benevole")
        session.add(event)
    with db.read() as session:
        assert session.execute(
            select(DropIn.summary).where(DropIn.summary.is_(None))).scalar_one_or_none() is None
        assert session.scalar(select(DropInVolunteer.hours)) == Decimal("3.50")
        stored = session.get(Event, event.id)
    assert (stored.facts, stored.checks, stored.deadlines_enc) == ({}, [], None)
    assert stored.person_id is None


def test_ids_of_deleted_rows_are_never_reused(db):
    with db.write() as session:
        first = User(name="Ana", role="admin")
        session.add(first)
    with db.write() as session:
        session.delete(session.get(User, first.id))
    with db.write() as session:
        second = User(name="Bea", role="admin")
        session.add(second)
    assert second.id > first.id


@given(st.text())
def test_alias_key_is_stable_and_lowercase(typed):
    key = alias_key(typed)
    assert alias_key(key) == key
    assert key == key.casefold()
    assert key == key.strip()
