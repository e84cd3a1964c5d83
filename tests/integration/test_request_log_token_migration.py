"""Migration 0020: the answers kept for token creations, secrets included, are deleted."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select, update

from core import services as svc
from core.persistence import migrate
from core.persistence.access_models import RequestRecord
from tests.accounts import make_app, who
from tests.services.conftest import TODAY


def _operations(app) -> list[str]:
    with app.db.read() as session:
        return sorted(session.scalars(select(RequestRecord.operation)))


def test_the_kept_token_creations_go_and_the_other_requests_stay(any_url):
    app = make_app(any_url, today=TODAY)
    try:
        camille = who(app, "camille")
        svc.create_token(app, camille.for_request("cron-1"), timedelta(days=30))
        svc.create_token(app, camille.for_request("cron-2"), timedelta(days=30))
        svc.add_person(app, camille.for_request("accueil-1"), "Amina")
        with app.db.write() as session:  # as earlier versions named the operation
            session.execute(update(RequestRecord).where(RequestRecord.request_id == "cron-2")
                            .values(operation="token.create"))
        migrate.downgrade(app.db, "0019")
        migrate.upgrade(app.db)
        migrate.check(app.db)
        assert _operations(app) == ["person.add:add_person"]
    finally:
        app.close()
