"""Benchmark: the review queue over 100,000 tracks, beside the bare SQL doing the same work.

Run: ``.venv/bin/python bench/review_bench.py [--tracks N]``. Builds a temporary SQLite file
(Parcours schema, Core bulk inserts: persons, tracks at random steps, deadlines), then times
``core.services.review_queue`` (all kinds) and the equivalent raw ``sqlite3`` queries, in
interleaved batches, and prints the medians and their ratio (performance.md G-Q-1, G-Q-3).
A benchmark, not a test: it never fails.
"""

from __future__ import annotations

import argparse
import random
import sqlite3
import statistics
import tempfile
import time
from datetime import UTC, date, datetime, time as dtime, timedelta
from pathlib import Path

from sqlalchemy import insert

from core import services as svc
from core.definitions.model import StepKind
from core.persistence.models import Deadline, Person, Track, User
from core.plugins import build_plugin_host
from core.services.app import Parcours

TODAY = date(2026, 6, 1)


def build(url: str, tracks: int, seed: int = 7) -> Parcours:
    app = Parcours.open(url, today=TODAY, host=build_plugin_host())
    svc.initialise(app, "admin")
    svc.add_user(app, "admin", "sonia", "superviseur")
    rng = random.Random(seed)
    steps = [(d.id, d.version, s.id) for d in app.catalog.latest_definitions()
             for s in d.steps if s.kind is not StepKind.FINAL]
    persons = tracks // 2
    with app.db.write() as session:
        session.execute(insert(User), [{"name": f"ref{i}", "role": "referent"} for i in range(20)])
        refs = [u for u in range(3, 23)]
        session.execute(insert(Person), [
            {"alias": f"P{i}", "alias_key": f"p{i}", "created_by": 1, "version": 1,
             "referent_id": rng.choice(refs) if rng.random() < 0.9 else None,
             "pathway_closed": False,
             "last_contact_at": _at(TODAY - timedelta(days=_age(rng)))}
            for i in range(persons)])
        rows = []
        for i in range(tracks):
            defn, version, step = rng.choice(steps)
            moved = _at(TODAY - timedelta(days=_age(rng)))
            rows.append({"person_id": 1 + i % persons, "definition_id": defn,
                         "definition_version": version, "step": step, "status": "open",
                         "facts": {}, "step_since": moved, "last_event_at": moved,
                         "opened_at": moved, "version": 1})
        session.execute(insert(Track), rows)
        due_rows = []
        for i in range(1, tracks + 1, 3):
            due = TODAY + timedelta(days=rng.randint(-10, 400))
            due_rows.append({"track_id": i, "person_id": 1 + (i - 1) % persons,
                             "rule_id": "psp.autorisation_6m", "rule_version": 1,
                             "start": due - timedelta(days=183), "due": due,
                             "warn_from": due - timedelta(days=56), "status": "open",
                             "computation": {}})
        session.execute(insert(Deadline), due_rows)
    return app


def _age(rng: random.Random) -> int:
    """Days since the last event: most files move every few weeks, some are stuck."""
    return rng.randint(0, 40) if rng.random() < 0.95 else rng.randint(41, 400)


def _at(day: date) -> datetime:
    return datetime.combine(day, dtime(12), tzinfo=UTC)


def raw_queries(path: str, app: Parcours) -> int:
    """The same selections in plain SQL: deadlines in window, stalled, waiting, persons."""
    con = sqlite3.connect(path)
    try:
        n = len(con.execute(
            "SELECT d.id, d.due, p.alias FROM deadlines d JOIN tracks t ON t.id = d.track_id "
            "JOIN persons p ON p.id = d.person_id WHERE d.status = 'open' AND d.warn_from <= ? "
            "AND d.suspended_since IS NULL AND t.status = 'open'", (TODAY.isoformat(),)).fetchall())
        for kind, column in ((StepKind.ACTION, "last_event_at"), (StepKind.WAITING, "step_since")):
            for (d, v), defn in app.catalog.definitions.items():
                for s in defn.steps:
                    limit = s.stall_after if kind is StepKind.ACTION else s.expected_answer_within
                    if s.kind is kind and limit is not None:
                        cut = datetime.combine(TODAY - limit, dtime.min).isoformat(sep=" ")
                        n += len(con.execute(
                            f"SELECT t.id, p.alias FROM tracks t JOIN persons p ON p.id = t.person_id "
                            f"WHERE t.status = 'open' AND t.definition_id = ? AND t.definition_version = ? "
                            f"AND t.step = ? AND t.{column} < ?", (d, v, s.id, cut)).fetchall())
        cut = datetime.combine(TODAY - timedelta(weeks=8), dtime.min).isoformat(sep=" ")
        n += len(con.execute(
            "SELECT p.id, p.alias FROM persons p WHERE (p.referent_id IS NULL OR p.last_contact_at < ?) "
            "AND p.id IN (SELECT t.person_id FROM tracks t WHERE t.status = 'open' AND "
            "(t.definition_id != 'parcours' OR t.step = 'suivi_individuel'))", (cut,)).fetchall())
        return n
    finally:
        con.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--tracks", type=int, default=100_000)
    parser.add_argument("--batches", type=int, default=7)
    args = parser.parse_args()
    folder = Path(tempfile.mkdtemp(prefix="parcours-review-"))
    path = folder / "review.db"
    started = time.perf_counter()
    app = build(f"sqlite:///{path}", args.tracks)
    print(f"jeu de données : {args.tracks} démarches en {time.perf_counter() - started:.1f} s")
    ours, bare = [], []
    for _ in range(args.batches):
        t0 = time.perf_counter()
        items = svc.review_queue(app, "sonia")
        ours.append(time.perf_counter() - t0)
        t0 = time.perf_counter()
        rows = raw_queries(str(path), app)
        bare.append(time.perf_counter() - t0)
    a, b = statistics.median(ours), statistics.median(bare)
    print(f"file de revue (service) : {a * 1000:8.1f} ms  ({len(items)} éléments)")
    print(f"SQL brut équivalent     : {b * 1000:8.1f} ms  ({rows} lignes)")
    print(f"rapport service / SQL brut : {a / b:.2f}")
    app.close()


if __name__ == "__main__":
    main()
