"""Prepared statements: compiled once, constants kept, named values converted on each run."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from sqlalchemy import (JSON, Column, Integer, MetaData, String, Table, bindparam,
                        create_engine, event, insert, literal, or_, select, update)

from core.persistence.base import UTCDateTime
from core.persistence.prepared import Fixed, Joined, Prepared, Write, fixed_insert, run_writes

META = MetaData()
ROWS = Table("rows", META, Column("id", Integer, primary_key=True), Column("name", String),
             Column("at", UTCDateTime()))
NOTES = Table("notes", META, Column("id", Integer, primary_key=True), Column("body", JSON),
              Column("at", UTCDateTime()), Column("kind", String, default="note"))
DAY = datetime(2026, 3, 10, tzinfo=UTC)


@pytest.fixture(params=["sqlite", "pg"])
def engine(request, sqlite_url):
    url = sqlite_url if request.param == "sqlite" else request.getfixturevalue("pg_url")
    engine = create_engine(url)
    META.create_all(engine)
    with engine.begin() as conn:
        conn.execute(insert(ROWS), [{"id": i, "name": f"n{i}", "at": DAY.replace(day=i)}
                                    for i in range(1, 11)])
    yield engine
    engine.dispose()


def _statement():
    # The same named value twice, constants (a literal, an IN list) and a timestamp to convert.
    since = bindparam("since", None)
    return select(ROWS.c.id, ROWS.c.name).where(
        or_(ROWS.c.at >= since, ROWS.c.id == bindparam("one", None)),
        ROWS.c.name.in_([literal("n1", String), literal("n5", String), literal("n8", String)]),
        ROWS.c.at >= since).order_by(ROWS.c.id)


def test_a_prepared_statement_runs_again_with_new_values(engine):
    prepared = Prepared(_statement(), engine.dialect, ["since", "one", "unused"])
    assert prepared.variables == {"since", "one"}  # a value the statement never uses is dropped
    with engine.connect() as conn:
        assert [r.id for r in prepared.run(conn, {"since": DAY.replace(day=4), "one": 0})] == \
            [5, 8]
        first = DAY.replace(day=1)
        assert [tuple(r) for r in prepared.run(conn, {"since": first, "one": 1})] == \
            [(1, "n1"), (5, "n5"), (8, "n8")]
        # The same answer as SQLAlchemy's own execution of the statement.
        assert [tuple(r) for r in conn.execute(_statement(), {"since": first, "one": 1})] == \
            [(1, "n1"), (5, "n5"), (8, "n8")]


def test_every_value_must_be_given_and_no_other(engine):
    prepared = Prepared(_statement(), engine.dialect, ["since", "one"])
    with pytest.raises(ValueError, match="expected"):
        prepared.parameters({"since": DAY})
    with pytest.raises(ValueError, match="expected"):
        prepared.parameters({"since": DAY, "one": 1, "other": 2})


def test_values_are_converted_by_their_column_types(engine):
    prepared = Prepared(_statement(), engine.dialect, ["since", "one"])
    with pytest.raises(ValueError):  # UTCDateTime refuses a naive timestamp, as on any write
        prepared.parameters({"since": datetime(2026, 3, 10), "one": 1})


def test_a_fixed_statement_writes_what_sqlalchemy_writes(engine):
    """The write path's statements at the driver's cost: the same rows as SQLAlchemy's own
    execution (JSON and timestamps converted by their column types), a RETURNING, a count of
    rows matched, and a required parameter given at each run."""
    add = fixed_insert(NOTES, ("id", "body", "at", "kind"), returning=NOTES.c.id)
    move = Fixed(update(ROWS).where(ROWS.c.id == bindparam("id"))
                 .values(at=bindparam("at", type_=ROWS.c.at.type)), ("id", "at"))
    later = DAY.replace(day=20)
    with engine.begin() as conn:
        assert add.run(conn, {"id": 1, "body": {"a": [1, "é"]}, "at": DAY,
                              "kind": "x"}).scalar_one() == 1
        conn.execute(insert(NOTES), {"id": 2, "body": {"a": [1, "é"]}, "at": DAY, "kind": "x"})
        assert move.run(conn, {"id": 3, "at": later}).rowcount == 1
        assert move.run(conn, {"id": 99, "at": later}).rowcount == 0
        stored = [tuple(r)[1:] for r in conn.execute(select(NOTES).order_by(NOTES.c.id))]
        assert stored[0] == stored[1] == ({"a": [1, "é"]}, DAY, "x")
        assert conn.scalar(select(ROWS.c.at).where(ROWS.c.id == 3)) == later


def test_a_fixed_insert_refuses_to_leave_out_a_defaulted_column():
    """SQLAlchemy fills a Python default itself; a fixed insert would silently store null."""
    with pytest.raises(ValueError, match="kind"):
        fixed_insert(NOTES, ("id", "body", "at"))


def _moves() -> tuple[Fixed, Fixed]:
    rename = Fixed(update(ROWS).where(ROWS.c.id == bindparam("id"), ROWS.c.name == bindparam("was"))
                   .values(name=bindparam("name")), ("id", "was", "name"))
    stamp = Fixed(update(NOTES).where(NOTES.c.id == bindparam("row"))
                  .values(at=bindparam("at", type_=NOTES.c.at.type)), ("row", "at"))
    return rename, stamp


def test_writes_run_together_count_each_ones_rows(engine):
    """Joined writes land as run one by one, each with its own count: a conditional update
    that matches nothing counts 0 (the write path's conflict check reads it)."""
    rename, stamp = _moves()
    later = DAY.replace(day=25)
    with engine.begin() as conn:
        conn.execute(insert(NOTES), {"id": 3, "body": {}, "at": DAY, "kind": "x"})
        assert run_writes(conn, [Write(rename, {"id": 2, "was": "n2", "name": "deux"}),
                                 Write(stamp, {"row": 3, "at": later})]) == [1, 1]
        assert run_writes(conn, [Write(rename, {"id": 2, "was": "n2", "name": "autre"}),
                                 Write(stamp, {"row": 99, "at": later})]) == [0, 0]
        assert conn.scalar(select(ROWS.c.name).where(ROWS.c.id == 2)) == "deux"
        assert conn.scalar(select(NOTES.c.at).where(NOTES.c.id == 3)) == later


@pytest.mark.pg
def test_writes_run_together_are_one_statement_on_postgresql(pg_url):
    engine = create_engine(pg_url)
    META.create_all(engine)
    sent: list[str] = []
    event.listen(engine, "before_cursor_execute", lambda *a: sent.append(a[2]))
    rename, stamp = _moves()
    try:
        with engine.begin() as conn:
            conn.execute(insert(ROWS), [{"id": 1, "name": "n1", "at": DAY}])
            conn.execute(insert(NOTES), {"id": 1, "body": {}, "at": DAY, "kind": "x"})
            sent.clear()
            assert run_writes(conn, [Write(stamp, {"row": 1, "at": DAY}),
                                     Write(rename, {"id": 1, "was": "n1", "name": "un"})]) == [1, 1]
        assert len(sent) == 1 and sent[0].lstrip().startswith("WITH")
    finally:
        META.drop_all(engine)
        engine.dispose()


def test_joined_writes_refuse_a_value_name_two_parts_share():
    rename, _ = _moves()
    other = Fixed(update(NOTES).where(NOTES.c.id == bindparam("id")).values(kind="x"), ("id",))
    with pytest.raises(ValueError, match="share value names"):
        Joined((rename, other))
    same = Fixed(update(ROWS).where(ROWS.c.id == bindparam("row")).values(name="x"), ("row",))
    with pytest.raises(ValueError, match="share a table"):  # PostgreSQL would keep one change
        Joined((rename, same))
    with pytest.raises(ValueError, match="parts"):
        Joined((rename,)).run(None, [Write(other, {"id": 1})])  # type: ignore[arg-type]
