"""Bases of 1k, 10k, 100k persons for the benchmarks, built once and kept in a cache folder.

The template is one demo delegation-year played through the engine (``fill_demo``, about 430
persons, 40 s); each volume is that template plus bulk copies of it
(:mod:`core.services.demo_copies`), ten delegation-years a year going back, as
``parcours demo --scale K`` writes them. Volumes are built in increasing order, each from a
copy of the previous file, so a 100k run also yields the 1k and 10k bases. Every file shares
the template's base id, hence one key file, kept outside the bases' folder.

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

from sqlalchemy import select

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
VERSION = 3
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

    @property
    def url(self) -> str:
        return f"sqlite:///{self.path}"

    def app(self, today: date = TODAY) -> Parcours:
        host = build_plugin_host(allow=BUNDLED)
        return Parcours.open(self.url, today=today, host=host, security=FAST,
                             key_file=str(self.key_file))


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


def _count(path: Path) -> int:
    con = sqlite3.connect(path)
    try:
        return con.execute("SELECT count(*) FROM persons").fetchone()[0]
    finally:
        con.close()


def template(folder: Path, log=print) -> Volume:
    """One demo delegation-year played through the engine, with the bench's users."""
    path, key = folder / "db" / f"template-v{VERSION}.db", folder / "keys" / f"bench-v{VERSION}.json"
    if path.exists() and key.exists():
        return Volume("template", path, key, _count(path))
    _remove(path)
    key.unlink(missing_ok=True)
    started = time.perf_counter()
    volume = Volume("template", path, key, 0)
    app = volume.app()
    svc.initialise(app, "admin", PASSWORD)
    admin = svc.Credential(svc.sign_in(app, "admin", PASSWORD).secret)
    summary = svc.fill_demo(app, admin, year=YEAR, seed=1)
    svc.add_user(app, admin, "sonia", "superviseur", PASSWORD, ["demo-1"])
    app.close()
    _checkpoint(path)
    volume.persons, volume.build_seconds = summary.persons, time.perf_counter() - started
    log(f"modèle : {summary.persons} personnes jouées par le moteur en {volume.build_seconds:.0f} s")
    return volume


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
        if path.exists():
            volume.persons = _count(path)
        else:
            _remove(path)
            shutil.copy(previous.path, path)
            started = time.perf_counter()
            _extend(volume, copies - copies_done, start=copies_done + 1)
            volume.build_seconds = time.perf_counter() - started
            log(f"{volume.name} : {copies - copies_done} copies en masse en "
                f"{volume.build_seconds:.0f} s")
        volume.persons = _count(path)
        volumes[scale], previous, copies_done = volume, volume, copies
    return volumes


def _extend(volume: Volume, copies: int, *, start: int) -> None:
    """Add ``copies`` bulk copies of the template (copy numbers ``start``...)."""
    from core.persistence.tuning import refresh_statistics
    from core.services.demo import add_copies

    app = volume.app()
    admin = svc.Credential(svc.sign_in(app, "admin", PASSWORD).secret)
    with app.db.read() as session:
        first = session.scalar(select(Delegation.id).where(Delegation.code == "demo-1"))
    add_copies(app, admin, first, range(start, start + copies), year=YEAR)
    with app.db.read() as session:
        codes = list(session.scalars(select(Delegation.code).order_by(Delegation.id)))
    _national(app, admin, [c for c in codes if c.startswith("demo-")])
    refresh_statistics(app.db.engine)
    app.close()
    _checkpoint(volume.path)


def _national(app: Parcours, admin: svc.Credential, codes: list[str]) -> None:
    """``nadia``: a supervisor of every delegation (created, or given the new ones)."""
    names = {u.name for u in svc.list_users(app, admin)}
    if "nadia" in names:
        svc.set_delegations(app, admin, "nadia", codes)
    else:
        svc.add_user(app, admin, "nadia", "superviseur", PASSWORD, codes)
