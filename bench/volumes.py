"""Bases of 1k, 10k, 100k persons for the benchmarks, built once and kept in a cache folder.

The template is one demo delegation-year played through the engine (``fill_demo``, about 430
persons, 40 s); each volume is that template plus bulk copies of it
(:mod:`core.services.demo_copies`) shared by :data:`DELEGATIONS` delegations, each one year
after another going back, as ``parcours demo --scale K --delegations 30`` writes them: the
national association's shape (about thirty delegations, each with its persons of several
years), so that one delegation's pages and figures are measured at the size it reaches, not
at one year's. Years two and more back are the demo's aged copies
(:mod:`core.services.demo_aging`): their pathways ended the following year, as a real
delegation's are, so a delegation's queues hold about two years of open files, not eight.
Volumes are built in increasing order, each from a copy of the previous file, so a 100k run
also yields the 1k and 10k bases. Every file shares
the template's base id, hence one key file, kept outside the bases' folder.

The same volumes on PostgreSQL (:func:`build_pg`, where a server is given): databases
``parcours_bench_<K>k_v<VERSION>`` on that server, the template played through the engine
once, each scale created from the previous one (``CREATE DATABASE … TEMPLATE``) and extended
with the same bulk copies.

Users added for measuring: ``sonia`` supervises the first delegation (a local supervisor),
``nadia`` supervises them all (the national view); both have :data:`PASSWORD`.
"""

from __future__ import annotations

import math
import os
import shutil
import sqlite3
import time
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from sqlalchemy import create_engine, select, text
from sqlalchemy.engine import make_url

from core import services as svc
from core.auth.passwords import HashCost
from core.auth.settings import SecuritySettings
from core.persistence.access_models import Delegation
from core.plugins import build_plugin_host
from core.services.app import Parcours

YEAR = 2025
TODAY = date(YEAR, 12, 31)
PASSWORD = "Cheval-Correct-Pile-2026!"
FAST = SecuritySettings(hash_cost=HashCost(time_cost=1, memory_kib=1024, parallelism=1))
BUNDLED = ("asile", "emploi", "logement", "plainte", "sante")
DELEGATIONS = 30
"""The association's delegations (issue 11): at 100k persons, about eight years each."""
VERSION = 5
"""Bump when the way volumes are built changes: cached files of another version are rebuilt."""


def cache_dir() -> Path:
    folder = Path(os.environ.get("PARCOURS_BENCH_DIR", Path.home() / ".cache" / "parcours-bench"))
    (folder / "db").mkdir(parents=True, exist_ok=True)
    (folder / "keys").mkdir(parents=True, exist_ok=True)
    os.chmod(folder / "keys", 0o700)
    return folder


@dataclass
class Volume:
    """One benchmark base: its file, its key file and what it holds."""

    name: str
    path: Path
    key_file: Path
    persons: int
    build_seconds: float = 0.0
    server: str | None = None
    """The PostgreSQL URL of this volume's database (None: the SQLite file ``path``)."""
    _statistics: tuple[int, int, float] | None = None

    @property
    def url(self) -> str:
        return self.server or f"sqlite:///{self.path}"

    @property
    def postgresql(self) -> bool:
        return self.server is not None

    def connect(self) -> Any:
        """A plain driver connection (``sqlite3`` or ``psycopg``), autocommit: the raw twins
        run their own ``BEGIN``/``COMMIT``."""
        if self.server is None:
            return sqlite3.connect(self.path, isolation_level=None)
        import psycopg
        # The project's session settings (core.persistence.database), so that the twin does
        # the same work: without JIT, with a bounded lock wait.
        return psycopg.connect(_libpq(self.server), autocommit=True,
                               options="-c jit=off -c lock_timeout=5000")

    def statistics(self) -> tuple[int, int, float]:
        """(events, open deadlines, size in MiB) of the base, as first read (before the
        measures: the table describes the bases measured, and reading a SQLite file anew
        once a run's connections have written for half an hour once failed with « disk I/O
        error », losing the run)."""
        if self._statistics is None:
            self._statistics = self._read_statistics()
        return self._statistics

    def _read_statistics(self) -> tuple[int, int, float]:
        con = self.connect()
        try:
            events = con.execute("SELECT max(id) FROM events").fetchone()[0] or 0
            dues = con.execute("SELECT count(*) FROM deadlines WHERE status = 'open'") \
                .fetchone()[0]
            size = (self.path.stat().st_size if self.server is None else
                    con.execute("SELECT pg_database_size(current_database())").fetchone()[0])
        finally:
            con.close()
        return events, dues, size / 2**20

    def app(self, today: date = TODAY) -> Parcours:
        host = build_plugin_host(allow=BUNDLED)
        return Parcours.open(self.url, today=today, host=host, security=FAST,
                             key_file=str(self.key_file))


