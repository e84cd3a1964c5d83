"""What the input gate costs: the door's check of every argument, and a whole service call.

Times, interleaved in the same process (``bench/README.md``):

* ``door check`` alone, on the arguments of an ``advance`` (four facts) and of a note of
  5,000 characters;
* ``note add`` and ``advance`` through the services on a SQLite base, with the door's check as
  shipped and with it replaced by a no-op (the baseline doing the same work without it);
* the refusal of a one-megabyte note at the door.

It prints a Markdown table (median, min, max µs over the batches, and the median of the
per-batch ratios) and always exits 0.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

NOTE = "Rendez-vous à la CAF jeudi, puis à la préfecture. " * 100
FACTS = {"referent": "camille", "date_envoi": "2026-03-01", "avis": "favorable",
         "motif_pause": "x" * 200}


def _timed(func, repeat: int) -> float:
    start = time.perf_counter()
    for _ in range(repeat):
        func()
    return (time.perf_counter() - start) / repeat * 1e6


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--batches", type=int, default=7)
    parser.add_argument("--calls", type=int, default=200, help="service calls per batch")
    opts = parser.parse_args()
    os.environ.setdefault("PARCOURS_STATE_DIR", tempfile.mkdtemp())
    os.environ["XDG_CONFIG_HOME"] = tempfile.mkdtemp()

    from core import services as svc
    from core.services import arguments
    from tests.accounts import make_app, who

    app = make_app(f"sqlite:///{tempfile.mkdtemp()}/bench.db", today=date(2026, 3, 10))
    camille = who(app, "camille")
    person = svc.add_person(app, camille, "Amina").id
    real = arguments.check
    body = svc.advance.body

    def note_add() -> None:
        svc.add_note(app, camille, person, NOTE)

    def list_persons() -> None:
        svc.list_persons(app, camille, "Ami")

    rows: dict[str, list[float]] = {}
    ratios: dict[str, list[float]] = {}
    for _ in range(max(opts.batches, 3)):
        found = {
            "door check, advance (4 facts)": _timed(
                lambda: real(body, (person, "parcours", "suivre"), {"facts": FACTS}), 5000),
            "door check, 5,000-character note": _timed(
                lambda: real(body, (person, "parcours", "suivre"), {"note": NOTE}), 5000),
        }
        for name, call in (("note add", note_add), ("person list --search", list_persons)):
            arguments.check = lambda *a: None
            bare = _timed(call, opts.calls)
            arguments.check = real
            gated = _timed(call, opts.calls)
            found[f"{name}, gate off"] = bare
            found[f"{name}, gate on"] = gated
            ratios.setdefault(f"{name}: on / off", []).append(gated / bare)
        for name, value in found.items():
            rows.setdefault(name, []).append(value)
    app.close()
    print("| row | median µs | min | max |\n|---|---:|---:|---:|")
    for name, values in rows.items():
        print(f"| {name} | {statistics.median(values):.1f} | {min(values):.1f} | {max(values):.1f} |")
    print("\n| ratio | median | min | max |\n|---|---:|---:|---:|")
    for name, values in ratios.items():
        print(f"| {name} | {statistics.median(values):.3f} | {min(values):.3f} | {max(values):.3f} |")


if __name__ == "__main__":
    main()
