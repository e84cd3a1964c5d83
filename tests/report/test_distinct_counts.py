"""The distinct counts of the aggregates path, counted in SQL, equal those of the row path.

The hand-built month (``conftest.py``) has tracks that cross the period's boundaries (Zoé's
pathway in follow-up from February to April, Nadia's leaving it on 5 March, Yara's paused
before March, Rose's entering it on 31 March, Amina's PSP track closed in February, Lina's
opened on 20 March). A plugin declares persons supported in two domains that share persons
(``parcours`` and ``psp``: Lina and Nadia are in both) and persons with a track of two
definitions, and computes the same figures from its report context with the older hook; the
report of whole months (SQL counts) must give the values, totals and samples the row path
gives, for months that cut those tracks differently, in one delegation and in two.
"""

from __future__ import annotations

from datetime import date
from types import SimpleNamespace

import pytest
from sqlalchemy import text

from core import hookimpl
from core import services as svc
from core.reports import (Figure, ReportContext, ReportCounts, ReportSection,
                          count_persons_supported, count_persons_with_track, persons_supported)
from core.services import report as report_service
from core.services.demo_copies import copy_year
from tests.accounts import PASSWORD, who

from .conftest import Month, with_plugins

PERIODS = [(date(2026, 3, 1), date(2026, 3, 31)), (date(2026, 2, 1), date(2026, 2, 28)),
           (date(2026, 4, 1), date(2026, 4, 30)), (date(2026, 1, 1), date(2026, 12, 31)),
           (date(2026, 2, 1), date(2026, 4, 30)), (date(2025, 1, 1), date(2025, 12, 31))]


class Both:
    """Declares its figures, and computes the same ones from the context (older hook)."""

    @hookimpl
    def parcours_report_counts(self):
        return [ReportCounts(id="double", title="Deux domaines", counts=(
            count_persons_supported("parcours", key="parcours", label="Parcours"),
            count_persons_supported("psp", key="psp", label="PSP"),
            count_persons_with_track(("psp", "parcours"), key="avec", label="Avec un suivi")))]

    @hookimpl
    def parcours_report_sections(self, context: ReportContext):
        wanted = {"psp", "parcours"}
        persons = sorted({t.person_id for t in context.tracks if t.definition_id in wanted})
        return [ReportSection(id="double", title="Deux domaines", figures=(
            persons_supported(context, "parcours", key="parcours", label="Parcours"),
            persons_supported(context, "psp", key="psp", label="PSP"),
            Figure(key="avec", label="Avec un suivi", value=len(persons),
                   sources=tuple(f"person:{i}" for i in persons))))]


def figures(report) -> dict[tuple[str, str], tuple[object, ...]]:
    return {(s.id, f.key): (f.value, f.sources_total, f.sources)
            for s in report.sections for f in s.figures}


def both_paths(app, credential, start, end, monkeypatch):
    """Both paths' figures; event counts read from aggregates give no sample: the row
    path's is left out there too."""
    summarised = figures(svc.activity_report(app, credential, start, end))
    with monkeypatch.context() as patch:
        patch.setattr(report_service, "whole_months", lambda first, last: None)
        rows = figures(svc.activity_report(app, credential, start, end))
    for key, (_, _, sample) in summarised.items():
        if not sample and key in rows:
            rows[key] = rows[key][:2] + ((),)
    return summarised, rows


@pytest.fixture
def app(month: Month):
    return with_plugins(month, ("double", Both()))


@pytest.mark.parametrize(("start", "end"), PERIODS)
def test_sql_counts_equal_the_rows_across_period_boundaries(month: Month, app, monkeypatch,
                                                            start, end):
    summarised, rows = both_paths(app, who(app, "sonia"), start, end, monkeypatch)
    assert summarised == rows


def test_the_march_figures_as_known(month: Month, app):
    report = svc.activity_report(app, who(app, "sonia"), date(2026, 3, 1), date(2026, 3, 31))
    p = month.persons
    # Pathways active in March: everyone's but Amina's, who never had one; PSP: Lina,
    # Nadia (Amina's closed in February, without a move in March).
    assert report.figure("double.parcours").value == 5
    psp = report.figure("double.psp")
    assert (psp.value, psp.sources_total) == (2, 2)
    assert report.figure("double.avec").sources == tuple(
        f"person:{i}" for i in sorted(p[a] for a in ("Zoé", "Rose", "Nadia", "Yara", "Lina")))
    followed = report.figure("personnes_suivies")
    assert followed.value == 4 and followed.sources == tuple(
        f"person:{i}" for i in sorted(p[a] for a in ("Zoé", "Rose", "Nadia", "Lina")))
    seen = report.figure("personnes_vues")
    assert seen.value == seen.sources_total == 3


