"""Read sessions: one snapshot, no write, and on PostgreSQL statements prepared across calls.

psycopg prepares a statement on the server after a few runs on one connection, and forgets
every statement it prepared when a transaction ends in ROLLBACK: reads end with COMMIT, or a
large query (the review queue's page) would be planned anew on every call.
"""

from __future__ import annotations

import pytest
from sqlalchemy import text

from core.errors import ParcoursError
from core.persistence.database import Database

MARK = "SELECT 41 + :x AS prepared_read_marker"


@pytest.mark.pg
def test_a_read_repeated_over_calls_is_prepared_once_on_the_server(pg_db: Database):
    for _ in range(8):  # psycopg prepares from the sixth run on one connection
        with pg_db.read() as session:
            assert session.execute(text(MARK), {"x": 1}).scalar_one() == 42
    with pg_db.read() as session:
        prepared = session.execute(text(
            "SELECT count(*) FROM pg_prepared_statements "
            "WHERE statement LIKE '%prepared_read_marker%'")).scalar_one()
    assert prepared == 1


def test_a_read_session_still_writes_nothing(db: Database):
    with pytest.raises(ParcoursError), db.read() as session:
        session.execute(text("CREATE TABLE intruder (id INTEGER)"))
    with db.read() as session:  # and the failed read left the next one working
        assert session.execute(text("SELECT 1")).scalar_one() == 1
    with db.write() as session:
        session.execute(text("CREATE TABLE allowed (id INTEGER)"))
