"""``report --explain`` of a declared figure over whole months reads the one query the
report's own figure comes from, paged in SQL: never every active track and event of the
period (five to eleven seconds nationally at 100,000 persons), with the same references as
before. Every plugin's figures are compared on the demo year (tests/demo)."""

from __future__ import annotations

import pytest

from core import services as svc
from core.services import report
from tests.accounts import who

from .conftest import MARCH, Month


def _declared(app) -> list:
    return [rule for section in app.host.report_counts() for rule in section.counts
            if rule.kind in ("persons_supported", "persons_with_track", "events")]


def test_declared_figures_are_explained_from_sql_as_from_the_tracks(month: Month,
                                                                   monkeypatch):
    _same_as_from_tracks(month, monkeypatch)


@pytest.mark.pg
def test_the_same_on_postgresql(pg_month: Month, monkeypatch):
    _same_as_from_tracks(pg_month, monkeypatch)


def _same_as_from_tracks(month: Month, monkeypatch) -> None:
    app, sonia = month.app, who(month.app, "sonia")
    rules = _declared(app)
    assert rules, "no declared persons' figure to explain"
    from_tracks = {}
    with monkeypatch.context() as patched:
        patched.setattr(report, "_declared_rule", lambda found: None)
        for rule in rules:
            from_tracks[rule.key] = svc.explain_figure(app, sonia, *MARCH, rule.key)

    def loaded(*args, **kwargs):
        raise AssertionError("every active track of the period was loaded")

    monkeypatch.setattr(report, "activity", loaded)
    values = svc.activity_report(app, sonia, *MARCH)
    for rule in rules:
        found = svc.explain_figure(app, sonia, *MARCH, rule.key)
        before = from_tracks[rule.key]
        assert (found.key, found.label, found.total) == (before.key, before.label, before.total)
        assert sorted(found.refs) == sorted(before.refs)
        figure = values.figure(found.key)
        assert figure.sources_total == found.total
        assert tuple(figure.sources) == found.refs[:len(figure.sources)]
        if found.total > 1:
            page = svc.explain_figure(app, sonia, *MARCH, rule.key, offset=1, limit=1)
            assert (page.total, page.refs) == (found.total, found.refs[1:2])


def test_a_period_of_days_still_reads_the_tracks(month: Month, monkeypatch):
    from datetime import date
    calls = []
    kept = report.activity
    monkeypatch.setattr(report, "activity", lambda *a, **k: calls.append(1) or kept(*a, **k))
    rule = _declared(month.app)[0]
    svc.explain_figure(month.app, who(month.app, "sonia"), date(2026, 3, 2), date(2026, 3, 20),
                       rule.key)
    assert calls
