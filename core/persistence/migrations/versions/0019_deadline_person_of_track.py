"""A deadline belongs to its track's person, as the database now guarantees.

``deadlines`` keeps ``person_id`` beside ``track_id`` so that a person's open deadlines are
read from their own index (the referent's queue, her file, erasure). The writer always copies
the track's person; nothing in the schema said so, and a queue that finds a deadline through
its person and one that finds it through its track would disagree on a row where they differ.
A trigger refuses such a row, inserted or changed, on both databases: one indexed read of the
track per deadline written.

Revision ID: 0019
Revises: 0018
Create Date: 2026-12-07
"""

from __future__ import annotations

from collections.abc import Sequence

from alembic import op

revision: str = "0019"
down_revision: str | None = "0018"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

GUARD = "deadlines_person_of_track"
REFUSED = "deadline of another person than the one of its track"
TRACKS_PERSON = "(SELECT person_id FROM tracks WHERE tracks.id = NEW.track_id)"


def upgrade() -> None:
    if op.get_context().dialect.name == "sqlite":
        for event, name in (("INSERT", "insert"), ("UPDATE OF person_id, track_id", "update")):
            op.execute(f"CREATE TRIGGER {GUARD}_{name} BEFORE {event} ON deadlines "
                       f"WHEN NEW.person_id IS NOT {TRACKS_PERSON} "
                       f"BEGIN SELECT RAISE(ABORT, '{REFUSED}'); END")
        return
    op.execute(f"""
        CREATE OR REPLACE FUNCTION {GUARD}() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
            IF NEW.person_id IS DISTINCT FROM {TRACKS_PERSON} THEN
                RAISE EXCEPTION '{REFUSED}' USING ERRCODE = 'foreign_key_violation';
            END IF;
            RETURN NEW;
        END
        $$""")
    op.execute(f"CREATE TRIGGER {GUARD} BEFORE INSERT OR UPDATE OF person_id, track_id "
               f"ON deadlines FOR EACH ROW EXECUTE FUNCTION {GUARD}()")


def downgrade() -> None:
    if op.get_context().dialect.name == "sqlite":
        for name in ("insert", "update"):
            op.execute(f"DROP TRIGGER {GUARD}_{name}")
        return
    op.execute(f"DROP TRIGGER {GUARD} ON deadlines")
    op.execute(f"DROP FUNCTION {GUARD}()")
