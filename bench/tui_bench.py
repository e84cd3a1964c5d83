"""TUI benchmark: first paint of the people list with 10,000 persons, and a keystroke's reaction.

Run with ``.venv/bin/python bench/tui_bench.py`` (``--help`` for the sizes). It is a script, not a
test: it prints a table and always exits 0. The persons are imported into a temporary
SQLite file as a person list (``import_bytes``: bulk inserts, performance.md G-BULK-1;
aliases sealed, pathways started, as the interface reads them), then, in the same process and
interleaved round by round (performance.md: this kind of machine drifts by up to 1.7× between
runs), it times:

* **B4**: an empty Textual ``App``'s ``run_test`` up to its first paint (the bare start-up);
* **people list first paint**: ``ParcoursApp`` started on the people screen (session already
  opened, as after the sign-in form) up to the first page of persons painted, with the
  ``Parcours`` context opened
  inside the timing (plugins, engine) as ``parcours`` does at start-up (G-UI-1); the same on
  an empty database shows what the 10,000 persons themselves cost (G-UI-1 asks for a start
  that does not grow with the list);
* **keystroke → list**: one key typed in the search box until the list shows the new result,
  against the same ``pilot.press`` on an empty app with a focused ``Input`` (G-UI-3);
* **cursor down / End** in the list, against the same key on the empty app.

Each ratio is computed inside a round and the median over the rounds is reported.
"""

from __future__ import annotations

import argparse
import asyncio
import gc
import os
import random
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import date
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

TODAY = date(2026, 3, 10)
PASSWORD = "Banc-Essai-Cheval-2026!"
SYLLABLES = ("a", "ma", "li", "na", "zo", "é", "lo", "ï", "sa", "ra", "ka", "ti", "be", "ne", "ya",
             "mi", "do", "ou", "ch", "la")


def alias(rng: random.Random) -> str:
    return "".join(rng.choice(SYLLABLES) for _ in range(rng.randint(2, 4))).capitalize()


def populate(url: str, persons: int) -> None:
    """Users via the services, then ``persons`` persons of the first delegation, imported as
    a person list (``import_bytes``: bulk inserts, their aliases sealed, their pathway
    started), by a supervisor."""
    from core import services as svc
    from core.plugins import build_plugin_host
    from core.services import Parcours

    app = Parcours.open(url, today=TODAY, host=build_plugin_host(load_entrypoints=False))
    svc.initialise(app, "admin", PASSWORD)
    admin = svc.Credential(svc.sign_in(app, "admin", PASSWORD).secret)
    svc.add_user(app, admin, "camille", "referent", PASSWORD)
    svc.add_user(app, admin, "sonia", "superviseur", PASSWORD)
    rng = random.Random(20260310)
    names = sorted({alias(rng) for _ in range(persons * 2)})[:persons]
    if names:
        sheet = "\r\n".join(["pseudo;premier passage",
                              *(f"{n} {i};10/03/2026" for i, n in enumerate(names))])
        sonia = svc.Credential(svc.sign_in(app, "sonia", PASSWORD).secret)
        svc.import_bytes(app, sonia, "personnes", sheet.encode("utf-8"), "banc.csv")
    app.close()


async def wait_until(pilot, condition: Callable[[], bool]) -> None:
    while not condition():
        await asyncio.sleep(0.0005)
    await pilot.pause()  # the refresh that paints it


async def bare_start() -> float:
    """B4: an empty app, from ``run_test`` to its first paint."""
    from textual.app import App

    start = time.perf_counter()
    async with App().run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        elapsed = time.perf_counter() - start
    return elapsed


async def bare_keys() -> dict[str, float]:
    """The pilot's floor: one key on an empty app with a focused input."""
    from textual.app import App, ComposeResult
    from textual.widgets import Input

    class One(App):
        def compose(self) -> ComposeResult:
            yield Input()

    times = {}
    async with One().run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        for key in ("m", "down", "end"):
            start = time.perf_counter()
            await pilot.press(key)
            await pilot.pause()  # as the measured side waits for the painted result
            times[key] = time.perf_counter() - start
    return times


