"""A deadline belongs to its track's person: the database refuses any other (migration 0019).

The referent's queue finds a person's deadlines by their ``person_id``, other reads by their
track; nothing in the schema tied the two, and the two reads would disagree on a row where
they differ.
"""

from __future__ import annotations

import pytest
from sqlalchemy import insert, select, update

from core.errors import PersistenceError
from core.persistence.models import Deadline
from core import services as svc
from tests.accounts import add_followed, who
from tests.services.conftest import walk_psp_to_authorised


def _a_deadline(app, person: int) -> dict:
    with app.db.read() as session:
        row = session.scalars(select(Deadline).where(Deadline.person_id == person)).first()
        assert row is not None  # the walk opened her deadlines, through the guard
        return {c.name: getattr(row, c.key) for c in Deadline.__table__.columns}


def test_a_deadline_of_another_person_than_its_track_is_refused(any_app):
    amina = add_followed(any_app)
    rose = add_followed(any_app, "Rose")
    svc.start_track(any_app, who(any_app, "camille"), amina, "psp")
    walk_psp_to_authorised(any_app, amina)
    found = _a_deadline(any_app, amina)
    with pytest.raises(PersistenceError), any_app.db.write() as session:
        session.execute(update(Deadline).where(Deadline.id == found["id"])
                        .values(person_id=rose))
    with pytest.raises(PersistenceError), any_app.db.write() as session:
        session.execute(insert(Deadline).values({**found, "id": found["id"] + 1000,
                                                 "person_id": rose}))
    assert _a_deadline(any_app, amina)["id"] == found["id"]  # nothing changed
