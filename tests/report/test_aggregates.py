"""The monthly report aggregates: kept by each write, equal to a rebuild, untouched by an
erasure, carried by a bulk copy; the rebuild is an administrator's service and command.

The hand-built month (``conftest.py``) is written through the services one call at a time:
what the writes left in ``report_aggregates`` must be exactly what ``report --rebuild``
recomputes from the rows, and the March report (whole month: read from the aggregates) must
equal the same report computed from the rows.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from core import hookimpl, services as svc
from core.definitions.model import Role
from core.errors import PermissionDenied
from core.persistence import migrate
from core.persistence.models import ReportAggregate, Track
from core.reports import ReportCounts, count_events, count_persons_with_track
from core.services import report as report_service
from core.services import report_aggregates
from core.services.demo_copies import copy_year
from core.services.policy import POLICY
from tests.accounts import USERS, reauth, who
from tests.cli_runner import ADMIN, Cli, assert_french_error

from .conftest import MARCH, Month, with_plugins


def rows(app) -> dict[tuple[int, str, str], Decimal]:
    with Session(app.db.engine) as session:
        return {(r.delegation_id, r.month, r.figure): Decimal(r.value)
                for r in session.scalars(select(ReportAggregate))}


def wipe(app) -> None:
    with app.db.engine.begin() as connection:
        connection.execute(ReportAggregate.__table__.delete())


def from_rows(app, credential, start, end, monkeypatch, **kw):
    with monkeypatch.context() as patch:
        patch.setattr(report_service, "whole_months", lambda first, last: None)
        return svc.activity_report(app, credential, start, end, **kw)


def cells(report) -> dict[tuple[str, str], tuple[object, ...]]:
    return {(s.id, f.key): (f.value, f.display, f.suppressed, f.sources_total)
            for s in report.sections for f in s.figures}


def _kept_equals_rebuilt(app) -> dict[tuple[int, str, str], Decimal]:
    kept = rows(app)
    wipe(app)
    summary = svc.rebuild_aggregates(app, who(app, "admin"))
    assert rows(app) == kept
    assert summary.rows == len(kept) and summary.delegations >= 1
    return kept


def test_the_writes_keep_the_rows_a_rebuild_writes(month: Month):
    kept = _kept_equals_rebuilt(month.app)
    march = {figure: value for (_, m, figure), value in kept.items() if m == "2026-03"}
    assert march["dropins"] == 3 and march["volunteer_hours"] == Decimal("16.5")
    assert march["visits_identified"] == 5 and march["visits_anonymous"] == 10
    assert march["anonymous_rows"] == 4 and march["persons_new"] == 2  # Lina, Amina (a visit)
    assert march["transition:psp:autoriser:autorise"] == 1
    assert kept[(1, "2026-02", "transition:psp:abandonner:abandonne")] == 1


def test_the_same_rows_on_postgresql(pg_month: Month):
    _kept_equals_rebuilt(pg_month.app)


def _upgrade_fills(month: Month) -> None:
    kept = rows(month.app)
    migrate.downgrade(month.app.db, "0008")
    migrate.upgrade(month.app.db)
    assert rows(month.app) == kept


def test_the_upgrade_to_0009_fills_the_table_from_the_rows(month: Month):
    _upgrade_fills(month)


def test_the_upgrade_fills_it_on_postgresql(pg_month: Month):
    _upgrade_fills(pg_month)


@pytest.mark.parametrize(("start", "end"), [MARCH, (date(2026, 1, 1), date(2026, 12, 31)),
                                            (date(2026, 2, 1), date(2026, 4, 30))])
def test_whole_months_read_from_aggregates_equal_the_rows(month: Month, monkeypatch, start, end):
    sonia = who(month.app, "sonia")
    summarised = svc.activity_report(month.app, sonia, start, end)
    assert cells(summarised) == cells(from_rows(month.app, sonia, start, end, monkeypatch))
    assert summarised.months == from_rows(month.app, sonia, start, end, monkeypatch).months


def test_tracks_written_without_their_start_are_read_from_their_first_event(month: Month,
                                                                          monkeypatch):
    with month.app.db.engine.begin() as connection:  # as a bulk import may write them
        connection.execute(Track.__table__.update().values(started_at=None))
    sonia = who(month.app, "sonia")
    for start, end in (MARCH, (date(2026, 1, 1), date(2026, 12, 31))):
        assert cells(svc.activity_report(month.app, sonia, start, end)) == \
            cells(from_rows(month.app, sonia, start, end, monkeypatch))


def test_a_period_of_days_is_still_counted_from_the_rows(month: Month, monkeypatch):
    sonia = who(month.app, "sonia")
    wipe(month.app)  # the aggregates are not read for a period that is not whole months
    report = svc.activity_report(month.app, sonia, date(2026, 3, 2), date(2026, 3, 20))
    assert report.figure("permanences").value == 3


def test_an_erasure_changes_no_aggregate(month: Month):
    before = rows(month.app)
    svc.erase_person(month.app, reauth(month.app, "sonia"), month.persons["Rose"],
                     "demande de la personne")
    assert rows(month.app) == before


def test_a_bulk_copy_carries_its_own_aggregates(month: Month):
    aliases = [f"Copie {i}" for i in range(len(month.persons))]
    copy_year(month.app, who(month.app, "admin"), 1, 1, aliases)
    copied = rows(month.app)
    assert {d for d, _, _ in copied} == {1, 2}
    assert copied[(2, "2025-03", "dropins")] == copied[(1, "2026-03", "dropins")]
    wipe(month.app)
    with Session(month.app.db.engine) as session, session.begin():
        report_aggregates.rebuild(session)
    assert rows(month.app) == copied


class Counting:
    """A plugin that declares its section only (no older hook)."""

    @hookimpl
    def parcours_report_counts(self):
        return [ReportCounts(id="compte", title="Compté", counts=(
            count_persons_with_track(("psp",), key="psp", label="En PSP"),
            count_events(("psp",), key="autorisations", label="Autorisations",
                         trigger="autoriser")))]


def test_a_plugin_that_declares_its_counts_is_answered_from_aggregates(month: Month):
    app = with_plugins(month, ("compte", Counting()))
    report = svc.activity_report(app, who(app, "sonia"), *MARCH)
    assert report.figure("compte.psp").value == 2  # Lina and Nadia, Amina's closed before
    assert report.figure("compte.autorisations").value == 1
    assert report.figure("compte.autorisations").sources_total == 1


@pytest.mark.parametrize("user", sorted(USERS))
def test_only_an_administrator_rebuilds(month: Month, user):
    if Role(USERS[user]) in POLICY["report.rebuild"]:
        assert svc.rebuild_aggregates(month.app, who(month.app, user)).rows
    else:
        with pytest.raises(PermissionDenied):
            svc.rebuild_aggregates(month.app, who(month.app, user))


def test_report_rebuild_on_the_command_line(cli: Cli):
    cli.ok("dropin", "open", "2026-03-03", "--volunteer", "Marie=5")
    out = cli.ok("report", "--rebuild", user=ADMIN).out
    assert "Agrégats du rapport recalculés : 1 délégation(s)" in out
    assert cli.json("report", "--rebuild", user=ADMIN)["rows"] >= 3
    assert_french_error(cli.run("report", "--rebuild", "--year", "2026", user=ADMIN),
                        match="--rebuild s'emploie seul")
    assert_french_error(cli.run("report", "--rebuild"))


def _failing_after_the_counts(month: Month, monkeypatch) -> None:
    from core.services import dropins, tracks
    app, before = month.app, rows(month.app)

    def fails(*args, **kwargs):
        raise RuntimeError("panne après l'écriture des agrégats")

    monkeypatch.setattr(dropins, "dropin_view", fails)  # after each drop-in write's upsert
    monkeypatch.setattr(tracks, "write_note", fails)  # after the transition's
    for write in (
            lambda: svc.open_dropin(app, who(app, "bea"), date(2026, 3, 25), volunteers=[
                ("Marie", Decimal(3))]),
            lambda: svc.record_visit(app, who(app, "bea"), month.dropins["later"],
                                     month.persons["Amina"]),
            lambda: svc.record_anonymous(app, who(app, "bea"), month.dropins["later"], 3),
            lambda: svc.advance(app, who(app, "camille"), month.persons["Zoé"], "parcours",
                                "reprendre", note="revue")):
        with pytest.raises(RuntimeError):
            write()
    assert rows(app) == before


def test_a_write_failing_after_its_counts_leaves_them_as_they_were(month: Month, monkeypatch):
    _failing_after_the_counts(month, monkeypatch)


def test_so_does_one_on_postgresql(pg_month: Month, monkeypatch):
    _failing_after_the_counts(pg_month, monkeypatch)