async def people(url: str, search: str = "") -> dict[str, float]:
    """Our app: first paint of the people list, then keystrokes and list moves."""
    from core import services as svc
    from core.services import Parcours
    from tui.app import ParcoursApp
    from tui.screens.people import PeopleScreen
    from tui.widgets.person_list import PersonList

    times: dict[str, float] = {}
    signing = Parcours.open(url, today=TODAY)  # the password's hashing is not the list's cost
    session = svc.sign_in(signing, "camille", PASSWORD)
    signing.close()
    start = time.perf_counter()
    parcours = Parcours.open(url, today=TODAY)
    app = ParcoursApp(parcours, session=session, start="people")
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_until(pilot, lambda: isinstance(app.screen, PeopleScreen)
                         and app.screen.generation >= 1)
        times["first paint"] = time.perf_counter() - start
        screen = app.screen
        times["rows shown"] = len(screen.query_one(PersonList).rows)
        times["total"] = screen.total
        if not search:
            parcours.close()
            return times
        keys = []
        for char in search:
            seen = screen.generation
            start = time.perf_counter()
            await pilot.press(char)
            await wait_until(pilot, lambda s=seen: screen.generation > s)
            keys.append(time.perf_counter() - start)
        times["keystroke"] = statistics.median(keys)
        times["matches"] = screen.total if screen.total is not None else -1  # not counted
        listing = screen.query_one(PersonList)
        listing.focus()
        await pilot.pause()
        for key in ("down", "end"):
            start = time.perf_counter()
            await pilot.press(key)
            await pilot.pause()
            times[key] = time.perf_counter() - start
    parcours.close()
    return times


def measured(session):  # a coroutine and its result
    """Run one timed session after a full collection, so no session pays for another's garbage."""
    gc.collect()
    return asyncio.run(session)


def run(args: argparse.Namespace) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        url = f"sqlite:///{Path(tmp) / 'bench.db'}"
        empty = f"sqlite:///{Path(tmp) / 'empty.db'}"
        populate(empty, 0)
        start = time.perf_counter()
        populate(url, args.persons)
        print(f"{args.persons} persons imported in {time.perf_counter() - start:.2f} s "
              f"(python {sys.version.split()[0]}, {os.cpu_count()} CPU)\n")
        rounds: list[dict[str, float]] = []
        for _ in range(args.rounds):
            row = {"B4": measured(bare_start())}
            row.update({f"floor {k}": v for k, v in measured(bare_keys()).items()})
            row["empty first paint"] = measured(people(empty))["first paint"]
            row.update(measured(people(url, args.search)))
            rounds.append(row)
        report(rounds, args)


def report(rounds: list[dict[str, float]], args: argparse.Namespace) -> None:
    med = {k: statistics.median(r[k] for r in rounds) for k in rounds[0]}

    def ratio(a: str, b: str) -> float:
        return statistics.median(r[a] / r[b] for r in rounds)

    first = rounds[0]
    print(f"people list: {int(first['total'])} persons, {int(first['rows shown'])} rows loaded "
          f"(one page); search {args.search!r} leaves "
          f"{int(first['matches']) if first['matches'] >= 0 else 'an uncounted number'}\n")
    title = f"measure (median of {len(rounds)} rounds)"
    print(f"{title:44} {'ms':>9} {'baseline ms':>12} {'ratio':>7}  goal")
    rows = [("B4 bare Textual start to first paint", "B4", None, ""),
            ("people list first paint (G-UI-1)", "first paint", "B4", "≤ 2 × B4, < 1.5 s"),
            ("  same, empty database (0 persons)", "empty first paint", "B4", ""),
            ("  10,000 persons against 0", "first paint", "empty first paint", "size-independent"),
            ("keystroke in search → list updated (G-UI-3)", "keystroke", "floor m", "≤ 1.5 ×, < 150 ms"),
            ("cursor down in the list (G-UI-3)", "down", "floor down", "≤ 1.5 ×, < 150 ms"),
            ("End in the list (G-UI-3)", "end", "floor end", "≤ 1.5 ×, < 150 ms")]
    for label, key, base, goal in rows:
        base_ms = f"{med[base] * 1000:12.1f}" if base else f"{'':12}"
        r = f"{ratio(key, base):7.2f}" if base else f"{'':7}"
        print(f"{label:44} {med[key] * 1000:9.1f} {base_ms} {r}  {goal}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--persons", type=int, default=10_000)
    parser.add_argument("--rounds", type=int, default=7)
    parser.add_argument("--search", default="ma", help="keys typed one by one in the search box")
    try:
        run(parser.parse_args())
    except Exception as exc:  # a benchmark never fails the build
        print(f"benchmark failed: {type(exc).__name__}: {exc}")


if __name__ == "__main__":
    main()
