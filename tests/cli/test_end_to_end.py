"""The installed ``parcours`` script in real processes: what the in-process runner cannot show
(the console-script entry point, a standard input that is no terminal, exit statuses seen by
the shell, the session file written where platformdirs puts it).

Every other command-line test runs in this process (``tests/cli_runner.py``); each process
here costs about a second, so there are few.
"""

from __future__ import annotations

import json
import os
import shutil
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from tests.accounts import PASSWORD
from tests.cli_runner import ADMIN, SECURITY_TOML, TODAY, Result, assert_french_error, assert_ok


def _script() -> str:
    beside = Path(sys.executable).parent / "parcours"
    found = str(beside) if beside.exists() else shutil.which("parcours")
    if not found:
        pytest.skip("the parcours script is not installed (pip install -e .)")
    return found


class Script:
    """``parcours`` with a home, configuration and state rooted in one directory."""

    def __init__(self, root: Path) -> None:
        self.root, self.script = root, _script()
        (root / "config" / "parcours").mkdir(parents=True)
        (root / "config" / "parcours" / "parcours.toml").write_text(SECURITY_TOML, encoding="utf-8")
        self.db = root / "t.db"

    def run(self, *args: str, stdin: str | None = None) -> Result:
        env = {k: v for k, v in os.environ.items()
               if not k.startswith(("PARCOURS_", "XDG_")) and k != "HOME"}
        env.update(HOME=str(self.root), XDG_CONFIG_HOME=str(self.root / "config"),
                   XDG_STATE_HOME=str(self.root / "state"), XDG_DATA_HOME=str(self.root / "data"),
                   PARCOURS_DB=f"sqlite:///{self.db}", PARCOURS_TODAY=TODAY,
                   PARCOURS_PLUGINS_ALLOW="", PARCOURS_STATE_DIR=str(self.root / "state" / "parcours"),
                   PYTHONIOENCODING="utf-8", LC_ALL="C.UTF-8")
        done = subprocess.run([self.script, *args], capture_output=True, text=True, encoding="utf-8",
                              input=stdin, stdin=None if stdin is not None else subprocess.DEVNULL,
                              env=env, timeout=120, check=False)
        return Result(args, done.returncode, done.stdout, done.stderr)


@pytest.mark.slow
def test_a_day_through_the_installed_script(tmp_path):
    parcours = Script(tmp_path)
    assert_ok(parcours.run("init", "--admin", ADMIN, "--password-stdin", stdin=PASSWORD + "\n"))
    assert_french_error(parcours.run("person", "list"), 1, "lancez « parcours login NOM »")
    assert_ok(parcours.run("login", ADMIN, "--password-stdin", stdin=PASSWORD + "\n"))
    [session] = (tmp_path / "state" / "parcours" / "sessions").iterdir()
    assert stat.S_IMODE(session.stat().st_mode) == 0o600
    added = json.loads(assert_ok(parcours.run("person", "add", "Amina", "--json")).out)
    assert added["alias"] == "Amina" and added["view"] == "front_desk"
    assert_french_error(parcours.run("person", "show", str(added["id"])), 1, "introuvable")
    assert assert_ok(parcours.run("logout")).out == "Déconnecté·e.\n"
    assert not session.exists()
    assert_french_error(parcours.run("whoami"), 1, "lancez « parcours login NOM »")


def test_without_a_terminal_the_script_prints_its_usage_and_asks_no_password(tmp_path):
    parcours = Script(tmp_path)
    usage = assert_ok(parcours.run())
    assert "Utilisation : parcours COMMANDE" in usage.out
    refused = assert_french_error(parcours.run("init", "--admin", ADMIN), 2)
    assert "Traceback" not in refused.err and "Mot de passe" not in refused.out + refused.err
