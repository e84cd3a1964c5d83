"""Report benchmark: the yearly activity report over a million visits, against bare SQL.

Run with ``.venv/bin/python bench/report_bench.py`` (``--help`` for the sizes). It is a script,
not a test: it prints a table and always exits 0 (performance.md: benchmarks never fail CI).

Setup, on a throw-away SQLite file (or ``--db FILE`` to keep and reuse it): one demo year
through the engine (``core.services.demo``: 48 drop-ins, ~3,200 visits, ~2,000 transitions, so
that every plugin's section has tracks and events to count), then, with Core ``executemany``,
as many more drop-ins, persons, visits and their ``visit`` events in the same year as it takes
to reach ``--visits`` visits (a national year: many delegations' Tuesdays, 70 visits each,
a quarter of them anonymous counts).

Then, interleaved round-robin in ``--batches`` batches (median reported; ratios are medians
of per-batch ratios, numerator and denominator from the same batch):

* **report**: ``core.services.activity_report`` for the year, as ``parcours report`` runs it
  (actor and policy, every core figure with its source sample, the monthly series, the
  plugins' context of the year's tracks and transition events, every plugin's section);
* **core figures**: the drop-in and persons figures with their source samples and the monthly
  series (``count`` + ``core_sections``), without the tracks;
* **tracks + plugins**: reading the year's tracks and transition events into the
  ``ReportContext`` (persons followed come from it) and calling every plugin's hook;
* **bare SQL**: raw ``sqlite3`` doing the same counting as the core figures (drop-ins, hours
  and distinct volunteers, identified, anonymous and distinct persons' visits, new persons),
  one query each, on the same file: the denominator of G-R-1.

G-R-1 asks for the yearly report at most 3 × the raw index range scan; here "report / bare
SQL" includes everything the report adds (sources, months, persons followed, plugins).
"""

from __future__ import annotations

import argparse
import os
import sqlite3
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

YEAR = 2025
PER_DROPIN = 70
BARE = {
    "dropins": "SELECT count(*) FROM dropins WHERE day BETWEEN ? AND ?",
    "hours": ("SELECT coalesce(sum(v.hours), 0), count(DISTINCT v.name) FROM dropin_volunteers v "
              "JOIN dropins d ON d.id = v.dropin_id WHERE d.day BETWEEN ? AND ?"),
    "visits": ("SELECT count(v.person_id), coalesce(sum(v.count) FILTER (WHERE v.person_id IS NULL), 0), "
               "count(DISTINCT v.person_id) FROM visits v JOIN dropins d ON d.id = v.dropin_id "
               "WHERE d.day BETWEEN ? AND ?"),
    "new": "SELECT count(*) FROM persons WHERE first_visit BETWEEN ? AND ?",
}