def test_a_track_closed_in_the_period_counts_as_supported(month: Month, app, monkeypatch):
    p = month.persons
    # Yara's PSP track, opened in January, closed on 10 March: active in March (it moved
    # then), not in April; Amina's, opened and closed in February, counts in February.
    svc.start_track(app, who(app, "camille"), p["Yara"], "psp", at=date(2026, 1, 10))
    svc.advance(app, who(app, "sonia"), p["Yara"], "psp", "abandonner",
                facts={"motif_cloture": "souhait_personne"}, at=date(2026, 3, 10))
    # March: Lina, Nadia, Yara; February: Amina, Yara; April: Lina, Nadia (open).
    expected = {(3, 31): 3, (2, 28): 2, (4, 30): 2}
    for (number, last), value in expected.items():
        summarised, rows = both_paths(app, who(app, "sonia"), date(2026, number, 1),
                                      date(2026, number, last), monkeypatch)
        assert summarised == rows
        assert summarised[("double", "double.psp")][0] == value, number


def test_delegation_scope_and_two_delegations(month: Month, app, monkeypatch):
    admin = who(app, "admin")
    copy_year(app, admin, 1, 0, [f"Copie {i}" for i in range(len(month.persons))])
    svc.add_user(app, admin, "nora", "superviseur", PASSWORD, ["demo-1"])
    codes = [d.code for d in svc.list_delegations(app, admin)]
    svc.add_user(app, admin, "nina", "superviseur", PASSWORD, codes)
    march = (date(2026, 3, 1), date(2026, 3, 31))
    own, _ = both_paths(app, who(app, "sonia"), *march, monkeypatch)
    for name in ("nora", "nina"):
        credential = svc.Credential(svc.sign_in(app, name, PASSWORD).secret)
        for start, end in (march, (date(2026, 1, 1), date(2026, 12, 31))):
            summarised, rows = both_paths(app, credential, start, end, monkeypatch)
            assert summarised == rows
    nina = svc.Credential(svc.sign_in(app, "nina", PASSWORD).secret)
    both, _ = both_paths(app, nina, *march, monkeypatch)
    # The copy repeats the same year in a second delegation: twice the distinct persons.
    for key in (("double", "double.parcours"), ("double", "double.psp"),
                ("personnes", "personnes_suivies"), ("personnes", "personnes_vues")):
        assert both[key][0] == 2 * own[key][0], key


def test_a_reader_of_every_delegation_but_empty_ones_reads_the_national_figures(
        month: Month, app, monkeypatch):
    """Counted without the delegation filter (the faster plan nationally), the same values
    as with it; a delegation left out that holds persons keeps the filter."""
    admin = who(app, "admin")
    copy_year(app, admin, 1, 0, [f"Copie {i}" for i in range(len(month.persons))])
    svc.add_delegation(app, admin, "vide", "Délégation vide")
    codes = [d.code for d in svc.list_delegations(app, admin)]
    svc.add_user(app, admin, "nina", "superviseur", PASSWORD, codes)
    svc.add_user(app, admin, "nils", "superviseur", PASSWORD, [c for c in codes if c != "vide"])
    svc.add_user(app, admin, "nora", "superviseur", PASSWORD, ["vide", codes[0]])
    seen: dict[str, object] = {}
    for name in ("nina", "nils", "nora"):
        credential = svc.Credential(svc.sign_in(app, name, PASSWORD).secret)
        for start, end in PERIODS[:4]:
            summarised, rows = both_paths(app, credential, start, end, monkeypatch)
            assert summarised == rows
            seen.setdefault(name, summarised)
        with app.db.read() as session:  # the scope each report counted
            principal = SimpleNamespace(delegations=frozenset(
                i for i, in session.execute(text(
                    "SELECT delegation_id FROM user_delegations JOIN users ON users.id = "
                    "user_delegations.user_id WHERE users.name = :n"), {"n": name})))
            scoped = report_service._scope(SimpleNamespace(principal=principal,
                                                           session=session))
        assert (scoped is None) == (name != "nora"), name
    assert seen["nina"] == seen["nils"] != seen["nora"]


@pytest.mark.pg
def test_the_same_on_postgresql(pg_month: Month, monkeypatch):
    app = with_plugins(pg_month, ("double", Both()))
    for start, end in PERIODS[:5]:
        summarised, rows = both_paths(app, who(app, "sonia"), start, end, monkeypatch)
        assert summarised == rows