def reader(volume: Volume) -> Any:
    """A plain read-only driver connection to ``volume`` (the raw twins' reads)."""
    con = volume.connect()
    if not volume.postgresql:
        con.execute("PRAGMA query_only = 1")
    return con


def sql(volume: Volume, statement: str) -> str:
    """``statement`` written with ``?`` markers, in the volume's driver's own markers."""
    return statement.replace("?", "%s") if volume.postgresql else statement


def _libpq(url: str) -> str:
    """The libpq form of a SQLAlchemy URL (``postgresql+psycopg://`` → ``postgresql://``)."""
    return make_url(url).set(drivername="postgresql").render_as_string(hide_password=False)


def _files(path: Path) -> list[Path]:
    return [path.with_name(path.name + suffix) for suffix in ("", "-wal", "-shm")]


def _remove(path: Path) -> None:
    for f in _files(path):
        f.unlink(missing_ok=True)


def _checkpoint(path: Path) -> None:
    con = sqlite3.connect(path)
    try:
        con.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    finally:
        con.close()


def _count(volume: Volume) -> int:
    con = volume.connect()
    try:
        return int(con.execute("SELECT count(*) FROM persons").fetchone()[0])
    finally:
        con.close()


def template(folder: Path, log=print) -> Volume:
    """One demo delegation-year played through the engine, with the bench's users."""
    path, key = folder / "db" / f"template-v{VERSION}.db", folder / "keys" / f"bench-v{VERSION}.json"
    if path.exists() and key.exists():
        found = Volume("template", path, key, 0)
        found.persons = _count(found)
        return found
    _remove(path)
    key.unlink(missing_ok=True)
    started = time.perf_counter()
    volume = Volume("template", path, key, 0)
    _fill(volume, started, log)
    return volume


def _fill(volume: Volume, started: float, log=print) -> None:
    """Play the demo delegation-year on ``volume``'s empty base, with the bench's users."""
    app = volume.app()
    svc.initialise(app, "admin", PASSWORD)
    admin = svc.Credential(svc.sign_in(app, "admin", PASSWORD).secret)
    summary = svc.fill_demo(app, admin, year=YEAR, seed=1)
    svc.add_user(app, admin, "sonia", "superviseur", PASSWORD, ["demo-1"])
    app.close()
    if not volume.postgresql:
        _checkpoint(volume.path)
    volume.persons, volume.build_seconds = summary.persons, time.perf_counter() - started
    log(f"modèle : {summary.persons} personnes jouées par le moteur en {volume.build_seconds:.0f} s")


def build(scales: list[int], log=print) -> dict[int, Volume]:
    """The volumes of ``scales`` thousand persons (built or found in the cache)."""
    folder = cache_dir()
    base = template(folder, log)
    volumes: dict[int, Volume] = {}
    previous, copies_done = base, 0
    for scale in sorted(scales):
        path = folder / "db" / f"scale{scale}k-v{VERSION}.db"
        volume = Volume(f"{scale}k", path, base.key_file, 0)
        copies = max(0, math.ceil(scale * 1000 / base.persons) - 1)
        fresh = not path.exists()
        if fresh:
            _remove(path)
            shutil.copy(previous.path, path)
        _up_to_date(volume, log)  # a copy of an older template, or a base found in the cache
        if fresh:
            _grow(volume, copies_done, copies, log)
        volume.persons = _count(volume)
        volumes[scale], previous, copies_done = volume, volume, copies
    return volumes


