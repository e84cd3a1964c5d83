"""Backup benchmark: the encrypted backup and the write guard against their raw baselines.

Run with ``.venv/bin/python bench/backup_bench.py`` (``--persons 1000,10000``). A script, not a
test: it prints a table and always exits 0. For each size, a throw-away SQLite base is filled
through the person import (sealed aliases, search hashes, audit rows), then, interleaved in
batches, and each ratio taken inside a batch (median over the batches):

* ``backup``: :func:`core.services.backups.write_backup` (the body of ``backup.create``:
  consistent copy, row counts, AES-256-GCM records, fsync) against B-copy, the same
  ``sqlite3`` backup API copy into a temporary file with nothing else;
* ``drill``: :func:`core.services.restores.restore_backup` into a new file (decrypt, restore,
  every check) against B-copy;
* ``guard``: the first write of a new :class:`Database` when the quick check must run (cache
  emptied) against the same first write with the cache warm: what the check costs a command
  that finds a file changed by someone else.
"""

from __future__ import annotations

import argparse
import os
import shutil
import sqlite3
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from contextlib import closing
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

BATCHES = 5


def _timed(run: Callable[[], object]) -> float:
    start = time.perf_counter()
    run()
    return time.perf_counter() - start


def _fill(url: str, persons: int) -> None:
    from core import services as svc
    from tests.accounts import make_app, who
    app = make_app(url)
    try:
        rows = ["pseudo;premier passage;référent;notes"]
        rows += [f"Personne banc {i};;;" for i in range(persons)]
        data = "\r\n".join(rows).encode("utf-8")
        svc.import_bytes(app, who(app, "admin"), "personnes", data, "banc.csv")
    finally:
        app.close()


def _measure(folder: Path, persons: int) -> dict[str, list[float]]:
    from core.persistence import health
    from core.persistence.database import Database
    from core.services.app import Parcours
    from core.services.backups import write_backup
    from core.services.restores import restore_backup
    from tests.accounts import FAST
    url = f"sqlite:///{folder / 'banc.db'}"
    _fill(url, persons)
    app = Parcours.open(url, security=FAST)
    found: dict[str, list[float]] = {k: [] for k in ("backup", "B-copy", "drill", "guard cold",
                                                       "guard warm")}
    size = (folder / "banc.db").stat().st_size
    try:
        for batch in range(BATCHES):
            target = folder / f"b{batch}.sauvegarde"
            found["backup"].append(_timed(lambda t=target: write_backup(app, t)))
            raw = folder / f"raw{batch}.db"

            def plain_copy(raw: Path = raw) -> None:
                with closing(sqlite3.connect(folder / "banc.db")) as source, \
                        closing(sqlite3.connect(raw)) as copy:
                    source.backup(copy, pages=-1)
            found["B-copy"].append(_timed(plain_copy))
            restored = f"sqlite:///{folder / f'r{batch}.db'}"
            found["drill"].append(_timed(lambda t=target, r=restored: restore_backup(t, r)))

            def first_write(cold: bool) -> None:
                if cold:
                    (health._state_dir() / health.CACHE_FILE).unlink(missing_ok=True)
                db = Database(url)
                with db.write() as session:
                    session.connection().exec_driver_sql("SELECT 1")
                db.dispose()
            found["guard cold"].append(_timed(lambda: first_write(True)))
            found["guard warm"].append(_timed(lambda: first_write(False)))
            for leftover in (raw, folder / f"r{batch}.db", target):
                leftover.unlink(missing_ok=True)
    finally:
        app.close()
    found["size"] = [size]
    return found


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--persons", default="1000,10000",
                        help="sizes, comma-separated (default 1000,10000)")
    args = parser.parse_args()
    root = Path(tempfile.mkdtemp(prefix="parcours-banc-"))
    os.environ["PARCOURS_STATE_DIR"] = str(root / "state")
    for name in ("XDG_CONFIG_HOME", "XDG_STATE_HOME", "XDG_DATA_HOME"):
        os.environ[name] = str(root / name.lower())
    os.environ.pop("PARCOURS_KEY_FILE", None)
    print("| persons | file | backup ms | B-copy ms | backup/B-copy | drill ms | drill/B-copy "
          "| guard cold ms | guard warm ms | cold/warm |")
    print("|---|---|---|---|---|---|---|---|---|---|")
    try:
        for persons in (int(p) for p in args.persons.split(",")):
            folder = root / str(persons)
            folder.mkdir()
            m = _measure(folder, persons)
            med = {k: statistics.median(v) * 1000 for k, v in m.items() if k != "size"}

            def ratio(a: str, b: str, m: dict[str, list[float]] = m) -> float:
                return statistics.median(x / y for x, y in zip(m[a], m[b], strict=True))
            print(f"| {persons:,} | {m['size'][0] / 1e6:.1f} MB | {med['backup']:.0f} | "
                  f"{med['B-copy']:.0f} | {ratio('backup', 'B-copy'):.1f} | {med['drill']:.0f} | "
                  f"{ratio('drill', 'B-copy'):.1f} | {med['guard cold']:.1f} | "
                  f"{med['guard warm']:.1f} | {ratio('guard cold', 'guard warm'):.1f} |")
    except Exception as exc:  # a benchmark reports, it never fails CI
        print(f"benchmark interrompu : {type(exc).__name__}: {exc}")
    finally:
        shutil.rmtree(root, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
