"""``parcours keys rotate`` killed with SIGKILL at random moments always resumes (CR-4).

A base of a few hundred persons is rotated in batches of five (about sixty-five transactions) by
the command line signed in with a personal token (``PARCOURS_TOKEN``: no password hashing per
run), its configuration, data and state directories isolated and its key file named by
``PARCOURS_KEY_FILE``. The first run is the installed script, uncut: it shows the entry point
works and times a whole rotation. The killed runs are the same command (``core.cli.main``)
in processes forked from a helper that imported Parcours once: starting the script costs one
to three seconds on a busy two-core machine, which twenty runs could not afford. Each is
killed after a seeded random delay counted from its first line on standard error (printed
just before the first step), within the time the whole rotation took. Right after each kill:

* the key file holds every KEK version the base refers to (its own, a rotation's target, and
  every person's key): the old version never leaves the file while something needs it;
* every sealed value still opens (readers work whatever the state).

Then ``parcours keys rotate`` is run again (in this process) and must finish: rotation cleared,
one version in the key file, the base on it, every person's key under it, none lost, every
sealed value open.
"""

from __future__ import annotations

import json
import os
import random
import signal
import subprocess
import sys
import textwrap
import time
from datetime import timedelta
from pathlib import Path

import pytest
from sqlalchemy import func, select

from core import services as svc
from core.persistence.access_models import BaseInfo
from core.persistence.database import Database
from core.persistence.models import PersonKey
from tests.accounts import make_app, who
from tests.cli.test_end_to_end import _script
from tests.cli_runner import invoke

from .keys_world import fill, open_everything

RUNS = 20
SEED = 20261203
BATCH = "5"
FORKER = textwrap.dedent(f"""
    import os, sys
    from core.cli.main import main
    import core.services  # the heavy imports, once, before any fork

    for line in sys.stdin:
        command, _, arg = line.strip().partition(" ")
        if command == "run":  # a child running the command, its stderr to the file named
            pid = os.fork()
            if pid == 0:
                os.dup2(os.open(arg, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600), 2)
                os.dup2(os.open(os.devnull, os.O_WRONLY), 1)
                code = main(["keys", "rotate", "--batch", "{BATCH}"])
                sys.stderr.flush()
                os._exit(code)
            print(pid, flush=True)
        elif command == "wait":  # its exit code (-9: killed)
            print(os.waitstatus_to_exitcode(os.waitpid(int(arg), 0)[1]), flush=True)
""")


def _state(url: str) -> tuple[int, dict | None, dict[int, int]]:
    db = Database(url)
    try:
        with db.read() as session:
            info = session.get(BaseInfo, 1)
            counts = dict(session.execute(select(PersonKey.kek_version, func.count())
                                          .group_by(PersonKey.kek_version)).all())
            return info.kek_version, info.rotation, counts
    finally:
        db.dispose()


def _file_versions(key_file: Path) -> set[int]:
    return {int(v) for v in json.loads(key_file.read_text())["keys"]}


@pytest.mark.slow
def test_a_rotation_killed_anywhere_resumes_to_a_consistent_base(tmp_path):
    script = _script()
    url = f"sqlite:///{tmp_path / 'p.db'}"
    app = make_app(url)
    fill(app, imported=300)
    token = svc.create_token(app, who(app, "admin"), timedelta(days=1), label="rotation").secret
    key_file = Path(app.keys.keyfile.path)
    app.close()
    persons = sum(_state(url)[2].values())
    sealed = open_everything(url, str(key_file))
    assert persons > 300 and sealed["notes"] > 300

    home = tmp_path / "home"
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PARCOURS_", "XDG_"))}
    env.update(HOME=str(home), XDG_CONFIG_HOME=str(home / "config"),
               XDG_DATA_HOME=str(home / "data"), XDG_STATE_HOME=str(home / "state"),
               PARCOURS_STATE_DIR=str(home / "state" / "parcours"), PARCOURS_DB=url,
               PARCOURS_TOKEN=token, PARCOURS_KEY_FILE=str(key_file), PARCOURS_PLUGINS_ALLOW="",
               PYTHONIOENCODING="utf-8", LC_ALL="C.UTF-8")

    # The installed script, uncut.
    done = subprocess.run([script, "keys", "rotate", "--batch", BATCH], capture_output=True,
                          text=True, encoding="utf-8", env=env, timeout=120, check=False)
    assert done.returncode == 0 and done.stderr.startswith("Rotation de la clé"), done.stderr
    assert _state(url) == (2, None, {2: persons}) and _file_versions(key_file) == {2}
    versions = [2]

    def check(run: int) -> None:
        base, rotation, counts = _state(url)
        needed = {base, *counts} | ({rotation["target"]} if rotation else set())
        assert needed <= _file_versions(key_file), (run, base, rotation, counts)
        assert sum(counts.values()) == persons, run
        assert open_everything(url, str(key_file)) == sealed, run
        code, out, err = invoke(["keys", "rotate", "--batch", "50", "--json"], env)
        assert code == 0, (run, out, err)
        base, rotation, counts = _state(url)
        assert rotation is None and counts == {base: persons}, (run, json.loads(out))
        assert _file_versions(key_file) == {base} and base > versions[-1], run
        assert list(key_file.parent.glob(".cle-*")) == [], run  # no copy left by a killed save
        assert open_everything(url, str(key_file)) == sealed, run
        versions.append(base)

    forker = subprocess.Popen([sys.executable, "-c", FORKER], stdin=subprocess.PIPE,
                              stdout=subprocess.PIPE, text=True, env=env)

    def ask(line: str) -> int:
        forker.stdin.write(line + "\n")
        forker.stdin.flush()
        return int(forker.stdout.readline())

    def started(run: int) -> int:
        """A forked run, once it has written its first line."""
        log = tmp_path / f"run-{run}.err"
        pid, limit = ask(f"run {log}"), time.monotonic() + 60
        while not (log.exists() and log.read_text(encoding="utf-8").startswith("Rotation")):
            assert time.monotonic() < limit, "the forked run never started"
            time.sleep(0.001)
        return pid

    rng = random.Random(SEED)
    killed = 0
    try:
        pid = started(-1)  # uncut: how long a whole rotation takes, from the first line
        began = time.monotonic()
        assert ask(f"wait {pid}") == 0
        whole = time.monotonic() - began
        check(-1)
        for run in range(RUNS):
            pid = started(run)
            time.sleep(rng.uniform(0, whole))
            os.kill(pid, signal.SIGKILL)  # harmless if it already ended (not reaped yet)
            killed += ask(f"wait {pid}") == -signal.SIGKILL
            check(run)
    finally:
        forker.stdin.close()
        forker.wait(timeout=60)
    assert killed >= RUNS // 2, f"only {killed} of {RUNS} runs were killed before they ended"
