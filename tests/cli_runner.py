"""The command line under test, run in this process: ``core.cli.main.main(argv)`` inside
click's isolation (its own standard streams and environment), as the ``parcours`` script runs it.

Each :class:`Cli` is rooted in one directory: its SQLite file, home, data, configuration and
state directories, and one session file per signed-in user (``PARCOURS_SESSION``), so that
several users can be signed in at once in one test. Every invocation gets a fixed evaluation
date (``PARCOURS_TODAY``), blocks installed plugins (``PARCOURS_PLUGINS_ALLOW=""``: only the
built-in tracks, as in ``tests/conftest.py``) and drops every other ``PARCOURS_*`` variable of
the test process. Passwords are hashed at the lowest Argon2id cost the configuration accepts
(``[securite]`` in ``parcours.toml``, see ``core/auth/settings.py``).

A user acting for the first time in a :class:`Cli` signs in through ``parcours login NAME
--password-stdin``; later invocations present the saved session. The database starts as a
copy of one base initialised once per test session (per worker) through the same command
line: ``init --admin admin``, a referent ``camille`` and a volunteer ``bob``, all with
:data:`PASSWORD`.

Exit codes and streams are the script's: ``main`` returns the code and closes what it opened.
A few tests (``tests/cli/test_end_to_end.py``) still run the installed script in a process.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import sqlite3
import sys
from collections.abc import Iterator, Sequence
from contextlib import closing, contextmanager
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from core.cli.main import main
from tests.accounts import PASSWORD

TODAY = "2026-03-10"
"""PARCOURS_TODAY for every invocation: a Tuesday."""

ADMIN, REFERENT, VOLUNTEER = "admin", "camille", "bob"
SECURITY_TOML = """\
# The lowest Argon2id cost Parcours accepts (OWASP's minimum): fast enough for tests.
[securite]
argon2_memory_kib = 19456
argon2_time_cost = 2
argon2_parallelism = 1
"""

_FRENCH = re.compile(r"[éèêëàâçôûùîïœÉÈÀÇ«»]|\b(le|la|les|de|du|des|un|une|est|pas|pour|"
                     r"attendu|inconnue?|introuvable|invalide)\b", re.IGNORECASE)
_ENGLISH = ("Usage:", "Error:", "Invalid value", "is not a valid", "Got unexpected",
            "requires an argument", "No such", "Missing argument", "Try '")
_RUNNER = CliRunner()


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


def invoke(argv: Sequence[str], env: dict[str, str | None], stdin: str | None = None,
           ) -> tuple[int, str, str]:
    """Run ``parcours ARGV`` in this process: (exit code, stdout, stderr)."""
    with _RUNNER.isolation(input=stdin, env=env) as (out, err, _mixed):
        code = main(list(argv))
        sys.stdout.flush()
        sys.stderr.flush()
        return code, out.getvalue().decode("utf-8", "replace"), err.getvalue().decode("utf-8", "replace")


class Cli:
    """The command line with an environment rooted in one directory."""

    def __init__(self, root: Path, user: str | None = REFERENT) -> None:
        self.root = root
        self.db = root / "t.db"
        self.user = user
        for sub in ("home", "data", "config/parcours", "state", "sessions"):
            (root / sub).mkdir(parents=True, exist_ok=True)
        (root / "sessions").chmod(0o700)
        (root / "config" / "parcours" / "parcours.toml").write_text(SECURITY_TOML, encoding="utf-8")

    @property
    def url(self) -> str:
        return f"sqlite:///{self.db}"

    def session_file(self, user: str) -> Path:
        """Where ``user``'s session secret is kept (``PARCOURS_SESSION``)."""
        return self.root / "sessions" / user

    @property
    def default_session_dir(self) -> Path:
        """Where ``parcours login`` keeps sessions when ``PARCOURS_SESSION`` is not set."""
        return self.root / "state" / "parcours" / "sessions"

    def env(self, user: str | None, extra: dict[str, str | None] | None = None,
            ) -> dict[str, str | None]:
        """The environment of one invocation: ``user``'s session, none if ``user`` is None."""
        env: dict[str, str | None] = {k: None for k in os.environ if k.startswith("PARCOURS_")}
        env.update(HOME=str(self.root / "home"), XDG_DATA_HOME=str(self.root / "data"),
                   XDG_CONFIG_HOME=str(self.root / "config"), XDG_STATE_HOME=str(self.root / "state"),
                   PARCOURS_STATE_DIR=str(self.root / "state" / "parcours"), PARCOURS_DB=self.url,
                   PARCOURS_TODAY=TODAY, PARCOURS_PLUGINS_ALLOW="", NO_COLOR="1")
        if user:
            env["PARCOURS_SESSION"] = str(self.session_file(user))
        env.update(extra or {})
        return env

    def run(self, *args: Any, user: str | None = "", env: dict[str, str | None] | None = None,
            input: str | None = None) -> Result:
        """Run ``parcours ARGS`` as ``user`` (default: this Cli's; None: nobody signed in).

        A user without a session file here signs in first. ``env`` adds or removes (None)
        variables; ``input`` is standard input.
        """
        who = self.user if user == "" else user
        if who and not self.session_file(who).exists():
            assert_ok(self.login(who))
        argv = tuple(str(a) for a in args)
        code, out, err = invoke(argv, self.env(who, env), input)
        return Result(argv, code, out, err)

    def login(self, name: str, password: str = PASSWORD, **kwargs: Any) -> Result:
        """``parcours login NAME --password-stdin`` into ``name``'s session file."""
        return self.run_as_nobody("login", name, "--password-stdin", input=password + "\n",
                                  env={"PARCOURS_SESSION": str(self.session_file(name)),
                                       **kwargs.pop("env", {})}, **kwargs)

    def run_as_nobody(self, *args: Any, **kwargs: Any) -> Result:
        return self.run(*args, user=None, **kwargs)

    def ok(self, *args: Any, **kwargs: Any) -> Result:
        return assert_ok(self.run(*args, **kwargs))

    def json(self, *args: Any, **kwargs: Any) -> Any:
        return self.ok(*args, "--json", **kwargs).json()

    def fails(self, *args: Any, code: int | None = None, match: str | None = None,
              **kwargs: Any) -> Result:
        return assert_french_error(self.run(*args, **kwargs), code, match)

    def many(self, calls: Sequence[Sequence[Any] | tuple[Sequence[Any], dict[str, Any]]],
             ) -> list[Result]:
        """Run invocations one after the other; results in the order given.

        Each call is a list of arguments, or a ``(arguments, run keyword arguments)`` pair.
        """
        def one(call: Any) -> Result:
            if isinstance(call, tuple) and len(call) == 2 and isinstance(call[1], dict):
                return self.run(*call[0], **call[1])
            return self.run(*call)
        return [one(call) for call in calls]

    def add_user(self, name: str, role: str, *more: str) -> Result:
        """``user add NAME --role ROLE`` by the admin, with :data:`PASSWORD`."""
        return self.ok("user", "add", name, "--role", role, *more, "--password-stdin",
                       user=ADMIN, input=PASSWORD + "\n")

    @contextmanager
    def database(self) -> Iterator[sqlite3.Connection]:
        """The SQLite file itself, for what no command may do (moving a clock back)."""
        with closing(sqlite3.connect(self.db)) as conn, conn:
            yield conn

    def age_sessions(self, user: str, idle: timedelta = timedelta(0),
                     absolute: timedelta = timedelta(0)) -> int:
        """Pretend ``user``'s sessions were last used ``idle`` ago and end ``absolute`` sooner.

        The session clock is the real one (``PARCOURS_TODAY`` moves only the evaluation
        date), so time passing is written where the clock is read: ``last_seen_at`` and
        ``expires_at``. Returns how many sessions were changed.
        """
        with self.database() as conn:
            rows = conn.execute(
                "SELECT s.id, s.last_seen_at, s.expires_at FROM auth_sessions s "
                "JOIN users u ON u.id = s.user_id WHERE u.name = ? AND s.kind = 'session'",
                (user,)).fetchall()
            for sid, seen, ends in rows:
                conn.execute("UPDATE auth_sessions SET last_seen_at = ?, expires_at = ? WHERE id = ?",
                             (_shift(seen, -idle), _shift(ends, -absolute), sid))
        return len(rows)

    def age_failures(self, by: timedelta) -> int:
        """Pretend every failed sign-in happened ``by`` earlier (the rows are keyed by a hash
        of the name, so all of them move: a test fails to sign in as one name at a time)."""
        with self.database() as conn:
            rows = conn.execute("SELECT key, last_failure_at, locked_until FROM signin_throttle"
                                ).fetchall()
            for key, last, locked in rows:
                conn.execute("UPDATE signin_throttle SET last_failure_at = ?, locked_until = ? "
                             "WHERE key = ?", (_shift(last, -by), locked and _shift(locked, -by), key))
        return len(rows)


