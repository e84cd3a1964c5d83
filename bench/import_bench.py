"""Import benchmark (G-BULK-1): a person list imported against a raw insert of the same rows.

Run with ``.venv/bin/python bench/import_bench.py`` (``--persons 1000,10000,100000``,
``--rounds 7``, ``--pg URL`` to measure PostgreSQL too). A script, not a test: it prints a
table, writes it to ``bench/results/import-<date>.md`` and always exits 0.

* ``import``: :func:`core.services.import_bytes` of a CSV person list (every row read and
  checked, aliases sealed with a fresh data key per person, search hashes, pathway, events,
  restricted notes, audit row, commit) into a fresh copy of an initialised base (its
  batches go through ``COPY`` on PostgreSQL);
* ``raw``: the very rows that import wrote (read back from a reference import: persons, keys,
  search pieces, tracks, events, notes), inserted into another fresh copy by the driver's
  own ``executemany`` (``sqlite3``; ``psycopg``, which pipelines it), one transaction, the
  application's durability settings (SQLite: WAL, synchronous FULL; PostgreSQL: its
  defaults): the database's own work and nothing else (B14 of ``shared/performance.md``, on
  these tables).

Each round copies the empty base twice (not timed: a file copy, or ``CREATE DATABASE …
TEMPLATE`` on PostgreSQL), then times both, in rotating order; the ratio is the median of the
per-round ratios. Goal: import throughput ≥ 1/4 of raw, i.e. import ÷ raw ≤ 4.
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
from typing import Any

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))

TABLES = ("persons", "person_keys", "person_search", "tracks", "events", "notes")
"""What an import of persons writes, parents first."""
GOAL = 4.0
TODAY = date(2026, 6, 1)
Rows = dict[str, tuple[list[str], list[tuple]]]


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


def _import(url: str, data: bytes, key_file: str | None = None) -> tuple[float, int]:
    from core import services as svc
    from core.services.app import Parcours
    from tests.accounts import FAST, who
    app = Parcours.open(url, today=TODAY, security=FAST, key_file=key_file)
    try:
        credential = who(app, "sonia")
        started = time.perf_counter()
        report = svc.import_bytes(app, credential, "personnes", data, "banc.csv")
        elapsed = time.perf_counter() - started
    finally:
        app.close()
    return elapsed, report.counts["persons"]


def _written(connection: Any, last_event: int) -> Rows:
    """The rows the reference import added, per table (events past the empty base's)."""
    found = {}
    for table in TABLES:
        where = f" WHERE id > {last_event}" if table == "events" else ""
        cursor = connection.execute(f"SELECT * FROM {table}{where}")
        found[table] = ([c[0] for c in cursor.description], cursor.fetchall())
    return found


class SQLiteBases:
    """Empty SQLite bases as file copies in a temporary folder."""

    name = f"SQLite {sqlite3.sqlite_version}"

    def __init__(self, folder: Path) -> None:
        from tests.accounts import make_app
        self.folder = folder
        self.empty = folder / "vide.db"
        make_app(f"sqlite:///{self.empty}", today=TODAY).close()
        with closing(sqlite3.connect(self.empty)) as conn:
            conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
            for table in TABLES:
                if table != "events":
                    assert conn.execute(f"SELECT count(*) FROM {table}").fetchone()[0] == 0
            self.last_event = conn.execute("SELECT coalesce(max(id), 0) FROM events").fetchone()[0]

    def fresh(self, name: str) -> str:
        target = self.folder / f"{name}.db"
        for suffix in ("", "-wal", "-shm"):
            Path(f"{target}{suffix}").unlink(missing_ok=True)
        shutil.copyfile(self.empty, target)
        return str(target)

    def import_(self, target: str, data: bytes) -> tuple[float, int]:
        return _import(f"sqlite:///{target}", data)

    def written(self, target: str) -> Rows:
        with closing(sqlite3.connect(target)) as conn:
            return _written(conn, self.last_event)

    def raw(self, target: str, rows: Rows) -> float:
        with closing(sqlite3.connect(target, isolation_level=None)) as conn:
            conn.execute("PRAGMA journal_mode = WAL")
            conn.execute("PRAGMA synchronous = FULL")
            conn.execute("PRAGMA foreign_keys = ON")
            started = time.perf_counter()
            conn.execute("BEGIN IMMEDIATE")
            for table, (columns, values) in rows.items():
                marks = ", ".join("?" for _ in columns)
                conn.executemany(f"INSERT INTO {table} ({', '.join(columns)}) "
                                 f"VALUES ({marks})", values)
            conn.execute("COMMIT")
            return time.perf_counter() - started

    def close(self) -> None:
        pass


class PgBases:
    """Empty PostgreSQL bases as ``CREATE DATABASE … TEMPLATE`` copies on ``server``."""

    PREFIX = "parcours_bench_import"

    def __init__(self, server: str, folder: Path) -> None:
        from sqlalchemy import create_engine, text
        from sqlalchemy.engine import make_url

        from core import services as svc
        from core.services.app import Parcours
        from tests.accounts import FAST, PASSWORD, USERS, who
        self.server, self.url = server, make_url(server)
        self.admin = create_engine(server, isolation_level="AUTOCOMMIT")
        self.key_file = str(folder / "import-pg.json")
        self._drop_all(text)
        self.empty = self._create("empty")
        app = Parcours.open(self._url(self.empty), today=TODAY, security=FAST,
                            key_file=self.key_file)
        try:
            svc.initialise(app, "admin", PASSWORD)
            for user, role in USERS.items():
                if user != "admin":
                    svc.add_user(app, who(app, "admin"), user, role, PASSWORD)
        finally:
            app.close()
        with closing(self._connect(self.empty)) as conn:
            self.last_event = conn.execute("SELECT coalesce(max(id), 0) FROM events") \
                .fetchone()[0]
            self.name = "PostgreSQL " + conn.execute("SHOW server_version").fetchone()[0]

    def _drop_all(self, text: Any) -> None:
        with self.admin.connect() as connection:
            for name in connection.scalars(text(
                    "SELECT datname FROM pg_database WHERE datname LIKE :p"),
                    {"p": f"{self.PREFIX}%"}):
                connection.exec_driver_sql(f'DROP DATABASE "{name}" WITH (FORCE)')

    def _create(self, name: str, template: str | None = None) -> str:
        database = f"{self.PREFIX}_{name}"
        with self.admin.connect() as connection:
            connection.exec_driver_sql(f'DROP DATABASE IF EXISTS "{database}" WITH (FORCE)')
            connection.exec_driver_sql(f'CREATE DATABASE "{database}"'
                                       + (f' TEMPLATE "{template}"' if template else ""))
        return database

    def _url(self, database: str) -> str:
        return self.url.set(database=database).render_as_string(hide_password=False)

    def _connect(self, database: str, autocommit: bool = True) -> Any:
        import psycopg
        libpq = self.url.set(drivername="postgresql", database=database) \
            .render_as_string(hide_password=False)
        return psycopg.connect(libpq, autocommit=autocommit)

    def fresh(self, name: str) -> str:
        return self._create(name, self.empty)

    def import_(self, target: str, data: bytes) -> tuple[float, int]:
        return _import(self._url(target), data, self.key_file)

    def written(self, target: str) -> Rows:
        from psycopg.types.json import Jsonb
        with closing(self._connect(target)) as conn:
            found = _written(conn, self.last_event)
        # JSON columns come back as Python values: handed back to the driver as JSON.
        return {table: (columns, [tuple(Jsonb(v) if isinstance(v, (dict, list)) else v
                                        for v in row) for row in values])
                for table, (columns, values) in found.items()}

    def raw(self, target: str, rows: Rows) -> float:
        with closing(self._connect(target, autocommit=False)) as conn:
            started = time.perf_counter()
            with conn.cursor() as cursor:
                for table, (columns, values) in rows.items():
                    marks = ", ".join("%s" for _ in columns)
                    cursor.executemany(f"INSERT INTO {table} ({', '.join(columns)}) "
                                       f"VALUES ({marks})", values)
            conn.commit()
            return time.perf_counter() - started

    def close(self) -> None:
        from sqlalchemy import text
        self._drop_all(text)
        self.admin.dispose()


def measure(bases: SQLiteBases | PgBases, persons: int, rounds: int) -> dict[str, Any]:
    """Import and raw times of ``persons`` on ``bases``, ``rounds`` interleaved rounds."""
    data = _csv(persons)
    reference = bases.fresh("reference")
    bases.import_(reference, data)
    rows = bases.written(reference)
    total_rows = sum(len(v) for _, v in rows.values())
    times: dict[str, list[float]] = {"import": [], "raw": []}
    for number in range(rounds):
        order = ["import", "raw"] if number % 2 == 0 else ["raw", "import"]
        for name in order:
            target = bases.fresh(name)
            if name == "import":
                times[name].append(bases.import_(target, data)[0])
            else:
                times[name].append(bases.raw(target, rows))
        print(f"{bases.name}, {persons} personnes : tour {number + 1}/{rounds}",
              file=sys.stderr)
    return {"persons": persons, "rows": total_rows, "rounds": rounds,
            "ratio": statistics.median(a / b for a, b in zip(times["import"], times["raw"],
                                                              strict=True)),
            "import": statistics.median(times["import"]), "raw": statistics.median(times["raw"])}


def _row(backend: str, m: dict[str, Any]) -> str:
    return (f"| G-BULK-1 | import of a person list | {backend} | {m['persons']:,} persons "
            f"({m['rows']:,} rows), {m['rounds']} rounds | {m['import']:.2f} s "
            f"({m['persons'] / m['import']:,.0f} persons/s) | {m['raw']:.2f} s "
            f"({m['rows'] / m['raw']:,.0f} rows/s) | {m['ratio']:.2f} | ≤ {GOAL:g} | "
            f"{'met' if m['ratio'] <= GOAL else '**missed**'} |")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--persons", default="10000",
                        help="nombres de personnes, séparés par des virgules")
    parser.add_argument("--rounds", type=int, default=7)
    parser.add_argument("--pg", default=None, help="URL d'un serveur PostgreSQL (rôle CREATEDB)")
    args = parser.parse_args()
    counts = [int(n) for n in args.persons.split(",") if n]
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        backends: list[SQLiteBases | PgBases] = [SQLiteBases(Path(tmp))]
        if args.pg:
            backends.append(PgBases(args.pg, Path(tmp)))
        try:
            for bases in backends:
                for persons in counts:
                    rows.append(_row(bases.name, measure(bases, persons, args.rounds)))
        finally:
            for bases in backends:
                bases.close()
    table = "\n".join([
        f"# Import benchmark, {datetime.now():%Y-%m-%d %H:%M}",
        "",
        f"Python {platform.python_version()}; each ratio is the median of the per-round "
        "ratios (import and raw interleaved, in rotating order).",
        "",
        "| goal | measure | back-end | volume | median | baseline (raw executemany) | ratio "
        "| target | verdict |",
        "|---|---|---|---|---|---|---|---|---|",
        *rows,
    ])
    print(table)
    out = HERE / "results" / f"import-{datetime.now():%Y%m%d-%H%M}.md"
    out.write_text(table + "\n", encoding="utf-8")
    print(f"→ {out}", file=sys.stderr)


if __name__ == "__main__":
    main()
