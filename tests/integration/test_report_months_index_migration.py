"""Migration 0018: the report's monthly sums get their own index, in month order."""

from __future__ import annotations

from sqlalchemy import inspect

from core import services as svc
from core.persistence import migrate
from tests.accounts import make_app, who
from tests.services.conftest import TODAY


def _indexes(app) -> set[str]:
    with app.db.engine.connect() as connection:
        return {i["name"] for i in inspect(connection).get_indexes("report_aggregates")}


def test_down_and_up_again_on_a_base_in_use(any_url):
    app = make_app(any_url, today=TODAY)
    try:
        dropin = svc.open_dropin(app, who(app, "bea"), TODAY).id
        svc.record_anonymous(app, who(app, "bea"), dropin, 3)
        report = svc.activity_report(app, who(app, "sonia"), TODAY.replace(day=1), TODAY)
        migrate.downgrade(app.db, "0017")
        assert "ix_report_aggregates_months" not in _indexes(app)
        migrate.upgrade(app.db)
        assert "ix_report_aggregates_months" in _indexes(app)
        migrate.check(app.db)
        again = svc.activity_report(app, who(app, "sonia"), TODAY.replace(day=1), TODAY)
        assert again.values() == report.values() and again.values()["passages_anonymes"] == 3
    finally:
        app.close()
