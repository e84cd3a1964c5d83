"""Migration 0017: the review's waiting walks carry the track's definition and step."""

from __future__ import annotations

from sqlalchemy import inspect

from core import services as svc
from core.persistence import migrate
from tests.accounts import add_followed, make_app, who
from tests.services.conftest import TODAY


def _indexes(app) -> set[str]:
    with app.db.engine.connect() as connection:
        return {i["name"] for i in inspect(connection).get_indexes("tracks")}


def test_down_and_up_again_on_a_base_in_use(any_url):
    app = make_app(any_url, today=TODAY)
    try:
        person = add_followed(app, "Amina")
        svc.start_track(app, who(app, "camille"), person, "psp")
        queue = svc.review_queue(app, who(app, "sonia"))
        migrate.downgrade(app.db, "0016")
        assert {"ix_tracks_status_step_since",
                "ix_tracks_delegation_id_status_step_since"} <= _indexes(app)
        migrate.upgrade(app.db)
        found = _indexes(app)
        assert {"ix_tracks_status_step_since_step",
                "ix_tracks_delegation_id_status_step_since_step"} <= found
        assert not {"ix_tracks_status_step_since",
                    "ix_tracks_delegation_id_status_step_since"} & found
        migrate.check(app.db)
        assert svc.review_queue(app, who(app, "sonia")) == queue
    finally:
        app.close()
