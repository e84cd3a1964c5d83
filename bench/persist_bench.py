"""Persistence benchmark: one persisted transition against raw durable commits.

Run with ``.venv/bin/python bench/persist_bench.py`` (``--help`` for the sizes). It is a script,
not a test: it prints a table and always exits 0. Everything runs on throw-away SQLite files
in one temporary directory, in the same process, interleaved round-robin in batches; each
ratio is computed inside a batch and the median over the batches is reported
(performance.md §2: B9, B10, G-TXN-1).

Timed, per command:

* ``advance``: ``core.services.advance`` on the built-in ``parcours`` track, cycling
  ``suivi_individuel -mettre_en_pause-> en_pause -reprendre_suivi-> suivi_individuel`` over a
  few persons: actor reloaded, policy, track and person snapshot loaded, facts validated,
  checks, event + projection + deadlines written, commit (WAL, ``synchronous=FULL``), then the
  plugins' after-commit notification. The database is opened with the project's settings
  (:class:`core.persistence.database.Database`, migrated with ``migrate.upgrade``);
* B9-insert: raw ``sqlite3``, ``BEGIN IMMEDIATE`` + one INSERT + COMMIT, same pragmas;
* B9: raw ``sqlite3``, UPDATE step + UPDATE pathway + INSERT event + COMMIT (performance.md);
* B10: SQLAlchemy ORM through the project's ``Database.write()``: new session, two ``get``,
  modify the track, add an ``Event``, commit.

Then ``core.services.list_actions`` for one person with five open tracks, interleaved with
``show_person`` and a raw ``sqlite3`` read of that person's open tracks.
"""

from __future__ import annotations

import argparse
import gc
import logging
import sqlite3
import statistics
import sys
import tempfile
import time
import traceback
from collections.abc import Callable
from datetime import UTC, date, datetime
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

TODAY = date(2026, 3, 10)
BUILTIN = ("parcours", "psp", "psp_aps", "psp_afis")
SUIVI = {"referent": "camille", "consentement": "oui", "date_consentement": "2026-03-01"}
PSP_WALK = (
    ("signer_document", {"date_signature_document": "2026-01-20"}),
    ("constituer_dossier", {"piece_identite": "oui", "attestation_cessation": "oui",
                            "domiciliation": "oui"}),
    ("transmettre", {"date_envoi": "2026-01-30"}),
    ("enregistrer_avis", {"date_commission": "2026-02-20", "avis": "favorable"}),
    ("autoriser", {"date_decision": "2026-03-01", "debut_periode": "2026-03-02"}),
)
RAW_SCHEMA = """
CREATE TABLE pathway (id INTEGER PRIMARY KEY, last_event_at TEXT NOT NULL, version INTEGER NOT NULL);
CREATE TABLE step (id INTEGER PRIMARY KEY, pathway_id INTEGER NOT NULL REFERENCES pathway(id),
                   state TEXT NOT NULL, last_event_at TEXT NOT NULL, version INTEGER NOT NULL);
CREATE TABLE event (id INTEGER PRIMARY KEY, step_id INTEGER NOT NULL REFERENCES step(id),
                    kind TEXT NOT NULL, trigger TEXT, src TEXT, dst TEXT, at TEXT NOT NULL,
                    recorded_at TEXT NOT NULL, actor_id INTEGER NOT NULL, facts TEXT NOT NULL);
CREATE INDEX event_step ON event (step_id, id);
INSERT INTO pathway VALUES (1, '2026-03-10T12:00:00', 1);
INSERT INTO step VALUES (1, 1, 'suivi_individuel', '2026-03-10T12:00:00', 1);
"""


# --- set-up ------------------------------------------------------------------------------
def open_app(directory: Path):  # core types imported lazily
    from core.persistence import migrate
    from core.persistence.database import Database
    from core.plugins import build_plugin_host
    from core.services import Parcours, add_user, initialise

    db = Database(f"sqlite:///{directory / 'parcours.db'}")
    migrate.upgrade(db)
    app = Parcours(db, build_plugin_host(), today=TODAY)
    initialise(app, "admin")
    add_user(app, "admin", "camille", "referent")
    return app


def cycling_persons(app, count: int) -> list[dict]:
    """Persons in individual follow-up, each with the trigger that moves it next."""
    from core.services import add_person, advance
    persons = []
    for i in range(count):
        pid = add_person(app, "camille", f"Bench {i}").id
        advance(app, "camille", pid, "parcours", "suivre", facts=SUIVI)
        persons.append({"id": pid, "step": "suivi_individuel"})
    return persons


