"""An anonymous visit writes its row and its month's counts together: one statement for both
figures, and on PostgreSQL one statement for the row and the counts (issue 11 §4: keeping the
aggregates costs at most a tenth of the write). Counts of statements, not timings."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import select

from core import services as svc
from core.persistence.models import ReportAggregate, Visit
from tests.accounts import who
from tests.statements import sent

DAY = date(2026, 3, 10)


def _written(app, action) -> list[str]:
    """The writes ``action`` sends (statements that insert or update), the door's left out
    (its audit row, and the session's use when a minute has passed)."""
    with sent(app.db) as found:
        action()
    return [s.sql.lstrip() for s in found
            if s.sql.lstrip().startswith(("INSERT", "UPDATE", "WITH"))
            and not any(door in s.sql for door in ("audit_log", "auth_sessions"))]


def _figures(app) -> dict[str, int]:
    with app.db.read() as session:
        return {f: int(v) for f, v in session.execute(
            select(ReportAggregate.figure, ReportAggregate.value)
            .where(ReportAggregate.month == "2026-03",
                   ReportAggregate.figure.in_(("visits_anonymous", "anonymous_rows"))))}


def _visits(app) -> list[tuple]:
    with app.db.read() as session:
        return [tuple(r) for r in session.execute(
            select(Visit.person_id, Visit.count, Visit.needs).order_by(Visit.id))]


def _two_visits(app) -> list[list[str]]:
    bea = who(app, "bea")
    dropin = svc.open_dropin(app, bea, DAY).id
    first = _written(app, lambda: svc.record_anonymous(app, bea, dropin, 3,
                                                       needs={"psp": True}))
    second = _written(app, lambda: svc.record_anonymous(app, bea, dropin))
    assert _figures(app) == {"visits_anonymous": 4, "anonymous_rows": 2}
    assert _visits(app) == [(None, 3, {"psp": True}), (None, 1, None)]
    view = svc.list_dropins(app, bea)[0]
    assert view.anonymous_visits == 4
    return [first, second]


def test_both_counts_are_one_upsert_beside_the_row(app):
    for writes in _two_visits(app):
        assert len(writes) == 2, "\n".join(writes)
        assert writes[0].startswith("INSERT INTO visits")
        assert writes[1].startswith("INSERT INTO report_aggregates")
        assert "ON CONFLICT" in writes[1]


@pytest.mark.pg
def test_on_postgresql_the_row_and_its_counts_are_one_statement(pg_app):
    for writes in _two_visits(pg_app):
        assert len(writes) == 1, "\n".join(writes)
        assert writes[0].startswith("WITH")
        assert "INSERT INTO visits" in writes[0] and "INSERT INTO report_aggregates" in writes[0]