def _up_to_date(volume: Volume, log=print) -> None:
    """A volume found in the cache brought to this version's schema, as ``parcours upgrade``
    does (the migrations, then the planner's statistics): a new index must not force a
    rebuild of the bases, nor leave them unreadable to the code that expects it."""
    from core.persistence import migrate
    from core.persistence.database import Database
    from core.persistence.revision import HEAD_REVISION

    database = Database(volume.url)
    try:
        with database.engine.connect() as connection:
            found = connection.exec_driver_sql("SELECT version_num FROM alembic_version").scalar()
        if found != HEAD_REVISION:
            started = time.perf_counter()
            migrate.upgrade(database)
            log(f"{volume.name} : schéma {found} → {HEAD_REVISION} en "
                f"{time.perf_counter() - started:.0f} s")
    finally:
        database.dispose()
    if not volume.postgresql:
        _checkpoint(volume.path)


def _grow(volume: Volume, done: int, copies: int, log=print) -> None:
    """Bring ``volume`` from ``done`` to ``copies`` bulk copies, timed and said."""
    started = time.perf_counter()
    _extend(volume, copies - done, start=done + 1)
    volume.build_seconds = time.perf_counter() - started
    log(f"{volume.name} : {copies - done} copies en masse en {volume.build_seconds:.0f} s")


def _extend(volume: Volume, copies: int, *, start: int) -> None:
    """Add ``copies`` bulk copies of the template (copy numbers ``start``...)."""
    from core.persistence.tuning import refresh_statistics
    from core.services.demo import add_copies

    app = volume.app()
    admin = svc.Credential(svc.sign_in(app, "admin", PASSWORD).secret)
    with app.db.read() as session:
        first = session.scalar(select(Delegation.id).where(Delegation.code == "demo-1"))
    add_copies(app, admin, first, range(start, start + copies), year=YEAR,
               delegations=DELEGATIONS)
    with app.db.read() as session:
        codes = list(session.scalars(select(Delegation.code).order_by(Delegation.id)))
    _national(app, admin, [c for c in codes if c.startswith("demo-")])
    refresh_statistics(app.db.engine)
    app.close()
    if not volume.postgresql:
        _checkpoint(volume.path)


def _national(app: Parcours, admin: svc.Credential, codes: list[str]) -> None:
    """``nadia``: a supervisor of every delegation (created, or given the new ones)."""
    names = {u.name for u in svc.list_users(app, admin)}
    if "nadia" in names:
        svc.set_delegations(app, admin, "nadia", codes)
    else:
        svc.add_user(app, admin, "nadia", "superviseur", PASSWORD, codes)


def _database(server: str, name: str) -> str:
    return make_url(server).set(database=name).render_as_string(hide_password=False)


def build_pg(server: str, scales: list[int], log=print) -> dict[int, Volume]:
    """The volumes of ``scales`` thousand persons on the PostgreSQL server ``server`` (a URL
    whose role may create databases), built or found there."""
    folder = cache_dir()
    key = folder / "keys" / f"bench-pg-v{VERSION}.json"
    admin = create_engine(server, isolation_level="AUTOCOMMIT")
    try:
        with admin.connect() as connection:
            present = set(connection.scalars(text("SELECT datname FROM pg_database")))

        def create(name: str, template: str | None = None) -> None:
            with admin.connect() as connection:
                connection.exec_driver_sql(f'DROP DATABASE IF EXISTS "{name}"')
                connection.exec_driver_sql(
                    f'CREATE DATABASE "{name}"' + (f' TEMPLATE "{template}"' if template else ""))

        base_name = f"parcours_bench_template_v{VERSION}"
        base = Volume("template pg", folder, key, 0, server=_database(server, base_name))
        rebuilt = not (base_name in present and key.exists() and _count(base))
        if rebuilt:
            key.unlink(missing_ok=True)
            create(base_name)
            _fill(base, time.perf_counter(), log)
        else:
            base.persons = _count(base)
        volumes: dict[int, Volume] = {}
        previous, copies_done = base_name, 0
        for scale in sorted(scales):
            name = f"parcours_bench_{scale}k_v{VERSION}"
            volume = Volume(f"{scale}k pg", folder, key, 0, server=_database(server, name))
            copies = max(0, math.ceil(scale * 1000 / base.persons) - 1)
            # A new template has a new key: the copies of the old one are rebuilt from it.
            fresh = rebuilt or name not in present or not _count(volume)
            if fresh:
                create(name, previous)
            _up_to_date(volume, log)
            if fresh:
                _grow(volume, copies_done, copies, log)
            volume.persons = _count(volume)
            volumes[scale], previous, copies_done = volume, name, copies
        return volumes
    finally:
        admin.dispose()
