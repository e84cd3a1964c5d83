"""Migration 0014: every track and deadline gets its person's delegation, on an existing base
and from every writer afterwards."""

from __future__ import annotations

from datetime import date

from sqlalchemy import select

from core import services as svc
from core.persistence import migrate
from core.persistence.models import Deadline, Person, Track
from tests.accounts import make_app, who
from tests.services.conftest import walk_psp_to_authorised

X = date(2026, 3, 10)


def _rows(app) -> tuple[set[tuple[str, int, int]], set[int]]:
    """(table, row's delegation, her person's) of every track and deadline; and the
    delegations met."""
    found = set()
    with app.db.read() as session:
        for model in (Track, Deadline):
            found |= {(model.__tablename__, mine, hers) for mine, hers in session.execute(
                select(model.delegation_id, Person.delegation_id)
                .join(Person, Person.id == model.person_id))}
    return found, {hers for _, _, hers in found}


def test_tracks_and_deadlines_carry_their_persons_delegation(any_url):
    app = make_app(any_url, today=X)
    try:
        admin = who(app, "admin")
        svc.add_delegation(app, admin, "lyon", "Lyon")
        svc.set_delegations(app, admin, "sonia", ["principale", "lyon"])
        sonia = who(app, "sonia")
        for alias, code in (("Ines", "principale"), ("Lou", "lyon")):
            person = svc.add_person(app, sonia, alias, first_visit=X, delegation=code).id
            svc.start_track(app, sonia, person, "psp", at=X)
            walk_psp_to_authorised(app, person, by="sonia")  # its deadlines run
        written, delegations = _rows(app)
        assert len(delegations) == 2 and {t for t, _, _ in written} == {"tracks", "deadlines"}
        assert all(mine == hers for _, mine, hers in written)
        migrate.downgrade(app.db, "0013")
        migrate.upgrade(app.db)
        assert _rows(app) == (written, delegations)
        migrate.check(app.db)
    finally:
        app.close()
