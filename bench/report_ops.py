"""The activity report read from its monthly aggregates, beside the raw summary read (G-R-1/2).

* ``report delegation-year``: ``activity_report`` for 2025 by ``sonia`` (supervisor of the
  first delegation): the door, the aggregates, the distinct counts (persons seen, volunteers,
  followed, supported per domain) from the period's tracks, every plugin's declared section,
  the samples of sources; its raw twin (``raw delegation-year summary``) is the summary read
  alone, with ``sqlite3``: that delegation's aggregate rows of the twelve months, summed by
  month and figure. The report does more than that read: it counts distinct persons (seen,
  followed, supported per domain), which months of sums cannot give, and fetches the first
  sources of each figure. Its second twin (``replayed delegation-year report``) is therefore
  the report's own SQL, recorded once and replayed raw like the review queue's
  (:func:`review_ops.record`: the door's session check and audit row left out): the same
  work without the project's Python.
* ``report national 10 years``: the same by ``nadia`` (every delegation) for 2016-2025; its
  twin sums every delegation's rows of those 120 months, its second twin replays its SQL.
* ``report delegation-year from rows``: the older computation of the same report (every
  period's visit and transition event read, every plugin handed the whole context), for the
  gain.
* ``advance`` / ``anonymous visit`` beside the same call with the aggregate upsert switched
  off: what keeping the aggregates in the write's transaction costs (G-R-2: ≤ 1.1×). An
  ``advance`` sends the month's count with its other last writes, an anonymous visit its two
  counts with its row (one statement on PostgreSQL): each twin sends those others alone.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import date
from itertools import cycle
from typing import Any

from sqlalchemy import select

from core import services as svc
from core.persistence.access_models import Delegation
from core.services import dropins, records, report_aggregates
from core.services import report as report_service
from core.services.app import Parcours

from review_ops import record, replay
from volumes import PASSWORD, Volume, reader, sql
from write_ops import PAIR, _followed

YEAR = (date(2025, 1, 1), date(2025, 12, 31))
DECADE = (date(2016, 1, 1), date(2025, 12, 31))
SUMMARY = ("SELECT month, figure, SUM(value) FROM report_aggregates WHERE month BETWEEN ? AND ? "
           "{where} GROUP BY month, figure")


def _raw(volume: Volume, first: str, last: str, delegation: int | None) -> Callable[[], None]:
    con = reader(volume)
    where = "" if delegation is None else "AND delegation_id = ?"
    params = (first, last) if delegation is None else (first, last, delegation)
    statement = sql(volume, SUMMARY.format(where=where))

    def run() -> None:
        con.execute("BEGIN")
        con.execute(statement, params).fetchall()
        con.execute("COMMIT")

    return run


def _without_aggregate_write(run: Callable[[], None], module: Any) -> Callable[[], None]:
    """``run`` with the month's counts left out of the writes ``module`` sends together
    (``run_writes``: an ``advance``'s event and projections, an anonymous visit's row): on
    PostgreSQL the others still go as one statement."""
    kept = module.run_writes

    def bare() -> None:
        upserts = report_aggregates.upserts()
        module.run_writes = lambda connection, writes: kept(
            connection, [w for w in writes if w.fixed not in upserts])
        try:
            run()
        finally:
            module.run_writes = kept

    return bare


def every(statement: str) -> bool:
    return True


def report_ops(volume: Volume, app: Parcours) -> dict[str, object]:
    """The report measures and their raw twins on ``volume`` (name → callable)."""
    sonia = svc.Credential(svc.sign_in(app, "sonia", PASSWORD).secret)
    nadia = svc.Credential(svc.sign_in(app, "nadia", PASSWORD).secret)
    with app.db.read() as session:
        first = session.scalar(select(Delegation.id).where(Delegation.code == "demo-1"))

    def delegation_year() -> None:
        svc.activity_report(app, sonia, *YEAR)

    def national_decade() -> None:
        svc.activity_report(app, nadia, *DECADE)

    def from_rows() -> None:
        kept = report_service.whole_months
        report_service.whole_months = lambda start, end: None  # type: ignore[assignment]
        try:
            svc.activity_report(app, sonia, *YEAR)
        finally:
            report_service.whole_months = kept

    # Both writes take the next person of one cycle: the same files, in turn.
    chosen = _followed(app, 16, offset=10)  # not the write section's persons
    steps = {p: step for p, _, step in chosen}
    order = cycle([p for p, _, _ in chosen])

    def advance(order: Iterator[int]) -> Callable[[], None]:
        def run() -> None:
            person = next(order)
            svc.advance(app, sonia, person, "parcours", PAIR[steps[person]])
            steps[person] = "en_pause" if steps[person] == "suivi_individuel" \
                else "suivi_individuel"
        return run

    dropin = svc.open_dropin(app, sonia, date(2025, 12, 30), delegation="demo-1").id

    def visit() -> None:
        svc.record_anonymous(app, sonia, dropin, 1)

    return {
        "report delegation-year": delegation_year,
        "raw delegation-year summary": _raw(volume, "2025-01", "2025-12", first),
        "report national 10 years": national_decade,
        "raw national summary": _raw(volume, "2016-01", "2025-12", None),
        "replayed delegation-year report": replay(volume, record(app, delegation_year, every)),
        "replayed national report": replay(volume, record(app, national_decade, every)),
        "report delegation-year from rows": from_rows,
        "advance": advance(order),
        "advance without aggregate": _without_aggregate_write(advance(order), records),
        "anonymous visit": visit,
        "anonymous visit without aggregate": _without_aggregate_write(visit, dropins),
    }
