"""Ids bound as one value (:func:`core.persistence.id_list.among`): the rows of exactly those
ids on both back-ends, any number of them, prepared once, never text in the statement."""

from __future__ import annotations

import sqlite3

import pytest
from sqlalchemy import Column, Integer, MetaData, String, Table, create_engine, insert, select
from sqlalchemy.dialects import postgresql, sqlite

from core.errors import PersistenceError
from core.persistence.database import require_json
from core.persistence.id_list import among
from core.persistence.prepared import Fixed

META = MetaData()
ROWS = Table("rows", META, Column("id", Integer, primary_key=True), Column("owner", Integer),
             Column("name", String))
COUNT = 3_000  # beyond SQLite's oldest limit of 999 parameters to one statement


@pytest.fixture(params=["sqlite", "pg"])
def engine(request, sqlite_url):
    url = sqlite_url if request.param == "sqlite" else request.getfixturevalue("pg_url")
    engine = create_engine(url)
    META.drop_all(engine)
    META.create_all(engine)
    with engine.begin() as conn:
        conn.execute(insert(ROWS), [{"id": i, "owner": i % 7, "name": f"n{i}"}
                                    for i in range(1, COUNT + 1)])
    yield engine
    META.drop_all(engine)
    engine.dispose()


BY_ID = Fixed(select(ROWS.c.id, ROWS.c.name).where(among(ROWS.c.id)).order_by(ROWS.c.id),
              ["ids"])


def test_the_rows_of_exactly_the_ids_given(engine):
    with engine.connect() as conn:
        assert [tuple(r) for r in BY_ID.run(conn, {"ids": [5, 3, 3, 10_000]})] == \
            [(3, "n3"), (5, "n5")]
        assert BY_ID.run(conn, {"ids": []}).all() == []
        every = list(range(COUNT, 0, -1))
        assert [r.id for r in BY_ID.run(conn, {"ids": every})] == sorted(every)
        # Through SQLAlchemy's own execution as well (its statement cache included).
        owned = conn.execute(select(ROWS.c.id).where(among(ROWS.c.owner, "owners"))
                             .order_by(ROWS.c.id), {"owners": [0]}).scalars().all()
        assert owned == [i for i in range(1, COUNT + 1) if i % 7 == 0]


def test_only_integers_are_bound(engine):
    with engine.connect() as conn, pytest.raises(ValueError):
        BY_ID.run(conn, {"ids": ["1) OR (1=1"]})


def test_two_columns_never_share_a_compiled_statement():
    on_id = select(ROWS.c.name).where(among(ROWS.c.id))
    on_owner = select(ROWS.c.name).where(among(ROWS.c.owner))
    assert on_id._generate_cache_key() != on_owner._generate_cache_key()
    assert "rows.owner IN (SELECT value FROM json_each(?))" in \
        str(on_owner.compile(dialect=sqlite.dialect()))
    assert "rows.owner = ANY(%(ids)s::BIGINT[])" in \
        str(on_owner.compile(dialect=postgresql.psycopg.dialect()))


def test_sqlite_probes_the_index_once_per_id(sqlite_url):
    engine = create_engine(sqlite_url)
    META.create_all(engine)
    sql = str(select(ROWS.c.name).where(among(ROWS.c.id)).compile(dialect=sqlite.dialect()))
    with sqlite3.connect(engine.url.database) as con:
        plan = [row[3] for row in con.execute(f"EXPLAIN QUERY PLAN {sql}", ("[1, 2]",))]
    assert any(line.startswith("SEARCH rows USING INTEGER PRIMARY KEY") for line in plan), plan
    assert not any(line.startswith("SCAN rows") for line in plan), plan


def test_a_sqlite_without_its_json_functions_is_refused_in_words():
    con = sqlite3.connect(":memory:")
    # As a build without them would answer: the table-valued function cannot be read.
    con.set_authorizer(lambda action, arg1, arg2, *_: sqlite3.SQLITE_DENY
                       if "json_each" in (arg1, arg2) else sqlite3.SQLITE_OK)
    with pytest.raises(PersistenceError, match="fonctions JSON"):
        require_json(con.cursor())
    con.set_authorizer(None)
    require_json(con.cursor())
