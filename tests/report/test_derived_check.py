"""``parcours check`` compares what the base draws from its rows with those rows (whether each
person is followed, the report's monthly figures), and ``report --rebuild`` sets them right.

The hand-built month (``conftest.py``) is written through the services: everything it drew
holds. Then a mark and two figures are spoiled by hand, as a base written by older code or
edited outside Parcours would be: the check counts each, the rebuild repairs them, the check
holds again.
"""

from __future__ import annotations

import sqlite3

import pytest
from sqlalchemy import update

from core import services as svc
from core.persistence.models import Person, ReportAggregate
from core.schemas import CheckItem
from tests.accounts import who
from tests.cli_runner import ADMIN, Cli

from .conftest import Month


@pytest.fixture(params=["sqlite", pytest.param("pg", marks=pytest.mark.pg)])
def any_month(request) -> Month:
    return request.getfixturevalue("month" if request.param == "sqlite" else "pg_month")


def derived(app) -> CheckItem:
    return next(i for i in svc.check_base(app).checks if i.name == "derivees")


def spoil(month: Month) -> None:
    """Lina's mark turned over, March's volunteer hours given half an hour more, March's
    count of drop-ins lost."""
    with month.app.db.engine.begin() as connection:
        connection.execute(update(Person).where(Person.id == month.persons["Lina"])
                           .values(followed=~Person.followed))
        connection.execute(update(ReportAggregate).where(
            ReportAggregate.month == "2026-03", ReportAggregate.figure == "volunteer_hours")
            .values(value=ReportAggregate.value + 0.5))
        connection.execute(ReportAggregate.__table__.delete().where(
            ReportAggregate.month == "2026-03", ReportAggregate.figure == "dropins"))


def test_what_the_services_wrote_holds(any_month: Month):
    item = derived(any_month.app)
    assert item.ok, item.message
    assert "conformes aux données, dans 1 délégation(s)" in item.message


def test_spoiled_marks_and_figures_are_counted_then_rebuilt(any_month: Month):
    app = any_month.app
    spoil(any_month)
    item = derived(app)
    assert not item.ok
    assert item.message.startswith("1 personne(s) marquée(s) à tort")
    assert "et 2 chiffre(s) mensuel(s) du rapport" in item.message
    assert "parcours report --rebuild" in item.message
    assert not svc.check_base(app).ok
    summary = svc.rebuild_aggregates(app, who(app, "admin"))
    assert summary.followed == 1
    item = derived(app)
    assert item.ok, item.message
    assert svc.rebuild_aggregates(app, who(app, "admin")).followed == 0


def test_check_and_rebuild_on_the_command_line(cli: Cli):
    cli.ok("dropin", "open", "2026-03-03", "--volunteer", "Marie=5")
    assert cli.run("check", user=None).code == 0
    person = cli.json("person", "add", "Amina")["id"]
    cli.ok("track", "start", str(person), "psp")
    with sqlite3.connect(cli.db) as connection:  # as an older writer would have left her
        connection.execute("UPDATE persons SET followed = 0 WHERE id = ?", (person,))
    found = cli.run("check", user=None)
    assert found.code == 1
    assert "Données dérivées : 1 personne(s) marquée(s) à tort" in found.out
    assert cli.run("check", "--json", user=None).json()["checks"][-1]["name"] == "derivees"
    assert cli.json("report", "--rebuild", user=ADMIN)["followed"] == 1
    assert "0 personne(s) dont le suivi était mal marqué" in cli.ok(
        "report", "--rebuild", user=ADMIN).out
    assert cli.run("check", user=None).code == 0