def five_tracks(app) -> tuple[int, list[str]]:
    """A person with parcours, psp (authorised), psp_aps, psp_afis and a fifth open track."""
    from core.services import add_person, advance, start_track
    pid = add_person(app, "camille", "Cinq démarches").id
    advance(app, "camille", pid, "parcours", "suivre", facts=SUIVI)
    start_track(app, "camille", pid, "psp")
    for trigger, facts in PSP_WALK:
        advance(app, "camille", pid, "psp", trigger, facts=facts)
    start_track(app, "camille", pid, "psp_aps")
    start_track(app, "camille", pid, "psp_afis")
    others = [d.id for d in app.catalog.latest_definitions() if d.id not in BUILTIN]
    if others:
        start_track(app, "camille", pid, others[0])
        fifth = f"{others[0]} (extension, étape initiale)"
    else:
        fifth = _synthetic_fifth(app, pid)
    return pid, ["parcours (suivi_individuel)", "psp (autorise)", "psp_aps (a_demander)",
                 "psp_afis (a_demander)", fifth]


def _synthetic_fifth(app, pid: int) -> str:
    # No plugin track installed: a second psp track at "refuse", inserted directly (the
    # services keep one open track per definition), so that five tracks are evaluated.
    from sqlalchemy import select

    from core.definitions.model import Role
    from core.engine.checks import Actor
    from core.persistence.models import Person, User
    from core.services import records
    with app.db.write() as session:
        user = session.scalar(select(User).where(User.name == "camille"))
        now = datetime.now(UTC)
        track = records.new_track(session, session.get(Person, pid), app.catalog.definition("psp"),
                                  Actor(user.name, Role(user.role), user.id), now, now)
        session.flush()
        track.step = "refuse"
    return "psp n° 2 (refuse, inséré directement : aucune extension installée)"


def raw_connection(path: Path) -> sqlite3.Connection:
    conn = sqlite3.connect(path, isolation_level=None)
    assert conn.execute("PRAGMA journal_mode = WAL").fetchone()[0] == "wal"
    conn.execute("PRAGMA synchronous = FULL")
    conn.execute("PRAGMA foreign_keys = ON")
    conn.execute("PRAGMA busy_timeout = 5000")
    return conn


# --- the timed operations ----------------------------------------------------------------
def make_operations(app, raw: sqlite3.Connection, persons: list[dict]):
    from sqlalchemy import select

    from core.persistence.models import Event, Person, Track, User
    from core.services import add_person, advance

    turn = {"i": 0}

    def project_advance() -> None:
        person = persons[turn["i"] % len(persons)]
        turn["i"] += 1
        # reprendre_suivi asks nothing: referent and consent were recorded by "suivre".
        trigger = "mettre_en_pause" if person["step"] == "suivi_individuel" else "reprendre_suivi"
        person["step"] = advance(app, "camille", person["id"], "parcours", trigger).step

    def b9_insert() -> None:
        raw.execute("BEGIN IMMEDIATE")
        raw.execute("INSERT INTO event (step_id, kind, at, recorded_at, actor_id, facts) "
                    "VALUES (1, 'note', ?, ?, 2, '{}')", (TODAY.isoformat(), _now()))
        raw.execute("COMMIT")

    steps = {"state": "suivi_individuel"}

    def b9() -> None:
        src = steps["state"]
        dst = "en_pause" if src == "suivi_individuel" else "suivi_individuel"
        now = _now()
        raw.execute("BEGIN IMMEDIATE")
        raw.execute("UPDATE step SET state = ?, last_event_at = ?, version = version + 1 "
                    "WHERE id = 1", (dst, now))
        raw.execute("UPDATE pathway SET last_event_at = ?, version = version + 1 WHERE id = 1",
                    (now,))
        raw.execute("INSERT INTO event (step_id, kind, trigger, src, dst, at, recorded_at, "
                    "actor_id, facts) VALUES (1, 'transition', 't', ?, ?, ?, ?, 2, '{}')",
                    (src, dst, TODAY.isoformat(), now))
        raw.execute("COMMIT")
        steps["state"] = dst

    b10_person = add_person(app, "camille", "ORM").id
    with app.db.read() as session:
        b10_track = session.scalar(select(Track.id).where(Track.person_id == b10_person))
        actor_id = session.scalar(select(User.id).where(User.name == "camille"))

    def b10() -> None:
        with app.db.write() as session:
            track = session.get(Track, b10_track)
            person = session.get(Person, b10_person)
            now = datetime.now(UTC)
            track.last_event_at = now
            session.add(Event(person_id=person.id, track_id=track.id, kind="transition",
                              trigger="bench", from_step=track.step, to_step=track.step,
                              occurred_at=now, recorded_at=now, actor_id=actor_id,
                              actor_role="referent", facts={}))

    return {"advance": project_advance, "B9-insert": b9_insert, "B9": b9, "B10": b10}


def _now() -> str:
    return datetime.now(UTC).isoformat()


def read_operations(app, raw_path: Path, pid: int):
    from core.services import list_actions, show_person
    reader = sqlite3.connect(raw_path.parent / "parcours.db", isolation_level=None)
    reader.execute("PRAGMA query_only = 1")
    count = {"actions": 0}

    def actions() -> None:
        count["actions"] = len(list_actions(app, "camille", pid))

    def show() -> None:
        show_person(app, "camille", pid)

    def raw_read() -> None:
        reader.execute("BEGIN")
        reader.execute("SELECT id, definition_id, step, facts FROM tracks "
                       "WHERE person_id = ? AND status = 'open' ORDER BY id", (pid,)).fetchall()
        reader.execute("COMMIT")

    return {"list_actions": actions, "show_person": show, "raw read": raw_read}, count


