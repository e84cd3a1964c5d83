"""Migration 0005: consents recorded as facts of ``suivre`` become consent rows, so that a person
followed before consents existed is still seen as consenting."""

from __future__ import annotations

from datetime import UTC, date, datetime

from sqlalchemy import insert, select

from core import services as svc
from core.persistence import migrate
from core.persistence.models import Consent, Event, Track
from tests.accounts import make_app, who


def _old_follow_up(app, person: int, facts: dict) -> int:
    """A ``suivre`` as the code before consents recorded it: the consent among its facts."""
    with app.db.write() as session:
        track = session.scalar(select(Track).where(Track.person_id == person))
        actor = session.scalar(select(Event.actor_id).where(Event.person_id == person).limit(1))
        return session.execute(insert(Event).values(
            person_id=person, track_id=track.id, kind="transition", trigger="suivre",
            from_step="connue", to_step="suivi_individuel",
            occurred_at=datetime(2025, 6, 2, 12, tzinfo=UTC), recorded_at=datetime.now(UTC),
            actor_id=actor, actor_role="referent", facts=facts, checks=[])).inserted_primary_key[0]


def test_consent_facts_become_consent_rows_and_go_back(any_url):
    app = make_app(any_url, today=date(2026, 3, 10))
    try:
        camille = who(app, "camille")
        amina, nour, lina = (svc.add_person(app, camille, name).id
                             for name in ("Amina", "Nour", "Lina"))
        event = _old_follow_up(app, amina, {"referent": "camille", "consentement": True,
                                            "date_consentement": "2025-06-01"})
        _old_follow_up(app, nour, {"referent": "camille", "consentement": False,
                                   "date_consentement": "2025-06-01"})
        recorded = svc.give_consent(app, camille, lina, "suivi")
        migrate.downgrade(app.db, "0006")
        migrate.upgrade(app.db)
        with app.db.read() as session:
            rows = session.scalars(select(Consent).order_by(Consent.id)).all()
            made = [(r.person_id, r.purpose, r.given_on, r.event_id) for r in rows
                    if r.id != recorded.id]
        assert made == [(amina, "suivi", date(2025, 6, 1), event)]
        assert [c.status for c in svc.list_consents(app, camille, amina)] == ["active"]
        migrate.downgrade(app.db, "0006")
        with app.db.read() as session:
            assert session.scalars(select(Consent.id)).all() == [recorded.id]
        migrate.upgrade(app.db)
    finally:
        app.close()
