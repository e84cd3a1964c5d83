"""Migration 0021: the answers kept for writes that take a password, digest included, go."""

from __future__ import annotations

from sqlalchemy import select, update

from core import services as svc
from core.persistence import migrate
from core.persistence.access_models import RequestRecord
from tests.accounts import PASSWORD, make_app, who
from tests.services.conftest import TODAY

NEW = "Marmotte-Bleue-Fenetre-2026!"


def _operations(app) -> list[str]:
    with app.db.read() as session:
        return sorted(session.scalars(select(RequestRecord.operation)))


def test_the_kept_password_writes_go_and_the_other_requests_stay(any_url):
    app = make_app(any_url, today=TODAY)
    try:
        admin, camille = who(app, "admin"), who(app, "camille")
        svc.add_user(app, admin.for_request("u-1"), "lea", "benevole", NEW)
        svc.reset_password(app, admin.for_request("u-2"), "bea", NEW)
        svc.add_person(app, camille.for_request("accueil-1"), "Amina")
        svc.change_password(app, camille.for_request("mdp-1"), PASSWORD, NEW)
        with app.db.write() as session:  # as earlier versions named the operation, and kept
            session.execute(update(RequestRecord).where(RequestRecord.request_id == "u-2")
                            .values(operation="user.reset_password"))
            session.add(RequestRecord(id=999, user_id=1, request_id="r-1",
                                      operation="auth.reauth:reauthenticate",
                                      created_at=app.now(), result_enc=b"kept before"))
        migrate.downgrade(app.db, "0020")
        migrate.upgrade(app.db)
        migrate.check(app.db)
        assert _operations(app) == ["person.add:add_person"]
    finally:
        app.close()
