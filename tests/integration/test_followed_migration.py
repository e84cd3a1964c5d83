"""Migration 0016: ``persons.followed`` filled from the tracks of an existing base."""

from __future__ import annotations

from core.persistence import migrate
from tests.accounts import make_app
from tests.services.conftest import TODAY
from tests.services.test_followed import _life, projection


def test_the_migration_fills_it_from_the_tracks(any_url):
    app = make_app(any_url, today=TODAY)
    try:
        _life(app)
        before = projection(app)
        migrate.downgrade(app.db, "0015")
        migrate.upgrade(app.db)
        assert projection(app) == before
        migrate.check(app.db)
    finally:
        app.close()
