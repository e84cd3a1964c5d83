"""Start-up, spawn to result, each beside its baseline in the same rounds (issue 11 §5).

Every measure is a new process of the project's interpreter, timed from the spawn:

* ``B1``: ``python -c pass``, the interpreter floor (performance.md B1).
* ``B2``: ``python -c "import pluggy, transitions, sqlalchemy.orm, pydantic"``, the stack
  import (performance.md B2, here with the interpreter start-up included: B1 is subtracted
  where the goal says "B1 + 1.2 × B2").
* ``B4``: an empty Textual ``App`` driven by ``run_test``, spawn → first paint: the child
  prints a mark once the first frame of its screen has been handed to the (headless) driver
  (``App._display`` wrapped); the parent stops its clock on that line. Earlier tables waited
  for ``pilot.pause()`` instead, which returns only once the whole process is idle: with the
  base now opened by a worker after the paint, that would time the worker, not the paint.
* ``tui first paint``: what ``parcours`` without a sub-command does (``core.cli.main``, the
  ``parcours.ui`` entry point, ``ParcoursApp`` as :func:`tui.app.run` builds it), up to the
  sign-in screen's first frame, by the same mark.
* ``tui base checked``: the same process, up to the base opened and checked
  (``Parcours.open``, ``ensure_schema``, the key) by the worker the app starts after its
  first paint: when a sign-in can actually be answered.
* ``tracks --json``, ``rules``, ``rule``, ``plugins``: the console script, whole process.
* ``review``, ``report``: the console script on the base, with a personal token of its
  supervisor (``PARCOURS_TOKEN``), whole process; ``B1 + 1.2 × B2`` is derived from the same
  rounds' B1 and B2.

Each child's modules are also listed once (``-X importtime``) to say whether
``sqlalchemy.orm`` and ``textual`` were imported. The project's bytecode is written first
(:func:`compile_project`): the children time an installed program, not the compiler.
"""

from __future__ import annotations

import os
import subprocess
import sys
from datetime import timedelta
from pathlib import Path

from timing import Elapsed

from volumes import PASSWORD, TODAY, YEAR, Volume

PYTHON = sys.executable
SCRIPT = str(Path(PYTHON).with_name("parcours"))
MARK = "painted"
READY = "ready"

PAINT_HOOK = f"""
from textual.app import App
_display = App._display
def _display_and_mark(self, screen, renderable):
    # The first frame of the awaited screen handed to the driver (headless: not written).
    _display(self, screen, renderable)
    if renderable is not None and type(screen).__name__ == PAINTED_SCREEN and not App._marked:
        App._marked = True
        print({MARK!r}, flush=True)
App._marked = False
App._display = _display_and_mark
"""

EMPTY_APP = PAINT_HOOK + """
import asyncio

PAINTED_SCREEN = "Screen"

async def main():
    async with App().run_test(size=(100, 30)) as pilot:
        while not App._marked:
            await asyncio.sleep(0.0005)

asyncio.run(main())
"""

TUI = PAINT_HOOK + f"""
import asyncio, os
import core.cli.main  # what the ``parcours`` script imports before choosing the interface
from importlib.metadata import entry_points

PAINTED_SCREEN = "SignInScreen"

async def main():
    run = sorted(entry_points(group="parcours.ui"), key=lambda e: e.name)[0].load()
    app_module = __import__(run.__module__, fromlist=["ParcoursApp", "close"])
    # What run() does: the app opens and checks the base in a worker after its first paint.
    app = app_module.ParcoursApp(url=os.environ["PARCOURS_DB"])
    async with app.run_test(size=(100, 30)) as pilot:
        while app.backend.settled(timeout=0) is None and app.unusable is None:
            await asyncio.sleep(0.0005)
        assert App._marked and app.unusable is None, app.unusable
        print({READY!r}, flush=True)
    app_module.close(app)

asyncio.run(main())
"""


def _painted(argv: list[str], env: dict[str, str], mark: str = MARK) -> Elapsed:
    """Spawn ``argv``, stop the clock on its ``mark`` line, then wait for its exit (untimed)."""
    import time
    started = time.perf_counter()
    child = subprocess.Popen(argv, env=env, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL,
                             text=True)
    assert child.stdout is not None
    for text in child.stdout:
        if text.strip() == mark:
            elapsed = time.perf_counter() - started
            break
    else:
        child.wait()
        raise RuntimeError(f"no first paint from {argv[-1][:60]!r} (exit {child.returncode})")
    child.stdout.read()
    child.wait()
    return Elapsed(elapsed)


