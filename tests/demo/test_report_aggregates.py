"""The report read from monthly aggregates gives the figures the row-by-row report gives.

On the demo year (every domain plugin, a year of drop-ins, visits and transitions): for
several periods and readers, the aggregate report (whole months) equals the older
computation (the same service with the aggregates path switched off), internal and external;
``report --rebuild`` writes back exactly the rows the writes maintained; a bulk copy of the
delegation carries its own aggregates.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from core import services as svc
from core.persistence.models import ReportAggregate
from core.services import report as report_service
from core.services.report_model import ActivityReport
from tests.accounts import PASSWORD, who

PERIODS = [(date(2025, 1, 1), date(2025, 12, 31)), (date(2025, 1, 1), date(2025, 3, 31)),
           (date(2025, 4, 1), date(2025, 6, 30)), (date(2025, 3, 1), date(2025, 3, 31)),
           (date(2025, 12, 1), date(2025, 12, 31)), (date(2025, 2, 1), date(2025, 8, 31)),
           (date(2024, 1, 1), date(2026, 12, 31))]


def cells(report: ActivityReport, *, samples: bool = True) -> dict[tuple[str, str], Any]:
    """Every figure's value, mark, number of sources (and sample), by (section, key)."""
    return {(s.id, f.key): (f.value, f.display, f.suppressed, f.sources_total,
                            f.sources if samples else ()) for s in report.sections
            for f in s.figures}


def months(report: ActivityReport) -> list[tuple[Any, ...]]:
    return [(m.month, m.dropins, round(m.volunteer_hours, 2), m.visits_identified,
             m.visits_anonymous) for m in report.months]


@pytest.fixture(scope="module")
def ada(demo):
    """An administrator of the demo's delegation."""
    if "ada" not in {u.name for u in svc.list_users(demo.app, who(demo.app, "admin"))}:
        svc.add_user(demo.app, who(demo.app, "admin"), "ada", "admin", PASSWORD, ["demo-1"])
    return "ada"


def from_rows(app, credential, start, end, monkeypatch, **kw) -> ActivityReport:
    with monkeypatch.context() as patch:
        patch.setattr(report_service, "whole_months", lambda first, last: None)
        return svc.activity_report(app, credential, start, end, **kw)


def aggregates(app) -> dict[tuple[int, str, str], Decimal]:
    with Session(app.db.engine) as session:
        return {(r.delegation_id, r.month, r.figure): Decimal(r.value)
                for r in session.scalars(select(ReportAggregate))}


def assert_same(summarised: ActivityReport, rows: ActivityReport) -> None:
    assert [s.id for s in summarised.sections] == [s.id for s in rows.sections]
    assert [[f.key for f in s.figures] for s in summarised.sections] == \
        [[f.key for f in s.figures] for s in rows.sections]
    mine, theirs = cells(summarised, samples=False), cells(rows, samples=False)
    assert mine == theirs
    for (section, key), figure in cells(summarised).items():
        if figure[4]:  # a sample given (event counts from aggregates give none)
            assert figure[4] == cells(rows)[(section, key)][4], key
    assert months(summarised) == months(rows)
    assert summarised.notes == rows.notes


@pytest.mark.slow
@pytest.mark.parametrize(("start", "end"), PERIODS)
def test_the_aggregate_report_equals_the_row_report(demo, monkeypatch, start, end):
    sonia = who(demo.app, "sonia")
    summarised = svc.activity_report(demo.app, sonia, start, end)
    assert any(f.value for s in summarised.sections if s.plugin for f in s.figures)
    assert_same(summarised, from_rows(demo.app, sonia, start, end, monkeypatch))


@pytest.mark.slow
@pytest.mark.parametrize(("start", "end"), [PERIODS[0], PERIODS[1], PERIODS[3]])
def test_external_reports_hide_the_same_cells(demo, ada, monkeypatch, start, end):
    for name in ("sonia", ada):
        credential = who(demo.app, name)
        summarised = svc.activity_report(demo.app, credential, start, end, external=True)
        assert any(f.suppressed for s in summarised.sections for f in s.figures)
        assert_same(summarised, from_rows(demo.app, credential, start, end, monkeypatch,
                                          external=True))


@pytest.mark.slow
def test_rebuild_writes_back_the_rows_the_writes_kept(demo, ada, monkeypatch):
    before = aggregates(demo.app)
    assert before
    with demo.app.db.engine.begin() as connection:
        connection.execute(ReportAggregate.__table__.delete())
    assert not aggregates(demo.app)
    done = []
    summary = svc.rebuild_aggregates(demo.app, who(demo.app, ada),
                                     progress=lambda d, t: done.append((d, t)))
    assert summary.rows == len(before) and done[-1][0] == done[-1][1] == summary.delegations
    assert aggregates(demo.app) == before
    sonia = who(demo.app, "sonia")
    assert_same(svc.activity_report(demo.app, sonia, *PERIODS[0]),
                from_rows(demo.app, sonia, *PERIODS[0], monkeypatch))


@pytest.mark.parametrize("start, end", [PERIODS[0], PERIODS[3]], ids=["year", "march"])
def test_explain_of_every_declared_figure_equals_the_tracks_answer(demo, monkeypatch,
                                                                           start, end):
    """``report --explain`` of each plugin's declared figure over whole months comes from
    SQL (never the period's tracks loaded), with the references and total the older
    computation gives, and the report's sample as its first page."""
    sonia = who(demo.app, "sonia")
    rules = [r for s in demo.app.host.report_counts() for r in s.counts
             if r.kind in ("persons_supported", "persons_with_track", "events")]
    assert {r.kind for r in rules} == {"persons_supported", "persons_with_track", "events"}
    before = {}
    with monkeypatch.context() as patch:
        patch.setattr(report_service, "_declared_rule", lambda found: None)
        for rule in rules:
            before[rule.key] = svc.explain_figure(demo.app, sonia, start, end, rule.key)
    shown = svc.activity_report(demo.app, sonia, start, end)

    def loaded(*args, **kwargs):
        raise AssertionError("every active track of the period was loaded")

    monkeypatch.setattr(report_service, "activity", loaded)
    assert any(b.total for b in before.values())
    for rule in rules:
        found = svc.explain_figure(demo.app, sonia, start, end, rule.key)
        old = before[rule.key]
        assert (found.key, found.label, found.total) == (old.key, old.label, old.total), rule.key
        assert sorted(found.refs) == sorted(old.refs), rule.key
        if rule.kind == "events":  # listed in time order, as the plugins list them
            assert found.refs == old.refs, rule.key
        figure = shown.figure(found.key)
        assert figure.sources_total == found.total
        assert tuple(figure.sources) == found.refs[:len(figure.sources)]
