"""Consents recorded as facts become consent rows.

Until now, entering individual follow-up (the pathway's ``suivre``) took the person's consent
as two facts of the transition (``consentement``, ``date_consentement``). The check now reads
the ``consents`` table, so each such recorded consent becomes a ``suivi`` consent: given on
its date, recorded by whoever fired the transition, when it was recorded, and pointing to that
event (``event_id``). Without this, every person already followed would look as if she had
never consented: her follow-up could not resume after a pause. Nothing else changes; the old
facts stay in the events, which are append-only.

Downgrading removes the rows this migration made (those pointing to a transition event);
consents recorded since through ``parcours consent`` point to their own ``consent_given``
event and stay.

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-03
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from datetime import date
from typing import Any

import sqlalchemy as sa
from alembic import op

revision: str = "0007"
down_revision: str | None = "0006"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

EVENTS = sa.table("events", sa.column("id", sa.Integer), sa.column("person_id", sa.Integer),
                  sa.column("track_id", sa.Integer), sa.column("kind", sa.String),
                  sa.column("trigger", sa.String), sa.column("actor_id", sa.Integer),
                  sa.column("recorded_at", sa.DateTime(timezone=True)),
                  sa.column("facts", sa.JSON))
TRACKS = sa.table("tracks", sa.column("id", sa.Integer), sa.column("definition_id", sa.String))
PERSONS = sa.table("persons", sa.column("id", sa.Integer),
                   sa.column("erased_at", sa.DateTime(timezone=True)))
CONSENTS = sa.table("consents", sa.column("person_id", sa.Integer),
                    sa.column("purpose", sa.String), sa.column("given_on", sa.Date),
                    sa.column("recorded_by", sa.Integer),
                    sa.column("recorded_at", sa.DateTime(timezone=True)),
                    sa.column("event_id", sa.Integer))


def _given(facts: Any) -> date | None:
    """The day of a consent recorded as facts, if the facts say it was given."""
    if isinstance(facts, str):
        facts = json.loads(facts)
    if not isinstance(facts, dict) or facts.get("consentement") is not True:
        return None
    try:
        return date.fromisoformat(str(facts.get("date_consentement") or ""))
    except ValueError:
        return None


def upgrade() -> None:
    bind = op.get_bind()
    found = bind.execute(
        sa.select(EVENTS.c.id, EVENTS.c.person_id, EVENTS.c.actor_id, EVENTS.c.recorded_at,
                  EVENTS.c.facts)
        .join(TRACKS, TRACKS.c.id == EVENTS.c.track_id)
        .join(PERSONS, PERSONS.c.id == EVENTS.c.person_id)
        .where(EVENTS.c.kind == "transition", EVENTS.c.trigger == "suivre",
               TRACKS.c.definition_id == "parcours", PERSONS.c.erased_at.is_(None))
        .order_by(EVENTS.c.id))
    rows = [{"person_id": person, "purpose": "suivi", "given_on": given, "recorded_by": actor,
             "recorded_at": recorded, "event_id": event}
            for event, person, actor, recorded, facts in found
            if (given := _given(facts)) is not None]
    if rows:
        bind.execute(CONSENTS.insert(), rows)


def downgrade() -> None:
    op.execute("DELETE FROM consents WHERE event_id IN "
               "(SELECT id FROM events WHERE kind = 'transition')")
