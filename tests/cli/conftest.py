"""Fixtures for the command-line tests: the installed ``parcours`` script run in subprocesses.

Every test gets its own SQLite file, home, data and configuration directories under
``tmp_path``, a fixed evaluation date and an acting user. Installed plugins are blocked
(``PARCOURS_PLUGINS_ALLOW=""``): only the built-in tracks are exercised, whatever else the
environment holds, as in ``tests/conftest.py``. The file starts as a copy of one
database initialised once per session (``init --admin admin`` plus a referent, ``camille``,
and a volunteer, ``bob``), since every subprocess costs most of a second.

:meth:`Cli.many` runs independent invocations concurrently (each one is its own process and
its own transaction), which keeps the folder fast on a small machine.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import sqlite3
import subprocess
import sys
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from contextlib import closing
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

TODAY = "2026-03-10"
"""PARCOURS_TODAY for every invocation: a Tuesday."""

ADMIN, REFERENT, VOLUNTEER = "admin", "camille", "bob"


def _script() -> str:
    beside = Path(sys.executable).parent / "parcours"
    found = str(beside) if beside.exists() else shutil.which("parcours")
    if not found:
        pytest.skip("the parcours script is not installed (pip install -e .)")
    return found


PARCOURS = _script()
WORKERS = max(2, min(6, (os.cpu_count() or 2) + 2))

_FRENCH = re.compile(r"[éèêëàâçôûùîïœÉÈÀÇ«»]|\b(le|la|les|de|du|des|un|une|est|pas|pour|"
                     r"attendu|inconnue?|introuvable|invalide)\b", re.IGNORECASE)
_ENGLISH = ("Usage:", "Error:", "Invalid value", "is not a valid", "Got unexpected",
            "requires an argument", "No such", "Missing argument", "Try '")


@dataclass(frozen=True)
class Result:
    """One finished invocation."""

    args: tuple[str, ...]
    code: int
    out: str
    err: str

    def json(self) -> Any:
        try:
            return json.loads(self.out)
        except ValueError as exc:
            raise AssertionError(f"not JSON from {self.args}: {self.out[:300]!r} / {self.err!r}") from exc

    def __str__(self) -> str:
        return f"parcours {' '.join(self.args)} → {self.code}\nstdout: {self.out}\nstderr: {self.err}"


def assert_no_traceback(result: Result) -> None:
    assert "Traceback" not in result.out + result.err, str(result)
    assert "Erreur inattendue" not in result.err, str(result)


def assert_ok(result: Result) -> Result:
    """Exit 0, nothing on stderr."""
    assert_no_traceback(result)
    assert result.code == 0, str(result)
    assert result.err.strip() == "", str(result)
    return result


def assert_french_error(result: Result, code: int | None = None, match: str | None = None) -> Result:
    """A non-zero exit (``code`` if given) with a French sentence on stderr and no traceback.

    ``match`` is a regular expression searched in stderr.
    """
    assert_no_traceback(result)
    assert result.code != 0, str(result)
    if code is not None:
        assert result.code == code, str(result)
    err = result.err.strip()
    assert err, str(result)
    assert _FRENCH.search(err), f"not French: {result}"
    assert not any(marker in err for marker in _ENGLISH), f"English leaks: {result}"
    if match is not None:
        assert re.search(match, err), f"{match!r} not in stderr: {result}"
    return result


class Cli:
    """The ``parcours`` script with an environment rooted in one directory."""

    def __init__(self, root: Path, user: str | None = REFERENT) -> None:
        self.root = root
        self.db = root / "t.db"
        self.user = user
        for sub in ("home", "data", "config"):
            (root / sub).mkdir(exist_ok=True)

    @property
    def url(self) -> str:
        return f"sqlite:///{self.db}"

    def env(self, user: str | None, extra: dict[str, str | None] | None) -> dict[str, str]:
        env = {k: v for k, v in os.environ.items()
               if not k.startswith("PARCOURS_") and k not in ("HOME", "XDG_DATA_HOME",
                                                                  "XDG_CONFIG_HOME")}
        env.update(HOME=str(self.root / "home"), XDG_DATA_HOME=str(self.root / "data"),
                   XDG_CONFIG_HOME=str(self.root / "config"), PARCOURS_DB=self.url,
                   PARCOURS_TODAY=TODAY, PARCOURS_PLUGINS_ALLOW="", NO_COLOR="1",
                   PYTHONIOENCODING="utf-8", LC_ALL="C.UTF-8")
        if user:
            env["PARCOURS_USER"] = user
        for key, value in (extra or {}).items():
            if value is None:
                env.pop(key, None)
            else:
                env[key] = value
        return env

    def run(self, *args: Any, user: str | None = "", env: dict[str, str | None] | None = None,
            ) -> Result:
        """Run ``parcours ARGS``; ``user`` overrides PARCOURS_USER (None: unset)."""
        argv = tuple(str(a) for a in args)
        proc = subprocess.run([PARCOURS, *argv], capture_output=True, text=True,
                              encoding="utf-8", errors="replace", stdin=subprocess.DEVNULL,
                              env=self.env(self.user if user == "" else user, env), timeout=120,
                              check=False)
        return Result(argv, proc.returncode, proc.stdout, proc.stderr)

    def ok(self, *args: Any, **kwargs: Any) -> Result:
        return assert_ok(self.run(*args, **kwargs))

    def json(self, *args: Any, **kwargs: Any) -> Any:
        return self.ok(*args, "--json", **kwargs).json()

    def fails(self, *args: Any, code: int | None = None, match: str | None = None,
              **kwargs: Any) -> Result:
        return assert_french_error(self.run(*args, **kwargs), code, match)

    def many(self, calls: Sequence[Sequence[Any] | tuple[Sequence[Any], dict[str, Any]]],
             ) -> list[Result]:
        """Run independent invocations concurrently; results in the order given.

        Each call is a list of arguments, or a ``(arguments, run keyword arguments)`` pair.
        """
        def one(call: Any) -> Result:
            if isinstance(call, tuple) and len(call) == 2 and isinstance(call[1], dict):
                return self.run(*call[0], **call[1])
            return self.run(*call)
        with ThreadPoolExecutor(max_workers=WORKERS) as pool:
            return list(pool.map(one, calls))


def _settle(db: Path) -> None:
    """Fold the WAL into the main file so that one file is a complete copy."""
    with closing(sqlite3.connect(db)) as conn:
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")


@pytest.fixture(scope="session")
def template_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A database initialised once: admin ``admin``, referent ``camille``, volunteer ``bob``."""
    cli = Cli(tmp_path_factory.mktemp("template"), user=ADMIN)
    cli.ok("init", "--admin", ADMIN)
    for result in cli.many([("user", "add", REFERENT, "--role", "referent"),
                            ("user", "add", VOLUNTEER, "--role", "benevole")]):
        assert_ok(result)
    _settle(cli.db)
    return cli.db


@pytest.fixture
def fresh(tmp_path: Path) -> Cli:
    """No database file yet."""
    return Cli(tmp_path)


@pytest.fixture
def cli(tmp_path: Path, template_db: Path) -> Cli:
    """A copy of the initialised database; the referent ``camille`` acts by default."""
    runner = Cli(tmp_path)
    shutil.copy2(template_db, runner.db)
    return runner
