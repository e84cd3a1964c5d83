"""Fixtures for the persistence tests: migrated SQLite files and throw-away PostgreSQL databases.

PostgreSQL tests need ``PARCOURS_TEST_PG_URL`` (a server URL with the right to create
databases; CI sets it). Each such test gets its own freshly created database, dropped at the
end, so tests never see each other's rows or schema.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timezone

import pytest

from core.persistence.database import Database
from core.persistence.access_models import Delegation
from core.persistence.models import Person, Track, User

PG_ENV = "PARCOURS_TEST_PG_URL"
T0 = datetime(2026, 3, 2, 9, 30, tzinfo=timezone.utc)


@dataclass(frozen=True)
class Seed:
    """Ids of one user, one person and one open track, as written by :func:`seed`."""

    user_id: int
    person_id: int
    track_id: int
    delegation_id: int = 1


@pytest.fixture(params=["sqlite", pytest.param("pg", marks=pytest.mark.pg)])
def any_url(request) -> str:
    """The URL of an empty database, once per back-end."""
    return request.getfixturevalue(f"{request.param}_url")


@pytest.fixture(params=["sqlite", pytest.param("pg", marks=pytest.mark.pg)])
def db(request) -> Database:
    """A migrated database, once per back-end."""
    return request.getfixturevalue(f"{request.param}_db")


def seed(database: Database) -> Seed:
    """Write one delegation, one referent, one person and one open track; return their ids."""
    with database.write() as session:
        delegation = Delegation(code="principale", label="Principale", created_at=T0)
        user = User(name="Camille", role="referent")
        session.add_all([delegation, user])
        session.flush()
        person = Person(alias_enc=b"PC1-opaque", alias_hash="h-eloise", created_by=user.id,
                        referent_id=user.id, delegation_id=delegation.id)
        session.add(person)
        session.flush()
        track = Track(person_id=person.id, delegation_id=delegation.id, definition_id="asile",
                      definition_version=1,
                      step="recit", facts={"langue": "fr"}, step_since=T0, last_event_at=T0)
        session.add(track)
        session.flush()
        return Seed(user.id, person.id, track.id, delegation.id)


@pytest.fixture
def make_seed():
    """The :func:`seed` function, for tests that pick their own database."""
    return seed


@pytest.fixture
def seeded(db) -> Seed:
    return seed(db)
