"""The write path and a file's reads, each beside its baseline on the same base (G-TXN-1).

* ``advance``: ``core.services.advance`` by the delegation's supervisor on the built-in
  pathway, cycling ``suivi_individuel -mettre_en_pause-> en_pause -reprendre_suivi->`` over
  eight persons of the first delegation: the door (session, policy, audit row), the file
  loaded, sealed values opened, the engine, the event, projections, commit.
* ``B10``: SQLAlchemy ORM through ``Database.write()`` on the same file: new session, two
  ``get``, the track modified, an ``Event`` added, commit (performance.md B10).
* ``B9``: raw ``sqlite3`` on the same file, same pragmas (WAL, ``synchronous=FULL``): UPDATE
  the track, UPDATE the person, INSERT the event, COMMIT (performance.md B9).
* ``list_actions``: the service for one person with several open tracks; its raw twin reads
  the same rows (person, tracks, open deadlines, sensitive values, key) in one read
  transaction, without evaluating anything.
"""

from __future__ import annotations

from datetime import UTC, datetime
from itertools import cycle
from typing import Any

from sqlalchemy import func, select

from core import services as svc
from core.persistence.access_models import Delegation
from core.persistence.models import Event, Person, Track, User
from core.services.app import Parcours

from volumes import PASSWORD, Volume, reader, sql

PAIR = {"suivi_individuel": "mettre_en_pause", "en_pause": "reprendre_suivi"}


def raw_connection(volume: Volume) -> Any:
    """A plain driver connection with the project's durability settings (SQLite's pragmas;
    PostgreSQL's defaults, which the project keeps)."""
    con = volume.connect()
    if volume.postgresql:
        return con
    for pragma in ("journal_mode = WAL", "synchronous = FULL", "foreign_keys = ON",
                   "busy_timeout = 5000"):
        con.execute(f"PRAGMA {pragma}")
    return con


def _followed(app: Parcours, limit: int, offset: int = 0) -> list[tuple[int, int, str]]:
    """(person, pathway track, step) of persons of ``demo-1`` in individual follow-up or
    paused (an interrupted run leaves some paused: they are moved on from where they are).

    The write and report sections take disjoint persons (``offset``), so that one run can
    hold both without either moving a person the other believes elsewhere."""
    with app.db.read() as session:
        first = session.scalar(select(Delegation.id).where(Delegation.code == "demo-1"))
        return [(p, t, s) for p, t, s in session.execute(
            select(Track.person_id, Track.id, Track.step)
            .join(Person, Person.id == Track.person_id)
            .where(Person.delegation_id == first, Track.definition_id == "parcours",
                   Track.status == "open", Track.step.in_(PAIR),
                   Person.referent_id.is_not(None))
            .order_by(Track.id).offset(offset).limit(limit))]


def write_ops(volume: Volume, app: Parcours) -> dict[str, object]:
    """``advance``, ``B10`` and ``B9`` on ``volume`` (name → callable)."""
    sonia = svc.Credential(svc.sign_in(app, "sonia", PASSWORD).secret)
    chosen = _followed(app, 10)
    persons, (b10_person, b10_track, _), (b9_person, b9_track, _) = \
        chosen[:8], chosen[8], chosen[9]
    steps = {p: step for p, _, step in persons}
    order = cycle([p for p, _, _ in persons])

    def advance() -> None:
        person = next(order)
        svc.advance(app, sonia, person, "parcours", PAIR[steps[person]])
        steps[person] = "en_pause" if steps[person] == "suivi_individuel" else "suivi_individuel"

    with app.db.read() as session:
        actor = session.scalar(select(User.id).where(User.name == "sonia"))

    def b10() -> None:
        with app.db.write() as session:
            track = session.get(Track, b10_track)
            person = session.get(Person, b10_person)
            now = datetime.now(UTC)
            track.last_event_at = now
            session.add(Event(person_id=person.id, track_id=track.id, kind="transition",
                              trigger="bench", from_step=track.step, to_step=track.step,
                              occurred_at=now, recorded_at=now, actor_id=actor,
                              actor_role="superviseur", facts={}))

    raw = raw_connection(volume)

    begin = "BEGIN" if volume.postgresql else "BEGIN IMMEDIATE"
    track_sql = sql(volume, "UPDATE tracks SET last_event_at = ?, version = version + 1 "
                            "WHERE id = ?")
    person_sql = sql(volume, "UPDATE persons SET last_contact_at = ? WHERE id = ?")
    event_sql = sql(volume, "INSERT INTO events (person_id, track_id, kind, \"trigger\", "
                            "from_step, to_step, occurred_at, recorded_at, actor_id, actor_role, "
                            "facts, checks) VALUES (?, ?, 'transition', 'bench', "
                            "'suivi_individuel', 'suivi_individuel', ?, ?, ?, 'superviseur', "
                            "'{}', '[]')")

    def b9() -> None:
        at = datetime.now(UTC)
        now = at if volume.postgresql else at.strftime("%Y-%m-%d %H:%M:%S.%f")
        raw.execute(begin)
        raw.execute(track_sql, (now, b9_track))
        raw.execute(person_sql, (now, b9_person))
        raw.execute(event_sql, (b9_person, b9_track, now, now, actor))
        raw.execute("COMMIT")

    return {"advance": advance, "B10": b10, "B9": b9}


def _busiest(app: Parcours) -> int:
    """A person of ``demo-1`` with the most open tracks."""
    with app.db.read() as session:
        first = session.scalar(select(Delegation.id).where(Delegation.code == "demo-1"))
        return session.execute(
            select(Track.person_id).join(Person, Person.id == Track.person_id)
            .where(Person.delegation_id == first, Track.status == "open")
            .group_by(Track.person_id).order_by(func.count().desc(), Track.person_id)
            .limit(1)).scalar_one()


def read_ops(volume: Volume, app: Parcours) -> dict[str, object]:
    """``list_actions`` and its raw twin on the busiest person of the first delegation."""
    sonia = svc.Credential(svc.sign_in(app, "sonia", PASSWORD).secret)
    person = _busiest(app)
    raw = reader(volume)
    by_id, tracks_of, keys = (sql(volume, s) for s in (
        "SELECT * FROM persons WHERE id = ?", "SELECT id FROM tracks WHERE person_id = ? "
        "ORDER BY id", "SELECT * FROM person_keys WHERE person_id = ?"))

    def actions() -> None:
        svc.list_actions(app, sonia, person)

    def raw_read() -> None:
        raw.execute("BEGIN")
        raw.execute(by_id, (person,)).fetchall()
        tracks = [r[0] for r in raw.execute(tracks_of, (person,)).fetchall()]
        marks = ",".join("?" * len(tracks))
        raw.execute(sql(volume, f"SELECT * FROM deadlines WHERE track_id IN ({marks}) "
                                "AND status = 'open'"), tracks).fetchall()
        raw.execute(sql(volume, f"SELECT * FROM sensitive_facts WHERE track_id IN ({marks})"),
                    tracks).fetchall()
        raw.execute(keys, (person,)).fetchall()
        raw.execute("COMMIT")

    return {"list_actions": actions, "raw file read": raw_read}