# --- measuring ---------------------------------------------------------------------------
def measure(operations: dict[str, Callable[[], None]], batches: int, per_batch: int,
            ) -> tuple[dict[str, list[float]], dict[str, list[float]]]:
    """Per variant: the mean µs of each batch, and every single command's µs."""
    names = list(operations)
    means: dict[str, list[float]] = {n: [] for n in names}
    singles: dict[str, list[float]] = {n: [] for n in names}
    for op in operations.values():  # warm caches, connections and lazy imports
        for _ in range(3):
            op()
    for batch in range(batches):
        order = names[batch % len(names):] + names[:batch % len(names)]
        for name in order:
            op = operations[name]
            gc.collect()
            times = []
            for _ in range(per_batch):
                start = time.perf_counter()
                op()
                times.append((time.perf_counter() - start) * 1e6)
            means[name].append(statistics.fmean(times))
            singles[name].extend(times)
    return means, singles


def ratio(means: dict[str, list[float]], top: str, bottom: str) -> tuple[float, float, float]:
    per_batch = [a / b for a, b in zip(means[top], means[bottom], strict=True)]
    return statistics.median(per_batch), min(per_batch), max(per_batch)


def p99(values: list[float]) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(len(ordered) * 0.99))]


def print_times(title: str, means: dict[str, list[float]], singles: dict[str, list[float]]) -> None:
    print(f"\n{title}")
    print(f"{'operation':<14} {'median µs':>10} {'min':>9} {'max':>9} {'p99 µs':>9}")
    for name, values in means.items():
        print(f"{name:<14} {statistics.median(values):>10.0f} {min(values):>9.0f} "
              f"{max(values):>9.0f} {p99(singles[name]):>9.0f}")


def print_ratios(means: dict[str, list[float]], rows: list[tuple[str, str, str]]) -> None:
    print(f"\n{'ratio (median of per-batch ratios)':<34} {'median':>7} {'min':>6} {'max':>6}  goal")
    for top, bottom, goal in rows:
        med, low, high = ratio(means, top, bottom)
        print(f"{top + ' / ' + bottom:<34} {med:>7.2f} {low:>6.2f} {high:>6.2f}  {goal}")


def run(args: argparse.Namespace) -> None:
    logging.getLogger("parcours").addHandler(logging.NullHandler())  # plugin incidents
    with tempfile.TemporaryDirectory(prefix="parcours-bench-") as tmp:
        directory = Path(tmp)
        started = time.perf_counter()
        app = open_app(directory)
        raw_path = directory / "raw.db"
        raw = raw_connection(raw_path)
        raw.executescript(RAW_SCHEMA)
        persons = cycling_persons(app, args.persons)
        write_ops = make_operations(app, raw, persons)
        pid, tracks = five_tracks(app)
        read_ops, counted = read_operations(app, raw_path, pid)
        print(f"Python {sys.version.split()[0]}, SQLite {sqlite3.sqlite_version}; "
              f"set-up {time.perf_counter() - started:.1f} s; {args.batches} batches × "
              f"{args.ops} commands per variant; files in {directory} (deleted at the end)")
        incidents = getattr(app.host, "incidents", [])
        if incidents:
            print(f"(plugin incidents at start-up, ignored: {len(incidents)})")

        means, singles = measure(write_ops, args.batches, args.ops)
        print_times("One persisted transition (WAL, synchronous=FULL), µs per command",
                    means, singles)
        print_ratios(means, [
            ("advance", "B9", "G-TXN-1 ≤ 10 (floor); project aim ≤ 5"),
            ("advance", "B9-insert", "informative: a bare one-row durable commit"),
            ("advance", "B10", "G-TXN-1 ≤ 1.5"),
            ("B10", "B9", "performance.md: 6.2–6.3"),
        ])

        means, singles = measure(read_ops, args.batches, args.reads)
        print_times(f"list_actions for one person with {len(tracks)} open tracks "
                    f"({counted['actions']} actions): {', '.join(tracks)}; µs per call",
                    means, singles)
        print_ratios(means, [("list_actions", "raw read", "informative"),
                             ("list_actions", "show_person", "informative")])
        app.close()
        raw.close()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--batches", type=int, default=9, help="batches (at least 7)")
    parser.add_argument("--ops", type=int, default=40, help="write commands per variant per batch")
    parser.add_argument("--reads", type=int, default=40, help="reads per variant per batch")
    parser.add_argument("--persons", type=int, default=8, help="persons the advances rotate over")
    args = parser.parse_args(argv)
    args.batches = max(7, args.batches)
    try:
        run(args)
    except Exception:  # a benchmark never fails the build; say what broke
        traceback.print_exc()
        print("persist_bench: interrupted by the error above; no figures.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