def setup(path: Path, visits: int) -> None:
    """A demo year, then bulk drop-ins, persons and visits up to ``visits`` in the year."""
    from sqlalchemy import func, insert, select

    from core import services as svc
    from core.persistence.models import DropIn, DropInVolunteer, Event, Person, User, Visit
    from core.plugins import build_plugin_host
    from core.services.app import Parcours
    from core.services.demo import fill_demo

    app = Parcours.open(f"sqlite:///{path}", today=date(YEAR, 12, 31), host=build_plugin_host())
    svc.initialise(app, "admin")
    started = time.perf_counter()
    fill_demo(app, "admin", year=YEAR, seed=1)
    print(f"  demo year through the engine: {time.perf_counter() - started:.1f} s", flush=True)
    started = time.perf_counter()
    with app.db.write() as session:
        have = session.scalar(select(func.count()).select_from(Visit)) or 0
        admin = session.scalar(select(User.id).where(User.name == "admin"))
        now = datetime.now(UTC)
        missing = max(0, visits - have)
        dropins = missing // PER_DROPIN + 1
        persons = max(1000, dropins * PER_DROPIN // 8)
        days = [d for d in (date(YEAR, 1, 1) + timedelta(days=i) for i in range(365))
                if d.weekday() == 1]
        person_ids = session.scalars(insert(Person.__table__).returning(
            Person.__table__.c.id, sort_by_parameter_order=True), [
            {"alias": f"P{i}", "alias_key": f"p{i}", "first_visit": days[i % len(days)],
             "created_by": admin, "version": 1, "pathway_closed": False, "created_at": now}
            for i in range(persons)]).all()
        dropin_ids = session.scalars(insert(DropIn.__table__).returning(
            DropIn.__table__.c.id, sort_by_parameter_order=True), [
            {"day": days[i % len(days)], "opened_by": admin, "created_at": now}
            for i in range(dropins)]).all()
        session.execute(insert(DropInVolunteer.__table__), [
            {"dropin_id": d, "name": f"B{(d + k) % 400}", "hours": 5}
            for d in dropin_ids for k in range(9)])
        rows, events, made = [], [], 0
        for n, d in enumerate(dropin_ids):
            day = days[n % len(days)]
            noon = datetime(day.year, day.month, day.day, 12, tzinfo=UTC)
            for k in range(PER_DROPIN):
                if made >= missing:
                    break
                made += 1
                if k % 4 == 3:
                    rows.append({"dropin_id": d, "person_id": None, "count": 1 + k % 5,
                                 "recorded_by": admin, "recorded_at": now})
                    continue
                pid = person_ids[(n * 37 + k * 11) % len(person_ids)]
                rows.append({"dropin_id": d, "person_id": pid, "count": 1, "recorded_by": admin,
                             "recorded_at": now})
                events.append({"person_id": pid, "kind": "visit", "occurred_at": noon,
                               "recorded_at": now, "actor_id": admin, "actor_role": "admin",
                               "facts": {"dropin": d}, "checks": [], "deadlines": []})
        session.execute(insert(Visit.__table__), rows)
        session.execute(insert(Event.__table__), events)
    print(f"  bulk: {persons:,} persons, {dropins:,} drop-ins, {len(rows):,} visits and "
          f"{len(events):,} events in {time.perf_counter() - started:.1f} s", flush=True)
    app.close()


def variants(path: Path) -> dict[str, Callable[[], object]]:
    from core import services as svc
    from core.plugins import build_plugin_host
    from core.services.app import Parcours
    from core.services.report_figures import Period, activity, core_sections, count

    app = Parcours.open(f"sqlite:///{path}", today=date(YEAR, 12, 31), host=build_plugin_host())
    period = Period(date(YEAR, 1, 1), date(YEAR, 12, 31))
    raw = sqlite3.connect(f"file:{path}?mode=ro", uri=True, isolation_level=None)
    bounds = (period.start.isoformat(), period.end.isoformat())

    def core() -> object:
        with app.db.read() as session:
            return core_sections(session, period, count(session, period), [])

    def plugins() -> object:
        with app.db.read() as session:
            return app.host.report_sections(activity(session, app.catalog, period).context)

    def bare() -> object:
        raw.execute("BEGIN")
        try:
            return [raw.execute(sql, bounds).fetchall() for sql in BARE.values()]
        finally:
            raw.execute("COMMIT")

    return {"report": lambda: svc.activity_report(app, "admin", period.start, period.end),
            "core figures": core, "tracks + plugins": plugins, "bare SQL": bare}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--visits", type=int, default=1_000_000, help="visits in the year")
    parser.add_argument("--batches", type=int, default=7, help="interleaved batches (>= 7)")
    parser.add_argument("--db", type=Path, help="keep the database here (reused when it exists)")
    args = parser.parse_args(argv)
    try:
        with tempfile.TemporaryDirectory() as tmp:
            path = args.db or Path(tmp) / "report.db"
            if not path.exists():
                print(f"setting up {args.visits:,} visits in {YEAR} ({path})", flush=True)
                setup(path, args.visits)
            run(path, max(args.batches, 7))
    except Exception:  # a benchmark reports, it never fails CI
        import traceback
        traceback.print_exc()
    return 0


def run(path: Path, batches: int) -> None:
    jobs = variants(path)
    for job in jobs.values():  # warm caches and plans once
        job()
    times: dict[str, list[float]] = {name: [] for name in jobs}
    names = list(jobs)
    for batch in range(batches):
        order = names[batch % len(names):] + names[:batch % len(names)]
        for name in order:
            started = time.perf_counter()
            jobs[name]()
            times[name].append(time.perf_counter() - started)
    with sqlite3.connect(path) as conn:
        counts = {t: conn.execute(f"SELECT count(*) FROM {t}").fetchone()[0]
                  for t in ("visits", "events", "dropins", "persons", "tracks")}
    print(f"\nyear {YEAR}: " + ", ".join(f"{n:,} {t}" for t, n in counts.items())
          + f" (file {os.path.getsize(path) / 2**20:.0f} MiB)")
    print(f"\n{'variant':<16}{'median ms':>11}{'min':>9}{'max':>9}")
    for name in names:
        values = [t * 1000 for t in times[name]]
        print(f"{name:<16}{statistics.median(values):>11.1f}{min(values):>9.1f}{max(values):>9.1f}")
    print()
    for top in ("report", "core figures", "tracks + plugins"):
        ratio = statistics.median(a / b for a, b in zip(times[top], times["bare SQL"], strict=True))
        goal = "   (G-R-1 goal: <= 3)" if top == "core figures" else ""
        print(f"{top + ' / bare SQL':<30}{ratio:>7.2f}{goal}")


if __name__ == "__main__":
    sys.exit(main())