def _shift(stored: str, delta: timedelta) -> str:
    """A datetime as SQLAlchemy stores it in SQLite (``YYYY-MM-DD HH:MM:SS.ffffff``), moved."""
    from datetime import datetime
    return str(datetime.fromisoformat(stored) + delta)


def _settle(db: Path) -> None:
    """Fold the WAL into the main file so that one file is a complete copy."""
    with closing(sqlite3.connect(db)) as conn:
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")


@pytest.fixture(scope="session")
def template_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A database initialised once: admin ``admin``, referent ``camille``, volunteer ``bob``."""
    cli = Cli(tmp_path_factory.mktemp("template"), user=ADMIN)
    assert_ok(cli.run_as_nobody("init", "--admin", ADMIN, "--password-stdin",
                                input=PASSWORD + "\n"))
    cli.add_user(REFERENT, "referent")
    cli.add_user(VOLUNTEER, "benevole")
    _settle(cli.db)
    return cli.db


@pytest.fixture
def fresh(tmp_path: Path) -> Cli:
    """No database file yet, nobody signed in."""
    return Cli(tmp_path, user=None)


@pytest.fixture
def cli(tmp_path: Path, template_db: Path) -> Cli:
    """A copy of the initialised database; the referent ``camille`` acts by default."""
    runner = Cli(tmp_path)
    shutil.copy2(template_db, runner.db)
    # The copy is the same base (same id): it opens with the template's key file, which
    # `init` created in the template's configuration directory.
    shutil.copytree(template_db.parent / "config" / "parcours" / "cles",
                    runner.root / "config" / "parcours" / "cles", dirs_exist_ok=True)
    return runner
