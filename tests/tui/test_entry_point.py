"""``parcours`` with no sub-command opens the interface through the ``parcours.ui`` entry point."""

from __future__ import annotations

import importlib.metadata
import subprocess
import sys
from datetime import date

import pytest

from core.cli import main as cli_main


class FakeEntryPoint:
    def __init__(self, name: str, target) -> None:
        self.name, self.target = name, target

    def load(self):
        return self.target


@pytest.fixture
def terminal(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sys.stdin, "isatty", lambda: True, raising=False)
    monkeypatch.setattr(sys.stdout, "isatty", lambda: True, raising=False)


def test_the_interface_is_registered_as_an_entry_point():
    found = {e.name: e.value for e in importlib.metadata.entry_points(group="parcours.ui")}
    assert found.get("tui") == "tui.app:run"


def test_no_argument_calls_the_first_interface_with_db_and_today(terminal, monkeypatch):
    calls = []
    points = [FakeEntryPoint("zz", lambda *a: calls.append(("zz", a))),
              FakeEntryPoint("tui", lambda *a: calls.append(("tui", a)))]
    monkeypatch.setattr(importlib.metadata, "entry_points", lambda group: points
                        if group == "parcours.ui" else [])
    monkeypatch.setenv("PARCOURS_DB", "sqlite:////tmp/env.db")
    monkeypatch.delenv("PARCOURS_TODAY", raising=False)
    assert cli_main.main([]) == 0
    assert cli_main.main(["--db", "sqlite:////tmp/x.db", "--today", "10/03/2026"]) == 0
    assert calls == [("tui", ("sqlite:////tmp/env.db", None)),
                     ("tui", ("sqlite:////tmp/x.db", date(2026, 3, 10)))]


def test_without_an_interface_or_a_terminal_the_usage_is_printed(terminal, monkeypatch, capsys):
    monkeypatch.setattr(importlib.metadata, "entry_points", lambda group: [])
    assert cli_main.main([]) == 0
    assert "Utilisation : parcours COMMANDE" in capsys.readouterr().out
    monkeypatch.setattr(sys.stdout, "isatty", lambda: False, raising=False)
    monkeypatch.setattr(importlib.metadata, "entry_points", lambda group: 1 / 0)
    assert cli_main.main([]) == 0


def test_db_before_a_sub_command_goes_to_the_sub_command(capsys):
    """``--db`` names the interface's base with no command, and any command's base before it."""
    assert cli_main.main(["--db", "sqlite:////tmp/x.db", "tracks"]) == 0
    assert "psp" in capsys.readouterr().out


def test_help_stays_fast_and_loads_no_interface():
    code = ("import sys, time; t = time.perf_counter(); from core.cli.main import main\n"
            "import contextlib, io\n"
            "with contextlib.redirect_stdout(io.StringIO()):\n"
            "    try: main(['--help'])\n"
            "    except SystemExit: pass\n"
            "print(sorted(m for m in sys.modules if m.split('.')[0] in ('textual', 'tui')))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True,
                         timeout=60)
    assert out.stdout.strip().splitlines()[-1] == "[]"


# --- a base that cannot be used (issue 13, point 10) --------------------------------------
UNREACHABLE = "postgresql+psycopg://parcours:x@127.0.0.1:1/parcours?connect_timeout=2"


@pytest.mark.parametrize("url, said", [
    (UNREACHABLE, "injoignable"),
    ("sqlite:///{tmp}/vide.db", "pas initialisée"),
], ids=["unreachable", "not-initialised"])
def test_the_interface_on_a_base_it_cannot_use_says_why_and_exits_non_zero(tmp_path, capsys, url, said,
                                                                         monkeypatch):
    # The sign-in screen is painted first (headless here), the base is opened by a worker;
    # the interface then closes and run() says why on stderr.
    from textual.app import App

    from tui.app import ParcoursApp, run
    monkeypatch.setattr(ParcoursApp, "run", lambda self: App.run(self, headless=True))
    with pytest.raises(SystemExit) as stopped:
        run(url.format(tmp=tmp_path), today=date(2026, 3, 10))
    assert stopped.value.code == 1
    assert said in capsys.readouterr().err
    assert not (tmp_path / "vide.db").exists()