def _whole(argv: list[str], env: dict[str, str]) -> None:
    done = subprocess.run(argv, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                          text=True, check=False)
    if done.returncode != 0:
        raise RuntimeError(f"{' '.join(argv[1:])} failed: {done.stderr.strip()[:200]}")


def _token(volume: Volume) -> str:
    from core import services as svc
    app = volume.app()
    try:
        signed = svc.sign_in(app, "sonia", PASSWORD)
        token = svc.create_token(app, svc.Credential(signed.secret), timedelta(days=1),
                                 "bench start-up")
        return token.secret
    finally:
        app.close()


def commands(volume: Volume) -> dict[str, list[str]]:
    """Measure name → argv (the catalog commands, review, report, the baselines)."""
    return {
        "B1": [PYTHON, "-c", "pass"],
        "B2": [PYTHON, "-c", "import pluggy, transitions, sqlalchemy.orm, pydantic"],
        "B4": [PYTHON, "-c", EMPTY_APP],
        "tui first paint": [PYTHON, "-c", TUI],
        "tui base checked": [PYTHON, "-c", TUI],
        "tracks --json": [SCRIPT, "tracks", "--json"],
        "rules": [SCRIPT, "rules"],
        "rule": [SCRIPT, "rule", "asile.cnda_1m", "--start", "2025-03-10"],
        "plugins": [SCRIPT, "plugins"],
        "review": [SCRIPT, "review", "--limit", "50", "--json"],
        "report": [SCRIPT, "report", "--month", f"{YEAR}-03", "--json"],
    }


PAINTED = {"B4": MARK, "tui first paint": MARK, "tui base checked": READY}


def environment(volume: Volume) -> dict[str, str]:
    env = dict(os.environ)
    env.update({"PARCOURS_DB": volume.url, "PARCOURS_KEY_FILE": str(volume.key_file),
                "PARCOURS_TODAY": TODAY.isoformat(), "PARCOURS_TOKEN": _token(volume)})
    env.pop("PARCOURS_DEBUG", None)
    return env


def compile_project() -> None:
    """Write the project's bytecode before timing, as installing a wheel does.

    An editable install leaves ``core``, ``tui`` and ``plugins`` without ``__pycache__``, and
    with ``PYTHONDONTWRITEBYTECODE`` set (as on the shared machine) every child recompiled
    about 160 modules from source (≈ 0.3 s), a cost the baselines, read from site-packages'
    bytecode, never paid.
    """
    import compileall
    import core
    import plugins
    import tui
    for package in (core, tui, plugins):
        for folder in package.__path__:
            compileall.compile_dir(folder, quiet=1)


def startup_ops(volume: Volume, app: object = None) -> dict[str, object]:
    """Each start-up measure on ``volume`` (name → callable)."""
    compile_project()
    env = environment(volume)
    ops: dict[str, object] = {}
    for name, argv in commands(volume).items():
        if name in PAINTED:
            ops[name] = lambda argv=argv, mark=PAINTED[name]: _painted(argv, env, mark)
        else:
            ops[name] = lambda argv=argv: _whole(argv, env)
    return ops


def imported(volume: Volume, names: tuple[str, ...] = ("sqlalchemy.orm", "textual",
                                                       "plotext")) -> dict[str, list[str]]:
    """Measure name → which of ``names`` its process imported (``-X importtime``, once)."""
    env = environment(volume)
    found = {}
    for name, argv in commands(volume).items():
        if argv[0] == PYTHON:
            argv = [PYTHON, "-X", "importtime", *argv[1:]]
        else:  # the console script's own body, under -X importtime
            argv = [PYTHON, "-X", "importtime", "-c",
                    "import sys; from core.cli.main import run; sys.argv[0] = 'parcours'; run()",
                    *argv[1:]]
        done = subprocess.run(argv, env=env, capture_output=True, text=True, check=False)
        modules = {line.split("|")[-1].strip() for line in done.stderr.splitlines()
                   if line.startswith("import time:")}
        found[name] = [n for n in names if n in modules]
    return found
