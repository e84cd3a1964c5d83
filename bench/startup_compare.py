"""Start-up before and after, in the same run: an older checkout against this one (issue 11 §5).

```sh
git worktree add --detach /tmp/parcours-old main       # the code to compare against
PARCOURS_DB=... PARCOURS_KEY_FILE=... PARCOURS_TODAY=2025-12-31 PARCOURS_TOKEN=... \\
    .venv/bin/python bench/startup_compare.py /tmp/parcours-old --rounds 7
```

The environment is the one ``bench/run --only startup`` gives its children (the 1k base, its
key file, a supervisor's personal token). Every measure is a new process, run from a neutral
folder: the older checkout is put first on ``PYTHONPATH`` (this checkout is found through its
editable install otherwise). Both sides are marked the same way as ``startup_ops.py`` marks
them (the first frame of the sign-in screen handed to the driver); the older interface opens
its base before the app, as its ``run()`` did. Rounds rotate the order of the measures; each
ratio is the median of per-round ratios. Wall times are spawn → mark or exit; CPU times are
the child's user + system time, less sensitive to a loaded machine.
"""

from __future__ import annotations

import argparse
import os
import resource
import statistics
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
import startup_ops as s  # the bench folder is not a package: put on the path above

OLD_TUI = s.PAINT_HOOK + """
import asyncio, os
import core.cli.main
from importlib.metadata import entry_points

PAINTED_SCREEN = "SignInScreen"

async def main():
    run = sorted(entry_points(group="parcours.ui"), key=lambda e: e.name)[0].load()
    app_module = __import__(run.__module__, fromlist=["ParcoursApp"])
    from core.services import Parcours
    parcours = Parcours.open(os.environ["PARCOURS_DB"])
    parcours.ensure_schema()
    app = app_module.ParcoursApp(parcours)
    async with app.run_test(size=(100, 30)):
        while not App._marked:
            await asyncio.sleep(0.0005)
    parcours.close()

asyncio.run(main())
"""
CLI = "import sys; from core.cli.main import run; sys.argv[0] = 'parcours'; run()"
REVIEW = ["review", "--limit", "50", "--json"]
REPORT = ["report", "--month", "2025-03", "--json"]


def measures(old: dict[str, str]) -> dict[str, tuple[list[str], dict[str, str], str | None]]:
    py = s.PYTHON
    return {
        "B1": ([py, "-c", "pass"], {}, None),
        "B2": ([py, "-c", "import pluggy, transitions, sqlalchemy.orm, pydantic"], {}, None),
        "B4": ([py, "-c", s.EMPTY_APP], {}, s.MARK),
        "tui paint old": ([py, "-c", OLD_TUI], old, s.MARK),
        "tui paint new": ([py, "-c", s.TUI], {}, s.MARK),
        "tui checked new": ([py, "-c", s.TUI], {}, s.READY),
        "review old": ([py, "-c", CLI, *REVIEW], old, None),
        "review new": ([py, "-c", CLI, *REVIEW], {}, None),
        "report old": ([py, "-c", CLI, *REPORT], old, None),
        "report new": ([py, "-c", CLI, *REPORT], {}, None),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("old", help="checkout of the code to compare against")
    parser.add_argument("--rounds", type=int, default=7)
    args = parser.parse_args()
    s.compile_project()
    subprocess.run([s.PYTHON, "-m", "compileall", "-q", args.old], check=False,
                   stdout=subprocess.DEVNULL)
    found = measures({"PYTHONPATH": str(Path(args.old).resolve())})
    neutral = Path("/")
    os.chdir(neutral)  # never this checkout as the children's sys.path[0]
    wall: dict[str, list[float]] = {k: [] for k in found}
    cpu: dict[str, list[float]] = {k: [] for k in found}
    names = list(found)
    for r in range(args.rounds):
        for name in names[r % len(names):] + names[:r % len(names)]:
            argv, extra, mark = found[name]
            env = {**os.environ, **extra}
            before = resource.getrusage(resource.RUSAGE_CHILDREN)
            if mark:
                wall[name].append(float(s._painted(argv, env, mark)))
            else:
                started = time.perf_counter()
                subprocess.run(argv, env=env, stdout=subprocess.DEVNULL, check=True)
                wall[name].append(time.perf_counter() - started)
            after = resource.getrusage(resource.RUSAGE_CHILDREN)
            cpu[name].append(after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime)
        print(f"tour {r + 1}/{args.rounds}", file=sys.stderr)
    med = statistics.median
    print("| measure | wall median | CPU median |\n|---|---|---|")
    for name in found:
        print(f"| {name} | {med(wall[name]) * 1000:.0f} ms | {med(cpu[name]) * 1000:.0f} ms |")
    budget = [a + 1.2 * b for a, b in zip(wall["B1"], wall["B2"], strict=True)]

    def ratio(name: str, over: list[float]) -> str:
        return f"{med([a / b for a, b in zip(wall[name], over, strict=True)]):.2f}"

    print("\n| ratio (median of per-round ratios) | old | new |\n|---|---|---|")
    print(f"| tui first paint ÷ B4 | {ratio('tui paint old', wall['B4'])} | "
          f"{ratio('tui paint new', wall['B4'])} |")
    print(f"| tui base checked ÷ B4 | (the paint) | {ratio('tui checked new', wall['B4'])} |")
    for command in ("review", "report"):
        print(f"| {command} ÷ (B1 + 1.2 × B2) | {ratio(command + ' old', budget)} | "
              f"{ratio(command + ' new', budget)} |")


if __name__ == "__main__":
    main()
