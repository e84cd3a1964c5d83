"""Import benchmark (G-BULK-1): a person list imported against a raw insert of the same rows.

Run with ``.venv/bin/python bench/import_bench.py`` (``--persons 10000``, ``--rounds 7``). A
script, not a test: it prints a table, writes it to ``bench/results/import-<date>.md`` and
always exits 0.

* ``import``: :func:`core.services.import_bytes` of a CSV person list (every row read and
  checked, aliases sealed with a fresh data key per person, search hashes, pathway, events,
  restricted notes, audit row, commit) into a fresh copy of an initialised base;
* ``raw``: the very rows that import wrote (read back from a reference import: persons, keys,
  search pieces, tracks, events, notes), inserted into another fresh copy with the standard
  library's ``sqlite3`` ``executemany``, one transaction, same pragmas as the application
  (WAL, synchronous FULL): the database's own work and nothing else (B14 of
  ``shared/performance.md``, on these tables).

Each round copies the empty base twice (not timed), then times both, in rotating order; the
ratio is the median of the per-round ratios. Goal: import throughput ≥ 1/4 of raw, i.e.
import ÷ raw ≤ 4.
"""

from __future__ import annotations

import argparse
import platform
import shutil
import sqlite3
import statistics
import sys
import tempfile
import time
from contextlib import closing
from datetime import date, datetime
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))

TABLES = ("persons", "person_keys", "person_search", "tracks", "events", "notes")
"""What an import of persons writes, parents first."""
GOAL = 4.0


def _csv(persons: int) -> bytes:
    from faker import Faker
    fake = Faker("fr_FR")
    fake.seed_instance(7)
    rows = ["pseudo;premier passage;référent;notes"]
    for n in range(persons):
        first = fake.date_between(date(2019, 1, 1), date(2026, 1, 1)).strftime("%d/%m/%Y")
        rows.append(f"{fake.first_name()} {fake.last_name()[0]}. {n};{first};"
                    f"{'camille' if n % 2 else ''};{'Orientée par le 115' if n % 3 == 0 else ''}")
    return "\r\n".join(rows).encode("utf-8")


def _empty_base(folder: Path) -> Path:
    from tests.accounts import make_app
    path = folder / "vide.db"
    app = make_app(f"sqlite:///{path}", today=date(2026, 6, 1))
    app.close()
    with closing(sqlite3.connect(path)) as conn:
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        for table in TABLES:
            if table != "events":
                assert conn.execute(f"SELECT count(*) FROM {table}").fetchone()[0] == 0
    return path


def _fresh(empty: Path, folder: Path, name: str) -> Path:
    target = folder / name
    for suffix in ("", "-wal", "-shm"):
        Path(f"{target}{suffix}").unlink(missing_ok=True)
    shutil.copyfile(empty, target)
    return target


def _import(path: Path, data: bytes) -> tuple[float, int]:
    from core import services as svc
    from core.services.app import Parcours
    from tests.accounts import FAST, who
    app = Parcours.open(f"sqlite:///{path}", today=date(2026, 6, 1), security=FAST)
    try:
        credential = who(app, "sonia")
        started = time.perf_counter()
        report = svc.import_bytes(app, credential, "personnes", data, "banc.csv")
        elapsed = time.perf_counter() - started
    finally:
        app.close()
    return elapsed, report.counts["persons"]


def _written(path: Path, empty: Path) -> dict[str, tuple[list[str], list[tuple]]]:
    """The rows the reference import added, per table (events past the empty base's)."""
    with closing(sqlite3.connect(empty)) as conn:
        last_event = conn.execute("SELECT coalesce(max(id), 0) FROM events").fetchone()[0]
    found = {}
    with closing(sqlite3.connect(path)) as conn:
        for table in TABLES:
            where = f" WHERE id > {last_event}" if table == "events" else ""
            cursor = conn.execute(f"SELECT * FROM {table}{where}")
            found[table] = ([c[0] for c in cursor.description], cursor.fetchall())
    return found


def _raw(path: Path, rows: dict[str, tuple[list[str], list[tuple]]]) -> float:
    with closing(sqlite3.connect(path, isolation_level=None)) as conn:
        conn.execute("PRAGMA journal_mode = WAL")
        conn.execute("PRAGMA synchronous = FULL")
        conn.execute("PRAGMA foreign_keys = ON")
        started = time.perf_counter()
        conn.execute("BEGIN IMMEDIATE")
        for table, (columns, values) in rows.items():
            marks = ", ".join("?" for _ in columns)
            conn.executemany(f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({marks})",
                             values)
        conn.execute("COMMIT")
        return time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--persons", type=int, default=10_000)
    parser.add_argument("--rounds", type=int, default=7)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        empty = _empty_base(folder)
        data = _csv(args.persons)
        reference = _fresh(empty, folder, "reference.db")
        _import(reference, data)
        rows = _written(reference, empty)
        total_rows = sum(len(v) for _, v in rows.values())
        times: dict[str, list[float]] = {"import": [], "raw": []}
        for number in range(args.rounds):
            order = ["import", "raw"] if number % 2 == 0 else ["raw", "import"]
            for name in order:
                target = _fresh(empty, folder, f"{name}.db")
                if name == "import":
                    times[name].append(_import(target, data)[0])
                else:
                    times[name].append(_raw(target, rows))
            print(f"tour {number + 1}/{args.rounds}", file=sys.stderr)
    ratio = statistics.median(a / b for a, b in zip(times["import"], times["raw"], strict=True))
    imported, raw = statistics.median(times["import"]), statistics.median(times["raw"])
    table = "\n".join([
        f"# Import benchmark, {datetime.now():%Y-%m-%d %H:%M}",
        "",
        f"{args.persons} persons ({total_rows} rows in {', '.join(TABLES)}), SQLite, "
        f"{args.rounds} rounds, Python {platform.python_version()}, SQLite "
        f"{sqlite3.sqlite_version}.",
        "",
        "| goal | measure | median | baseline (raw executemany) | ratio | target | verdict |",
        "|---|---|---|---|---|---|---|",
        f"| G-BULK-1 | import of a person list | {imported:.2f} s "
        f"({args.persons / imported:,.0f} persons/s) | {raw:.2f} s ({total_rows / raw:,.0f} "
        f"rows/s) | {ratio:.2f} | ≤ {GOAL:g} | {'met' if ratio <= GOAL else 'missed'} |",
    ])
    print(table)
    out = HERE / "results" / f"import-{datetime.now():%Y%m%d-%H%M}.md"
    out.write_text(table + "\n", encoding="utf-8")
    print(f"→ {out}", file=sys.stderr)


if __name__ == "__main__":
    main()
